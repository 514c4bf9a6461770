"""Online and offline together: event attendance, survey responses, and who is also online.

Definitions (``docs/metrics.md``, "Offline"):

* An attendance is a member ``event`` interaction in the window; a survey
  response is a member ``survey`` interaction. An event or a survey (an
  *activity*) is identified by its ``post_id`` (the library's post
  announcing it), else by the interaction's ``text`` (the event name the
  attendance-list loader writes there); rows with neither form one group
  (``events`` and ``surveys`` count these groups). Attendees may come from
  several platforms: an activity is not split by platform, and attendees are
  counted as people: an identity, or the person the store's ``links`` join
  it into (``lc_persons``), so someone on an attendance list by e-mail and
  on Instagram by handle is one attendee once linked.
* An attendee (respondent) is *also an online member* when one of their
  identities made an online interaction (reaction, comment, share,
  mention, message or UGC) in the 12 months up to the window's end (the
  report month and the 11 before it, in the account's timezone), or follows
  the account at the window's end. Without links, matching is by pseudonym on
  the same platform, so a list that names people by handle on that platform
  matches them directly; lists with names or e-mail addresses match through
  the links (``libcommunity link``).
* ``attendees_online_share`` = attendees also online / attendees (null if no
  attendee); the same for respondents.
* An anonymous survey response (empty ``member_id``: the form collected no
  respondent) counts in ``survey_responses`` and in
  ``anonymous_survey_responses``, never as a respondent or a member.
"""

from __future__ import annotations

import pandas as pd

from .members import person_sql
from .scope import open_scope
from .window import Window

__all__ = ["offline_summary", "offline_figures", "ONLINE_KINDS", "ONLINE_MONTHS"]

#: Interaction kinds that happen online.
ONLINE_KINDS = ("reaction", "comment", "share", "mention", "message", "ugc")
#: Months of online activity (ending with the report month) that make an attendee an online member.
ONLINE_MONTHS = 12


def _params(w: Window) -> dict:
    return {**w.params(), "online_from": w.month.shift(1 - ONLINE_MONTHS).start(w.timezone).isoformat()}

_ONLINE = f"""
WITH off AS (
  -- lc_acts, not lc_member_acts: anonymous survey responses (empty member_id) count as responses, of no one.
  SELECT x.platform, x.member_id, x.kind, x.post_id, x.text, coalesce(x.post_id, x.text) AS activity,
         CASE WHEN x.member_id <> '' THEN {person_sql("x", "lp")} END AS person
  FROM lc_acts x LEFT JOIN lc_persons lp ON lp.platform = x.platform AND lp.member_id = x.member_id
  WHERE NOT x.library_side AND x.kind IN ('event', 'survey')
    AND x.created_at >= $start::TIMESTAMPTZ AND x.created_at < $end::TIMESTAMPTZ
), people AS (
  SELECT DISTINCT person FROM off WHERE person IS NOT NULL
), idents AS (  -- every identity of those people: their own, and the ones linked to them
  SELECT DISTINCT platform, member_id, person FROM off WHERE person IS NOT NULL
  UNION SELECT lp.platform, lp.member_id, lp.person FROM lc_persons lp SEMI JOIN people p ON p.person = lp.person
), online AS (
  -- Attendees and respondents are members, so their rows that are not by_library are member rows.
  SELECT DISTINCT i.person FROM lc_all_acts a
  JOIN idents i ON i.platform = a.platform AND i.member_id = a.member_id
  WHERE NOT a.by_library AND a.kind IN ('reaction', 'comment', 'share', 'mention', 'message', 'ugc')
    AND a.created_at >= $online_from::TIMESTAMPTZ AND a.created_at < $end::TIMESTAMPTZ
  UNION
  SELECT i.person FROM lc_members m
  JOIN idents i ON i.platform = m.platform AND i.member_id = m.member_id
  WHERE m.followed_at < $end::TIMESTAMPTZ
    AND NOT coalesce(m.unfollowed_at >= m.followed_at AND m.unfollowed_at < $end::TIMESTAMPTZ, false)
), off_online AS (
  SELECT off.*, o.person IS NOT NULL AS is_online
  FROM off LEFT JOIN online o ON o.person = off.person
)
"""


def _share(num, den):
    return None if not den else float(num) / float(den)


def offline_figures(scope, w: Window) -> dict:
    """Window totals: events, attendances, attendees, attendees also online (and their share), surveys,
    survey responses, respondents, respondents also online (JSON-ready)."""
    row = scope.one(
        _ONLINE
        + """
        SELECT
          count(DISTINCT coalesce(activity, '')) FILTER (WHERE kind = 'event'),
          count(*) FILTER (WHERE kind = 'event'),
          count(DISTINCT person) FILTER (WHERE kind = 'event'),
          count(DISTINCT person) FILTER (WHERE kind = 'event' AND is_online),
          count(DISTINCT coalesce(activity, '')) FILTER (WHERE kind = 'survey'),
          count(*) FILTER (WHERE kind = 'survey'),
          count(DISTINCT person) FILTER (WHERE kind = 'survey'),
          count(DISTINCT person) FILTER (WHERE kind = 'survey' AND is_online),
          count(*) FILTER (WHERE kind = 'survey' AND member_id = '')
        FROM off_online
        """,
        _params(w),
    )
    ev, att, attendees, att_online, sv, resp, respondents, resp_online, anonymous = (int(v) for v in row)
    return {
        "events": ev,
        "event_attendances": att,
        "event_attendees": attendees,
        "attendees_online": att_online,
        "attendees_online_share": _share(att_online, attendees),
        "surveys": sv,
        "survey_responses": resp,
        "survey_respondents": respondents,
        "anonymous_survey_responses": anonymous,
        "respondents_online": resp_online,
        "respondents_online_share": _share(resp_online, respondents),
    }


def offline_summary(store, account: str, month, *, months: int = 1) -> pd.DataFrame:
    """Events and surveys of the month, one row per event or survey.

    Returns
    -------
    DataFrame
        ``kind`` (``event`` or ``survey``), ``activity`` (the ``post_id``,
        else the event name), ``post_id``, ``title`` (the announcing post's
        text if it is in the store, else the event name),
        ``interactions`` (attendances or responses), ``members`` (distinct
        attendees or respondents, as people), ``members_online``, ``online_share``;
        events first, most members first.
    """
    with open_scope(store, account) as scope:
        w = scope.resolve(month, months=months)
        df = scope.df(
            _ONLINE
            + """
            SELECT o.kind, o.activity, any_value(o.post_id) AS post_id,
                   coalesce(any_value(p.text), any_value(o.text)) AS title,
                   count(*) AS interactions,
                   count(DISTINCT o.person) AS members,
                   count(DISTINCT o.person) FILTER (WHERE o.is_online) AS members_online
            FROM off_online o LEFT JOIN lc_posts p ON p.post_id = o.post_id
            GROUP BY o.kind, o.activity
            ORDER BY o.kind, members DESC, o.activity NULLS LAST
            """,
            _params(w),
        )
    for c in ("kind", "activity", "post_id", "title"):
        df[c] = df[c].astype("string")
    for c in ("interactions", "members", "members_online"):
        df[c] = df[c].astype("int64")
    df["online_share"] = (df["members_online"] / df["members"].where(df["members"] > 0)).astype("float64")
    return df
