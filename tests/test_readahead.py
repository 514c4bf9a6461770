"""The next canonical file is read ahead of the main thread, deeper than within a file (readahead.py, loaders/streaming.Prefetch)."""

from __future__ import annotations

import threading

import pandas as pd

import libcommunity.readahead as readahead
from libcommunity.ingest import ingest_paths
from libcommunity.loaders import streaming
from libcommunity.store import Store
from tests.test_ingest_streaming import _dictionary_parquet, interactions_csv, row


def _wait_for(condition, seconds: float = 10.0) -> bool:
    """Poll ``condition`` until it holds (a guard against a hung thread, not a measure of time)."""
    done = threading.Event()
    for _ in range(int(seconds / 0.01)):
        if condition():
            return True
        done.wait(0.01)
    return condition()


def test_prefetch_depth_can_be_raised_and_lowered_while_it_produces():
    produced = []

    def items():
        for i in range(100):
            produced.append(i)
            yield i

    pipeline = streaming.Prefetch(items(), depth=5)
    try:
        assert pipeline.depth == 5
        # five items wait in the queue, a sixth is held by the producer until there is room
        assert _wait_for(lambda: len(produced) == 6)
        pipeline.depth = 2
        got = iter(pipeline)
        assert [next(got) for _ in range(4)] == [0, 1, 2, 3]
        # at depth 2 the producer refilled the queue to two items (4, 5) and holds a third (6)
        assert _wait_for(lambda: len(produced) == 7)
        assert not _wait_for(lambda: len(produced) > 7, seconds=0.3)
        assert next(got) == 4
        assert _wait_for(lambda: len(produced) == 8)  # item 6 took the free place, item 7 waits in the producer
        pipeline.depth = 10
        assert _wait_for(lambda: len(produced) == 16)  # items 5 to 14 in the queue, 15 in the producer
        assert list(got) == list(range(5, 100))
    finally:
        pipeline.close()


def test_a_file_read_ahead_goes_deeper_until_the_main_thread_takes_it(tmp_path, monkeypatch):
    monkeypatch.setattr(streaming, "BATCH_ROWS", 3)
    depths = []  # (file index, depth when the reading starts, depth when the main thread takes the file)
    real_pipeline, real_batches = readahead.ReadAhead._pipeline, readahead.ReadAhead.batches

    def pipeline(self, read, index, **kw):
        made = real_pipeline(self, read, index, **kw)
        made.file_index, made.started_depth = index, made.depth
        return made

    def batches(self, read, index):
        got = real_batches(self, read, index)
        depths.append((got.file_index, got.started_depth, got.depth))
        return got

    monkeypatch.setattr(readahead.ReadAhead, "_pipeline", pipeline)
    monkeypatch.setattr(readahead.ReadAhead, "batches", batches)
    first = interactions_csv(tmp_path / "a.csv", [row(i, member=f"@m{i % 5}") for i in range(8)])
    second = _dictionary_parquet(tmp_path / "b.parquet", ["comment"] * 11, ["x"] * 11)
    ahead = Store(tmp_path / "ahead")
    ingest_paths([first, second], account="lib", store=ahead)
    assert readahead.AHEAD_BATCHES > readahead.CURRENT_BATCHES
    assert depths == [(0, readahead.CURRENT_BATCHES, readahead.CURRENT_BATCHES),
                      (1, readahead.AHEAD_BATCHES, readahead.CURRENT_BATCHES)]
    # the store is the one of an ingest that reads nothing ahead
    monkeypatch.setattr(readahead.ReadAhead, "_start", lambda self, index: None)
    plain = Store(tmp_path / "plain")
    ingest_paths([first, second], account="lib", store=plain)
    pd.testing.assert_frame_equal(ahead.read("interactions"), plain.read("interactions"))
    pd.testing.assert_frame_equal(ahead.identities("lib"), plain.identities("lib"))
