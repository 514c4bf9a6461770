"""The labelled evaluation set: held-out figures at or above the documented ones, and the scoring helpers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from libcommunity.conversation.evaluate import evaluation_table, load_labelled, naive_rule, scores
from libcommunity.errors import InputError

from .conftest import REAL_DATA

LABELS = Path(__file__).parent / "data" / "conversation" / "labels.csv"
TEXTS = REAL_DATA / "conversation"

#: Held-out F1 documented in docs/conversation.md (classify, then the naive "contains ?" rule).
DOCUMENTED = {
    ("en", "needs_reply"): (0.877, 0.427),
    ("en", "complaint"): (0.800, 0.240),
    ("es", "needs_reply"): (0.893, 0.477),
    ("es", "complaint"): (0.773, 0.274),
    ("sv", "needs_reply"): (0.795, 0.253),
    ("sv", "complaint"): (0.768, 0.128),
}
#: Held-out F1 of classify per Swedish source, documented in docs/conversation.md.
DOCUMENTED_SV_SOURCES = {
    ("reviews_sv", "needs_reply"): 0.909,
    ("reviews_sv", "complaint"): 0.861,
    ("swe_sentiment", "needs_reply"): 0.640,
    ("swe_sentiment", "complaint"): 0.500,
    ("mozetic_sv", "needs_reply"): 0.667,
    ("mozetic_sv", "complaint"): 0.615,
}
#: Sources of the labels; each one has a row (with its licence) in tests/data/conversation/README.md.
SOURCES = {"twcs", "airline_es", "swe_sentiment", "mozetic_sv", "reviews_sv"}


@pytest.fixture(scope="module")
def labelled():
    if not (TEXTS / "texts_en.csv").is_file():
        pytest.skip(f"texts of the evaluation set are absent ({TEXTS}; see tests/data/conversation/README.md)")
    return load_labelled(LABELS, TEXTS)


def test_labels_file_is_consistent():
    labels = pd.read_csv(LABELS, dtype={"source_id": str}, keep_default_na=False)
    assert not labels.duplicated(["source", "source_id"]).any()
    assert set(labels["lang"]) == {"en", "es", "sv"} and set(labels["split"]) == {"tune", "heldout"}
    kept = labels[labels["excluded"] == ""]
    assert kept.groupby("lang").size().min() >= 180
    for kind in ("question", "request", "complaint", "praise"):
        assert set(kept[kind]) <= {0, 1}


def test_held_out_figures_stay_at_or_above_the_documented_ones(labelled):
    table = evaluation_table(labelled, "heldout").set_index(["lang", "target", "method"])
    for (lang, target), (ours, naive) in DOCUMENTED.items():
        assert table.loc[(lang, target, "classify"), "f1"] >= ours - 5e-4, (lang, target)
        assert table.loc[(lang, target, "naive"), "f1"] == pytest.approx(naive, abs=5e-4), (lang, target)


def test_held_out_figures_per_swedish_source(labelled):
    table = evaluation_table(labelled, "heldout", by_source=True).set_index(["lang", "source", "target", "method"])
    for (source, target), ours in DOCUMENTED_SV_SOURCES.items():
        assert table.loc[("sv", source, target, "classify"), "f1"] >= ours - 5e-4, (source, target)


def test_every_source_is_documented_with_its_licence():
    labels = pd.read_csv(LABELS, dtype={"source_id": str}, keep_default_na=False)
    assert set(labels["source"]) == SOURCES
    readme = (LABELS.parent / "README.md").read_text(encoding="utf-8")
    for source in SOURCES:
        row = next((line for line in readme.splitlines() if line.startswith(f"| `{source}` |")), None)
        assert row is not None, source
        assert row.rstrip().endswith("|") and len(row.split("|")) >= 7, source


def test_the_texts_are_the_ones_labelled(labelled, tmp_path):
    for lang in ("en", "es", "sv"):
        frame = pd.read_csv(TEXTS / f"texts_{lang}.csv", dtype=str, keep_default_na=False)
        if lang == "es":
            frame.loc[frame.index[0], "text"] += "!"
        frame.to_csv(tmp_path / f"texts_{lang}.csv", index=False)
    with pytest.raises(InputError, match="is not the one labelled"):
        load_labelled(LABELS, tmp_path)


def test_scores_against_hand_computed_values():
    truth = [True, True, True, False, False, False]
    pred = [True, True, False, True, False, False]
    s = scores(truth, pred)
    assert (s["tp"], s["fp"], s["fn"]) == (2, 1, 1)
    assert s["precision"] == pytest.approx(2 / 3) and s["recall"] == pytest.approx(2 / 3)
    assert s["f1"] == pytest.approx(2 / 3)
    empty = scores([False, False], [False, False])
    assert empty["precision"] is None and empty["recall"] is None and empty["f1"] is None


def test_naive_rule_is_the_question_mark():
    out = naive_rule(["¿Abrís?", "Gracias", None, "Why?", np.nan])
    assert out["needs_reply"].tolist() == [True, False, False, True, False]
