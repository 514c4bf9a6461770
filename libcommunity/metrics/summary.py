"""The monthly summary: the JSON document of ``libcommunity metrics --json``.

:func:`monthly_summary` returns a dict with, in this order, the keys the
issue fixes (``account``, ``month``, ``timezone``, ``posts``,
``impressions``, ``reach``, ``interactions`` with all ten kinds,
``engaged_members``, ``followers_end``, ``new_followers``,
``lost_followers``, ``community_ratio``, ``response`` with ``items``,
``answered``, ``rate``, ``median_hours``, ``p90_hours``, ``within_24h`` over
the conversation items that need a reply, and ``member_to_member_share``)
followed by additions: ``response.unjudged``, ``followers_source``,
``posts_with_impressions``, ``posts_with_reach``, ``response_all`` (the same
keys over every conversation item), ``acknowledgement``, ``feedback``,
``response.unanswered_over_48h`` and ``response_all.unanswered_over_48h``,
``as_of``, ``engagement``,
``concentration``, ``offline``, ``people``, ``bursts`` and ``growth`` (``mom``,
``yoy``). Every value is a JSON scalar, list or object: ``None`` for null,
never NaN. Definitions: ``docs/metrics.md``.
"""

from __future__ import annotations

import copy

from ..errors import ParameterError
from .bursts import daily_table
from .concentration import concentration_figures
from .contract import KIND_ORDER
from .contract import nulled
from .core import core_figures, jsonable
from .coverage import check_month
from .growth import growth_figures
from .kept import is_pruned, kept_document
from .offline import offline_figures
from .people import people_figures
from .posts import engagement_figures, post_table
from .response import count_unanswered, ensure_conversation, resolve_as_of
from .scope import open_scope

__all__ = ["monthly_summary", "core_summary", "jsonable", "format_summary", "UNANSWERED_HOURS"]

#: Age after which an unanswered item is listed for the community manager.
UNANSWERED_HOURS = 48


def core_summary(store, account: str, month) -> dict:
    """Only the core figures of the month (the keys the issue fixes, plus ``followers_source``,
    ``posts_with_impressions``, ``posts_with_reach``, ``response_all``, ``acknowledgement`` and ``feedback``); see
    :func:`~libcommunity.metrics.core.core_figures`."""
    with open_scope(store, account) as scope:
        return copy.deepcopy(core_figures(scope, month))


def monthly_summary(store, account: str, month, *, as_of=None) -> dict:
    """Everything the monthly report says about one account and month, as a JSON-ready dict.

    Parameters
    ----------
    store : Store, store-like or Scope
    account : str
        An account of the store.
    month : str or Month
        ``"YYYY-MM"``, a calendar month in the account's timezone.
    as_of : timestamp-like, optional
        "Now" for ``response.unanswered_over_48h``; defaults to the data
        horizon (the account's latest interaction or post), so the same
        store always gives the same summary.

    Returns
    -------
    dict
        See the module docstring and ``docs/metrics.md``.

    Raises
    ------
    ParameterError
        If ``month`` is malformed, or is a pruned month in a scope restricted to one platform.
    UnknownAccountError
        If ``account`` is not in the store (the message lists the accounts).

    Examples
    --------
    >>> s = monthly_summary(Store("data/store"), "biblio-madrid", "2025-10")   # doctest: +SKIP
    >>> s["response"]["rate"], s["community_ratio"]                           # doctest: +SKIP
    (0.92, 0.071)
    """
    with open_scope(store, account) as scope:
        w = scope.window(month)
        kept = kept_document(scope, w.month)  # a pruned month answers from the document kept by prune
        if kept is not None:
            return copy.deepcopy(kept)
        if scope.platform is not None and is_pruned(scope, w.month):
            raise ParameterError(
                f"month must be {scope.pruned_before} or later for one platform of {account!r}: the figures kept "
                f"for pruned months cover the whole account; got {str(w.month)!r} instead"
            )
        check_month(scope, w.month)  # a month outside the account's data is an error, never a row of zeros
        # One pass over the history for the conversation figures of the month and of its growth comparisons.
        ensure_conversation(scope, w, w.shift(-1), w.shift(-12))
        out = copy.deepcopy(core_figures(scope, w.month))
        now = resolve_as_of(scope, as_of)
        out["response"]["unanswered_over_48h"] = count_unanswered(scope, w, now, UNANSWERED_HOURS)
        out["response_all"]["unanswered_over_48h"] = count_unanswered(scope, w, now, UNANSWERED_HOURS, needs_reply=False)
        out["as_of"] = None if now is None else now.isoformat()
        out["engagement"] = engagement_figures(post_table(scope, w))
        out["concentration"] = concentration_figures(scope, w)
        out["offline"] = offline_figures(scope, w)
        out["people"] = people_figures(scope, w)
        daily = daily_table(scope, w)
        hits = daily[daily["burst"]]
        out["bursts"] = {
            "days": int(len(hits)),
            "dates": [d.date().isoformat() for d in hits["date"]],
        }
        if not out["coverage"]["interactions"]:  # no platform's interactions cover the month: nothing to count
            out["response"] = nulled(out["response"])
            for key in ("concentration", "offline", "bursts"):
                out[key] = nulled(out[key])
        out["growth"] = growth_figures(scope, w, out)
    return jsonable(out)


def _num(v, fmt="{:,}"):
    return "n/a" if v is None else fmt.format(v)


def _pct(v):
    return "n/a" if v is None else f"{100 * v:.1f}%"


def _hours(v):
    return "n/a" if v is None else f"{v:.1f} h"


def _only(s: dict, platforms) -> str:
    """`` (instagram only)`` when a figure is over fewer platforms than the account's, else ``""``."""
    every = (s.get("coverage") or {}).get("platforms") or []
    platforms = list(platforms or [])
    if not platforms or sorted(platforms) == sorted(every):
        return ""
    return f" ({', '.join(platforms)} only)"
def _response_line(label: str, r: dict, what: str) -> str:
    if r.get("items") is None:
        return f"  {label:<16} n/a"
    return (
        f"  {label:<16} {r['answered']:,} of {r['items']:,} {what} answered ({_pct(r['rate'])}), "
        f"median {_hours(r['median_hours'])}, p90 {_hours(r['p90_hours'])}, {_pct(r['within_24h'])} within 24 h"
    )


def _response_lines(s: dict) -> list[str]:
    """The conversation lines of :func:`format_summary` (a document kept by an older prune may lack some blocks)."""
    r = s.get("response") or {}
    lines = [_response_line("needs a reply", r, "items that need a reply")]
    if r.get("unjudged"):
        lines[-1] += f" ({r['unjudged']:,} without a text to judge, counted as needing one)"
    if "unanswered_over_48h" in r:
        lines.append(f"  waiting > 48 h   {_num(r['unanswered_over_48h'])} items that need a reply")
    if "response_all" in s:
        lines.append(_response_line("all items", s["response_all"], "comments, mentions and messages"))
    f = s.get("feedback")
    if f and f.get("items") is not None:
        lines.append(
            f"  feedback         {f['complaints']:,} complaints, {f['questions']:,} questions, {f['requests']:,} requests, "
            f"{f['praise']:,} praise"
        )
    a = s.get("acknowledgement")
    if a and a.get("items") is not None:
        lines.append(
            f"  thanks           {a['acknowledged']:,} of {a['items']:,} shares, UGC and praise acknowledged "
            f"({_pct(a['rate'])}; {a['reacted']:,} reacted to, {a['replied']:,} replied to)"
        )
    return lines


def format_summary(s: dict) -> str:
    """A readable text version of :func:`monthly_summary`'s dict (for the command line)."""
    cov = s.get("coverage") or {}
    kinds = ", ".join(f"{k} {_num(s['interactions'][k])}" for k in KIND_ORDER)
    lines = [
        f"{s['account']}{' · ' + s['platform'] if s.get('platform') else ''} · {s['month']} ({s['timezone']})",
        f"  posts            {_num(s['posts'])}  (impressions {_num(s['impressions'])}, reach {_num(s['reach'])})",
        f"  interactions     {kinds}",
        f"  engaged members  {_num(s['engaged_members'])}",
        f"  followers        {_num(s['followers_end'])} at month end, +{_num(s['new_followers'])} new, "
        f"-{_num(s['lost_followers'])} lost"
        + (f"  [from {s['followers_source']}]" if s.get("followers_source") else "")
        + _only(s, cov.get("followers")),
        f"  community ratio  {_pct(s['community_ratio'])} of followers engaged" + _only(s, cov.get("community_ratio")),
    ]
    lines += _response_lines(s)
    lines.append(f"  member to member {_pct(s['member_to_member_share'])} of member comments reply to another member")
    if "engagement" in s:
        e = s["engagement"]
        lines.append(
            f"  engagement       {_num(e['engagements'])} on the month's posts; mean rate by reach "
            f"{_pct(e['engagement_rate_by_reach'])}, by impressions {_pct(e['engagement_rate_by_impressions'])}, "
            f"by followers {_pct(e['engagement_rate_by_followers'])}"
            + (_only(s, e.get("followers_platforms")).replace(" only)", " posts only)")
               if e.get("engagement_rate_by_followers") is not None else "")
        )
    if "concentration" in s:
        c = s["concentration"]
        lines.append(
            f"  concentration    top 1% make {_pct(c['top1_share'])}, top 10% {_pct(c['top10_share'])} of "
            f"participation; Gini {_num(c['gini'], '{:.2f}')}; {_pct(c['lurker_share'])} silent (90-9-1: 90%)"
        )
    if "offline" in s:
        o = s["offline"]
        lines.append(
            f"  offline          {_num(o['event_attendees'])} event attendees ({_pct(o['attendees_online_share'])} also "
            f"online), {_num(o['survey_responses'])} survey responses"
        )
    if s.get("people") and s["people"]["linked_identities"]:
        p = s["people"]
        lines.append(
            f"  people           {p['engaged_people']:,} engaged people ({p['linked_identities']:,} identities linked into "
            f"{p['linked_people']:,} people); {_num(p['engaged_people_multiplatform'])} on several platforms, "
            f"{p['people_online_and_offline']:,} online and offline"
        )
    if "bursts" in s and s["bursts"]["days"]:
        lines.append(f"  bursts           {', '.join(s['bursts']['dates'])}")
    if cov:
        have = "; ".join(f"{t} {', '.join(cov.get(t) or []) or 'none'}" for t in ("posts", "interactions", "audience"))
        lines.append(f"  data this month  {have}" + ("; figures kept by prune" if cov.get("kept") else ""))
    if "growth" in s:
        for key, label in (("mom", "vs"), ("yoy", "vs")):
            g = s["growth"][key]
            if g.get("has_data") is False:
                lines.append(f"  {label} {g['month']:<12} no data for {g['month']}")
                continue
            parts = []
            for fig in ("engaged_members", "followers_end", "interactions"):
                ch = g[fig]
                if ch["change"] is not None:
                    sign = "+" if ch["change"] >= 0 else ""
                    parts.append(f"{fig.replace('_', ' ')} {sign}{ch['change']:,}")
                elif fig in (g.get("not_comparable") or []):
                    parts.append(f"{fig.replace('_', ' ')} not comparable (other platforms)")
            lines.append(f"  {label} {g['month']:<12} {'; '.join(parts) if parts else 'no comparable data'}")
    return "\n".join(lines)
