"""A small store of one's own data: what a new user builds by hand from canonical CSV files.

One library, ``villa-library`` (Europe/Madrid), whose data starts in September 2025:

* **base** — Instagram: six posts (three in September, three in October 2025) with the counters an export gives,
  the comments and reactions of the people who took part (3 in September, 8 in October), and a follower list of
  10 people who followed between 2023 and October 2025 (a list that reaches back before the data);
* **mastodon** — two Mastodon interactions in October 2025 by two people, on an account without any Mastodon
  follower data;
* **partial** — a partial Mastodon follower list: the 7 follows recorded since the capture began in October 2025
  (not who followed before), and one Mastodon post of 18 October 2025 that was boosted widely (290 reactions).

Before figures were checked against the data's coverage, this store gave, for October 2025: "+8 vs Oct 2024" and
"+80 pp vs Oct 2024" (October 2024 is before the data), 12-month charts at zero from November 2024 to August 2025, a
network page "12-month median 0.0 %", "followers 10, community ratio 100 %" after the two Mastodon interactions,
and "mean rate by followers 1050.7 %" with the partial list; ``metrics --month 2030-01`` printed zeros and exited 0,
and ``segment --month 2030-01`` called every follower a silent follower.

``python -m tests.own_data`` prints those figures for the code on ``PYTHONPATH`` (run it against an older checkout
to see the old ones).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

ACCOUNT = "villa-library"
TIMEZONE = "Europe/Madrid"
MONTH = "2025-10"
STEPS = ("base", "mastodon", "partial")

#: Instagram followers: handle and when they followed (four before October 2024).
FOLLOWERS = (
    ("@ana.reads", "2023-03-04T10:00:00+01:00"),
    ("@bea_poetry", "2023-06-10T18:30:00+02:00"),
    ("@carlos.m", "2023-11-20T09:15:00+01:00"),
    ("@dani_comics", "2024-02-14T20:00:00+01:00"),
    ("@elena.libros", "2024-12-01T12:00:00+01:00"),
    ("@fer_g", "2025-02-03T17:45:00+01:00"),
    ("@gloria.v", "2025-04-22T11:00:00+02:00"),
    ("@hugo_lee", "2025-06-30T21:10:00+02:00"),
    ("@ines.garcia", "2025-09-12T08:05:00+02:00"),
    ("@javi_reads", "2025-10-08T19:40:00+02:00"),
)


def _frame(rows, columns, platform: str) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns).assign(account=ACCOUNT, platform=platform)


def _times(df: pd.DataFrame, *cols) -> pd.DataFrame:
    for c in cols:
        df[c] = pd.to_datetime(df[c], utc=True)
    return df


def base_tables() -> dict:
    """Instagram posts, interactions and the follower list (September and October 2025)."""
    posts = _frame(
        [
            # September: three posts; October: three, after the tenth follower (8 October).
            ("ig-s1", "2025-09-05T10:00:00+02:00", "photo", "New arrivals shelf", 180, 3, 1, 0),
            ("ig-s2", "2025-09-16T18:00:00+02:00", "event", "Poetry night on Thursday", 210, 2, 1, 0),
            ("ig-s3", "2025-09-26T12:30:00+02:00", "photo", "Autumn reading list", 150, 2, 0, 0),
            ("ig-o1", "2025-10-10T10:00:00+02:00", "photo", "Comics club is back", 120, 1, 0, 0),
            ("ig-o2", "2025-10-17T18:00:00+02:00", "reel", "A tour of the new reading room", 140, 1, 1, 0),
            ("ig-o3", "2025-10-24T12:00:00+02:00", "photo", "Book swap this Saturday", 160, 2, 1, 0),
        ],
        ["post_id", "published_at", "kind", "text", "reach", "reactions", "comments", "shares"],
        "instagram",
    )
    people = [h for h, _ in FOLLOWERS]
    acts = [
        # September: three people took part.
        ("s-1", people[0], "comment", "2025-09-05T12:00:00+02:00", "ig-s1", "Lovely!"),
        ("s-2", people[1], "reaction", "2025-09-16T19:00:00+02:00", "ig-s2", None),
        ("s-3", people[8], "comment", "2025-09-26T14:00:00+02:00", "ig-s3", "Saving this list"),
        # October: eight people.
        ("o-1", people[0], "reaction", "2025-10-10T11:00:00+02:00", "ig-o1", None),
        ("o-2", people[1], "comment", "2025-10-17T19:00:00+02:00", "ig-o2", "When does it open?"),
        ("o-3", people[2], "reaction", "2025-10-17T20:00:00+02:00", "ig-o2", None),
        ("o-4", people[3], "comment", "2025-10-24T13:00:00+02:00", "ig-o3", "I'll bring three books"),
        ("o-5", people[4], "reaction", "2025-10-24T14:00:00+02:00", "ig-o3", None),
        ("o-6", people[5], "share", "2025-10-24T15:00:00+02:00", "ig-o3", None),
        ("o-7", people[6], "reaction", "2025-10-10T16:00:00+02:00", "ig-o1", None),
        ("o-8", people[7], "comment", "2025-10-25T10:00:00+02:00", "ig-o3", "See you there"),
    ]
    interactions = _frame(acts, ["interaction_id", "member_id", "kind", "created_at", "post_id", "text"], "instagram")
    members = _frame(list(FOLLOWERS), ["member_id", "followed_at"], "instagram")
    return {
        "posts": _times(posts, "published_at"),
        "interactions": _times(interactions, "created_at"),
        "members": _times(members, "followed_at"),
    }


def mastodon_tables() -> dict:
    """Two Mastodon interactions in October 2025 (no Mastodon follower data)."""
    acts = [
        ("m-1", "@reader@mastodon.social", "reaction", "2025-10-20T09:00:00+02:00", None, None),
        ("m-2", "@bibliofan@fosstodon.org", "mention", "2025-10-21T18:00:00+02:00", None, "@villa thanks for the list!"),
    ]
    interactions = _frame(acts, ["interaction_id", "member_id", "kind", "created_at", "post_id", "text"], "mastodon")
    return {"interactions": _times(interactions, "created_at")}


def partial_tables() -> dict:
    """The Mastodon follows recorded since October 2025 (7) and one widely boosted Mastodon post."""
    follows = [(f"@follower{i}@mastodon.social", f"2025-10-{i + 1:02d}T10:00:00+02:00") for i in range(7)]
    members = _frame(follows, ["member_id", "followed_at"], "mastodon")
    posts = _frame(
        [("mast-1", "2025-10-18T10:00:00+02:00", "text", "Our reading list for autumn", 290, 0, 0)],
        ["post_id", "published_at", "kind", "text", "reactions", "comments", "shares"],
        "mastodon",
    )
    return {"members": _times(members, "followed_at"), "posts": _times(posts, "published_at")}


TABLES = {"base": base_tables, "mastodon": mastodon_tables, "partial": partial_tables}


def write_csv(tables: dict, folder: Path) -> list[Path]:
    """The tables as canonical CSV files (ISO timestamps with offset), one per table."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, df in tables.items():
        frame = df.copy()
        for col in frame.columns:
            if isinstance(frame[col].dtype, pd.DatetimeTZDtype):
                frame[col] = frame[col].map(lambda t: "" if pd.isna(t) else t.isoformat())
        path = folder / f"{name}.csv"
        frame.to_csv(path, index=False)
        out.append(path)
    return out


def build(root, steps=STEPS):
    """Ingest the tables of ``steps`` (in order) into a store under ``root``; returns the Store."""
    from libcommunity.ingest import ingest_paths
    from libcommunity.store import Store

    root = Path(root)
    store = Store(root / "store")
    for step in steps:
        paths = write_csv(TABLES[step](), root / "csv" / step)
        ingest_paths(paths, account=ACCOUNT, store=store, timezone=TIMEZONE, lang="en")
    return store


def _report_text(store) -> str:
    from libcommunity.report import sections
    from libcommunity.report.build import build_report

    report = build_report(store, ACCOUNT, MONTH, lang="en")
    return "\n".join(section(report).text for section in sections.ALL)


def _network_text(store) -> str:
    from libcommunity.report import network_data
    from libcommunity.report.i18n import Translator
    from libcommunity.report.network import history_section

    return history_section(network_data.collect(store, MONTH, segments=False), Translator("en")).text


def main() -> None:  # pragma: no cover - a demonstration, run by hand against two versions
    import contextlib
    import io
    import os
    import tempfile

    from libcommunity.cli import main as cli
    from libcommunity.metrics import format_summary, monthly_summary, monthly_trend

    os.environ.setdefault("LIBCOMMUNITY_KEY", "own-data-demo")
    with tempfile.TemporaryDirectory() as tmp:
        for i, step in enumerate(STEPS):
            store = build(Path(tmp) / step, STEPS[: i + 1])
            print(f"== after '{step}' ==")
            s = monthly_summary(store, ACCOUNT, MONTH)
            print(format_summary(s))
            if step == "base":
                trend = monthly_trend(store, ACCOUNT, MONTH)
                print("trend engaged:", trend["engaged_members"].tolist())
                print("trend followers:", trend["followers_end"].tolist())
                text = _report_text(store)
                print("report:", [line for line in text.splitlines() if "Oct 2024" in line])
                print("network:", _network_text(store).replace("\n", " | "))
                for argv in (["metrics"], ["segment"]):
                    out, err = io.StringIO(), io.StringIO()
                    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                        code = cli([*argv, "--account", ACCOUNT, "--month", "2030-01", "--store", str(store.root)])
                    print(f"{argv[0]} --month 2030-01: exit {code}; {(out.getvalue() + err.getvalue()).strip()[:300]}")


if __name__ == "__main__":  # pragma: no cover
    main()
