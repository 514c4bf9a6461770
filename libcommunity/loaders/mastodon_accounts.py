"""Mastodon accounts: a member's handle, the library's own account, and the account lists of the API.

``GET /api/v1/accounts/:id/followers``, ``/api/v1/statuses/:id/favourited_by``
and ``/reblogged_by`` answer with bare lists of accounts and no times: see
:mod:`~libcommunity.loaders.mastodon_api` for how a list is recognised and
``docs/sources.md`` for the lower bounds used as times.
"""

from __future__ import annotations

import pandas as pd

from ..errors import InputError
from .base import LoadResult
from .frames import frame_from_records
from .ids import mastodon_id_time
from .jsonio import parse_time, parse_url, sidecar_path, structure_guard, whole_count

__all__ = ["member_handle", "Library", "account_list"]


def member_handle(account: dict) -> str | None:
    """``user@instance`` of an API account (local accounts' ``acct`` has no domain: taken from ``url``)."""
    if not isinstance(account, dict):
        return None
    acct = str(account.get("acct") or "").strip().lstrip("@")
    if not acct:
        return None
    if "@" not in acct:
        host = parse_url(account.get("url") or account.get("uri"))[0]
        if host:
            acct = f"{acct}@{host}"
    return acct


class Library:
    """The library's own account in a capture: id and handle (either may be unknown)."""

    def __init__(self, id=None, handle=None, created_at=None):
        self.id = None if id is None else str(id)
        self.handle = handle
        self.created_at = created_at

    @classmethod
    def from_meta(cls, meta: dict) -> "Library":
        lib = meta.get("library") if isinstance(meta.get("library"), dict) else {}
        created = None
        if lib.get("created_at"):
            try:
                created = pd.Timestamp(lib["created_at"])
                created = created.tz_localize("UTC") if created.tzinfo is None else created.tz_convert("UTC")
            except (ValueError, TypeError):
                created = None
        return cls(lib.get("id"), member_handle(lib), created)

    def fill(self, other: "Library") -> "Library":
        return Library(self.id or other.id, self.handle or other.handle, self.created_at or other.created_at)


# ----------------------------------------------------------------------------------------- account lists
def account_list(items, path, ctx, platform, library, role, subject_id, meta) -> LoadResult:
    if role == "followers":
        members = []
        for row, acc in enumerate(items, start=1):
            with structure_guard(path, "item", row):
                member = member_handle(acc)
                if member is None:
                    raise InputError("expected an account with its 'acct'", path=path, row=row, column="acct")
                created = parse_time(acc.get("created_at"), path=path, row=row, field="created_at", required=False)
                bound = max([t for t in (created, library.created_at) if t is not None], default=None)
                members.append(
                    {
                        "_row": row,
                        "member_id": member,
                        "followed_at": bound,
                        "followers": whole_count(acc.get("followers_count")),
                        "following": whole_count(acc.get("following_count")),
                    }
                )
        notes = [
            "the API does not say when each follower followed: followed_at is the best lower bound "
            "(the later of the follower's and the library's account creation)"
        ]
        return LoadResult(
            "mastodon-followers", {"members": frame_from_records("members", members, ctx, platform)}, notes
        )
    status_time = None
    subject = meta.get("subject") if isinstance(meta.get("subject"), dict) else {}
    if subject.get("status_created_at"):
        status_time = parse_time(
            subject["status_created_at"], path=sidecar_path(path), row=None, field="subject.status_created_at"
        )
    status_time = status_time or mastodon_id_time(subject_id)
    if status_time is None:
        raise InputError(
            f"the time of status {subject_id!r} is unknown (its id encodes none): add "
            '"subject": {"status_created_at": "..."} to the request metadata',
            path=path,
        )
    kind, prefix = ("reaction", "favourite") if role == "favourited_by" else ("share", "reblog")
    records = []
    for row, acc in enumerate(items, start=1):
        with structure_guard(path, "item", row):
            member = member_handle(acc)
            if member is None:
                raise InputError("expected an account with its 'acct'", path=path, row=row, column="acct")
            records.append(
                {
                    "_row": row,
                    "interaction_id": f"{prefix}:{member}:{subject_id}",
                    "member_id": member,
                    "kind": kind,
                    "created_at": status_time,
                    "post_id": str(subject_id),
                }
            )
    notes = [
        f"the API does not say when each {'favourite' if prefix == 'favourite' else 'boost'} happened: "
        "created_at is the best lower bound, the status's own time"
    ]
    return LoadResult(
        f"mastodon-{role.replace('_', '-')}",
        {"interactions": frame_from_records("interactions", records, ctx, platform)},
        notes,
    )


