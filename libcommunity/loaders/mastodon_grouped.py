"""Mastodon grouped notifications (``GET /api/v2/notifications``, Mastodon 4.3+) as ungrouped notifications.

A v2 response is ``{"accounts": [...], "statuses": [...], "notification_groups": [...]}``;
each group has a ``type``, a ``notifications_count``, up to a few
``sample_account_ids`` (most recent first), the ``status_id`` acted on and
``latest_page_notification_at``, the time of its most recent notification.
:func:`ungroup` turns it into the v1 notifications the Mastodon loader reads,
with what a group cannot tell made explicit:

* the most recent sample account's action keeps the group's time (exact);
* the other sample accounts' favourites and boosts get the status's own time
  (the best lower bound, as for ``favourited_by`` lists) and are marked
  ``_lower_bound``; their follows get no time (``_no_time``: a member row
  without ``followed_at``, no follow interaction);
* actions of accounts the group does not list are counted (``missing``).
"""

from __future__ import annotations

from .jsonio import get

__all__ = ["is_grouped", "ungroup"]


def is_grouped(data) -> bool:
    """Whether ``data`` is a grouped-notifications (v2) response."""
    return isinstance(data, dict) and isinstance(data.get("notification_groups"), list)


def ungroup(data: dict) -> tuple[list, int]:
    """``(notifications, missing)``: v1-shaped notifications of a v2 response, and how many actions it does not list."""
    accounts = {str(a.get("id")): a for a in data.get("accounts") or [] if isinstance(a, dict)}
    statuses = {str(s.get("id")): s for s in data.get("statuses") or [] if isinstance(s, dict)}
    out, missing = [], 0
    for group in data["notification_groups"]:
        if not isinstance(group, dict):
            out.append(group)  # the loader's structure check names it
            continue
        sample = [str(i) for i in group.get("sample_account_ids") or []]
        status = statuses.get(str(group.get("status_id"))) if group.get("status_id") is not None else None
        count = group.get("notifications_count")
        if isinstance(count, int) and count > len(sample):
            missing += count - len(sample)
        kind = group.get("type")
        for i, account_id in enumerate(sample):
            item = {
                "id": f"{group.get('group_key')}:{account_id}",
                "type": kind,
                "created_at": group.get("latest_page_notification_at"),
                "account": accounts.get(account_id, {"id": account_id}),
                "group_key": group.get("group_key"),
            }
            if status is not None:
                item["status"] = status
            if i > 0 and kind in ("favourite", "reblog"):
                item["created_at"] = get(status, "created_at") or item["created_at"]
                item["_lower_bound"] = True
            elif i > 0 and kind == "follow":
                item["_no_time"] = True
            out.append(item)
    return out, missing
