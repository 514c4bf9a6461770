"""Identifiers of people known offline, normalised before they are pseudonymised.

Attendance lists and surveys name people by e-mail address, library card
number or name as written, not by a platform handle. Each becomes an
*identity* of the platform ``other`` (people known offline), whose "handle"
is the normalised identifier; ingest pseudonymises it with the store's key
like every handle (``HMAC(key, "other:" + handle)``), so the same address
written ``Ana@Example.org `` on one list and ``ana@example.org`` on another
is one identity, and the store holds no address:

==========  ====================================  =========================================================
kind        handle hashed                         normalisation
==========  ====================================  =========================================================
``email``   ``ana@example.org``                   Unicode NFKC, ``mailto:`` and ``<>`` removed, lower case;
                                                  must look like ``local@domain.tld``
``card``    ``card:21234005678``                  NFKC, upper case, spaces, dashes, dots and slashes
                                                  removed; must hold a digit
``name``    ``name:ana garcia``                   NFKC, accents and punctuation removed, lower case, words
                                                  sorted (``García, Ana`` = ``Ana Garcia``)
``handle``  the handle, on its platform           as every handle (:func:`~libcommunity.pseudonym.normalize_handle`)
==========  ====================================  =========================================================

An e-mail identity is the one survey exports already gave (an address in
the respondent column, platform ``other``), so older stores keep their
pseudonyms. :func:`handle_stem` is what "the same handle on two platforms"
compares.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "KINDS",
    "OFFLINE_PLATFORM",
    "Identity",
    "normalize_email",
    "normalize_card",
    "normalize_name",
    "identity_of",
    "kind_of_handle",
    "handle_stem",
    "looks_like_email",
]

#: Kinds of identifiers, strongest first (the one a row is filed under when it gives several).
KINDS = ("handle", "email", "card", "name")
#: The platform of identities known offline (e-mail addresses, card numbers, names).
OFFLINE_PLATFORM = "other"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_CARD_DROP = re.compile(r"[\s\-./]+")
_NAME_DROP = re.compile(r"[^\w\s]+|_")
#: Platforms whose handles have a local part before a server or domain (``user@server``, ``user.bsky.social``).
_BLUESKY_SUFFIX = ".bsky.social"
_STEM_DROP = re.compile(r"[._\-]+")


@dataclass(frozen=True)
class Identity:
    """One identifier as the store files it: a platform and the handle that is pseudonymised.

    Attributes
    ----------
    platform : str
    handle : str
        The normalised identifier (``ana@example.org``, ``card:2123``, ``name:ana garcia``) or a platform handle.
    kind : str
        One of :data:`KINDS`.
    """

    platform: str
    handle: str
    kind: str


def _text(value) -> str | None:
    if value is None:
        return None
    try:
        if value != value:  # NaN
            return None
    except (TypeError, ValueError):
        pass
    text = unicodedata.normalize("NFKC", str(value)).strip()
    return text or None


def looks_like_email(value) -> bool:
    """Whether ``value`` is an e-mail address (``local@domain.tld``, after :func:`normalize_email`'s cleaning)."""
    return normalize_email(value) is not None


def normalize_email(value) -> str | None:
    """``value`` as an e-mail identity's handle (``ana@example.org``), or None if it is not an address."""
    text = _text(value)
    if text is None:
        return None
    text = text.strip("<>").strip()
    if text.lower().startswith("mailto:"):
        text = text[7:].strip()
    text = text.lower()
    return text if _EMAIL.match(text) else None


def normalize_card(value) -> str | None:
    """``value`` as a library card number (``21234005678``: separators removed, upper case), or None."""
    text = _text(value)
    if text is None:
        return None
    text = _CARD_DROP.sub("", text).upper()
    return text if text and any(c.isdigit() for c in text) else None


def normalize_name(value) -> str | None:
    """``value`` as a name key: no accents, punctuation or case, words sorted; None for an empty name."""
    text = _text(value)
    if text is None:
        return None
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    words = _NAME_DROP.sub(" ", plain.casefold()).split()
    return " ".join(sorted(words)) or None


def identity_of(kind: str, value, platform: str | None = None) -> Identity | None:
    """The identity a value of ``kind`` is filed under, or None when the value is empty or not valid.

    Parameters
    ----------
    kind : {"handle", "email", "card", "name"}
    value : str
        As written in the file.
    platform : str, optional
        The platform of a handle (required for ``kind="handle"``).
    """
    if kind == "handle":
        text = _text(value)
        if text is None or text == "@" or platform is None:
            return None
        return Identity(platform, text, "handle")
    if kind == "email":
        email = normalize_email(value)
        return None if email is None else Identity(OFFLINE_PLATFORM, email, "email")
    if kind == "card":
        card = normalize_card(value)
        return None if card is None else Identity(OFFLINE_PLATFORM, "card:" + card, "card")
    if kind == "name":
        name = normalize_name(value)
        return None if name is None else Identity(OFFLINE_PLATFORM, "name:" + name, "name")
    raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {kind!r} instead")


def kind_of_handle(platform: str, handle: str) -> str:
    """What an identity's stored handle is: ``email``, ``card``, ``name`` (platform ``other``) or ``handle``."""
    if platform == OFFLINE_PLATFORM and isinstance(handle, str):
        if handle.startswith("card:"):
            return "card"
        if handle.startswith("name:"):
            return "name"
        if _EMAIL.match(handle):
            return "email"
    return "handle"


def handle_stem(handle, platform: str) -> str | None:
    """The part of a handle a person reuses across platforms, compared loosely; None when there is none.

    The user name without ``@``, server (``ana_lee@mastodon.social`` -> ``analee``) or
    Bluesky suffix (``ana-lee.bsky.social`` -> ``analee``; a custom domain
    ``ana-lee.se`` -> ``analee``), without accents, case, dots, dashes or
    underscores. Numeric ids (Facebook), DIDs and identities known offline have
    no stem; nor do stems shorter than four characters.
    """
    text = _text(handle)
    if text is None or platform == OFFLINE_PLATFORM or text.startswith("did:"):
        return None
    text = text.lstrip("@")
    if platform == "mastodon" or (platform != "bluesky" and "@" in text):
        text = text.split("@", 1)[0]
    elif platform == "bluesky":
        lowered = text.lower()
        text = text[: -len(_BLUESKY_SUFFIX)] if lowered.endswith(_BLUESKY_SUFFIX) else text.split(".", 1)[0]
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    stem = _STEM_DROP.sub("", plain.casefold())
    if len(stem) < 4 or stem.isdigit():
        return None
    return stem
