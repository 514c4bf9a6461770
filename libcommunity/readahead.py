"""An ingest's canonical files read in a thread, one file ahead of the main thread (:func:`libcommunity.ingest.ingest_paths`).

:func:`prepared_batches` is what the reading thread does with each typed batch
(:meth:`~libcommunity.staging.IngestStaging.prepare`); :class:`ReadAhead`
runs it for every canonical file, starting on the next file as soon as the
current one's batches are all produced.
"""

from __future__ import annotations

import threading

from .loaders import read_file
from .loaders.streaming import Prefetch, is_restart
from .staging import IngestStaging

__all__ = ["ReadAhead", "prepared_batches", "AHEAD_BATCHES", "CURRENT_BATCHES"]

#: Batches a file opened ahead may have read and prepared before the main thread reaches it. In the usual canonical
#: ingest the main thread then pseudonymises the members file (about a second of HMAC for a million members, with
#: the second core otherwise idle): the interactions' first batches are read, typed and prepared meanwhile, about
#: 40 MB each for 524,288 interactions.
AHEAD_BATCHES = 8
#: Batches read ahead of the main thread within the file it works on (the reading thread then keeps pace with it).
CURRENT_BATCHES = 2


def prepared_batches(staging: IngestStaging, table: str, batches):
    """``(batch, prepared)`` for each of ``batches``: what staging does before pseudonyms (:meth:`IngestStaging.prepare`).

    Run by :func:`~libcommunity.loaders.streaming.prefetched` in the reading
    thread, so that it overlaps with the main thread's work on the batch before.
    """
    for batch in batches:
        yield batch, None if is_restart(batch) else staging.prepare(table, batch.table)


class ReadAhead:
    """The reading of an ingest's canonical files, one file ahead: the next file is opened and its first batches
    (up to :data:`AHEAD_BATCHES`) read and prepared (:meth:`IngestStaging.prepare`) while the main thread still
    works on this file's last ones; once the main thread takes the file, the reading stays :data:`CURRENT_BATCHES`
    ahead of it.

    The reading thread of a file, once it has produced every batch, opens the
    next file when it is a canonical stream (:func:`~libcommunity.loaders.reading.is_stream`)
    and starts reading it; a file that cannot be opened is left for the main
    loop, which opens it again in its turn and reports what is wrong then.
    Batches are prepared in file order, as without reading ahead.
    """

    def __init__(self, staging: IngestStaging, files: list, ctx, format):
        self.staging, self.files, self.ctx, self.format = staging, files, ctx, format
        self._lock = threading.Lock()
        self._started: dict = {}  # index -> (FileRead, Prefetch) of a file opened ahead
        self._pipelines: list = []  # every Prefetch started, closed by close()
        self._closed = False

    def opened(self, index: int):
        """The FileRead of file ``index`` if it was opened ahead, else None."""
        with self._lock:
            started = self._started.get(index)
        return started[0] if started is not None else None

    def batches(self, read, index: int):
        """``(batch, prepared)`` of file ``index`` (``read``: its stream), read ahead if it was."""
        with self._lock:
            started = self._started.pop(index, None)
        if started is not None and started[0] is read:
            started[1].depth = CURRENT_BATCHES  # the batches already read stay; no more than that are read ahead
            return started[1]
        return self._pipeline(read, index)

    def _pipeline(self, read, index: int, depth: int = CURRENT_BATCHES):
        pipeline = Prefetch(prepared_batches(self.staging, read.stream.spec.name, read.stream.batches()),
                            depth=depth, then=lambda: self._start(index + 1))
        with self._lock:
            self._pipelines.append(pipeline)
            closed = self._closed
        if closed:
            pipeline.close()
        return pipeline

    def _start(self, index: int) -> None:
        """Open file ``index`` and start reading it (in the reading thread of the file before it)."""
        from .loaders.reading import is_stream

        with self._lock:
            if self._closed or index >= len(self.files) or index in self._started:
                return
        try:
            if not is_stream(self.files[index], format=self.format):
                return
            read = read_file(self.files[index], self.ctx, format=self.format)
        except Exception:  # reported by the main loop, in its turn
            return
        pipeline = self._pipeline(read, index, depth=AHEAD_BATCHES)
        with self._lock:
            self._started[index] = (read, pipeline)

    def close(self) -> None:
        """Stop every reading thread (after an error: the files ahead are not read)."""
        with self._lock:
            self._closed = True
            pipelines, self._pipelines = self._pipelines, []
            self._started.clear()
        for pipeline in pipelines:
            pipeline.close()
