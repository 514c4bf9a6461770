"""Collectors: API captures saved exactly as returned under ``data/raw/<account>/``, then ingested.

* :func:`~libcommunity.collect.mastodon.collect_mastodon` (Mastodon.py)
* :func:`~libcommunity.collect.bluesky.collect_bluesky` (the atproto SDK)

Each run writes its responses into a hidden staging directory and renames it
to ``data/raw/<account>/<platform>/<UTC time>/`` only when every request
succeeded, so a run lands whole or not at all. Every response body is saved
byte for byte as the server sent it (``NNNN-<endpoint>.json``), with the
request that produced it beside it (``.NNNN-<endpoint>.json.meta.json``:
URL, parameters, time, Link header, the library's own account). Tokens,
passwords and session responses are never written.
"""

from .rawstore import CollectResult, RawRun, atomic_write

__all__ = ["CollectResult", "RawRun", "atomic_write", "DEFAULT_RAW"]

from ..constants import DEFAULT_RAW  # noqa: E402  (where raw captures go: data/raw)
