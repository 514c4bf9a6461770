"""The network overview: every account of a store for one month side by side, and each against its own history.

``notebooks/reports/network_overview.ipynb`` only calls this module:
:func:`collect` (from :mod:`~libcommunity.report.network_data`) computes the
figures once (one row per account, plus each account's monthly trend), then
each ``*_section`` function returns an
:class:`~libcommunity.report.html.Html` section whose plain-text twin states
the same facts (what nbval compares). Sections carry stable ids
(:data:`SECTION_IDS`) for links and tests.

Figures come from :mod:`libcommunity.metrics` (``core_summary`` for the
month, ``monthly_trend`` for the history) and from
:func:`libcommunity.segments.segment_summary` (ambassadors), each account in
one :class:`~libcommunity.metrics.Scope`; in a batch, from the figures the
accounts' reports shared (:mod:`~libcommunity.report.shared`). Nothing here
recomputes a definition. Network totals add the accounts up (a person who
follows two libraries counts twice: pseudonyms are per account). No member
appears on the page, only counts.

Small numbers: the page has the reports' small-number rule (``t.small``, from
:func:`translator`'s ``min_group`` and ``reveal``). An account-month with 1 to
``min_group - 1`` engaged members shows "fewer than K", and its community
ratio (engaged members per follower) is not shown, nor used for the account's
12-month median, range, changes and standing (:func:`shown_figures`); so are
ambassador counts. A network total is shown only when the accounts it adds
up whose counts are withheld hold 0 or ``min_group`` or more together (else
the total minus the accounts shown would be the withheld count).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..months import parse_month
from .html import Html, bullets, cards, esc, esc_text, join, note, section, table
from .marks import plain
from .i18n import Translator
from .smallgroups import SmallGroups
from .network_data import (
    ACCOUNT_COLUMNS,
    MIN_HISTORY,
    TREND_MONTHS,
    NetworkFigures,
    _history,
    _network_totals,
    _trend_of,
    _value,
    collect,
    parse_accounts,
)

__all__ = [
    "translator",
    "shown_figures",
    "SECTION_IDS",
    "TREND_MONTHS",
    "ACCOUNT_COLUMNS",
    "MIN_HISTORY",
    "NetworkFigures",
    "parse_accounts",
    "collect",
    "contents",
    "overview_section",
    "league_section",
    "attention_section",
    "history_section",
    "method_section",
]

#: Ids of the page's sections, in order (anchors of the table of contents).
SECTION_IDS = ("network-overview", "league", "attention", "history", "method")
#: The bar chart shows at most this many accounts (the table lists them all).
CHART_MAX_BARS = 30
#: Small multiples: panels per figure and per row.
PANELS_PER_FIGURE = 12
PANEL_COLUMNS = 2
#: "Answer within a day": a median response slower than this is flagged.
SLOW_MEDIAN_HOURS = 24.0
#: A response rate is only called a 12-month low with at least this many items in the month.
MIN_ITEMS_FOR_LOW = 10
# ---------------------------------------------------------------------- helpers
def translator(lang: str = "en", *, min_group: int = 5, reveal: bool = False) -> Translator:
    """The page's :class:`Translator`, with the small-number rule of ``min_group`` and ``reveal``."""
    return Translator(lang, small=SmallGroups(min_group, reveal))


def shown_figures(fig: NetworkFigures, t: Translator) -> NetworkFigures:
    """``fig`` with the community ratio of every account-month whose engaged members are withheld left out (NaN)."""
    small = t.small
    if not small.active:
        return fig
    accounts, trend = fig.accounts.copy(), fig.trend.copy()
    for frame in (accounts, trend):
        if "engaged_members" in frame and "community_ratio" in frame and len(frame):
            hidden = [small.hides(v) for v in frame["engaged_members"]]
            frame.loc[hidden, "community_ratio"] = np.nan
    return NetworkFigures(fig.month, accounts, trend)


def _withheld_ratio(fig: NetworkFigures, t: Translator, account: str) -> bool:
    """Whether the account's community ratio of the month is withheld (its engaged members are)."""
    row = fig.accounts[fig.accounts["account"] == account]
    return bool(len(row)) and t.small.hides(row["engaged_members"].iloc[0])


def _safe_sum(values, t: Translator) -> bool:
    """Whether a total of ``values`` may be shown: the withheld ones among them hold 0 or ``min_group``+ together."""
    hidden = sum(int(v) for v in values if _value(v) is not None and t.small.hides(v))
    return not t.small.hides(hidden)


def _heading(text: str) -> Html:
    return Html(f"<h3>{esc_text(text)}</h3>", f"### {plain(text)}")


def _pp(t: Translator, delta) -> str:
    """A change of a ratio in percentage points (+1.2 pp)."""
    d = _value(delta)
    return "–" if d is None else t("net_unit_pp", n=t.signed(d * 100, 1))


def _trend_word(delta) -> str:
    d = _value(delta)
    return "flat" if d is None or d == 0 else ("up" if d > 0 else "down")


def _percent_axis(ax, t: Translator, axis: str = "y") -> None:
    from matplotlib.ticker import FuncFormatter

    fmt = FuncFormatter(lambda v, _pos: t.pct(v, 0))
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)


def _mpl_text(s: str) -> str:
    """Text for a matplotlib label: ``$`` would start mathtext."""
    return str(s).replace("$", r"\$")


# ---------------------------------------------------------------------- sections
def contents(t: Translator) -> Html:
    """The table of contents: links to the sections."""
    titles = [t(k) for k in ("net_overview_title", "net_league_title", "net_attention_title", "net_history_title",
                             "net_method_title")]
    links = " ".join(f'<a href="#{esc(anchor)}">{esc(title)}</a>' for anchor, title in zip(SECTION_IDS, titles))  # wraps
    return Html(f'<nav class="toc" aria-label="{esc(t("net_contents"))}">{links}</nav>',
                f"{t('net_contents')}: " + " · ".join(titles))


def overview_section(fig: NetworkFigures, t: Translator) -> Html:
    """Network totals of the month as cards, with the change since the previous month."""
    if fig.accounts.empty:
        return section(SECTION_IDS[0], t("net_overview_title"), [note(t("net_no_accounts", month=t.month(fig.month)), kind="missing")])
    n = _totals(fig, t)
    prev = t.month_short(fig.month.shift(-1))

    def delta(key, fmt):
        if key not in n:
            return {}
        return {"delta": t("net_delta_vs", change=fmt(n[key]), month=prev), "trend": _trend_word(n[key])}

    ratio = t.withheld() if n.get("engaged_withheld") else t.pct(n["community_ratio"])
    items = [
        {"label": t("net_card_accounts"), "value": t.num(n["accounts"])},
        {"label": t("net_card_followers"), "value": t.num(n["followers"]), **delta("followers_change", t.signed)},
        {"label": t("net_card_engaged"), "value": t.withheld() if n.get("engaged_withheld") else t.people(n["engaged_members"]),
         **delta("engaged_change", t.signed)},
        {"label": t("net_card_ratio"), "value": ratio, **delta("ratio_change", lambda d: _pp(t, d))},
        {"label": t("net_card_response"), "value": t.pct(n["response_rate"])},
        {"label": t("net_card_m2m"), "value": t.pct(n["member_to_member_share"])},
    ]
    if n["ambassadors"] is not None:
        value = t.withheld() if n.get("ambassadors_withheld") else t.people(n["ambassadors"])
        items.append({"label": t("net_card_ambassadors"), "value": value})
    if n.get("linked_identities"):
        items.append({"label": t("net_card_linked"), "value": t.num(n["linked_identities"])})
    return section(SECTION_IDS[0], t("net_overview_title"), [cards(items), note(t("net_overview_note"))],
                   question=t("net_overview_question"))


def _totals(fig: NetworkFigures, t: Translator) -> dict:
    """:func:`_network_totals` under the small-number rule: totals and changes that would give away a withheld
    account's count are flagged (``engaged_withheld``, ``ambassadors_withheld``) or left out."""
    n = _network_totals(fig)
    a = fig.accounts
    both = a.dropna(subset=["followers", "engaged_members"])
    if not _safe_sum(a["engaged_members"], t) or not _safe_sum(both["engaged_members"], t):
        n["engaged_withheld"] = True
        n["community_ratio"] = None
    elif t.small.hides(n["engaged_members"]):
        n["community_ratio"] = None
    if n["ambassadors"] is not None and not _safe_sum(a["ambassadors"], t):
        n["ambassadors_withheld"] = True
    tr = fig.trend
    if len(tr) and ("engaged_change" in n or "ratio_change" in n):
        pairs = tr[tr["month"].isin([str(fig.month), str(fig.month.shift(-1))])].dropna(subset=["followers_end",
                                                                                                   "engaged_members"])
        counted = pairs.groupby("account").filter(lambda g: len(g) == 2)
        months = [counted[counted["month"] == m]["engaged_members"] for m in (str(fig.month), str(fig.month.shift(-1)))]
        if n.get("engaged_withheld") or not all(_safe_sum(v, t) and not t.small.hides(v.sum()) for v in months):
            n.pop("engaged_change", None)
            n.pop("ratio_change", None)
    return n


def _ratio_chart(fig: NetworkFigures, t: Translator) -> Html | None:
    from .charts import MIN_FONT_PT, PALETTE, figure_html, new_figure

    a = shown_figures(fig, t).accounts.dropna(subset=["community_ratio"])
    if a.empty:
        return None
    shown = a.head(CHART_MAX_BARS)
    network = _totals(fig, t)["community_ratio"]
    f, ax = new_figure(height=1.1 + 0.34 * len(shown))
    y = np.arange(len(shown))
    ax.barh(y, shown["community_ratio"], color=PALETTE[4], height=0.7)
    ax.set_yticks(y, [_mpl_text(s) for s in shown["account"]])
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    _percent_axis(ax, t, "x")
    top = float(shown["community_ratio"].max())
    ax.set_xlim(0, top * 1.22 if top > 0 else 1)
    for yi, v in zip(y, shown["community_ratio"]):
        ax.text(v, yi, " " + t.pct(v), va="center", fontsize=MIN_FONT_PT,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5, "alpha": 0.85})
    if network is not None:
        ax.axvline(network, color=PALETTE[7], linestyle="--", linewidth=1)
        ax.text(network, -0.75, " " + t("net_chart_network"), fontsize=MIN_FONT_PT, va="bottom")
    values = ", ".join(f"{acc} {t.pct(v)}" for acc, v in zip(shown["account"], shown["community_ratio"]))
    alt = t("net_chart_ratio_alt", month=t.month(fig.month), values=values, network=t.pct(network))
    out = figure_html(f, alt=alt, caption=t("net_chart_ratio_caption"))
    if len(a) > len(shown):
        out = out + note(t("net_chart_top", shown=t.num(len(shown)), total=t.num(len(a))))
    return out


def _leaders(fig: NetworkFigures, t: Translator) -> list[str]:
    a = fig.accounts
    out = []

    def best(column, key, fmt, ascending=False):
        s = a.dropna(subset=[column])
        if s.empty:
            return
        s = s.sort_values([column, "account"], ascending=[ascending, True], kind="stable")
        row = s.iloc[0]
        out.append(t(key, account=row["account"], value=fmt(row[column], row)))

    def ratio(value, row):  # the highest ratio may rest on a withheld count of engaged members
        return t.withheld() if t.small.hides(row["engaged_members"]) else t.pct(value)

    best("community_ratio", "net_leader_ratio", ratio)
    best("engaged_members", "net_leader_engaged", lambda v, _r: t.people(v))
    best("response_rate", "net_leader_response", lambda v, _r: t.pct(v))
    best("median_hours", "net_leader_fastest", lambda v, _r: t.hours(v), ascending=True)
    best("member_to_member_share", "net_leader_m2m", lambda v, _r: t.pct(v))
    best("ambassadors", "net_leader_ambassadors", lambda v, _r: t.people(v))
    return out


def _formatted(frame: pd.DataFrame, columns: dict, t: Translator) -> tuple[pd.DataFrame, tuple]:
    """``frame``'s ``columns`` (``{column: label}``) formatted for the locale, and the numeric labels."""
    fmt = {
        "account": str,
        "platforms": str,
        "followers": t.num,
        "engaged_members": t.people,
        "ambassadors": t.people,
        "people": t.people,
        "linked_identities": t.num,
        "ambassador_people": t.people,
        "cross_platform_ambassadors": t.people,
        "community_ratio": t.pct,
        "response_rate": t.pct,
        "response_rate_median": t.pct,
        "within_24h": t.pct,
        "median_hours": t.hours,
        "member_to_member_share": t.pct,
    }
    out = {}
    for col, label in columns.items():
        if col in ("rank", "response_rank"):
            out[label] = ["–" if pd.isna(v) else t.num(v) for v in frame[col]]
        elif col in ("account", "platforms"):
            out[label] = [str(v) for v in frame[col]]
        elif col == "community_ratio":  # engaged members per follower: withheld with the engaged members
            out[label] = [t.withheld() if t.small.hides(e) else t.pct(None if pd.isna(v) else v)
                          for v, e in zip(frame[col], frame["engaged_members"])]
        else:
            out[label] = [fmt[col](None if pd.isna(v) else v) for v in frame[col]]
    numeric = tuple(label for col, label in columns.items() if col not in ("account", "platforms"))
    return pd.DataFrame(out), numeric


def league_section(fig: NetworkFigures, t: Translator) -> Html:
    """Two league tables of the month: the community (ranked by community ratio) and the conversation
    (ranked by response rate), the chart of community ratios and the month's leaders."""
    title, q = t("net_league_title"), t("net_league_question")
    if fig.accounts.empty:
        return section(SECTION_IDS[1], title, [note(t("net_no_accounts", month=t.month(fig.month)), kind="missing")], question=q)
    a = fig.accounts
    community = {
        "rank": t("net_col_rank"),
        "account": t("net_col_account"),
        "platforms": t("net_col_platform"),
        "followers": t("net_col_followers"),
        "engaged_members": t("net_col_engaged"),
        "community_ratio": t("net_col_ratio"),
        "ambassadors": t("net_col_ambassadors"),
    }
    if a["ambassadors"].isna().all():
        del community["ambassadors"]
    linked = a["linked_identities"].fillna(0).astype("int64")
    if linked.gt(0).any():  # the network over people, where identities are linked into people
        community.update({"people": t("net_col_people"), "linked_identities": t("net_col_linked"),
                          "ambassador_people": t("net_col_ambassador_people"),
                          "cross_platform_ambassadors": t("net_col_cross_platform")})
    conv = a.copy()
    conv["response_rate_median"] = [_history(fig, name, "response_rate")["median"] for name in conv["account"]]
    conv = conv.sort_values(["response_rate", "account"], ascending=[False, True], na_position="last", kind="stable",
                            ignore_index=True)
    conv["response_rank"] = pd.array([i + 1 if pd.notna(v) else None for i, v in enumerate(conv["response_rate"])],
                                     dtype="Int64")
    conversation = {
        "response_rank": t("net_col_rank"),
        "account": t("net_col_account"),
        "response_rate": t("net_col_response_rate"),
        "response_rate_median": t("net_col_median_12"),
        "within_24h": t("net_col_within_24h"),
        "median_hours": t("net_col_median_response"),
        "member_to_member_share": t("net_col_m2m"),
    }
    month = t.month(fig.month)
    community_frame, community_numeric = _formatted(a, community, t)
    conversation_frame, conversation_numeric = _formatted(conv, conversation, t)
    parts = [
        _ratio_chart(fig, t),
        table(community_frame, caption=t("net_league_caption", month=month), numeric=community_numeric),
        (note(t("net_people_note", accounts=t.num(int(linked.gt(0).sum())))) if linked.gt(0).any() else None),
        table(conversation_frame, caption=t("net_conversation_caption", month=month), numeric=conversation_numeric),
        _heading(t("net_leaders_title")),
        bullets(_leaders(fig, t)),
    ]
    return section(SECTION_IDS[1], title, parts, question=q)


def attention_section(fig: NetworkFigures, t: Translator) -> Html:
    """What the coordinator should follow up: slow answers, 12-month lows, accounts without data."""
    title, q = t("net_attention_title"), t("net_attention_question")
    fig = shown_figures(fig, t)
    items = []
    for row in fig.accounts.itertuples(index=False):
        if not row.has_data:
            items.append(t("net_attention_nodata", account=row.account, month=t.month(fig.month)))
            continue
        median = _value(row.median_hours)
        if median is not None and median > SLOW_MEDIAN_HOURS:
            items.append(t("net_attention_slow", account=row.account, value=t.hours(median)))
        rate = _history(fig, row.account, "response_rate")
        if rate["standing"] == "low" and (row.response_items or 0) >= MIN_ITEMS_FOR_LOW:
            items.append(t(_full_year("net_attention_unanswered", rate), account=row.account, value=t.pct(rate["current"]),
                           n=rate["n_before"]))
        ratio = _history(fig, row.account, "community_ratio")
        if ratio["standing"] == "low":
            items.append(t(_full_year("net_attention_low", ratio), account=row.account, value=t.pct(ratio["current"]),
                           n=ratio["n_before"]))
    parts = [bullets(items, kind="action")] if items else [note(t("net_attention_none"))]
    return section(SECTION_IDS[2], title, parts, question=q)


def _trend_charts(fig: NetworkFigures, t: Translator) -> list[Html]:
    """Small multiples of each account's community ratio, :data:`PANELS_PER_FIGURE` accounts per image."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    from .charts import MIN_FONT_PT, PALETTE, WIDTH, figure_html, theme

    fig = shown_figures(fig, t)
    names = [a for a in fig.accounts["account"] if _trend_of(fig, a)["community_ratio"].notna().any()]
    if not names:
        return []
    theme()
    out = []
    for start in range(0, len(names), PANELS_PER_FIGURE):
        chunk = names[start:start + PANELS_PER_FIGURE]
        ncols = min(PANEL_COLUMNS, len(chunk))
        nrows = math.ceil(len(chunk) / ncols)
        f, axes = plt.subplots(nrows, ncols, figsize=(WIDTH, 0.5 + 1.7 * nrows), layout="constrained", squeeze=False)
        descriptions = []
        for ax in axes.flat[len(chunk):]:
            ax.set_visible(False)
        first_label = last_label = None
        for ax, name in zip(axes.flat, chunk):
            tr = _trend_of(fig, name)
            x = np.arange(len(tr))
            y = tr["community_ratio"].to_numpy(dtype=float)
            h = _history(fig, name, "community_ratio")
            ax.plot(x, y, color=PALETTE[4], linewidth=1.5, marker="o", markersize=2)
            if h["median"] is not None:
                ax.axhline(h["median"], color="#777777", linestyle="--", linewidth=0.8)
            if not math.isnan(y[-1]):
                ax.plot([x[-1]], [y[-1]], "o", color=PALETTE[5], markersize=5)
            ax.set_title(_mpl_text(name), fontsize=MIN_FONT_PT, loc="left")
            months = [parse_month(mo) for mo in tr["month"]]
            ax.set_xticks([x[0], x[-1]], [t.month_short(months[0]), t.month_short(months[-1])])
            top = np.nanmax(y) if np.isfinite(y).any() else 1.0
            ax.set_ylim(0, top * 1.25 if top > 0 else 1)
            ax.yaxis.set_major_locator(MaxNLocator(nbins=3))
            _percent_axis(ax, t)
            first_label, last_label = t.month_short(months[0]), t.month_short(months[-1])
            valid = [v for v in y if not math.isnan(v)]
            descriptions.append(
                t("net_trend_alt_item", account=name, start=t.pct(valid[0]), end=t.pct(y[-1] if not math.isnan(y[-1]) else None),
                  median=t.pct(h["median"]))
            )
        alt = t("net_trend_alt", first=first_label, last=last_label, values="; ".join(descriptions))
        out.append(figure_html(f, alt=alt, caption=t("net_trend_caption", month=t.month_short(fig.month))))
    return out


_STANDING_KEYS = {"high": "net_standing_high", "low": "net_standing_low", "above": "net_standing_above",
                  "below": "net_standing_below", "short": "net_standing_short"}
#: Months of history a "12 months" text needs; with fewer months with data the text names how many.
FULL_YEAR = 12


#: The text of each "12 months" key for an account with fewer months of data before (it names how many).
_FEWER_MONTHS_KEYS = {
    "net_attention_unanswered": "net_attention_unanswered_n",
    "net_attention_low": "net_attention_low_n",
    "net_standing_high": "net_standing_high_n",
    "net_standing_low": "net_standing_low_n",
}


def _full_year(key: str, history: dict) -> str:
    """``key``, or its variant naming the months with data (:data:`_FEWER_MONTHS_KEYS`) when there are fewer than
    twelve."""
    return key if history["n_before"] >= FULL_YEAR else _FEWER_MONTHS_KEYS[key]


def _standing(t: Translator, h: dict) -> str:
    if not h["standing"]:
        return "–"
    key = _STANDING_KEYS[h["standing"]]
    if h["standing"] in ("high", "low"):
        key = _full_year(key, h)
    return t(key, n=t.num(h["n_before"]))


def _median(t: Translator, h: dict) -> str:
    """The median of the months before, naming how many months it is over when fewer than twelve."""
    if h["median"] is None or h["n_before"] >= FULL_YEAR:
        return t.pct(h["median"])
    return t("net_median_months", value=t.pct(h["median"]), n=t.num(h["n_before"]))


def history_section(fig: NetworkFigures, t: Translator) -> Html:
    """Each account's month against its own previous 12 months (table and small multiples)."""
    title, q = t("net_history_title"), t("net_history_question")
    if fig.accounts.empty:
        return section(SECTION_IDS[3], title, [note(t("net_no_accounts", month=t.month(fig.month)), kind="missing")], question=q)
    full, fig = fig, shown_figures(fig, t)
    rows = []
    for name in fig.accounts["account"]:
        h = _history(fig, name, "community_ratio")
        rows.append(
            {
                t("net_col_account"): name,
                t("net_col_ratio"): t.withheld() if _withheld_ratio(full, t, name) else t.pct(h["current"]),
                t("net_col_median_12"): _median(t, h),
                t("net_col_range_12"): "–" if h["low"] is None else t("net_range", low=t.pct(h["low"]), high=t.pct(h["high"])),
                t("net_col_vs_previous"): _pp(t, h["vs_previous"]),
                t("net_col_vs_year"): _pp(t, h["vs_year"]),
                t("net_col_standing"): _standing(t, h),
            }
        )
    frame = pd.DataFrame(rows)
    numeric = tuple(c for c in frame.columns if c not in (t("net_col_account"), t("net_col_standing")))
    parts = [table(frame, caption=t("net_history_caption", month=t.month(fig.month)), numeric=numeric), *_trend_charts(fig, t)]
    return section(SECTION_IDS[3], title, parts, question=q)


def method_section(t: Translator) -> Html:
    """Definitions, in words."""
    keys = ("net_method_ratio", "net_method_response", "net_method_m2m", "net_method_ambassadors", "net_method_history",
            "net_method_missing")
    return section(SECTION_IDS[4], t("net_method_title"), [bullets([t(k) for k in keys])])


def page_sections(fig: NetworkFigures, t: Translator) -> Html:
    """The whole page body at once (what the notebook shows cell by cell)."""
    return join([contents(t), overview_section(fig, t), league_section(fig, t), attention_section(fig, t),
                 history_section(fig, t), method_section(t)])
