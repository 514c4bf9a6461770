"""``libcommunity link --suggest``: identities that are probably one person, with the evidence.

Suggestions are made from what the store holds (pseudonyms, the sightings
ingest recorded, and, read internally only, the handles of the identities
table), never written by themselves: ``--accept FILE`` writes the ones a
person confirmed. Each suggestion is a group of two or more identities of
the account's members (a member row, or a member interaction) that are not
one person yet, with the rule that proposed it:

``same-email`` / ``same-card``
    The identities were given on rows that share an e-mail address or a
    library card number: a survey response with a handle and the address, an
    attendance list signed with the address (the address's own identity),
    another list with the handle and the address. Identities joined through
    such rows form one group, unless the group would hold two handles of one
    platform (a shared family address): then nothing is suggested for it.
``same-name``
    A name written on attendance lists beside identities that can be one
    person: at most one e-mail address, one card number and one handle per
    platform among them (with the name's own identity, where a list was
    signed with the name alone). A name seen beside two addresses, two card
    numbers or two handles of one platform suggests nothing: it may be two
    people.
``same-handle``
    The same user name on two platforms (:func:`~libcommunity.people.identifiers.handle_stem`:
    ``anna_berg@mastodon.nu`` and ``anna-berg.bsky.social``), where the name
    is held by one member on each platform and is at least
    :data:`MIN_STEM` characters long (short names are shared by many people).
    Confidence ``medium`` when both identities took part in the library's
    conversation (anything besides following) or the name holds a digit;
    otherwise ``low``: two people who only follow can share a common first
    name and surname by chance, so these are proposed with ``accept`` set to
    ``no`` (set it to ``yes`` for the ones you can confirm).
``profile``
    A Mastodon or Bluesky profile (its fields or description, read at
    ingest) names the other account. A Bluesky profile is read by its DID and
    may name a Bluesky account by its handle; ingest links the two
    identities of one Bluesky account, so either stands for the other, on
    both sides of the suggestion.

Precision and recall on the demo's truth are in ``docs/metrics.md``
("Identity links").
"""

from __future__ import annotations

import pandas as pd

from .identifiers import OFFLINE_PLATFORM, handle_stem, kind_of_handle

__all__ = ["suggest_links", "SUGGESTION_COLUMNS", "RULES", "MIN_STEM", "IdentityGroups"]

#: Rules, strongest first, with the confidence shown beside their suggestions (``same-handle`` may be ``low``).
RULES = {"same-email": "high", "same-card": "high", "profile": "high", "same-name": "medium", "same-handle": "medium"}
#: Shortest handle stem the ``same-handle`` rule uses.
MIN_STEM = 6
#: Columns of :func:`suggest_links` (``handle`` follows ``member`` with ``reveal``).
SUGGESTION_COLUMNS = ("suggestion", "platform", "member", "rule", "confidence", "evidence", "accept")
_STRONG = ("email", "card", "handle")
_CONTEXT_WORDS = {"survey": "a survey response", "event": "an attendance list", "profile": "a profile"}


class IdentityGroups:
    """Union-find over identities (also used by the evaluation in ``bench/links_eval.py``)."""

    def __init__(self):
        self.parent: dict = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def join(self, ids) -> None:
        """Put every identity of ``ids`` in one group."""
        ids = list(ids)
        for x in ids[1:]:
            self.union(ids[0], x)

    def components(self) -> dict:
        out: dict = {}
        for x in list(self.parent):
            out.setdefault(self.find(x), set()).add(x)
        return out


def _inputs(scope):
    """Member identities, every identity's handle and kind, sightings and current persons of the scope's account."""
    members = scope.df(
        "SELECT DISTINCT platform, member_id FROM lc_member_acts UNION SELECT platform, member_id FROM lc_members"
    )
    member_set = set(zip(members["platform"], members["member_id"]))
    took_part = scope.df(
        "SELECT DISTINCT platform, member_id FROM lc_member_acts WHERE kind NOT IN ('follow', 'unfollow')"
    )
    took_part = set(zip(took_part["platform"], took_part["member_id"]))
    ids = scope.identities()
    handles = dict(zip(zip(ids["platform"], ids["member_id"]), ids["handle"]))
    sightings = scope.df(
        "SELECT platform, member_id, seen_platform, seen_id, kind, context FROM sightings WHERE account = $account",
        {"account": scope.account},
    )
    links = scope.df("SELECT platform, member_id, person_id FROM links WHERE account = $account", {"account": scope.account})
    person = {(p, m): pid for p, m, pid in links.itertuples(index=False)}
    return member_set, took_part, handles, sightings, person


def _kind(handles: dict, identity) -> str:
    return kind_of_handle(identity[0], handles.get(identity, ""))


def _strong_groups(member_set, handles, sightings, person):
    """Groups joined by sightings of e-mail addresses, card numbers and handles (not names); their evidence."""
    groups = IdentityGroups()
    contexts: dict = {}
    for p, m, sp, s, kind, ctx in sightings.itertuples(index=False):
        if kind not in _STRONG or ctx == "profile":
            continue
        a, b = (p, m), (sp, s)
        groups.union(a, b)
        for ident in (a, b):
            k = _kind(handles, ident)
            if k in ("email", "card"):
                contexts.setdefault(ident, set()).add(ctx)
    for ident in member_set:
        if _kind(handles, ident) in ("email", "card"):
            groups.find(ident)
            contexts.setdefault(ident, set())
    out = []
    for comp in groups.components().values():
        on_platform: dict = {}
        for ident in comp:
            if ident[0] != OFFLINE_PLATFORM:
                on_platform.setdefault(ident[0], set()).add(ident)
        if any(len(v) > 1 for v in on_platform.values()):
            continue  # two handles of one platform share an address: a family's address, not one person
        shared = sorted((_kind(handles, i), sorted(contexts.get(i, ()))) for i in comp if i in contexts)
        out.append((comp, shared))
    return out


def _contradicts(group, handles) -> bool:
    """Whether ``group`` holds two e-mail addresses, two card numbers or two handles of one platform (two people)."""
    seen = set()
    for ident in group:
        kind = _kind(handles, ident)
        key = (kind, ident[0]) if kind == "handle" else (kind,)
        if kind == "name":
            continue
        if key in seen:
            return True
        seen.add(key)
    return False


def _evidence_strong(shared) -> tuple[str, str]:
    kinds = {k for k, _ in shared}
    rule = "same-email" if "email" in kinds else "same-card"
    parts = []
    for k, ctxs in shared:
        what = "e-mail address" if k == "email" else "library card number"
        where = sorted(_CONTEXT_WORDS.get(c, c) for c in ctxs)
        parts.append(f"the same {what} given on {' and on '.join(where)}" if where else f"the same {what}")
    return rule, "; ".join(dict.fromkeys(parts))


def suggest_links(store, account: str, *, reveal: bool = False, min_stem: int = MIN_STEM) -> pd.DataFrame:
    """Proposed links of ``account`` (see the module docstring).

    Parameters
    ----------
    store : Store, snapshot or Scope
    account : str
    reveal : bool, default False
        Add ``handle`` (the identifier as ingested) after ``member``; the
        evidence then names the handle a ``same-handle`` suggestion shares.
    min_stem : int, default MIN_STEM
        Shortest user name the ``same-handle`` rule trusts.

    Returns
    -------
    DataFrame
        :data:`SUGGESTION_COLUMNS`, one row per identity of each suggestion
        (``suggestion`` numbers them from 1), most confident first;
        ``accept`` is ``yes`` (``no`` for ``low`` confidence): change it
        where you know better before passing the file to ``--accept``.
    """
    from ..metrics.scope import open_scope

    with open_scope(store, account) as scope:
        scope.info  # noqa: B018 - the account exists
        member_set, took_part, handles, sightings, person = _inputs(scope)
    found = []  # (rule, members (set), evidence[, confidence])
    placed: dict = {}
    for comp, shared in _strong_groups(member_set, handles, sightings, person):
        mem = {i for i in comp if i in member_set}
        for i in comp:
            placed[i] = frozenset(mem)
        if len(mem) >= 2 and shared:
            rule, evidence = _evidence_strong(shared)
            found.append((rule, mem, evidence))
    # A name written beside the identities of one person only (several groups, if they never contradict each other).
    names: dict = {}
    for p, m, sp, s, kind, ctx in sightings.itertuples(index=False):
        if kind == "name":
            names.setdefault((sp, s), set()).add(placed.get((p, m), frozenset({(p, m)} & member_set)))
    for name_id, beside in names.items():
        group = set().union(*beside) | ({name_id} & member_set)
        if len(group) >= 2 and not _contradicts(group, handles):
            found.append(("same-name", group,
                          "the same name on attendance lists, beside no other person's identifiers"))
    # The same user name on two platforms.
    stems: dict = {}
    for ident in member_set:
        if ident[0] == OFFLINE_PLATFORM or ident not in handles:
            continue
        stem = handle_stem(handles[ident], ident[0])
        if stem is not None and len(stem) >= min_stem:
            stems.setdefault(stem, {}).setdefault(ident[0], []).append(ident)
    for stem, by_platform in stems.items():
        single = sorted(v[0] for v in by_platform.values() if len(v) == 1)
        if len(single) >= 2 and len(single) == len(by_platform):
            shown = f" ({stem!r})" if reveal else ""
            active = all(i in took_part for i in single)
            confidence = "medium" if active or any(c.isdigit() for c in stem) else "low"
            why = "both took part" if active else "with a digit" if confidence == "medium" else "neither or one took part"
            found.append(("same-handle", set(single),
                          f"the same user name{shown} on {' and '.join(i[0] for i in single)} ({why})", confidence))
    # A profile naming the other account (a Bluesky handle stands for its DID's identity: the same person).
    same_person: dict = {}
    for ident, pid in person.items():
        same_person.setdefault(pid, set()).add(ident)

    def as_members(ident) -> set:
        return ({ident} | same_person.get(person.get(ident), set())) & member_set

    for p, m, sp, s, kind, ctx in sightings.itertuples(index=False):
        if ctx != "profile":
            continue
        owner, named = as_members((p, m)), as_members((sp, s))
        if owner and named:
            found.append(("profile", owner | named, f"the {p} profile names this {sp} account"))
    return _frame(found, person, handles if reveal else None)


def _frame(found, person: dict, handles) -> pd.DataFrame:
    order = list(RULES)
    rows, seen, covered, n = [], set(), [], 0
    levels = ("high", "medium", "low")
    found = [(f[0], f[1], f[2], f[3] if len(f) > 3 else RULES[f[0]]) for f in found]
    for rule, members, evidence, confidence in sorted(found, key=lambda f: (levels.index(f[3]), order.index(f[0]), sorted(f[1]))):
        people = {person.get(i, i) for i in members}
        key = frozenset(members)
        if len(people) < 2 or key in seen or any(key <= c for c in covered):
            continue  # already one person, or within a group a stronger rule suggested
        seen.add(key)
        covered.append(key)
        n += 1
        for platform, member in sorted(members):
            row = {"suggestion": n, "platform": platform, "member": member}
            if handles is not None:
                row["handle"] = handles.get((platform, member))
            rows.append({**row, "rule": rule, "confidence": confidence, "evidence": evidence,
                         "accept": "no" if confidence == "low" else "yes"})
    columns = list(SUGGESTION_COLUMNS)
    if handles is not None:
        columns.insert(columns.index("member") + 1, "handle")
    out = pd.DataFrame(rows, columns=columns)
    out["suggestion"] = out["suggestion"].astype("int64")
    for c in columns[1:]:
        out[c] = out[c].astype("string")
    return out
