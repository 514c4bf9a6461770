"""Realistic, platform-styled member handles per locale.

Handles are built from first names and surnames of the account's language
(with a minority from the other locales), styled the way each platform
shows them: ``@ana.garcia87`` on Instagram, ``@erik@mastodon.nu`` on
Mastodon, ``anna-berg.bsky.social`` on Bluesky, numeric ids on Facebook.
About one handle in seven keeps the accents of the name (ñ, å, ö, é).
Handles are unique per account after normalisation
(:func:`libcommunity.pseudonym.normalize_handle`).
"""

from __future__ import annotations

import unicodedata

import numpy as np

from ..pseudonym import normalize_handle

__all__ = ["FIRST_NAMES", "SURNAMES", "make_handles"]

FIRST_NAMES = {
    "es": [
        "Ana",
        "Lucía",
        "María",
        "Carmen",
        "Begoña",
        "Nuria",
        "Sofía",
        "Paula",
        "Marta",
        "Elena",
        "Inés",
        "Rocío",
        "Pilar",
        "Ximena",
        "Guadalupe",
        "Valeria",
        "Daniela",
        "Mónica",
        "Ángela",
        "Noelia",
        "José",
        "Javier",
        "Álvaro",
        "Íñigo",
        "Pablo",
        "Carlos",
        "Diego",
        "Andrés",
        "Sergio",
        "Raúl",
        "Jesús",
        "Martín",
        "Hugo",
        "Rubén",
        "Tomás",
        "Emiliano",
        "Santiago",
        "Joaquín",
        "Iván",
        "Óscar",
    ],
    "sv": [
        "Anna",
        "Åsa",
        "Eva",
        "Karin",
        "Sara",
        "Maja",
        "Elsa",
        "Ingrid",
        "Märta",
        "Linnéa",
        "Sofia",
        "Ebba",
        "Klara",
        "Astrid",
        "Frida",
        "Tove",
        "Ylva",
        "Saga",
        "Greta",
        "Agnes",
        "Erik",
        "Björn",
        "Göran",
        "Lars",
        "Anders",
        "Johan",
        "Per",
        "Olof",
        "Nils",
        "Måns",
        "Oskar",
        "Axel",
        "Jöns",
        "Sören",
        "Henrik",
        "Linus",
        "Viktor",
        "Emil",
        "Gustav",
        "Östen",
    ],
    "en": [
        "Emma",
        "Olivia",
        "Amelia",
        "Grace",
        "Chloe",
        "Hannah",
        "Sarah",
        "Emily",
        "Zoe",
        "Maya",
        "Aisha",
        "Priya",
        "Chloé",
        "Niamh",
        "Siobhan",
        "Rachel",
        "Jessica",
        "Laura",
        "Megan",
        "Ruth",
        "James",
        "Oliver",
        "Harry",
        "Jack",
        "Thomas",
        "Daniel",
        "Samuel",
        "Joseph",
        "David",
        "Michael",
        "Noah",
        "Ethan",
        "Liam",
        "Kwame",
        "Mateo",
        "René",
        "Connor",
        "Owen",
        "Rhys",
        "Luke",
    ],
}

SURNAMES = {
    "es": [
        "García",
        "Martínez",
        "López",
        "Sánchez",
        "Pérez",
        "Gómez",
        "Núñez",
        "Muñoz",
        "Ibáñez",
        "Peña",
        "Castaño",
        "Rodríguez",
        "Fernández",
        "Hernández",
        "Ruiz",
        "Díaz",
        "Moreno",
        "Romero",
        "Alonso",
        "Ortiz",
        "Ramírez",
        "Flores",
        "Vázquez",
        "Torres",
        "Jiménez",
        "Cruz",
        "Mendoza",
        "Aguilar",
        "Nieto",
        "Echevarría",
    ],
    "sv": [
        "Andersson",
        "Johansson",
        "Karlsson",
        "Nilsson",
        "Eriksson",
        "Larsson",
        "Olsson",
        "Persson",
        "Svensson",
        "Gustafsson",
        "Öberg",
        "Åberg",
        "Ström",
        "Ekström",
        "Sjögren",
        "Lindqvist",
        "Bergström",
        "Löfgren",
        "Holmqvist",
        "Lundgren",
        "Näslund",
        "Wallin",
        "Engström",
        "Forsberg",
        "Hägg",
        "Björk",
        "Sandström",
        "Ågren",
        "Nyström",
        "Dahl",
    ],
    "en": [
        "Smith",
        "Jones",
        "Taylor",
        "Brown",
        "Williams",
        "Wilson",
        "Johnson",
        "Davies",
        "Robinson",
        "Wright",
        "Thompson",
        "Evans",
        "Walker",
        "White",
        "Roberts",
        "Green",
        "Hall",
        "Wood",
        "Jackson",
        "Clarke",
        "Patel",
        "Khan",
        "O'Brien",
        "Murphy",
        "Nguyen",
        "Garcia",
        "Okafor",
        "Cohen",
        "Brontë",
        "Lee",
    ],
}

_INSTANCES = (
    "mastodon.social",
    "mastodon.nu",
    "mastodon.online",
    "fosstodon.org",
    "mstdn.social",
    "social.vivaldi.net",
)
_HOMEGROWN = {
    "es": ("mastodon.uno", "masto.es"),
    "sv": ("mastodonsweden.se", "mastodon.nu"),
    "en": ("mastodon.scot", "mas.to"),
}
_BOOKISH = {"es": "lecturas", "sv": "boken", "en": "reads"}
#: Share of handles that keep the accents of the name.
KEEP_ACCENTS = 0.15
#: Share of members named from another locale than the account's.
FOREIGN = 0.1


def _ascii(text: str) -> str:
    """``text`` without accents, apostrophes and spaces, lower-case."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return plain.replace("'", "").replace(" ", "").lower()


def _parts(rng: np.random.Generator, n: int, lang: str) -> tuple[list, list]:
    """First names and surnames of ``n`` people, mostly of locale ``lang``."""
    langs = np.where(rng.random(n) < FOREIGN, rng.choice(sorted(FIRST_NAMES), n), lang)
    first, last = [], []
    for code, a, b in zip(langs, rng.random(n), rng.random(n)):
        first.append(FIRST_NAMES[code][int(a * len(FIRST_NAMES[code]))])
        last.append(SURNAMES[code][int(b * len(SURNAMES[code]))])
    return first, last


#: Handle styles of each platform with their shares (see :func:`_styled`).
_STYLE_SHARES = {
    "mastodon": (0.3, 0.3, 0.25, 0.15),
    "bluesky": (0.35, 0.25, 0.2, 0.05, 0.15),
    "default": (0.3, 0.2, 0.25, 0.08, 0.17),
}


def _styled(platform: str, f: str, s: str, u: float, num: int, lang: str, instance: str) -> str:
    """One handle of ``platform`` for first name ``f`` and surname ``s``; ``u`` in [0, 1) picks the style."""
    shares = _STYLE_SHARES.get(platform, _STYLE_SHARES["default"])
    style = min(int(np.searchsorted(np.cumsum(shares), u, side="right")), len(shares) - 1)
    yy = f"{num % 100:02d}"
    if platform == "facebook":
        return str(100_000_000_000_000 + num * 7919 % 90_000_000_000_000)
    if platform == "mastodon":
        user = (f, f"{f}{s}", f"{f}_{s}", f"{f}{yy}")[style]
        return f"@{user}@{instance}"
    if platform == "bluesky":
        domain = {"sv": "se", "es": "es"}.get(lang, "co.uk")
        return (
            f"{f}{s}.bsky.social",
            f"{f}-{s}.bsky.social",
            f"{f}{s}{yy}.bsky.social",
            f"{f}-reads.bsky.social",
            f"{f}{s}.{domain}",
        )[style]
    sep = "." if platform == "instagram" else "_"
    return (
        "@"
        + (
            f"{f}{sep}{s}{yy}",
            f"{f}{sep}{s}",
            f"{f}{s}",
            f"{_BOOKISH[lang]}{sep}{f.lower()}",
            f"{f}{s[:1]}{num % 1000}",
        )[style]
    )


def make_handles(rng: np.random.Generator, n: int, platform: str, lang: str, taken=()) -> np.ndarray:
    """``n`` unique handles of ``platform`` for people of locale ``lang``.

    Parameters
    ----------
    rng : numpy.random.Generator
    n : int
    platform : str
    lang : {"es", "sv", "en"}
    taken : iterable of str
        Handles that must not be produced (e.g. the library's own).

    Returns
    -------
    numpy.ndarray of object
        Handles, unique after :func:`~libcommunity.pseudonym.normalize_handle`.
    """
    seen = {normalize_handle(h, platform) for h in taken}
    out: list[str] = []
    while len(out) < n:
        k = n - len(out) + 16
        first, last = _parts(rng, k, lang)
        picks = rng.random(k)
        nums = rng.integers(1, 10**9, size=k)
        keep = rng.random(k) < KEEP_ACCENTS
        instances = rng.choice(_INSTANCES + _HOMEGROWN[lang], size=k)
        for f, s, pick, num, accents, inst in zip(first, last, picks, nums, keep, instances):
            ascii_only = platform in ("bluesky", "facebook") or not accents
            fn = _ascii(f) if ascii_only else f.lower().replace(" ", "")
            sn = _ascii(s) if ascii_only else s.lower().replace("'", "").replace(" ", "")
            if platform in ("x", "youtube") and num % 3 == 0:
                fn, sn = fn.capitalize(), sn.capitalize()
            handle = _styled(platform, fn, sn, float(pick), int(num), lang, str(inst))
            key = normalize_handle(handle, platform)
            if key not in seen and len(out) < n:
                seen.add(key)
                out.append(handle)
    return np.array(out, dtype=object)
