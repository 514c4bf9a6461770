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

The data come from the generator all benchmarks share (:mod:`bench.datagen`)
and are written straight into a store through :meth:`Store.transaction`
(pseudonyms already in place: the loaders and the CSV path are not what is
measured here; ``python -m bench scale`` times ingest).
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

from bench import datagen
from libcommunity.months import parse_month
from libcommunity.segments import MemberSegmenter, member_features, segment_members
from libcommunity.store import Store

ACCOUNT = datagen.ACCOUNT
MONTH = datagen.MONTH
TIMEZONE = datagen.TIMEZONE


def generate(store: Store, n_members: int, n_interactions: int, seed: int = 0, log=print) -> None:
    """Write a synthetic account of about ``n_members`` and ``n_interactions`` into ``store``.

    The data come from the generator every benchmark shares (:mod:`bench.datagen`:
    heavy-tailed activity, per-member personas, conversations with the
    library), 12 months up to :data:`MONTH`, written to Parquet by DuckDB and
    put into the store by its own write path.
    """
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-segments-") as tmp:
        info = datagen.generate(tmp, n_interactions, seed=seed, members_per=max(1, n_interactions // max(1, n_members)),
                                span_months=12)
        log(f"generated {info['members']:,} members and {info['interactions']:,} interactions in {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        datagen.write_store(info["paths"], store.root)
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
