"""The plot and the Markdown tables of a scale run (:mod:`bench.bench_scale`): every step's time and peak memory
against the number of interactions, and the results as the tables of ``docs/performance.md``."""

from __future__ import annotations

from pathlib import Path

__all__ = ["plot", "summary_lines", "STEPS"]


# ----------------------------------------------------------------------------------------- plot
STEPS = (
    ("ingest_parquet", "ingest (Parquet)"),
    ("ingest_csv", "ingest (CSV)"),
    ("ingest_floor", "Parquet copy (ingest floor)"),
    ("metrics", "metrics (monthly_summary)"),
    ("features_ours", "features (member_features)"),
    ("features_ours+", "features + segmentation"),
    ("features_duckdb", "features (hand-written DuckDB)"),
    ("features_pandas", "features (plain pandas)"),
    ("segment_members", "segment_members end to end"),
    ("report", "one report"),
)


def _axes(ax, ylabel: str, title: str) -> None:
    """Log x axis of interactions, labels, grid and legend of one panel."""
    ax.set_xscale("log")
    ax.set_xlabel("interactions in the store")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)


def plot(results: dict, path) -> Path:
    """Every step's median time against interactions (log-log), with slope-1 guides; and peak memory."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = sorted(results["sizes"].values(), key=lambda r: r["interactions"])
    fig, (ax, mx) = plt.subplots(1, 2, figsize=(12, 5.2), gridspec_kw={"width_ratios": [3, 2]})
    for key, label in STEPS:
        base = key.rstrip("+")
        pts = [(r["interactions"], r[base]["with_segmentation_seconds"] if key.endswith("+") else r[base]["seconds"])
               for r in sizes if base in r and (not key.endswith("+") or "with_segmentation_seconds" in r[base])]
        if not pts:
            continue
        xs, ys = zip(*pts)
        style = "--" if key in ("features_duckdb", "features_pandas", "ingest_floor") else "-"
        (line,) = ax.plot(xs, ys, style, marker="o", label=label)
        if len(xs) > 1:  # linear growth from the first point, for comparison
            ax.plot([xs[0], xs[-1]], [ys[0], ys[0] * xs[-1] / xs[0]], ":", color=line.get_color(), alpha=0.35, lw=1)
    ax.set_yscale("log")
    _axes(ax, "seconds (median of runs)", "Time per step (dotted: linear growth from the smallest size)")
    for key, label in (("ingest_parquet", "ingest (Parquet)"), ("ingest_csv", "ingest (CSV)"),
                       ("features_ours", "features + segmentation"), ("segment_members", "segment_members"),
                       ("features_pandas", "features (pandas)")):
        pts = [(r["interactions"], r[key]["peak_mb"] / 1024) for r in sizes if key in r]
        if pts:
            xs, ys = zip(*pts)
            mx.plot(xs, ys, marker="o", label=label)
    mx.axhline(4, color="grey", ls="--", lw=1)
    mx.text(sizes[0]["interactions"], 4.05, "4 GB", color="grey", fontsize=8)
    _axes(mx, "peak resident memory (GB)", "Peak memory per process")
    m = results["machine"]
    fig.suptitle(f"libcommunity at scale: {m['cpus']} CPUs ({m['cpu']}), {m['memory_gb']} GB, DuckDB {m['duckdb']}", fontsize=10)
    fig.tight_layout()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


# ----------------------------------------------------------------------------------------- report
def summary_lines(results: dict) -> list[str]:
    """The results as Markdown tables (for ``docs/performance.md``)."""
    sizes = sorted(results["sizes"].values(), key=lambda r: r["interactions"])
    head = "| step | " + " | ".join(f"{r['interactions'] / 1e6:.1f}M" for r in sizes) + " |"
    lines = [head, "| --- |" + " ---: |" * len(sizes)]

    def cell(r, key, what="seconds"):
        m = r.get(key)
        if not m:
            return "—"
        if what == "rate":
            return f"{m['seconds']:.1f} s ({r['rows'] / m['seconds'] / 1e6:.2f} M rows/s, {m['peak_mb'] / 1024:.2f} GB)"
        if what == "seg":
            return f"{m['with_segmentation_seconds']:.2f} s"
        if m.get("ok") is False:
            return "failed"
        return f"{m['seconds']:.2f} s ({m['peak_mb'] / 1024:.2f} GB)"

    rows = [
        ("ingest canonical Parquet", "ingest_parquet", "rate"),
        ("ingest canonical CSV", "ingest_csv", "rate"),
        ("Parquet copy, nothing else (ingest floor)", "ingest_floor", "rate"),
        ("metrics: monthly_summary", "metrics", "seconds"),
        ("features: member_features", "features_ours", "seconds"),
        ("features: hand-written DuckDB", "features_duckdb", "seconds"),
        ("features: plain pandas", "features_pandas", "seconds"),
        ("features + segmentation: ours", "features_ours", "seg"),
        ("features + segmentation: DuckDB reference", "features_duckdb", "seg"),
        ("features + segmentation: pandas", "features_pandas", "seg"),
        ("segment_members end to end", "segment_members", "seconds"),
        ("one report (run_batch)", "report", "seconds"),
    ]
    for name, key, what in rows:
        lines.append(f"| {name} | " + " | ".join(cell(r, key, what) for r in sizes) + " |")
    names = sorted({k for r in sizes for k in r.get("ratios", {})})
    for k in names:
        lines.append(f"| **ratio {k}** | " + " | ".join(f"{r['ratios'][k]:.2f}" if k in r.get("ratios", {}) else "—" for r in sizes) + " |")
    lines.append("")
    for t in results.get("targets", []):
        lines.append(f"- {'met' if t['met'] else 'MISSED'}: {t['target']} (measured {t['value']})")
    return lines
