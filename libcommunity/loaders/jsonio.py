"""Reading JSON exports and API captures, with clear errors.

* :func:`json_head` gives the start of a file's text without BOM and without
  the ``window.YTD.<name>.part0 =`` prefix of X archive files, for sniffing.
* :func:`load_json` parses the whole file. Duplicate keys are tolerated and
  the last one wins, as in Python's :mod:`json` (a Mastodon archive's
  ``outbox.json`` writes ``"orderedItems"`` twice, first empty). Broken or
  truncated JSON raises :class:`~libcommunity.errors.InputError` with the line
  and column.
* :func:`get` walks nested keys without failing on missing ones.
* :func:`html_to_text` turns a status's HTML into plain text.
* :func:`parse_time` reads an API time (with a clear error naming the item
  and field), :func:`whole_count` keeps a count only when it is one.
* :func:`sidecar_path` / :func:`load_sidecar`: the request metadata saved
  beside an API response.
* :func:`structure_guard` turns the errors a wrongly shaped value causes into
  one clear message.

These are shared by every JSON loader (Mastodon, Bluesky, Threads).
"""

from __future__ import annotations

import contextlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

from ..errors import InputError
from .numbers import MAX_COUNT
from .limits import MAX_FIELD_CHARS
from .textio import TextSample

__all__ = [
    "json_head",
    "load_json",
    "get",
    "html_to_text",
    "parse_time",
    "parse_url",
    "whole_count",
    "sidecar_path",
    "load_sidecar",
    "structure_guard",
]

_JS_PREFIX = re.compile(r"^\s*window\.YTD\.[A-Za-z0-9_]+\.part\d+\s*=\s*")


def json_head(sample: TextSample) -> str:
    """The decoded head of a file, stripped of BOM, leading space and an X archive ``window.YTD...=`` prefix."""
    if sample.encoding is None:
        return ""
    text = sample.text.lstrip("\ufeff")
    return _JS_PREFIX.sub("", text, count=1).lstrip()


def load_json(path, sample: TextSample | None = None):
    """Parse a JSON (or X archive ``.js``) file.

    Raises
    ------
    InputError
        If the file is not text or not valid JSON (with line and column;
        a file that ends too early is called truncated).
    """
    path = Path(path)
    encoding = sample.encoding if sample is not None else "utf-8"
    if sample is not None and sample.encoding is None:
        raise InputError(f"expected a JSON text file; this looks like {sample.binary_kind}", path=path)
    try:
        text = path.read_text(encoding=encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"text is not valid {encoding} at byte {exc.start}", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror})", path=path) from None
    text = _JS_PREFIX.sub("", text.lstrip("\ufeff"), count=1).strip()
    if text.endswith(";"):
        text = text[:-1].rstrip()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        # A string still open at the end of the file is a cut-off file too (its error points to where it opened).
        truncated = exc.pos >= len(text) - 1 or exc.msg.startswith("Unterminated string")
        what = "the JSON ends too early (the file looks truncated)" if truncated else f"invalid JSON ({exc.msg})"
        raise InputError(f"{what} at line {exc.lineno}, column {exc.colno}", path=path) from None
    except RecursionError:
        raise InputError(
            "invalid JSON for an export: values are nested too deeply (expected an API response or archive "
            "a few levels deep)",
            path=path,
        ) from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise InputError(f"invalid JSON for an export ({str(exc)[:80]})", path=path) from None
    if len(text) > MAX_FIELD_CHARS:  # only a file this large can hold a value over the cell limit
        _check_cell_sizes(data, path)
    return data


def _check_cell_sizes(data, path) -> None:
    """Refuse a string value longer than the cell limit of every input format (:data:`textio.MAX_FIELD_CHARS`)."""
    stack = [data]
    while stack:
        obj = stack.pop()
        if isinstance(obj, dict):
            stack.extend(obj.values())
        elif isinstance(obj, list):
            stack.extend(obj)
        elif isinstance(obj, str) and len(obj) > MAX_FIELD_CHARS:
            raise InputError(
                f"a value of {len(obj):,} characters; cells of at most {MAX_FIELD_CHARS:,} characters are read",
                path=path,
            )


def get(obj, *keys, default=None):
    """``obj[k1][k2]...`` or ``default`` when a key is missing or a value is not a dict/list."""
    for key in keys:
        if isinstance(obj, dict):
            obj = obj.get(key)
        elif isinstance(obj, list) and isinstance(key, int) and -len(obj) <= key < len(obj):
            obj = obj[key]
        else:
            return default
        if obj is None:
            return default
    return obj


def parse_time(value, *, path, row, field, required: bool = True):
    """An API time (``2025-10-03T14:05:00.000Z``, ``2026-03-27T18:00:00+0000``) as a UTC timestamp.

    A time without an offset is UTC. Missing (None or ``""``) gives None,
    or an error when ``required``.

    Raises
    ------
    InputError
        Naming the item (``row``) and ``field`` when the value is missing or is no time.
    """
    if value in (None, ""):
        if required:
            raise InputError("a time is required here; the field is missing", path=path, row=row, column=field)
        return None
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError):
        ts = None
    if ts is None or ts is pd.NaT:
        raise InputError(
            f"expected a time such as 2025-10-03T14:05:00.000Z; got {str(value)[:40]!r}",
            path=path,
            row=row,
            column=field,
        )
    return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")


def parse_url(url) -> tuple[str | None, str]:
    """``(host, path)`` of a URL; ``(None, "")`` for text that is no URL."""
    try:
        parsed = urlparse(str(url or ""))
        return parsed.hostname, parsed.path
    except ValueError:  # e.g. "Invalid IPv6 URL"
        return None, ""


def whole_count(value):
    """``value`` when it is a whole number from 0 to :data:`~libcommunity.loaders.numbers.MAX_COUNT`, else None."""
    return int(value) if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_COUNT else None


class _TextExtractor(HTMLParser):
    """Text of HTML with paragraphs and line breaks kept (Mastodon's "invisible" URL parts included,
    so links read in full)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag == "p":
            self.parts.append("\n\n")

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(markup) -> str | None:
    """Plain text of a status's HTML: paragraphs as blank lines, links as their visible text."""
    if markup is None:
        return None
    parser = _TextExtractor()
    parser.feed(str(markup))
    parser.close()
    text = "".join(parser.parts)  # character references are already converted by the parser
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return text or None


def sidecar_path(path) -> Path:
    """Where the request metadata of a saved API response lives: ``.<name>.meta.json`` beside it."""
    p = Path(path)
    return p.with_name(f".{p.name}.meta.json")


def load_sidecar(path) -> dict:
    """The request metadata saved beside an API response (``{}`` when there is none).

    Raises
    ------
    InputError
        If the metadata file exists but is not a JSON object.
    """
    meta = sidecar_path(path)
    if not meta.exists():
        return {}
    try:
        data = json.loads(meta.read_text("utf-8"))
    except (OSError, ValueError, RecursionError) as exc:  # ValueError covers JSON and decoding errors
        raise InputError(f"the request metadata beside this file cannot be read ({exc})", path=meta) from None
    if not isinstance(data, dict):
        raise InputError("the request metadata must be a JSON object", path=meta)
    return data


@contextlib.contextmanager
def structure_guard(path, what: str, row=None):
    """Turn the errors a wrongly shaped JSON value causes into one clear :class:`InputError`.

    Loaders read API responses field by field; a field of an unexpected type
    (a number where an object belongs, a list where a string does) would
    otherwise surface as a ``TypeError`` or ``AttributeError``.
    """
    try:
        yield
    except InputError:
        raise
    except (TypeError, AttributeError, KeyError, ValueError, IndexError, OverflowError) as exc:
        where = f"this {what}" if row is not None else f"this file's {what}"
        raise InputError(
            f"{where} does not have the structure the API returns ({type(exc).__name__}: {str(exc)[:80]})",
            path=path,
            row=row,
        ) from None
