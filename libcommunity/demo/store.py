"""The demo in a store: simulated accounts ingested through the real path, and their truth by pseudonym.

:func:`build_store` is the one way a simulated store is made: by ``libcommunity
demo``, by the tests and by the benchmarks. It writes the accounts as canonical
CSV (:func:`~libcommunity.demo.write.write_demo`) and ingests each account's
folder exactly as ``libcommunity ingest`` would (loaders, validation,
pseudonyms, one store transaction per account); the ground truth stays with
the simulated accounts it returns. :func:`truth_frame` maps that truth onto
the store's pseudonyms.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..ingest import ingest_paths
from ..months import parse_month
from ..store import Store
from .accounts import DEMO_ACCOUNTS
from .members import SEGMENTS
from .simulate import library_handles
from .write import people_paths, write_demo

__all__ = ["DemoStore", "build_store", "truth_frame", "NOT_MEMBER"]

#: Label of people who are not members of a window in :func:`truth_frame`.
NOT_MEMBER = "not_a_member"


@dataclass
class DemoStore:
    """A store built from simulated accounts.

    Attributes
    ----------
    store : Store
    demos : dict
        ``{account: DemoAccount}``: the simulated tables and the ground truth.
    sample : Path or None
        Where the canonical CSV were written (None: a temporary folder, removed).
    ingested : dict
        ``{account: IngestReport}``.
    """

    store: Store
    demos: dict = field(default_factory=dict)
    sample: Path | None = None
    ingested: dict = field(default_factory=dict)


def build_store(store, *, accounts=DEMO_ACCOUNTS, seed: int = 42, sample=None, log=None) -> DemoStore:
    """Simulate ``accounts`` and ingest them into ``store`` through the ordinary ingest path.

    Parameters
    ----------
    store : Store or path-like
        The store to ingest into (created by the first write).
    accounts : sequence of AccountSpec, default DEMO_ACCOUNTS
        The accounts to simulate (distinct slugs).
    seed : int, default 42
        Random seed: the same seed gives the same store.
    sample : path-like, optional
        Keep the canonical CSV here (``<sample>/<account>/*.csv``, ``accounts.json``,
        ``ground_truth.csv``); by default they go to a temporary folder.
    log : callable, optional
        Called with one line per ingested account.

    Returns
    -------
    DemoStore
    """
    store = store if isinstance(store, Store) else Store(store)
    accounts = list(accounts)
    with tempfile.TemporaryDirectory(prefix="libcommunity-demo-") as tmp:
        folder = Path(sample) if sample is not None else Path(tmp)
        demos = write_demo(folder, seed, accounts)
        built = DemoStore(store, {d.spec.account: d for d in demos}, None if sample is None else folder)
        for spec in accounts:
            people = built.demos[spec.account].people
            if people is not None and people.profiles:
                # The followers' profiles first: the canonical members rows ingested next keep their own values.
                profiles = [people_paths(folder, spec.account)["profiles"] / "followers.json"]
                ingest_paths(profiles, account=spec.account, store=store, platform=spec.platform,
                             timezone=spec.timezone, lang=spec.lang, handles=library_handles(spec))
            files = sorted((folder / spec.account).glob("*.csv"))
            report = ingest_paths(files, account=spec.account, store=store, platform=spec.platform,
                                  timezone=spec.timezone, lang=spec.lang, handles=library_handles(spec))
            built.ingested[spec.account] = report
            if log is not None:
                counts = ", ".join(f"{t} +{c['new']}" for t, c in report.tables.items())
                log(f"{spec.account} ({spec.platform}, {spec.timezone}): {counts}")
            if people is not None:
                _ingest_people(store, folder, spec, people, log)
    return built


def _ingest_people(store, folder: Path, spec, people, log) -> None:
    """Ingest an account's second platform and offline lists, and link the people the library knows by hand."""
    from ..people.linkfile import read_link_file
    from ..people.linking import link_groups
    paths = people_paths(folder, spec.account)
    second = people.second.spec.platform
    for files, platform in ((sorted(paths["second"].glob("*.csv")), second), (sorted(paths["offline"].glob("*.csv")), None)):
        report = ingest_paths(files, account=spec.account, store=store, platform=platform, timezone=spec.timezone)
        if log is not None:
            counts = ", ".join(f"{t} +{c['new']}" for t, c in report.tables.items())
            log(f"{spec.account} ({platform or 'attendance lists and survey'}): {counts}")
    if people.second_profiles:  # who is who on the second platform: DIDs beside handles, accounts descriptions name
        ingest_paths([paths["second_profiles"]], account=spec.account, store=store, platform=second,
                     timezone=spec.timezone)
    linked = link_groups(store, spec.account, read_link_file(paths["links"]).groups)
    if log is not None:
        log(f"{spec.account}: {linked.after[0]} identities linked by hand into {linked.after[1]} people")


def truth_frame(store, demo, month, *, window_months: int = 3, kind: str = "window") -> pd.DataFrame:
    """The demo's truth for report ``month`` by pseudonym: ``member``, ``truth``, ``persona``.

    Parameters
    ----------
    store : Store
        The store the demo was ingested into (for the pseudonyms).
    demo : DemoAccount
    month : str or Month
    window_months : int
        Months of the features' window.
    kind : {"window", "month"}
        ``"window"``: the most engaged segment the person was in during the
        window's months (what the window's behaviour shows); ``"month"``: the
        segment in the report month alone.

    People who neither follow at the month's end nor were active or
    ambassadors in it (in the window, for ``kind="window"``), and the
    library's staff, are :data:`NOT_MEMBER`.
    """
    if kind not in ("window", "month"):
        raise ValueError(f"kind must be 'window' or 'month'; got {kind!r} instead")
    account = demo.spec.account
    m = parse_month(month)
    months = [str(m.shift(-i)) for i in range(window_months if kind == "window" else 1)]
    gt = demo.ground_truth
    gt = gt[gt["month"].isin(months)]
    rank = {s: i for i, s in enumerate(SEGMENTS)}
    per = gt.assign(_rank=gt["segment"].map(rank)).groupby("handle", sort=True)
    best = per["_rank"].max()
    persona = gt[gt["month"] == str(m)].set_index("handle")["persona"].reindex(best.index)
    following = gt[gt["month"] == str(m)].set_index("handle")["following"].reindex(best.index).fillna(False).astype(bool)
    segment = np.array(SEGMENTS, dtype=object)[best.to_numpy()]
    staff = set(demo.members.loc[demo.members["is_staff"].astype(bool), "member_id"])
    in_community = (following.to_numpy() | (segment != SEGMENTS[0])) & ~best.index.isin(staff)
    ids = store.identities(account)
    handle_to_member = dict(zip(ids["handle"], ids["member_id"]))
    out = pd.DataFrame(
        {
            "member": best.index.map(handle_to_member),
            "truth": np.where(in_community, segment, NOT_MEMBER),
            "persona": persona.to_numpy(),
        }
    )
    # a person never seen in the store (no row anywhere) has no pseudonym: they cannot be a member
    return out[out["member"].notna()].reset_index(drop=True)
