"""One library's people across two platforms and on paper: the demo's cross-platform structure and who is who.

For the accounts of :data:`CROSS_PLATFORM` (the Stockholm library), the demo
adds, each from its own random generators (seeded from ``(seed, account,
"people:...")``) so that nothing the account's primary platform simulated
changes:

* **a second platform** (Bluesky): a community of its own, simulated like any
  demo account; some of its people are people of the first platform too
  (*twins*), chosen with a preference for the engaged and paired with people
  of a similar engagement there. Most twins reuse their user name
  (``@erik_berg@mastodon.nu`` is ``erik-berg.bsky.social``), the others do not.
  Attendance on the second platform is on paper (below), so its own event
  rows are left out;
* **attendance lists** of the library's own programme (book club, language
  café, author evenings): people sign with their name, usually an e-mail
  address, sometimes their library card number instead, and sometimes their
  handle. The attendees are online people of either platform (the engaged
  more likely) and people known only offline;
* **a reader survey** (a Google Forms export) in the survey months: an e-mail
  address always, a handle and its platform when the respondent gave one;
* **the first platform's followers as its API lists them**: their profiles;
  twins who did not reuse their user name often name their other account
  there (a field, or "also on Bluesky: ..."), and a few profiles mention
  someone else's account in passing;
* **the second platform's profiles** (Bluesky ``getProfiles`` of the people
  the library has seen there): the same habits in their descriptions, and
  each DID beside its handle (:mod:`libcommunity.demo.profiles`);
* **links the library keeps by hand**: some of the people with several
  identities, as ``libcommunity link`` reads them;
* **the truth** (``people_truth.csv``): every identity of every person of the
  account (``account, person, kind, platform, identifier``), what
  ``link --suggest`` is measured against.

Names are unique among the people the lists and survey name (a real list may
repeat a name; suggestions then propose no link for it).
"""

from __future__ import annotations

import dataclasses
import zlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .names import FIRST_NAMES, SURNAMES, _ascii, _styled
from .profiles import followers_capture, second_profiles_capture
from .timeline import local_to_utc

__all__ = ["CROSS_PLATFORM", "CrossPlatform", "DemoPeople", "simulate_people", "TRUTH_COLUMNS"]

#: Columns of ``people_truth.csv``.
TRUTH_COLUMNS = ("account", "person", "kind", "platform", "identifier")


@dataclass(frozen=True)
class CrossPlatform:
    """The people structure of one demo account.

    Parameters
    ----------
    platform : str
        The second platform.
    followers : int
        Its follower count at the end of the range.
    shape : str
        Its participation shape.
    twin_share : float
        Share of the second platform's people who are people of the first too.
    same_handle : float
        Share of twins who reuse their user name.
    online_attendees, offline_attendees : int
        People of the attendance lists: online people (either platform) and people known only offline.
    known_share : float
        Share of people with several identities the library links by hand.
    """

    platform: str
    followers: int
    shape: str = "typical"
    twin_share: float = 0.45
    same_handle: float = 0.6
    online_attendees: int = 150
    offline_attendees: int = 70
    known_share: float = 0.2


#: The demo accounts with a second platform, attendance lists and a reader survey.
CROSS_PLATFORM = {"sodermalms-bibliotek": CrossPlatform("bluesky", 700)}

_EVENTS = {
    "sv": (("Bokcirkel", 1, 18), ("Språkcafé", 3, 17), ("Språkcafé", 17, 17), ("Författarkväll", 24, 18)),
    "es": (("Club de lectura", 1, 18), ("Café de idiomas", 3, 17), ("Café de idiomas", 17, 17), ("Encuentro con autor", 24, 18)),
    "en": (("Book club", 1, 18), ("Language café", 3, 17), ("Language café", 17, 17), ("Author evening", 24, 18)),
}
_DOMAINS = ("gmail.com", "hotmail.com", "outlook.com", "yahoo.com", "icloud.com", "protonmail.com")
_LOCAL_DOMAINS = {"sv": ("telia.com", "live.se", "bredband.net"), "es": ("telefonica.net", "hotmail.es"), "en": ("btinternet.com",)}
_SURVEY = {
    "sv": ("Läsarenkät", "Tidstämpel", "E-postadress", "Användarnamn", "Plattform", "Hur nöjd är du med biblioteket?"),
    "es": ("Encuesta de lectores", "Marca temporal", "Dirección de correo electrónico", "Nombre de usuario", "Plataforma",
           "¿Qué tal la biblioteca?"),
    "en": ("Reader survey", "Timestamp", "Email Address", "Username", "Platform", "How satisfied are you with the library?"),
}
_ANSWERS = ("5", "4", "4", "3", "5")
#: How the survey tool writes its timestamps in each language.
_STAMP = {"sv": "%Y-%m-%d %H:%M:%S", "es": "%d/%m/%Y %H:%M:%S", "en": "%m/%d/%Y %H:%M:%S"}


@dataclass(frozen=True)
class DemoPeople:
    """The cross-platform structure of one demo account (see the module docstring).

    Attributes
    ----------
    second : DemoAccount
        The second platform's tables (original handles; twins' reused names in place).
    attendance : DataFrame
        Attendance-list rows as written (``Event, Date, Name, E-mail, Library card, Handle, Platform``).
    survey : DataFrame
        The survey export's rows as written.
    known : DataFrame
        The links the library keeps by hand (``person, platform, handle, email, card, name``).
    truth : DataFrame
        :data:`TRUTH_COLUMNS`, one row per identity.
    profiles : tuple
        ``(accounts, metadata)``: the first platform's followers at the end, as its API lists them (profiles
        with notes and fields), and the request metadata of that capture.
    second_profiles : list
        The second platform's people as its API describes them (Bluesky ``getProfiles``: DID, handle and
        description), empty when that platform is not Bluesky.
    """

    second: object
    attendance: pd.DataFrame
    survey: pd.DataFrame
    known: pd.DataFrame
    truth: pd.DataFrame
    profiles: tuple = ()
    second_profiles: list = dataclasses.field(default_factory=list)


def _rng(seed: int, account: str, part: str) -> np.random.Generator:
    return np.random.default_rng([int(seed), zlib.crc32(account.encode()), zlib.crc32(f"people:{part}".encode())])


def _engagement(ground_truth: pd.DataFrame) -> pd.Series:
    """Each person's share of months in an engaged segment, by handle."""
    engaged = ground_truth["segment"].ne("silent_follower")
    return engaged.groupby(ground_truth["handle"]).mean()


def _present(demo) -> set:
    """Handles with a row in the account's interactions or members (people the store will hold)."""
    inter = demo.interactions.loc[~demo.interactions["by_library"].astype(bool), "member_id"]
    return set(inter) | set(demo.members["member_id"])


def _second_account(demo, cp: CrossPlatform, seed: int):
    from .simulate import simulate_account

    spec = dataclasses.replace(demo.spec, platform=cp.platform, followers=cp.followers, shape=cp.shape, handle=None)
    derived = int(np.random.SeedSequence([int(seed), zlib.crc32(f"people:{cp.platform}".encode())]).generate_state(1)[0])
    return simulate_account(spec, derived)


def _bluesky_name(handle: str) -> str:
    """A reused Mastodon/Instagram/X user name as a Bluesky handle (letters, digits and hyphens)."""
    user = handle.lstrip("@").split("@")[0]
    label = "".join(c if c.isalnum() else "-" for c in _ascii(user.replace("_", "-").replace(".", "-")) or user)
    return label.strip("-").lower() + ".bsky.social"


def _twins(rng, first, second, cp: CrossPlatform) -> dict:
    """``{second handle: first handle}``: people of both platforms, engaged ones more likely, paired by engagement."""
    staff1 = set(first.members.loc[first.members["is_staff"].astype(bool), "member_id"])
    staff2 = set(second.members.loc[second.members["is_staff"].astype(bool), "member_id"])
    eng1 = _engagement(first.ground_truth)
    eng2 = _engagement(second.ground_truth)
    cand1 = eng1[eng1.index.isin(_present(first) - staff1)]
    cand2 = eng2[eng2.index.isin(_present(second) - staff2)]
    weight = 0.3 + cand2.to_numpy()
    n = int(round(cp.twin_share * len(cand2)))
    chosen = rng.choice(len(cand2), size=n, replace=False, p=weight / weight.sum())
    # A twin takes, among people of the first platform, the one at the same engagement quantile (nearest unused).
    pct2 = (cand2 + rng.normal(0, 0.05, len(cand2))).rank(ascending=False, pct=True)
    order1 = list((cand1 + rng.normal(0, 0.05, len(cand1))).sort_values(ascending=False).index)
    used = np.zeros(len(order1), dtype=bool)
    out = {}
    for handle in pct2.iloc[chosen].sort_values().index:
        j = int(round(pct2[handle] * (len(order1) - 1)))
        for step in range(len(order1)):
            k = next((k for k in (j - step, j + step) if 0 <= k < len(order1) and not used[k]), None)
            if k is not None:
                break
        used[k] = True
        out[handle] = order1[k]
    return out


def _broad_handles(rng, n: int, platform: str, lang: str, taken: set) -> list:
    """``n`` new handles of ``platform`` from the first names and surnames of every language the demo knows.

    A city's people share a first name + surname far more rarely than the
    demo's 40 x 40 names of one language allow; the second platform's people
    are named from the wider set so that two different people rarely reuse
    one user name by chance (docs/metrics.md, "Identity links", measures both).
    """
    firsts = sorted({f for names in FIRST_NAMES.values() for f in names})
    lasts = sorted({s for names in SURNAMES.values() for s in names})
    out = []
    while len(out) < n:
        f, s = _ascii(firsts[int(rng.integers(len(firsts)))]), _ascii(lasts[int(rng.integers(len(lasts)))])
        handle = _styled(platform, f, s, float(rng.random()), int(rng.integers(1, 10**9)), lang, "mastodon.social")
        if handle.lower() not in taken:
            taken.add(handle.lower())
            out.append(handle)
    return out


def _replaced(values: pd.Series, mapping: dict) -> pd.Series:
    """``values`` with every value that is a key of ``mapping`` replaced by its value, all at once (what
    ``Series.replace(mapping)`` gives, in one pass: on strings pandas replaces key by key, about 3 s of the demo's
    build for its two second platforms' handles, against 0.05 s here)."""
    new = values.map(mapping)
    return values.mask(new.notna(), new)


def _rename(second, mapping: dict):
    """``second`` with handles replaced (interactions, members, ground truth)."""
    if not mapping:
        return second
    inter = second.interactions.assign(member_id=_replaced(second.interactions["member_id"], mapping))
    members = second.members.assign(member_id=_replaced(second.members["member_id"], mapping))
    gt = second.ground_truth.assign(handle=_replaced(second.ground_truth["handle"], mapping))
    return dataclasses.replace(second, interactions=inter, members=members.sort_values("member_id", ignore_index=True),
                               ground_truth=gt.sort_values(["handle", "month"], kind="stable", ignore_index=True))


def _names(rng, n: int, lang: str) -> list[tuple[str, str]]:
    """``n`` distinct (first name, surname) pairs of locale ``lang``."""
    seen, out = set(), []
    while len(out) < n:
        f = FIRST_NAMES[lang][int(rng.integers(len(FIRST_NAMES[lang])))]
        s = SURNAMES[lang][int(rng.integers(len(SURNAMES[lang])))]
        s2 = SURNAMES[lang][int(rng.integers(len(SURNAMES[lang])))] if lang == "es" else None
        full = (f, s if s2 is None or s2 == s else f"{s} {s2}")
        key = _ascii(" ".join(full))
        if key not in seen:
            seen.add(key)
            out.append(full)
    return out


def _email(rng, first: str, last: str, lang: str, taken: set) -> str:
    f, s = _ascii(first), _ascii(last.split(" ")[0])
    domains = _DOMAINS + _LOCAL_DOMAINS.get(lang, ())
    while True:
        style = int(rng.integers(4))
        num = int(rng.integers(1, 99))
        local = (f"{f}.{s}", f"{f}{s}{num}", f"{f[0]}{s}", f"{f}.{s}{num}")[style]
        address = f"{local}@{domains[int(rng.integers(len(domains)))]}"
        if address not in taken:
            taken.add(address)
            return address


def _written_name(rng, first: str, last: str) -> str:
    """A name as people write it on a sheet: mostly as is, sometimes surname first, lower case or without accents."""
    u = rng.random()
    if u < 0.6:
        return f"{first} {last}"
    if u < 0.75:
        return f"{last}, {first}"
    if u < 0.9:
        return f"{first} {last}".lower()
    return _ascii(first).capitalize() + " " + " ".join(w.capitalize() for w in _ascii(last).split())


def _written_email(rng, address: str) -> str:
    return address if rng.random() < 0.85 else address[:1].upper() + address[1:] + (" " if rng.random() < 0.3 else "")


@dataclass
class _Person:
    person: str
    handles: list  # (platform, handle)
    name: tuple
    email: str
    card: str
    engagement: float


def _people(rng, first, second, twins: dict, cp: CrossPlatform, lang: str) -> tuple[list, list]:
    """Everyone of the account as :class:`_Person` (a name, e-mail and card each), and the list people among them."""
    p1, p2 = first.spec.platform, cp.platform
    eng1, eng2 = _engagement(first.ground_truth), _engagement(second.ground_truth)
    staff = set(first.members.loc[first.members["is_staff"].astype(bool), "member_id"]) | set(
        second.members.loc[second.members["is_staff"].astype(bool), "member_id"])
    back = {v: k for k, v in twins.items()}
    people = []
    for h in sorted(_present(first) - staff):
        handles = [(p1, h)] + ([(p2, back[h])] if h in back else [])
        people.append([handles, max(eng1.get(h, 0.0), eng2.get(back.get(h), 0.0) if h in back else 0.0)])
    for h in sorted(_present(second) - staff - set(twins)):
        people.append([[(p2, h)], eng2.get(h, 0.0)])
    weight = np.array([0.05 + e for _, e in people])
    online = rng.choice(len(people), size=min(cp.online_attendees, len(people)), replace=False, p=weight / weight.sum())
    n_list = len(online) + cp.offline_attendees
    names = _names(rng, n_list, lang)
    taken: set = set()
    out, listed = [], []
    for i, (handles, e) in enumerate(people):
        out.append(_Person(f"t{i:05d}", handles, None, None, None, float(e)))
    for k, i in enumerate(list(online) + [None] * cp.offline_attendees):
        if i is None:
            person = _Person(f"t{len(out):05d}", [], None, None, None, float(rng.uniform(0.2, 0.8)))
            out.append(person)
        else:
            person = out[int(i)]
        first_name, last = names[k]
        person.name = (first_name, last)
        person.email = _email(rng, first_name, last, lang, taken)
        person.card = "2" + "".join(str(d) for d in rng.integers(0, 10, size=9))
        listed.append(person)
    return out, listed


def _attendance(rng, spec, listed: list, lang: str) -> pd.DataFrame:
    """Attendance-list rows of the library's programme, month by month."""
    rows = []
    propensity = rng.beta(1.2, 9.0, size=len(listed)) * np.array([0.6 + p.engagement for p in listed])
    for month in spec.months:
        for name, day, hour in _EVENTS[lang]:
            local = np.datetime64(f"{month}-{day:02d}T{hour:02d}:00", "s").astype("int64")
            when = pd.Timestamp(int(local_to_utc(np.array([local]), spec.timezone)[0]), unit="s", tz="UTC")
            came = np.flatnonzero(rng.random(len(listed)) < propensity)
            for i in came:
                p = listed[i]
                u = rng.random(4)
                email = _written_email(rng, p.email) if u[0] < 0.72 else ""
                card = (p.card if rng.random() < 0.5 else f"{p.card[:1]} {p.card[1:5]} {p.card[5:]}") if not email and u[1] < 0.45 else ""
                handle, platform = ("", "")
                if p.handles and u[2] < 0.25:
                    platform, handle = p.handles[int(rng.integers(len(p.handles)))]
                rows.append({"Event": name, "Date": when.tz_convert(spec.timezone).strftime("%Y-%m-%d %H:%M"),
                             "Name": _written_name(rng, *p.name), "E-mail": email, "Library card": card,
                             "Handle": handle, "Platform": platform.capitalize(), "_person": p.person})
    return pd.DataFrame(rows)


def _survey(rng, spec, listed: list, lang: str) -> pd.DataFrame:
    """A reader survey in each survey month: e-mail always, a handle when the respondent gave one."""
    title, ts, mail, user, plat, question = _SURVEY[lang]
    rows = []
    for month in spec.months:
        if month.month not in spec.survey_months:
            continue
        start = month.start(spec.timezone)
        for p in listed:
            if rng.random() >= 0.12 + 0.35 * p.engagement:
                continue
            when = start + pd.Timedelta(days=float(rng.uniform(3, 24)))
            handle, platform = ("", "")
            if p.handles and rng.random() < 0.6:
                platform, handle = p.handles[int(rng.integers(len(p.handles)))]
            rows.append({ts: when.tz_convert(spec.timezone).strftime(_STAMP[lang]), mail: _written_email(rng, p.email),
                         user: handle, plat: platform.capitalize(), question: _ANSWERS[int(rng.integers(len(_ANSWERS)))],
                         "_person": p.person})
    frame = pd.DataFrame(rows)
    return frame.sort_values(ts, kind="stable", ignore_index=True) if len(frame) else frame


def _truth(account: str, people: list) -> pd.DataFrame:
    from ..people.identifiers import normalize_card, normalize_email, normalize_name

    rows = []
    for p in people:
        for platform, handle in p.handles:
            rows.append((account, p.person, "handle", platform, handle))
        if p.name is not None:
            rows.append((account, p.person, "email", "other", normalize_email(p.email)))
            rows.append((account, p.person, "card", "other", "card:" + normalize_card(p.card)))
            rows.append((account, p.person, "name", "other", "name:" + normalize_name(" ".join(p.name))))
    return pd.DataFrame(rows, columns=list(TRUTH_COLUMNS))


def _known(rng, people: list, cp: CrossPlatform) -> pd.DataFrame:
    """The links the library keeps by hand: a share of the people with several identities, as a link CSV."""
    several = [p for p in people if len(p.handles) + (p.name is not None) > 1]
    k = int(round(cp.known_share * len(several)))
    chosen = sorted(rng.choice(len(several), size=k, replace=False)) if k else []
    rows = []
    for n, i in enumerate(chosen, start=1):
        p = several[int(i)]
        for platform, handle in p.handles:
            rows.append({"person": n, "platform": platform, "handle": handle, "email": "", "card": "", "name": ""})
        if p.name is not None:
            rows.append({"person": n, "platform": "", "handle": "", "email": p.email, "card": "", "name": " ".join(p.name)})
    return pd.DataFrame(rows, columns=["person", "platform", "handle", "email", "card", "name"])


def simulate_people(demo, seed: int = 42) -> DemoPeople | None:
    """The cross-platform structure of ``demo`` (a :class:`~libcommunity.demo.simulate.DemoAccount`), or None when
    its account has none (:data:`CROSS_PLATFORM`)."""
    cp = CROSS_PLATFORM.get(demo.spec.account)
    if cp is None:
        return None
    account, lang = demo.spec.account, demo.spec.lang
    second = _second_account(demo, cp, seed)
    second = dataclasses.replace(
        second, interactions=second.interactions[second.interactions["kind"].ne("event")].reset_index(drop=True))
    staff = set(second.members.loc[second.members["is_staff"].astype(bool), "member_id"])
    people2 = sorted(set(second.members["member_id"]) - staff)
    taken = {h.lower() for h in staff} | {str(second.spec.handle).lower()}
    fresh = _broad_handles(_rng(seed, account, "handles"), len(people2), cp.platform, lang, taken)
    second = _rename(second, dict(zip(people2, fresh)))
    rng = _rng(seed, account, "twins")
    twins = _twins(rng, demo, second, cp)
    reuse = {}
    for h2, h1 in sorted(twins.items()):
        new = _bluesky_name(h1) if cp.platform == "bluesky" else h1
        if rng.random() < cp.same_handle and new.lower() not in taken:
            taken.add(new.lower())
            reuse[h2] = new
    second = _rename(second, reuse)
    twins = {reuse.get(h2, h2): h1 for h2, h1 in twins.items()}
    profiles = followers_capture(_rng(seed, account, "profiles"), demo, twins, set(reuse.values()), cp)
    second_profiles = second_profiles_capture(_rng(seed, account, "second-profiles"), demo, second, twins,
                                              set(reuse.values()))
    people, listed = _people(_rng(seed, account, "names"), demo, second, twins, cp, lang)
    attendance = _attendance(_rng(seed, account, "attendance"), demo.spec, listed, lang)
    survey = _survey(_rng(seed, account, "survey"), demo.spec, listed, lang)
    truth = _truth(account, people)
    known = _known(_rng(seed, account, "known"), people, cp)
    return DemoPeople(second, attendance, survey, known, truth, profiles, second_profiles)
