"""Benchmark: segmenting one month of an account with 1M members and 10M interactions.

Run ``python -m bench.bench_segments`` (``--members``/``--interactions`` to
change the size, ``--store DIR`` to keep and reuse the generated store).

Side by side in the same run:

* **libcommunity**: :func:`member_features` (DuckDB), :class:`MemberSegmenter`
  (fit and predict), and the whole :func:`segment_members` (features,
  segmenter, ladder and the MBG/NBD probability of being active);
* **minimal**: the least a DuckDB + scikit-learn implementation of the same
  per-member counts needs: one ``GROUP BY member`` over the window's
  interactions with a count per kind, a join to the followers, then a
  Gaussian mixture (k=5, no model selection) on ``log1p`` of the
  participants' counts.

The ratio libcommunity / minimal says what the richer features (replies
between members, active days/weeks/months, recency, membership rules),
the model selection by BIC and the naming cost on top of the bare minimum.

The data are synthetic and written straight into a store through
:meth:`Store.transaction` (pseudonyms already in place: the loaders and the
CSV path are not what is measured here).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from libcommunity.months import parse_month
from libcommunity.schemas import TABLES
from libcommunity.segments import MemberSegmenter, member_features, segment_members
from libcommunity.store import Store

ACCOUNT = "bench"
MONTH = "2026-03"
TIMEZONE = "Europe/Madrid"
KINDS = np.array(["reaction", "comment", "share", "mention", "message", "ugc", "event", "survey"])
#: Kind mix of each persona, in KINDS order: likers, commenters, amplifiers, event-goers.
PROFILES = np.array(
    [
        [0.95, 0.03, 0.0, 0.0, 0.01, 0.0, 0.01, 0.0],
        [0.60, 0.28, 0.04, 0.02, 0.02, 0.01, 0.02, 0.01],
        [0.30, 0.15, 0.25, 0.12, 0.02, 0.12, 0.03, 0.01],
        [0.05, 0.02, 0.0, 0.0, 0.0, 0.0, 0.80, 0.13],
    ]
)
PERSONA_SHARES = np.array([0.35, 0.45, 0.12, 0.08])


def _ids(prefix: str, values: np.ndarray) -> pa.Array:
    return pa.array(np.char.add(prefix, np.char.zfill(values.astype(str), 10)).astype(object), pa.string())


def generate(store: Store, n_members: int, n_interactions: int, seed: int = 0, log=print) -> None:
    """Write a synthetic account of ``n_members`` and ``n_interactions`` into ``store``."""
    rng = np.random.default_rng(seed)
    start, end = parse_month(MONTH).shift(-2).start(TIMEZONE), parse_month(MONTH).end(TIMEZONE)
    t_end = int(end.timestamp())
    t_hist = int(parse_month(MONTH).shift(-11).start(TIMEZONE).timestamp())
    t_win = int(start.timestamp())
    t0 = time.perf_counter()
    followed = rng.integers(t_end - 3 * 365 * 86400, t_end, n_members)
    unfollow = np.where(rng.random(n_members) < 0.03, rng.integers(t_win, t_end + 30 * 86400, n_members), -1)
    members = pa.table(
        {
            "account": pa.array([ACCOUNT] * n_members, pa.string()),
            "platform": pa.array(["instagram"] * n_members, pa.string()),
            "member_id": _ids("m_", np.arange(n_members)),
            "followed_at": pa.array(followed * 1_000_000, pa.timestamp("us", tz="UTC")),
            "unfollowed_at": pa.array(np.where(unfollow < 0, None, unfollow * 1_000_000).tolist(), pa.timestamp("us", tz="UTC")),
            "followers": pa.array(np.round(rng.lognormal(np.log(150), 1.3, n_members)).astype(np.int64)),
            "following": pa.array(np.round(rng.lognormal(np.log(300), 0.9, n_members)).astype(np.int64)),
            "is_staff": pa.array(np.zeros(n_members, dtype=bool)),
        }
    )
    # participants: 10% of the members, heavy-tailed activity, one persona each
    n_part = max(1, n_members // 10)
    who = rng.choice(n_members, n_part, replace=False)
    persona = rng.choice(len(PROFILES), n_part, p=PERSONA_SHARES)
    weight = rng.lognormal(0, 1.2, n_part)
    per = rng.multinomial(n_interactions, weight / weight.sum())
    member = np.repeat(who, per)
    p_of = np.repeat(persona, per)
    cum = PROFILES.cumsum(axis=1)
    kind = (rng.random(n_interactions)[:, None] > cum[p_of]).sum(axis=1)
    # 75% in the three-month window, the rest in the nine months before (history for the activity model)
    in_window = rng.random(n_interactions) < 0.75
    created = np.where(in_window, rng.integers(t_win, t_end, n_interactions), rng.integers(t_hist, t_win, n_interactions))
    comment = kind == 1
    reply = np.full(n_interactions, -1)
    idx = np.flatnonzero(comment)
    answering = idx[rng.random(len(idx)) < 0.3]
    reply[answering] = rng.choice(idx, len(answering))
    iid = np.arange(n_interactions)
    interactions = pa.table(
        {
            "account": pa.array([ACCOUNT] * n_interactions, pa.string()),
            "platform": pa.array(["instagram"] * n_interactions, pa.string()),
            "interaction_id": _ids("i", iid),
            "member_id": _ids("m_", member),
            "kind": pa.array(KINDS[kind].astype(object), pa.string()),
            "created_at": pa.array(created * 1_000_000, pa.timestamp("us", tz="UTC")),
            "post_id": _ids("p", rng.integers(0, 2000, n_interactions)),
            "reply_to": pa.array(np.where(reply >= 0, np.char.add("i", np.char.zfill(np.maximum(reply, 0).astype(str), 10)), None).tolist(), pa.string()),
            "by_library": pa.array(np.zeros(n_interactions, dtype=bool)),
            "text": pa.nulls(n_interactions, pa.string()),
        }
    )
    log(f"generated {n_members:,} members and {n_interactions:,} interactions in {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    with store.transaction() as txn:
        txn.set_account(ACCOUNT, timezone=TIMEZONE, platform="instagram")
        txn.upsert("members", ACCOUNT, members.select(TABLES["members"].column_names))
        txn.upsert("interactions", ACCOUNT, interactions.select(TABLES["interactions"].column_names))
    log(f"written to {store.root} in {time.perf_counter() - t0:.1f} s")


MINIMAL_SQL = """
WITH w AS (
  SELECT member_id, kind FROM interactions
  WHERE account = $account AND created_at >= $start AND created_at < $end AND NOT by_library
),
counts AS (
  SELECT member_id,
    count(*) FILTER (WHERE kind = 'reaction') AS reactions,
    count(*) FILTER (WHERE kind IN ('comment', 'message')) AS conversation,
    count(*) FILTER (WHERE kind IN ('share', 'mention', 'ugc')) AS amplification,
    count(*) FILTER (WHERE kind IN ('event', 'survey')) AS offline
  FROM w GROUP BY member_id
),
followers AS (
  SELECT member_id FROM members
  WHERE account = $account AND followed_at < $end AND (unfollowed_at IS NULL OR unfollowed_at >= $end)
)
SELECT coalesce(c.member_id, f.member_id) AS member,
  coalesce(reactions, 0) AS reactions, coalesce(conversation, 0) AS conversation,
  coalesce(amplification, 0) AS amplification, coalesce(offline, 0) AS offline
FROM counts c FULL OUTER JOIN followers f ON c.member_id = f.member_id
"""


def minimal(store: Store) -> dict:
    """The minimal DuckDB + scikit-learn segmentation; returns timings."""
    from sklearn.mixture import GaussianMixture

    start, end = parse_month(MONTH).shift(-2).start(TIMEZONE), parse_month(MONTH).end(TIMEZONE)
    t0 = time.perf_counter()
    f = store.sql(MINIMAL_SQL, {"account": ACCOUNT, "start": start, "end": end})
    t1 = time.perf_counter()
    X = f[["reactions", "conversation", "amplification", "offline"]].to_numpy(dtype=float)
    part = X.sum(axis=1) > 0
    gm = GaussianMixture(5, random_state=0).fit(np.log1p(X[part]))
    labels = np.full(len(X), -1)
    labels[part] = gm.predict(np.log1p(X[part]))
    t2 = time.perf_counter()
    return {"features": t1 - t0, "segmenter": t2 - t1, "total": t2 - t0, "members": len(f)}


def ours(store: Store) -> dict:
    """libcommunity: features, segmenter, and the whole segment_members."""
    t0 = time.perf_counter()
    f = member_features(store, ACCOUNT, MONTH)
    t1 = time.perf_counter()
    seg = MemberSegmenter(random_state=0).fit(f)
    seg.predict(f)
    t2 = time.perf_counter()
    members = segment_members(store, ACCOUNT, MONTH, features=f)
    t3 = time.perf_counter()
    return {
        "features": t1 - t0,
        "segmenter": t2 - t1,
        "total": (t1 - t0) + (t3 - t2),
        "members": len(members),
        "k": int(seg.n_clusters_),
        "segments": members["segment"].value_counts().to_dict(),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_segments", description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--interactions", type=int, default=10_000_000)
    parser.add_argument("--store", metavar="DIR", help="store to create (or reuse if it exists); a temporary one by default")
    parser.add_argument("--repeat", type=int, default=1, help="timed runs of each side (the best is reported)")
    args = parser.parse_args(argv)
    os.environ.setdefault("LIBCOMMUNITY_KEY", "libcommunity-bench")

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    tmp = None
    if args.store:
        root = Path(args.store)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="libcommunity-bench-")
        root = Path(tmp.name)
    store = Store(root)
    if not store.exists() or ACCOUNT not in store.accounts():
        generate(store, args.members, args.interactions, log=log)
    else:
        log(f"reusing {root}")
    best_ours, best_min = None, None
    for _ in range(args.repeat):
        m = minimal(store)
        o = ours(store)
        best_min = m if best_min is None or m["total"] < best_min["total"] else best_min
        best_ours = o if best_ours is None or o["total"] < best_ours["total"] else best_ours
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = [
        ("member features (DuckDB)", best_ours["features"], best_min["features"]),
        ("segmenter fit + predict", best_ours["segmenter"], best_min["segmenter"]),
        ("segment_members end to end", best_ours["total"], best_min["total"]),
    ]
    print(f"# {args.members:,} members, {args.interactions:,} interactions, month {MONTH} (window of 3 months)\n")
    print("| step | libcommunity (s) | minimal DuckDB + scikit-learn (s) | ratio |")
    print("| --- | ---: | ---: | ---: |")
    for name, a, b in rows:
        print(f"| {name} | {a:.2f} | {b:.2f} | {a / b:.2f} |")
    print(f"\nmembers segmented: {best_ours['members']:,} (minimal: {best_min['members']:,}); k = {best_ours['k']}; "
          f"segments: {best_ours['segments']}; peak memory {peak_mb:,.0f} MB")
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
