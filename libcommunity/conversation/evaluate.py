"""Measuring the classifier on labelled texts: precision, recall, F1, and the naive "contains ?" rule.

The labelled evaluation set keeps its labels in the repository
(``tests/data/conversation/labels.csv``) and its texts beside the real-data
folder (``conversation/texts_<lang>.csv``), joined on ``source`` and
``source_id`` and checked against each label row's ``text_sha1``; see
``docs/conversation.md``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from .classify import LANGUAGES, classify

__all__ = ["KINDS", "scores", "naive_rule", "load_labelled", "evaluation_table"]

#: The labelled kinds; ``needs_reply`` is derived (question, request or complaint).
KINDS = ("question", "request", "complaint", "praise")


def scores(truth, predicted) -> dict:
    """Precision, recall and F1 of boolean predictions against boolean truth.

    Returns
    -------
    dict
        ``n``, ``positives``, ``tp``, ``fp``, ``fn``, ``precision``, ``recall``,
        ``f1`` (None where the denominator is zero).
    """
    truth = np.asarray(truth, dtype=bool)
    predicted = np.asarray(predicted, dtype=bool)
    tp = int((truth & predicted).sum())
    fp = int((~truth & predicted).sum())
    fn = int((truth & ~predicted).sum())
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else None
    return {"n": int(truth.size), "positives": int(truth.sum()), "tp": tp, "fp": fp, "fn": fn,
            "precision": precision, "recall": recall, "f1": f1}


def naive_rule(texts) -> pd.DataFrame:
    """The naive rule: a text needs a reply (and is a question) when it contains a question mark."""
    has_q = np.array([isinstance(t, str) and ("?" in t or "¿" in t) for t in texts], dtype=bool)
    return pd.DataFrame({"question": has_q, "request": False, "complaint": has_q, "praise": False, "needs_reply": has_q})


def load_labelled(labels_path, texts_dir) -> pd.DataFrame:
    """The labelled texts: label rows joined with their texts, excluded rows left out.

    Parameters
    ----------
    labels_path : path-like
        ``labels.csv``: ``lang, source, source_id, split, question, request, complaint, praise, excluded, text_sha1``.
    texts_dir : path-like
        Folder holding ``texts_<lang>.csv`` (``source, source_id, lang, text, corpus_label, split``).

    Raises
    ------
    InputError
        When a label row has no text or its text differs from the one labelled.
    """
    labels = pd.read_csv(labels_path, dtype={"source_id": str}, keep_default_na=False)
    texts = pd.concat(
        [pd.read_csv(Path(texts_dir) / f"texts_{lang}.csv", dtype=str, keep_default_na=False) for lang in LANGUAGES],
        ignore_index=True,
    )
    frame = labels.merge(texts[["source", "source_id", "text"]], on=["source", "source_id"], how="left")
    missing = frame["text"].isna()
    if missing.any():
        row = frame[missing].iloc[0]
        raise InputError(f"no text for {row['source']} {row['source_id']} in {texts_dir}", path=labels_path)
    sha = frame["text"].map(lambda t: hashlib.sha1(t.encode("utf-8")).hexdigest()[:12])
    changed = sha != frame["text_sha1"]
    if changed.any():
        row = frame[changed].iloc[0]
        raise InputError(f"text of {row['source']} {row['source_id']} is not the one labelled", path=labels_path)
    frame = frame[frame["excluded"] == ""].copy()
    for kind in KINDS:
        frame[kind] = frame[kind].astype(int).astype(bool)
    frame["needs_reply"] = frame["question"] | frame["request"] | frame["complaint"]
    return frame.reset_index(drop=True)


def evaluation_table(frame: pd.DataFrame, split: str = "heldout", by_source: bool = False) -> pd.DataFrame:
    """Per language, precision/recall/F1 of ``classify`` and of the naive rule on one split.

    Parameters
    ----------
    frame : pandas.DataFrame
        :func:`load_labelled`'s table.
    split : {"heldout", "tune"}
        The part of the set to score.
    by_source : bool
        Score each source of a language separately (a ``source`` column is added).

    Returns
    -------
    pandas.DataFrame
        Rows ``(lang, target, method)`` (and ``source``) for targets ``needs_reply``,
        ``complaint``, ``question``, ``request``, ``praise`` and methods ``classify``
        and ``naive``; columns of :func:`scores`.
    """
    rows = []
    for lang in LANGUAGES:
        part = frame[(frame["lang"] == lang) & (frame["split"] == split)]
        groups = part.groupby("source", sort=True) if by_source else [(None, part)]
        for source, group in groups:
            if group.empty:
                continue
            ours = classify(group["text"].tolist(), lang)
            naive = naive_rule(group["text"].tolist())
            where = {"lang": lang} if source is None else {"lang": lang, "source": source}
            for target in ("needs_reply", "complaint", "question", "request", "praise"):
                for method, pred in (("classify", ours), ("naive", naive)):
                    rows.append({**where, "target": target, "method": method,
                                 **scores(group[target].to_numpy(), pred[target].to_numpy())})
    return pd.DataFrame(rows)
