"""Identity-link suggestions against the demo's truth: precision and recall (``docs/metrics.md``, "Identity links").

Run ``python -m bench.links_eval`` to reproduce the table of the docs (the
demo's Stockholm library, seeds 42, 7 and 11; about 15 seconds each on two
cores); ``--seeds 42`` for one.

For each store, the account's **member identities** (a member row, or a member
interaction) are mapped to the demo's people (``people_truth.csv``, its
identifiers pseudonymised with the store's key). The **true links** are the
pairs of member identities of one person; those the links kept by hand
already join are left out. :func:`libcommunity.people.suggest.suggest_links`
then proposes groups of identities:

* **pair precision**: of the pairs of identities inside the suggestions, the
  share that are one person (the usual measure of entity resolution);
* **suggestion precision**: the share of suggestions whose identities are all
  one person;
* **recall**: of the true links not joined yet, the share that the hand-kept
  links and the suggestions join together (transitively, as accepting them
  would).

Both the suggestions as proposed (``accept = yes``: every rule but the
``low``-confidence user-name matches) and all of them are scored, and each
rule on its own.
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
from pathlib import Path

import pandas as pd

from libcommunity.people.suggest import IdentityGroups

__all__ = ["evaluate", "identity_truth", "member_identities", "DEMO_ACCOUNT", "SEEDS", "main"]

DEMO_ACCOUNT = "sodermalms-bibliotek"
SEEDS = (42, 7, 11)


def identity_truth(store, account: str, truth: pd.DataFrame) -> dict:
    """``{(platform, pseudonym): person}`` of the demo's ``people_truth`` rows of ``account``."""
    from libcommunity.pseudonym import Pseudonymizer, store_key

    pseudo = Pseudonymizer(store_key(store).key)
    rows = truth[truth["account"] == account]
    return {(p, pseudo(i, p)): person for p, i, person in zip(rows["platform"], rows["identifier"], rows["person"])}


def member_identities(store, account: str) -> set:
    """The account's member identities (a member row or a member interaction)."""
    from libcommunity.metrics import Scope

    with Scope(store, account) as scope:
        frame = scope.df("SELECT DISTINCT platform, member_id FROM lc_member_acts UNION SELECT platform, member_id FROM lc_members")
    return set(zip(frame["platform"], frame["member_id"]))


def _score(groups, who: dict, true_pairs: set, known: set, base: IdentityGroups) -> dict:
    good_pairs = pairs = good = 0
    for ids in groups:
        ok = True
        for a, b in itertools.combinations(sorted(ids), 2):
            pairs += 1
            same = who.get(a) is not None and who.get(a) == who.get(b)
            good_pairs += same
            ok &= same
        good += ok
    joined = IdentityGroups()
    joined.parent = dict(base.parent)
    for ids in groups:
        joined.join(ids)
    todo = true_pairs - known
    found = sum(1 for a, b in todo if joined.find(a) == joined.find(b))
    return {"suggestions": len(groups), "pairs": pairs,
            "pair_precision": good_pairs / pairs if pairs else None,
            "suggestion_precision": good / len(groups) if groups else None,
            "recall": found / len(todo) if todo else None}


def evaluate(store, account: str, truth: pd.DataFrame) -> dict:
    """Scores of ``suggest_links`` on ``account`` of ``store`` against ``truth`` (see the module docstring).

    Returns
    -------
    dict
        ``true_links`` (pairs not joined yet), ``known_links`` (joined by hand),
        ``proposed`` and ``all`` (scores of the suggestions with ``accept = yes``
        and of all of them) and ``rules`` (``{rule: scores}``, pair precision
        and counts of each rule's suggestions alone).
    """
    from libcommunity.people.links import read_links
    from libcommunity.people.suggest import suggest_links

    who = identity_truth(store, account, truth)
    members = member_identities(store, account)
    by_person: dict = {}
    for ident in members:
        if ident in who:
            by_person.setdefault(who[ident], []).append(ident)
    true_pairs = {tuple(sorted(p)) for ids in by_person.values() for p in itertools.combinations(ids, 2)}
    base = IdentityGroups()
    for _, g in read_links(store, account).groupby("person_id"):
        base.join(zip(g["platform"], g["member_id"]))
    known = {p for p in true_pairs if base.find(p[0]) == base.find(p[1])}
    sug = suggest_links(store, account)
    groups = {n: (g["rule"].iloc[0], g["accept"].iloc[0], list(zip(g["platform"], g["member"]))) for n, g in sug.groupby("suggestion")}
    out = {
        "true_links": len(true_pairs - known),
        "known_links": len(known),
        "proposed": _score([ids for _, a, ids in groups.values() if a == "yes"], who, true_pairs, known, base),
        "all": _score([ids for *_, ids in groups.values()], who, true_pairs, known, base),
        "rules": {},
    }
    for rule in sorted({r for r, *_ in groups.values()}):
        for accept in ("yes", "no"):
            chosen = [ids for r, a, ids in groups.values() if r == rule and a == accept]
            if chosen:
                name = rule if accept == "yes" else f"{rule} (low, accept=no)"
                out["rules"][name] = _score(chosen, who, true_pairs, known, base)
    return out


def _build(seed: int, root: Path):
    from libcommunity.demo import DEMO_ACCOUNTS, build_store

    spec = next(s for s in DEMO_ACCOUNTS if s.account == DEMO_ACCOUNT)
    built = build_store(root / "store", accounts=[spec], seed=seed, sample=root / "sample")
    return built.store, pd.read_csv(root / "sample" / "people_truth.csv", dtype=str)


def _fmt(x):
    return "–" if x is None else f"{x:.3f}" if isinstance(x, float) else str(x)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=list(SEEDS))
    args = parser.parse_args(argv)
    lines = ["| seed | true links (known) | suggestions proposed / all | pair precision proposed / all | "
             "suggestion precision proposed / all | recall proposed / all |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    rules: dict = {}
    for seed in args.seeds:
        with tempfile.TemporaryDirectory(prefix="links-eval-") as tmp:
            store, truth = _build(seed, Path(tmp))
            r = evaluate(store, DEMO_ACCOUNT, truth)
        p, a = r["proposed"], r["all"]
        lines.append(f"| {seed} | {r['true_links']} ({r['known_links']}) | {p['suggestions']} / {a['suggestions']} | "
                     f"{_fmt(p['pair_precision'])} / {_fmt(a['pair_precision'])} | "
                     f"{_fmt(p['suggestion_precision'])} / {_fmt(a['suggestion_precision'])} | "
                     f"{_fmt(p['recall'])} / {_fmt(a['recall'])} |")
        for rule, s in r["rules"].items():
            rules.setdefault(rule, []).append(s)
    print("\n".join(lines))
    print("\n| rule | suggestions | pair precision | suggestion precision |\n| --- | ---: | ---: | ---: |")
    for rule, scores in rules.items():
        n = sum(s["suggestions"] for s in scores)
        pairs = sum(s["pairs"] for s in scores)
        pp = sum((s["pair_precision"] or 0) * s["pairs"] for s in scores) / pairs if pairs else None
        sp = sum((s["suggestion_precision"] or 0) * s["suggestions"] for s in scores) / n if n else None
        print(f"| {rule} | {n} | {_fmt(pp)} | {_fmt(sp)} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
