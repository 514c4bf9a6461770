"""Raw captures on disk: one directory per collector run, written atomically.

Layout::

    data/raw/<account>/<platform>/
      .collect-state.json                 where the next run resumes (newest ids seen)
      <YYYYmmddTHHMMSSZ>/                 one run, complete
        0001-followers.json               a response body, exactly as returned
        .0001-followers.json.meta.json    the request: url, endpoint, params, fetched_at, link, library
      .<YYYYmmddTHHMMSSZ>.partial/        a run in progress (removed if it fails)

Hidden files are skipped by ``libcommunity ingest DIR``, so a raw directory
can be ingested as a whole.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import CollectError
from ..months import validate_account

__all__ = ["atomic_write", "RawRun", "CollectResult"]

_SLUG = re.compile(r"[^a-z0-9_.-]+")


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename (never a half-written file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass
class CollectResult:
    """What a collector run saved.

    Attributes
    ----------
    account, platform : str
    run_dir : Path
        The committed run directory.
    files : list of Path
        Response files of this run, in the order they were fetched.
    ingest_order : list of Path
        The files to ingest, in order: this run's snapshots first, then every
        saved notifications page of the account (oldest run first), so that
        exact times from notifications win over the lower bounds of lists.
    requests : int
        HTTP requests made.
    notes : list of str
    """

    account: str
    platform: str
    run_dir: Path
    files: list = field(default_factory=list)
    ingest_order: list = field(default_factory=list)
    requests: int = 0
    notes: list = field(default_factory=list)


class RawRun:
    """One collector run's raw directory.

    Parameters
    ----------
    root : path-like
        ``data/raw``.
    account : str
    platform : str
    now : pandas.Timestamp, optional
        The run's time (UTC); names the directory.
    """

    def __init__(self, root, account: str, platform: str, now: pd.Timestamp | None = None):
        validate_account(account)
        self.base = Path(root) / account / platform
        self.now = (now or pd.Timestamp.now(tz="UTC")).tz_convert("UTC")
        self.stamp = self.now.strftime("%Y%m%dT%H%M%SZ")
        self.staging = self.base / f".{self.stamp}.partial"
        self.final = self.base / self.stamp
        self.saved: list[str] = []
        self._seq = 0

    @property
    def state_path(self) -> Path:
        return self.base / ".collect-state.json"

    def state(self) -> dict:
        """The state the previous successful run left (``{}`` before the first run)."""
        if not self.state_path.exists():
            return {}
        try:
            return json.loads(self.state_path.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise CollectError(
                f"{self.state_path}: the collector state cannot be read ({exc}); delete it to start over"
            ) from None

    def start(self) -> "RawRun":
        if self.final.exists():
            raise CollectError(f"{self.final}: a run with this time already exists; wait a second and try again")
        self.base.mkdir(parents=True, exist_ok=True)
        # Leftovers of runs that were killed (a failed run removes its own): never data to keep.
        for stale in self.base.glob(".*.partial"):
            shutil.rmtree(stale, ignore_errors=True)
        self.staging.mkdir(parents=True)
        return self

    def save(self, slug: str, body: bytes, meta: dict) -> str:
        """Save one response body (bytes as received) and its request metadata; returns the file name."""
        self._seq += 1
        name = f"{self._seq:04d}-{_SLUG.sub('-', slug.lower()).strip('-')}.json"
        atomic_write(
            self.staging / f".{name}.meta.json",
            json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"),
        )
        atomic_write(self.staging / name, body)
        self.saved.append(name)
        return name

    def save_hidden(self, name: str, body: bytes) -> None:
        """Save a response that is not data to ingest (e.g. the account's own profile) as a hidden file."""
        atomic_write(self.staging / f".{name}", body)

    def commit(self, state: dict) -> Path:
        """Make the run visible (rename the staging directory) and record where the next run resumes."""
        _fsync_dir(self.staging)
        os.replace(self.staging, self.final)
        _fsync_dir(self.base)
        atomic_write(self.state_path, json.dumps(state, indent=1, sort_keys=True).encode("utf-8"))
        return self.final

    def abort(self) -> None:
        """Remove the staging directory of a failed run."""
        shutil.rmtree(self.staging, ignore_errors=True)

    def files(self) -> list[Path]:
        """This run's response files (committed), in fetch order."""
        return [self.final / n for n in self.saved]

    def history(self, suffix: str) -> list[Path]:
        """Response files named ``*-<suffix>.json`` of every committed run, oldest run first."""
        runs = sorted(p for p in self.base.iterdir() if p.is_dir() and not p.name.startswith("."))
        return [f for run in runs for f in sorted(run.glob(f"[0-9]*-{suffix}.json"))]
