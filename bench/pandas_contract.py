"""The contract figures of a month computed with plain pandas: the independent reference of
:mod:`libcommunity.metrics`.

:func:`load_pandas` reads an account's tables with ``pandas.read_parquet``, :func:`pandas_contract` computes
the contract figures from them without DuckDB, and :func:`compare_contract` lists where two sets of figures
differ. The metrics benchmark (:mod:`bench.bench_metrics`) times it against the DuckDB implementation and the
property tests (``tests/test_metrics_properties.py``) compare the two on generated accounts.
"""

from __future__ import annotations

import math

import pandas as pd

from libcommunity.months import parse_month
from libcommunity.store import Store

__all__ = ["load_pandas", "pandas_contract", "compare_contract", "ITEM_KINDS", "KIND_ORDER", "PARTICIPATION"]

ITEM_KINDS = ("comment", "mention", "message")
KIND_ORDER = ("reaction", "comment", "share", "mention", "message", "ugc", "event", "survey", "follow", "unfollow")
PARTICIPATION = tuple(k for k in KIND_ORDER if k not in ("follow", "unfollow"))


def load_pandas(store: Store, account: str) -> dict:
    """The account's canonical tables as pandas DataFrames, read with ``pandas.read_parquet``."""
    columns = {
        "posts": ["platform", "post_id", "published_at", "reach", "impressions"],
        "interactions": ["platform", "interaction_id", "member_id", "kind", "created_at", "reply_to", "by_library", "text"],
        "members": ["platform", "member_id", "followed_at", "unfollowed_at", "is_staff"],
        "audience": ["platform", "date", "followers", "follows", "unfollows"],
    }
    out = {}
    for table, cols in columns.items():
        files = store.files(table, account)
        if files:
            out[table] = pd.concat([pd.read_parquet(f, columns=cols) for f in files], ignore_index=True)
        else:
            out[table] = None
    return out


def _none(v):
    if v is None:
        return None
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return v


def _ratio(num, den):
    return None if num is None or den is None or den == 0 else float(num) / float(den)


def _response(items: pd.DataFrame) -> dict:
    hours = ((items["first_reply_at"] - items["created_at"]).dt.total_seconds() / 3600.0).clip(lower=0)
    answered = hours.dropna()
    n = len(items)
    return {
        "items": int(n),
        "answered": int(len(answered)),
        "rate": _ratio(len(answered), n),
        "median_hours": None if answered.empty else float(answered.median()),
        "p90_hours": None if answered.empty else float(answered.quantile(0.9)),
        "within_24h": _ratio(int((answered <= 24).sum()), n),
    }


def pandas_contract(tables: dict, *, account: str, month, timezone: str, lang: str | None = None) -> dict:
    """The contract figures of ``docs/metrics.md`` computed with plain pandas (an independent implementation).

    Parameters
    ----------
    tables : dict
        ``posts``, ``interactions``, ``members``, ``audience`` DataFrames of
        one account (any may be None or missing); timestamps tz-aware UTC.
    account, month, timezone : str
    lang : str, optional
        The language texts are judged in (``classify``); default: the one the timezone suggests.
    """
    from libcommunity.conversation import classify, unjudged
    from libcommunity.locales import default_lang

    lang = lang or default_lang(timezone)
    m = parse_month(month)
    start, end = m.bounds(timezone)
    first_day = m.first_day()
    last_day = m.shift(1).first_day() - pd.Timedelta(days=1)

    def table(name, cols):
        df = tables.get(name)
        if df is None:
            return pd.DataFrame({c: pd.Series(dtype="object") for c in cols})
        return df

    posts = table("posts", ["platform", "post_id", "published_at", "reach", "impressions"])
    inter = table("interactions", ["platform", "interaction_id", "member_id", "kind", "created_at", "reply_to", "by_library"])
    if "text" not in inter:
        inter = inter.assign(text=pd.Series([None] * len(inter), index=inter.index, dtype="object"))
    members = table("members", ["platform", "member_id", "followed_at", "unfollowed_at", "is_staff"])
    audience = table("audience", ["platform", "date", "followers", "follows", "unfollows"])

    # coverage: the local months each table has rows in, per platform (docs/metrics.md, "Coverage")
    mm = str(m)

    def months_of(df, stamps):
        local = stamps.dt.tz_convert(timezone).dt.strftime("%Y-%m") if stamps.dt.tz is not None else stamps.dt.strftime("%Y-%m")
        out = {}
        for plat, month_label in zip(df["platform"], local):
            if isinstance(month_label, str):
                out.setdefault(plat, set()).add(month_label)
        return out

    aud_rows = audience[audience[["followers", "follows", "unfollows"]].notna().any(axis=1)]
    post_m = months_of(posts, pd.to_datetime(posts["published_at"], utc=True))
    inter_m = months_of(inter, pd.to_datetime(inter["created_at"], utc=True))
    aud_m = months_of(aud_rows, pd.to_datetime(aud_rows["date"]))
    mem_m = months_of(members, pd.to_datetime(members["followed_at"], utc=True))
    platforms = sorted({p for df in (posts, inter, members, audience) for p in df["platform"].dropna()})
    events = {p: post_m.get(p, set()) | inter_m.get(p, set()) for p in platforms}

    def covers(table_m, p, label):
        have = table_m.get(p, set())
        return bool(have) and min(have) <= label <= max(have) and label in events[p]

    data_months = set()
    for p in platforms:
        data_months |= {x for x in post_m.get(p, set()) if covers(post_m, p, x)}
        data_months |= {x for x in inter_m.get(p, set()) if covers(inter_m, p, x)}
        data_months |= aud_m.get(p, set())
    cover = {
        "platforms": platforms,
        "posts": [p for p in platforms if covers(post_m, p, mm)],
        "interactions": [p for p in platforms if covers(inter_m, p, mm)],
        "audience": [p for p in platforms if mm in aud_m.get(p, set())],
        "followers": [],
        "community_ratio": [],
        "kept": False,
    }
    if mm not in data_months:  # a month without data: every figure null
        return {
            "account": account, "month": mm, "timezone": timezone, "posts": None, "impressions": None, "reach": None,
            "interactions": dict.fromkeys(KIND_ORDER), "engaged_members": None, "followers_end": None,
            "new_followers": None, "lost_followers": None, "community_ratio": None,
            "response": dict.fromkeys(("items", "answered", "rate", "median_hours", "p90_hours", "within_24h", "unjudged")),
            "member_to_member_share": None, "followers_source": None, "posts_with_impressions": None,
            "posts_with_reach": None, "coverage": cover,
            "response_all": dict.fromkeys(("items", "answered", "rate", "median_hours", "p90_hours", "within_24h")),
            "acknowledgement": dict.fromkeys(("items", "shares", "ugc", "praise", "acknowledged", "reacted", "replied", "rate")),
            "feedback": dict.fromkeys(("items", "complaints", "questions", "requests", "praise")),
        }

    # posts
    wp = posts[(posts["published_at"] >= start) & (posts["published_at"] < end)]
    impressions = pd.to_numeric(wp["impressions"]).sum(min_count=1)
    reach = pd.to_numeric(wp["reach"]).sum(min_count=1)

    # library side
    by_lib = inter["by_library"].astype(bool)
    lib_ids = pd.concat(
        [members.loc[members["is_staff"].astype(bool), ["platform", "member_id"]], inter.loc[by_lib, ["platform", "member_id"]]]
    ).drop_duplicates()
    lib_ids = lib_ids.assign(_lib=True)
    acts = inter.merge(lib_ids, on=["platform", "member_id"], how="left")
    acts["library_side"] = acts["by_library"].astype(bool) | acts["_lib"].notna()
    member_acts = acts[~acts["library_side"]]
    in_w = (member_acts["created_at"] >= start) & (member_acts["created_at"] < end)
    mw = member_acts[in_w]
    counts = mw["kind"].value_counts()
    interactions = {k: int(counts.get(k, 0)) for k in KIND_ORDER}
    engaged_rows = mw.loc[mw["kind"].isin(PARTICIPATION), ["platform", "member_id"]].drop_duplicates()
    engaged = len(engaged_rows)
    engaged_by = engaged_rows["platform"].value_counts()

    # followers
    mem = members.merge(lib_ids, on=["platform", "member_id"], how="left")
    mem = mem[mem["_lib"].isna()]
    by_platform = {}
    listed = set(mem.loc[mem["followed_at"].notna(), "platform"])
    aud_known = audience[audience[["followers", "follows", "unfollows"]].notna().any(axis=1)]

    def reaches_back(p):  # the list's first follow is before the platform's first month of events or audience
        data = post_m.get(p, set()) | inter_m.get(p, set()) | aud_m.get(p, set())
        return bool(mem_m.get(p)) and (not data or min(mem_m[p]) < min(data))

    member_platforms = {p for p in listed if reaches_back(p)}
    audience_platforms = set(aud_known["platform"]) - member_platforms
    follows_platforms = listed - member_platforms - audience_platforms
    for plat in sorted(member_platforms | follows_platforms):
        g = mem[mem["platform"] == plat]
        f, u = g["followed_at"], g["unfollowed_at"]
        unf_before = u.notna() & f.notna() & (u >= f) & (u < end)
        by_platform[plat] = {
            "source": "members",
            "followers_end": int(((f < end) & ~unf_before).sum()),
            "new_followers": int(((f >= start) & (f < end)).sum()),
            "lost_followers": int(((u >= start) & (u < end)).sum()),
        }
        if plat in follows_platforms:  # follows recorded since the list began: no number of followers
            by_platform[plat]["source"] = "follows"
            by_platform[plat]["followers_end"] = None
            if mm < min(mem_m[plat]):
                by_platform[plat]["new_followers"] = by_platform[plat]["lost_followers"] = None
    for plat in sorted(audience_platforms):
        g = audience[(audience["platform"] == plat)]
        dates = pd.to_datetime(g["date"])
        g = g[(dates >= first_day) & (dates <= last_day)].assign(_d=dates)
        known = g[g["followers"].notna()].sort_values("_d")
        by_platform[plat] = {
            "source": "audience",
            "followers_end": None if known.empty else int(known["followers"].iloc[-1]),
            "new_followers": _none(pd.to_numeric(g["follows"]).sum(min_count=1)),
            "lost_followers": _none(pd.to_numeric(g["unfollows"]).sum(min_count=1)),
        }
    totals = {}
    for k in ("followers_end", "new_followers", "lost_followers"):
        vals = [v[k] for v in by_platform.values() if k != "followers_end" or v["source"] != "follows"]
        totals[k] = None if not vals or any(v is None for v in vals) else int(sum(vals))
    source = "+".join(sorted({v["source"] for v in by_platform.values()})) or None
    cover["followers"] = sorted(p for p, v in by_platform.items() if v["followers_end"] is not None)
    cover["community_ratio"] = [p for p in cover["interactions"] if p in cover["followers"]]
    on = cover["community_ratio"]
    ratio = _ratio(int(sum(engaged_by.get(p, 0) for p in on)), sum(by_platform[p]["followers_end"] for p in on)) if on else None
    has_posts, has_acts = bool(cover["posts"]), bool(cover["interactions"])

    # response: every item (response_all), the items that need a reply (response)
    target = acts[["platform", "interaction_id", "member_id", "library_side"]].rename(
        columns={"interaction_id": "reply_to", "member_id": "t_member", "library_side": "t_lib"}
    )
    linked = mw.drop(columns=["_lib"]).merge(target, on=["platform", "reply_to"], how="left")
    to_other_member = linked["t_lib"].notna() & ~linked["t_lib"].fillna(True).astype(bool) & (
        linked["t_member"] != linked["member_id"]
    )
    replies = acts[acts["library_side"] & acts["reply_to"].notna()]
    first = replies.groupby(["platform", "reply_to"], as_index=False).agg(
        first_reply_at=("created_at", "min"),
        reacted=("kind", lambda k: bool((k == "reaction").any())),
        replied=("kind", lambda k: bool((k != "reaction").any())),
    ).rename(columns={"reply_to": "interaction_id"})
    linked = linked.merge(first, on=["platform", "interaction_id"], how="left")
    is_item = (linked["kind"].isin(ITEM_KINDS) & ~to_other_member).to_numpy()
    items = linked[is_item].reset_index(drop=True)
    texts = items["text"].astype(object).where(items["text"].notna(), None).tolist()
    kinds = classify(texts, lang)
    blank = unjudged(texts).to_numpy()
    needs = (items["kind"].to_numpy() == "message") | blank | kinds[["question", "request", "complaint"]].any(axis=1).to_numpy()
    response = {**_response(items[needs]), "unjudged": int(blank.sum())}
    praise = kinds["praise"].to_numpy()
    thanks = pd.concat([linked[linked["kind"].isin(["share", "ugc"])], items[praise]], ignore_index=True)
    reacted = thanks["reacted"].astype("boolean").fillna(False).astype(bool)
    replied = thanks["replied"].astype("boolean").fillna(False).astype(bool)
    n_thanks = len(thanks)
    acknowledged = int(thanks["first_reply_at"].notna().sum())
    comments = linked["kind"] == "comment"
    out = {
        "account": account,
        "month": str(m),
        "timezone": timezone,
        "posts": int(len(wp)) if has_posts else None,
        "impressions": None if pd.isna(impressions) or not has_posts else int(impressions),
        "reach": None if pd.isna(reach) or not has_posts else int(reach),
        "interactions": interactions if has_acts else dict.fromkeys(KIND_ORDER),
        "engaged_members": int(engaged) if has_acts else None,
        "followers_end": totals["followers_end"],
        "new_followers": totals["new_followers"],
        "lost_followers": totals["lost_followers"],
        "community_ratio": ratio,
        "response": response if has_acts else dict.fromkeys(response),
        "member_to_member_share": _ratio(int((comments & to_other_member).sum()), int(comments.sum())) if has_acts else None,
        "followers_source": source,
        "posts_with_impressions": int(wp["impressions"].notna().sum()) if has_posts else None,
        "posts_with_reach": int(wp["reach"].notna().sum()) if has_posts else None,
        "coverage": cover,
        "response_all": _response(items),
        "acknowledgement": {
            "items": n_thanks,
            "shares": int((linked["kind"] == "share").sum()),
            "ugc": int((linked["kind"] == "ugc").sum()),
            "praise": int(praise.sum()),
            "acknowledged": acknowledged,
            "reacted": int(reacted.sum()),
            "replied": int(replied.sum()),
            "rate": _ratio(acknowledged, n_thanks),
        },
        "feedback": {
            "items": int(len(items)),
            "complaints": int(kinds["complaint"].sum()),
            "questions": int(kinds["question"].sum()),
            "requests": int(kinds["request"].sum()),
            "praise": int(praise.sum()),
        },
    }
    if not has_acts:  # no platform's interactions cover the month: nothing to count
        for key in ("response_all", "acknowledgement", "feedback"):
            out[key] = dict.fromkeys(out[key])
    return out


def compare_contract(a: dict, b: dict, *, rel: float = 1e-9) -> list[str]:
    """Differences between two contract dicts (floats compared with relative tolerance ``rel``)."""
    diffs = []

    def walk(x, y, path):
        if isinstance(x, dict) and isinstance(y, dict):
            for k in sorted(set(x) | set(y)):
                if k not in x or k not in y:
                    diffs.append(f"{path}{k}: present in one only")
                else:
                    walk(x[k], y[k], f"{path}{k}.")
        elif isinstance(x, float) or isinstance(y, float):
            if x is None or y is None or not math.isclose(float(x), float(y), rel_tol=rel, abs_tol=1e-12):
                diffs.append(f"{path[:-1]}: {x!r} != {y!r}")
        elif x != y:
            diffs.append(f"{path[:-1]}: {x!r} != {y!r}")

    walk(a, b, "")
    return diffs
