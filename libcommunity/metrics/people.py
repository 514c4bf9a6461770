"""People across platforms and offline: the person-level figures of a month (``metrics --json``'s ``people``).

An identity is a ``(platform, member pseudonym)`` pair; the store's ``links``
join identities into people (:mod:`libcommunity.people`). Every figure here
counts people: linked identities once, every other identity as a person of
its own, so an account without links has as many people as identities.
Definitions (``docs/metrics.md``, "People"):

* ``linked_identities`` — identities of the account's members (a ``members``
  row, or a member interaction before the month's end) that belong to a
  person with two or more of them; ``linked_people`` — those people;
* ``engaged_people`` — people with at least one member interaction in the
  month other than ``follow``/``unfollow`` on any of their identities (the
  person-level ``engaged_members``);
* ``engaged_people_multiplatform`` — engaged people who took part on two or
  more platforms in the month (people known from the library's own lists by
  e-mail, card number or name are the platform ``other``); None in a scope of
  one platform, which cannot see the others;
* ``people_online_and_offline`` — engaged people who in the month took part
  both online and offline.
"""

from __future__ import annotations

from .members import person_sql

__all__ = ["people_figures", "has_links", "persons_frame", "ONLINE_KINDS", "OFFLINE_KINDS"]

#: Interaction kinds that happen online; events and surveys are the offline channel.
ONLINE_KINDS = ("reaction", "comment", "share", "mention", "message", "ugc")
OFFLINE_KINDS = ("event", "survey")

_ONLINE = ", ".join(f"'{k}'" for k in ONLINE_KINDS)
_OFFLINE = ", ".join(f"'{k}'" for k in OFFLINE_KINDS)


def has_links(scope) -> bool:
    """Whether the scope's account has any identity links."""
    return scope.memo(("has_links",), lambda: bool(scope.one("SELECT count(*) > 0 FROM lc_persons")[0]))


def persons_frame(scope):
    """``platform, member, person`` of the account's linked identities (a DataFrame the scope keeps: copy it to change)."""

    def read():
        out = scope.df("SELECT platform, member_id AS member, person FROM lc_persons ORDER BY person, platform, member")
        for c in out.columns:
            out[c] = out[c].astype("string")
        return out

    return scope.memo(("persons",), read)


def people_figures(scope, w) -> dict:
    """The ``people`` block of the month's document (see the module docstring); JSON-ready."""
    person = person_sql("x", "p")
    row = scope.one(
        f"""
        WITH identities AS (
          SELECT DISTINCT platform, member_id FROM lc_member_acts WHERE created_at < $end::TIMESTAMPTZ
          UNION SELECT platform, member_id FROM lc_members
        ), linked AS (
          SELECT {person} AS person, count(*) AS n FROM identities x
          LEFT JOIN lc_persons p ON p.platform = x.platform AND p.member_id = x.member_id
          WHERE p.person IS NOT NULL GROUP BY ALL HAVING count(*) >= 2
        ), month AS (
          SELECT {person} AS person, x.platform AS channel,
                 x.kind IN ({_ONLINE}) AS online, x.kind IN ({_OFFLINE}) AS offline
          FROM lc_member_acts x
          LEFT JOIN lc_persons p ON p.platform = x.platform AND p.member_id = x.member_id
          WHERE x.created_at >= $start::TIMESTAMPTZ AND x.created_at < $end::TIMESTAMPTZ
            AND x.kind NOT IN ('follow', 'unfollow')
        ), per AS (
          SELECT person, count(DISTINCT channel) AS channels, bool_or(online) AS online, bool_or(offline) AS offline
          FROM month GROUP BY person
        )
        SELECT (SELECT coalesce(sum(n), 0) FROM linked), (SELECT count(*) FROM linked),
               count(*), count(*) FILTER (WHERE channels >= 2), count(*) FILTER (WHERE online AND offline)
        FROM per
        """,
        w.params(),
    )
    linked, people, engaged, multi, both = (int(v) for v in row)
    return {
        "linked_identities": linked,
        "linked_people": people,
        "engaged_people": engaged,
        # One platform's scope cannot see a person's other platforms: not 0, unknown.
        "engaged_people_multiplatform": None if scope.platform is not None else multi,
        "people_online_and_offline": both,
    }
