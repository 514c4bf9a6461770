"""Benchmark: ``conversation.classify`` of 10,000 member texts, per language, against two baselines.

Run ``python -m bench conversation`` (``--help`` for the options). Results
are printed and written as JSON to ``bench/results/conversation.json``; the
figures of ``docs/performance.md`` ("Conversation classifier") come from it.

The texts: member comments, mentions and messages of the demo's texts in
the language (every intended kind), each made distinct by a different
ending (a number, a hashtag, a second sentence from another text), so that
``classify``'s per-call cache of repeated texts does not help: every text is
matched against every pattern. A second run classifies the demo's texts as
they are (many repeats, as in a real month of comments).

Baselines, timed in the same run on the same texts:

* the naive rule, ``"?" in text`` for each text (what ``needs_reply`` would be
  without ``classify``);
* one plain regular-expression pass: a single compiled pattern (a question
  mark or one of a handful of request and complaint words) searched in each
  lower-cased text.

Each timing is the best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

import numpy as np

from libcommunity.conversation import LANGUAGES, classify
from libcommunity.demo.member_texts import MEMBER_TEXTS
from libcommunity.demo.texts import TEXTS

RESULTS = Path(__file__).parent / "results" / "conversation.json"
_PLAIN = re.compile(r"[?¿]|\b(?:please|por favor|snälla|not working|no funciona|fungerar inte|thanks|gracias|tack)\b")


def member_texts(lang: str) -> list[str]:
    """Every member text the demo can write in ``lang`` (formatted with a handle and a title)."""
    t = TEXTS[lang] | MEMBER_TEXTS[lang]
    pools = ["question", "mention_question", "message_question", "comment", "reply", "mention", "message", "ugc"]
    pools += ["question_plain", "request", "complaint", "comment_other"]
    title = t["books"][0][0]
    return [s.format(lib="@library", title=title, tags="#library") for p in pools for s in t[p]]


def distinct_texts(lang: str, n: int, seed: int = 0) -> list[str]:
    """``n`` different texts built from the demo's texts."""
    rng = np.random.default_rng(seed)
    base = member_texts(lang)
    first = rng.integers(0, len(base), n)
    second = rng.integers(0, len(base), n)
    style = rng.integers(0, 3, n)
    out = []
    for i, (a, b, k) in enumerate(zip(first, second, style)):
        if k == 0:
            out.append(f"{base[a]} {i}")
        elif k == 1:
            out.append(f"{base[a]} #{i:x}")
        else:
            out.append(f"{base[a]}. {base[b]} ({i})")
    assert len(set(out)) == n
    return out


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def run(n: int = 10_000, repeat: int = 5) -> dict:
    results = {"n": n, "repeat": repeat, "languages": {}}
    for lang in LANGUAGES:
        texts = distinct_texts(lang, n)
        repeated = [member_texts(lang)[i] for i in np.random.default_rng(1).integers(0, len(member_texts(lang)), n)]
        classify(texts[:10], lang)  # compile the language's patterns once, as any first call does
        row = {
            "classify_distinct_s": best_of(lambda: classify(texts, lang), repeat),
            "classify_repeated_s": best_of(lambda: classify(repeated, lang), repeat),
            "naive_question_mark_s": best_of(lambda: [("?" in t) for t in texts], repeat),
            "plain_regex_s": best_of(lambda: [_PLAIN.search(t.lower()) is not None for t in texts], repeat),
        }
        row["ratio_classify_to_plain_regex"] = row["classify_distinct_s"] / row["plain_regex_s"]
        row["ratio_classify_to_naive"] = row["classify_distinct_s"] / row["naive_question_mark_s"]
        results["languages"][lang] = row
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench conversation", description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="texts per language (default 10,000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per timing; the best is kept (default 5)")
    args = parser.parse_args(argv)
    results = run(args.n, args.repeat)
    print(f"{args.n:,} texts per language, best of {args.repeat}")
    for lang, row in results["languages"].items():
        print(
            f"{lang}: classify {row['classify_distinct_s']:.3f} s (distinct), {row['classify_repeated_s']:.3f} s (repeated);"
            f" naive {row['naive_question_mark_s'] * 1000:.1f} ms; plain regex {row['plain_regex_s'] * 1000:.1f} ms;"
            f" classify / plain regex {row['ratio_classify_to_plain_regex']:.1f}x"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0
