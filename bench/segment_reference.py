"""The hand-written reference of ``libcommunity segment``: one DuckDB GROUP BY and scikit-learn's MiniBatchKMeans.

Run as a script in its own process (``python bench/segment_reference.py STORE ACCOUNT MONTH TIMEZONE OUT.csv``):
what a DuckDB and scikit-learn user would write to segment one account-month of the same Parquet files,
end to end. It reads the store's committed files (``_manifest.json``) with ``read_parquet``; counts each
member's reactions, conversation, amplification and offline actions over the three-month window in one
``GROUP BY``; joins the current followers; clusters ``log1p`` of the counts with ``MiniBatchKMeans`` (k = 3,
as many clusters as segments); predicts every member; writes the table with ``pandas.DataFrame.to_csv``.
It prints its timings as one JSON line. Nothing of libcommunity is imported.
"""

import json
import sys
import time

T0 = time.perf_counter()
import duckdb  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from sklearn.cluster import MiniBatchKMeans  # noqa: E402

SQL = """
WITH w AS (
  SELECT member_id, kind FROM read_parquet($interactions)
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
  SELECT member_id FROM read_parquet($members)
  WHERE account = $account AND followed_at < $end AND (unfollowed_at IS NULL OR unfollowed_at >= $end)
)
SELECT coalesce(c.member_id, f.member_id) AS member,
  coalesce(reactions, 0) AS reactions, coalesce(conversation, 0) AS conversation,
  coalesce(amplification, 0) AS amplification, coalesce(offline, 0) AS offline
FROM counts c FULL OUTER JOIN followers f ON c.member_id = f.member_id
"""


def main(argv) -> int:
    store, account, month, timezone, out = argv
    t_imports = time.perf_counter() - T0
    manifest = json.load(open(f"{store}/_manifest.json", encoding="utf-8"))
    files = {t: [f"{store}/{f}" for f in manifest["files"][t][account]] for t in ("interactions", "members")}
    first = pd.Period(month, "M") - 2
    start = pd.Timestamp(first.start_time).tz_localize(timezone).tz_convert("UTC")
    end = pd.Timestamp((pd.Period(month, "M") + 1).start_time).tz_localize(timezone).tz_convert("UTC")
    t0, c0 = time.perf_counter(), time.process_time()
    con = duckdb.connect()
    frame = con.execute(SQL, {"interactions": files["interactions"], "members": files["members"], "account": account,
                              "start": start, "end": end}).df()
    t1 = time.perf_counter()
    X = np.log1p(frame[["reactions", "conversation", "amplification", "offline"]].to_numpy(dtype=float))
    model = MiniBatchKMeans(n_clusters=3, n_init=3, random_state=0).fit(X)
    frame["cluster"] = model.predict(X)
    t2, c2 = time.perf_counter(), time.process_time()
    frame.to_csv(out, index=False)
    t3 = time.perf_counter()
    print(json.dumps({"imports": round(t_imports, 3), "query": round(t1 - t0, 3), "kmeans": round(t2 - t1, 3),
                      "compute": round(t2 - t0, 3), "compute_cpu": round(c2 - c0, 3), "csv": round(t3 - t2, 3), "members": len(frame)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
