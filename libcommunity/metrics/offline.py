"""Online and offline together: event attendance, survey responses, and who is also online.

Definitions (``docs/metrics.md``, "Offline"):

* An attendance is a member ``event`` interaction in the window; a survey
  response is a member ``survey`` interaction. An event or a survey (an
  *activity*) is identified by its ``post_id`` (the library's post
  announcing it), else by the interaction's ``text`` (the event name the
  attendance-list loader writes there); rows with neither form one group
  (``events`` and ``surveys`` count these groups). Attendees may come from
  several platforms: an activity is not split by platform, and people are
  counted as distinct ``(platform, member_id)`` pairs.
* An attendee (respondent) is *also an online member* when, on the same
  platform, they made an online interaction (reaction, comment, share,
  mention, message or UGC) in the 12 months up to the window's end (the
  report month and the 11 before it, in the account's timezone), or follow
  the account at the window's end. Matching is by pseudonym, so attendance
  lists must be ingested under the same platform (and handles) as the online
  account for people to match.
* ``attendees_online_share`` = attendees also online / attendees (null if no
  attendee); the same for respondents.
* An anonymous survey response (empty ``member_id``: the form collected no
  respondent) counts in ``survey_responses`` and in
  ``anonymous_survey_responses``, never as a respondent or a member.
"""

from __future__ import annotations

import pandas as pd

from .scope import open_scope
from .window import Window

__all__ = ["offline_summary", "offline_figures", "ONLINE_KINDS", "ONLINE_MONTHS"]

#: Interaction kinds that happen online.
ONLINE_KINDS = ("reaction", "comment", "share", "mention", "message", "ugc")
#: Months of online activity (ending with the report month) that make an attendee an online member.
ONLINE_MONTHS = 12


def _params(w: Window) -> dict:
    return {**w.params(), "online_from": w.month.shift(1 - ONLINE_MONTHS).start(w.timezone).isoformat()}

_ONLINE = """
WITH off AS (
  -- lc_acts, not lc_member_acts: anonymous survey responses (empty member_id) count as responses, of no one.
  SELECT platform, member_id, kind, post_id, text, coalesce(post_id, text) AS activity FROM lc_acts
  WHERE NOT library_side AND kind IN ('event', 'survey')
    AND created_at >= $start::TIMESTAMPTZ AND created_at < $end::TIMESTAMPTZ
), people AS (
  SELECT DISTINCT platform, member_id FROM off WHERE member_id <> ''
), online AS (
  -- Attendees and respondents are members, so their rows that are not by_library are member rows.
  SELECT DISTINCT a.platform, a.member_id FROM lc_all_acts a
  SEMI JOIN people p ON p.platform = a.platform AND p.member_id = a.member_id
  WHERE NOT a.by_library AND a.kind IN ('reaction', 'comment', 'share', 'mention', 'message', 'ugc')
    AND a.created_at >= $online_from::TIMESTAMPTZ AND a.created_at < $end::TIMESTAMPTZ
  UNION
  SELECT m.platform, m.member_id FROM lc_members m
  SEMI JOIN people p ON p.platform = m.platform AND p.member_id = m.member_id
  WHERE m.followed_at < $end::TIMESTAMPTZ
    AND NOT coalesce(m.unfollowed_at >= m.followed_at AND m.unfollowed_at < $end::TIMESTAMPTZ, false)
), off_online AS (
  SELECT off.*, o.member_id IS NOT NULL AS is_online
  FROM off LEFT JOIN online o ON o.platform = off.platform AND o.member_id = off.member_id
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
          count(DISTINCT (platform, member_id)) FILTER (WHERE kind = 'event'),
          count(DISTINCT (platform, member_id)) FILTER (WHERE kind = 'event' AND is_online),
          count(DISTINCT coalesce(activity, '')) FILTER (WHERE kind = 'survey'),
          count(*) FILTER (WHERE kind = 'survey'),
          count(DISTINCT (platform, member_id)) FILTER (WHERE kind = 'survey' AND member_id <> ''),
          count(DISTINCT (platform, member_id)) FILTER (WHERE kind = 'survey' AND is_online),
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
        attendees or respondents), ``members_online``, ``online_share``;
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
                   count(DISTINCT (o.platform, o.member_id)) FILTER (WHERE o.member_id <> '') AS members,
                   count(DISTINCT (o.platform, o.member_id)) FILTER (WHERE o.is_online) AS members_online
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
