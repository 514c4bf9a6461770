"""Small HTML building blocks for reports, escaping every piece of data.

Report sections return :class:`Html` objects: Jupyter shows their HTML, and
their plain-text form (what nbval compares) lists the same facts in words.
Every value that comes from data (member pseudonyms or handles, post text,
hashtags, account names) goes through :func:`esc` (attributes, and any text
where counts need no mark) or :func:`esc_text` (element text: a count of
people marked by :meth:`~libcommunity.report.i18n.Translator.people` becomes
``<span class="people" data-people="…">``, see :mod:`~libcommunity.report.marks`);
only the fixed markup of this module is written raw.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pandas as pd

from .marks import markup, plain, sentence

__all__ = [
    "Html",
    "esc",
    "esc_text",
    "link",
    "safe_url",
    "join",
    "table",
    "cards",
    "section",
    "heading",
    "paragraph",
    "note",
    "bullets",
    "strip_active",
    "PAGE_CSS",
    "page",
]


def _missing(value) -> bool:
    return value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value))


def esc(value) -> str:
    """Escape any value for HTML text or attribute content (``None``/NA become an empty string; marks dropped)."""
    if _missing(value):
        return ""
    return html.escape(plain(value), quote=True)


def esc_text(value) -> str:
    """Escape a value for element text, each marked count of people wrapped in ``<span class="people">``."""
    if _missing(value):
        return ""
    return markup(value, lambda x: html.escape(x, quote=True))


#: A link a report may carry: an absolute http(s) URL without spaces, quotes or control characters.
_LINKABLE = re.compile(r"https?://[^\s\"'<>\x00-\x1f\x7f]+\Z", re.IGNORECASE)


def safe_url(value) -> str | None:
    """``value`` if it is an absolute ``http(s)`` URL a report may link to, else None (any other scheme, a
    relative path, spaces, quotes, control characters or a missing value)."""
    if not isinstance(value, str) or not _LINKABLE.match(value.strip()):
        return None
    return value.strip()


def link(text, url) -> str:
    """``text`` escaped, as a link to ``url`` when :func:`safe_url` accepts it (opened without a referrer)."""
    href = safe_url(url)
    if href is None:
        return esc(text)
    return f'<a href="{esc(href)}" rel="noopener noreferrer nofollow">{esc(text)}</a>'


@dataclass
class Html:
    """A piece of report HTML with a plain-text twin.

    Parameters
    ----------
    html : str
        Markup, already escaped where it holds data.
    text : str
        The same content as plain text (what notebook tests compare).
    """

    html: str
    text: str = ""
    parts: list = field(default_factory=list)

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text or "(report section)"

    def __add__(self, other: "Html") -> "Html":
        return Html(self.html + other.html, "\n".join(t for t in (self.text, other.text) if t))


def join(parts) -> Html:
    """Concatenate :class:`Html` parts (``None`` skipped)."""
    parts = [p for p in parts if p is not None]
    return Html("".join(p.html for p in parts), "\n".join(p.text for p in parts if p.text))


def section(anchor: str, title: str, parts, *, question: str | None = None) -> Html:
    """A report section: heading, the question it answers, and its parts."""
    body = join(parts)
    q = f'<p class="question">{esc_text(question)}</p>' if question else ""
    body_html = f'<section id="{esc(anchor)}" class="report-section"><h2>{esc_text(title)}</h2>{q}{body.html}</section>'
    text = f"## {plain(title)}" + (f"\n{plain(question)}" if question else "") + ("\n" + body.text if body.text else "")
    return Html(body_html, text)


def note(text: str, *, kind: str = "info") -> Html:
    """A short paragraph; ``kind`` is ``info``, ``missing`` or ``action``."""
    text = sentence(text)
    return Html(f'<p class="note note-{esc(kind)}">{esc_text(text)}</p>', plain(text))


def bullets(items, *, kind: str = "plain") -> Html:
    """A bulleted list of strings."""
    items = [str(i) for i in items]
    if not items:
        return Html("", "")
    lis = "".join(f"<li>{esc_text(i)}</li>" for i in items)
    return Html(f'<ul class="list-{esc(kind)}">{lis}</ul>', "\n".join(f"- {plain(i)}" for i in items))


def heading(text: str) -> Html:
    """A sub-heading inside a section."""
    return Html(f"<h3>{esc_text(text)}</h3>", f"### {plain(text)}")


def paragraph(text: str, *, kind: str | None = None) -> Html:
    """A paragraph of text; ``kind`` (e.g. ``lead``) becomes its class."""
    cls = f' class="{esc(kind)}"' if kind else ""
    text = sentence(text)
    return Html(f"<p{cls}>{esc_text(text)}</p>", plain(text))


_ARROWS = {"up": "▲", "down": "▼", "flat": "▶"}


def _deltas(item) -> list[dict]:
    """The changes of a card as ``[{"text", "direction", "tone"}]`` (``delta``/``trend`` still accepted)."""
    if item.get("deltas") is not None:
        return [d for d in item["deltas"] if d and d.get("text")]
    if item.get("delta"):
        trend = item.get("trend", "flat")
        tone = {"up": "good", "down": "bad"}.get(trend, "neutral")
        return [{"text": item["delta"], "direction": trend, "tone": tone}]
    return []


def cards(items) -> Html:
    """Headline figures as cards.

    Parameters
    ----------
    items : list of dict
        Each with ``label``, ``value`` (formatted string), optional
        ``detail`` (a short line under the value) and ``deltas``: a list of
        ``{"text": "+12 vs Sep 2026", "direction": "up" | "down" | "flat",
        "tone": "good" | "bad" | "neutral"}``. The arrow shows the direction
        and the colour whether it is good news, so that the meaning never
        rests on colour alone. ``delta`` and ``trend`` (one change, up is
        good) are still accepted.
    """
    out, text = [], []
    for it in items:
        changes = _deltas(it)
        detail = it.get("detail")
        parts = [
            f'<div class="card"><span class="label">{esc_text(it["label"])}</span>',
            f'<span class="value">{esc_text(it["value"])}</span>',
        ]
        if detail:
            parts.append(f'<span class="detail">{esc_text(detail)}</span>')
        for d in changes:
            direction = d.get("direction", "flat")
            tone = d.get("tone", "neutral")
            arrow = _ARROWS.get(direction, "")
            parts.append(f'<span class="delta delta-{esc(tone)}">{esc(arrow)} {esc_text(d["text"])}</span>')
        parts.append("</div>")
        out.append("".join(parts))
        line = f"{plain(it['label'])}: {plain(it['value'])}"
        extra = ([plain(detail)] if detail else []) + [plain(d["text"]) for d in changes]
        text.append(line + (f" ({'; '.join(extra)})" if extra else ""))
    return Html(f'<div class="cards">{"".join(out)}</div>', "\n".join(text))


def _cell_class(column, numeric, wide, ident) -> str:
    if column in numeric:
        return "num"
    if column in ident:
        return "txt ident"
    return "txt wide" if column in wide else "txt"


def table(
    frame: pd.DataFrame,
    *,
    caption: str | None = None,
    numeric: tuple = (),
    wide: tuple = (),
    ident: tuple = (),
    max_rows: int | None = None,
    links: dict | None = None,
) -> Html:
    """An HTML table of already formatted values; every cell and header is escaped.

    Parameters
    ----------
    frame : DataFrame
        Values to show (format numbers before, with the report's locale).
    caption : str, optional
    numeric : tuple of str
        Columns aligned right.
    wide : tuple of str
        Text columns that get room first (long texts such as posts and comments).
    ident : tuple of str
        Identifier columns (pseudonyms, handles): small monospace type that may break anywhere.
    max_rows : int, optional
        Show at most this many rows.
    links : dict, optional
        ``{column: urls}``: each cell of ``column`` links to the URL of its row (one per row, in order),
        when :func:`safe_url` accepts it; otherwise the cell is plain text.
    """
    if max_rows is not None:
        frame = frame.head(max_rows)
    caption = sentence(caption)
    links = {c: list(urls)[: len(frame)] for c, urls in (links or {}).items()}
    head = "".join(f'<th scope="col" role="columnheader">{esc(c)}</th>' for c in frame.columns)
    rows = []
    for i, rec in enumerate(frame.itertuples(index=False)):
        cells = "".join(
            f'<td class="{_cell_class(c, numeric, wide, ident)}" role="cell" data-label="{esc(c)}">'
            f'{link(v, links[c][i]) if c in links else esc_text(v)}</td>'
            for c, v in zip(frame.columns, rec)
        )
        rows.append(f'<tr role="row">{cells}</tr>')
    cap = f"<caption>{esc_text(caption)}</caption>" if caption else ""
    # Below 600 px the rows fold into cards, each cell labelled with its column (PAGE_CSS); the roles keep the
    # table a table for screen readers when CSS changes how it is displayed.
    markup = (
        f'<div class="table-wrap"><table class="fold" role="table">{cap}<thead role="rowgroup"><tr role="row">{head}</tr>'
        f'</thead><tbody role="rowgroup">{"".join(rows)}</tbody></table></div>'
    )
    lines = ([plain(caption)] if caption else []) + [" | ".join(map(str, frame.columns))]
    lines += [" | ".join("" if pd.isna(v) else plain(v) for v in rec) for rec in frame.itertuples(index=False)]
    return Html(markup, "\n".join(lines))


PAGE_CSS = """
:root{--ink:#1b1b1f;--muted:#5b5b66;--line:#d9d9e0;--bg:#ffffff;--soft:#f4f5f8;--accent:#0072B2;--good:#009E73;--bad:#D55E00}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
main{max-width:960px;margin:0 auto;padding:16px}
header.report-header{border-bottom:3px solid var(--accent);margin-bottom:8px}
header.report-header h1{font-size:1.5rem;margin:.2em 0}
header.report-header p{margin:.2em 0;color:var(--muted)}
nav.toc{font-size:.9rem;margin:8px 0 16px}
nav.toc a{margin-right:.8em;color:var(--accent);white-space:nowrap}
.report-section{margin:24px 0;padding-top:8px;border-top:1px solid var(--line)}
.report-section h2{font-size:1.25rem;margin:.3em 0}
.question{color:var(--muted);font-style:italic;margin-top:0}
h3{font-size:1.05rem;margin:1em 0 .3em}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:8px;margin:8px 0}
.card{background:var(--soft);border-radius:8px;padding:10px;display:flex;flex-direction:column}
.card .label{font-size:.8rem;color:var(--muted)}
.card .value{font-size:1.45rem;font-weight:600}
.card .detail{font-size:.8rem;color:var(--muted)}
.delta{font-size:.8rem;color:var(--muted)}
.delta-good{color:var(--good)}.delta-bad{color:var(--bad)}
.table-wrap{overflow-x:auto;margin:8px 0}
table{border-collapse:collapse;width:100%;font-size:.9rem}
caption{text-align:left;color:var(--muted);font-size:.85rem;padding-bottom:4px}
th,td{border-bottom:1px solid var(--line);padding:4px 6px;vertical-align:top}
th{text-align:left;background:var(--soft)}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.txt{overflow-wrap:break-word;min-width:4.5em}
td.wide{min-width:10em}
span.people{white-space:nowrap}
td.ident{word-break:break-all;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.8rem;min-width:6em}
th{font-size:.85rem;hyphens:auto;overflow-wrap:break-word}
figure{margin:12px 0}
figure img{width:100%;max-width:560px;height:auto}
figcaption{font-size:.85rem;color:var(--muted)}
.note{padding:6px 10px;border-left:4px solid var(--line);background:var(--soft)}
.note-missing{border-color:#E69F00}
.note-action{border-color:var(--accent)}
.note-withheld{border-color:#CC79A7}
p.lead{font-size:1.05rem}
nav.toc ol{margin:.3em 0;padding-left:1.4em}
ul.list-action{padding-left:1.2em}
ul.list-action li .why{display:block;font-size:.85rem;color:var(--muted)}
ul.list-action li{margin:.3em 0}
footer{margin-top:32px;font-size:.8rem;color:var(--muted);border-top:1px solid var(--line);padding-top:8px}
.output_stderr,.output_error{display:none}
@media (max-width:480px){main{padding:10px}.card .value{font-size:1.2rem}td.wide{min-width:7em}th,td{padding:4px 4px}}
@media (max-width:600px){
.table-wrap{overflow-x:visible}
table.fold,table.fold tbody,table.fold tr,table.fold td{display:block;width:100%}
table.fold caption{display:block}
table.fold thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
table.fold tr{border:1px solid var(--line);border-radius:8px;margin:0 0 8px;padding:4px 10px}
table.fold td{display:flex;gap:10px;justify-content:space-between;align-items:baseline;border:0;padding:3px 0;min-width:0;text-align:right;overflow-wrap:anywhere;white-space:normal}
table.fold td::before{content:attr(data-label);flex:0 0 40%;text-align:left;font:600 .8rem/1.3 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:var(--muted);word-break:normal;overflow-wrap:break-word;hyphens:auto}
table.fold td:first-child{font-weight:600}
table.fold td.wide{display:block;text-align:left}
table.fold td.wide::before{display:block;margin-bottom:2px}
}
"""


#: Elements removed from report bodies, with everything inside them.
_DROP_ELEMENTS = frozenset(
    {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "link", "meta",
     "noscript", "template", "style", "svg", "math", "input", "button", "textarea", "select"}
)
_VOID = frozenset({"area", "br", "col", "hr", "img", "source", "track", "wbr", "base", "link", "meta", "input", "embed"})
_URL_ATTRS = frozenset({"href", "src", "xlink:href", "action", "formaction", "poster", "background", "srcset", "data"})
_SAFE_HREF = re.compile(r"^(#|https?:|mailto:|[^:]*$)", re.IGNORECASE)
_SAFE_SRC = re.compile(r"^data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*$", re.IGNORECASE)


class _Sanitiser(HTMLParser):
    """Rebuild markup without active content (see :func:`strip_active`)."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.skip = 0

    def _attrs(self, tag, attrs) -> str:
        kept = []
        for name, value in attrs:
            name = name.lower()
            value = "" if value is None else value
            if name.startswith("on") or name in ("srcdoc", "formaction"):
                continue
            if name in _URL_ATTRS:
                compact = re.sub(r"[\x00-\x20]", "", html.unescape(value))
                ok = _SAFE_SRC.match(compact) if name == "src" else (name == "href" and _SAFE_HREF.match(compact))
                if not ok:
                    continue
            kept.append(f' {name}="{esc(value)}"')
        return "".join(kept)

    def handle_starttag(self, tag, attrs):
        if tag in _DROP_ELEMENTS:
            if tag not in _VOID:
                self.skip += 1
            return
        if not self.skip:
            self.out.append(f"<{tag}{self._attrs(tag, attrs)}>")

    def handle_startendtag(self, tag, attrs):
        if tag in _DROP_ELEMENTS or self.skip:
            return
        self.out.append(f"<{tag}{self._attrs(tag, attrs)}>")

    def handle_endtag(self, tag):
        if tag in _DROP_ELEMENTS:
            if tag not in _VOID and self.skip:
                self.skip -= 1
            return
        if not self.skip and tag not in _VOID:
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(html.escape(data, quote=False))

    def handle_entityref(self, name):
        if not self.skip:
            self.out.append(f"&{name};")

    def handle_charref(self, name):
        if not self.skip:
            self.out.append(f"&#{name};")

    # Comments (conditional comments included), doctype declarations and processing instructions are dropped.
    def handle_comment(self, data):
        pass

    def handle_decl(self, decl):
        pass

    def handle_pi(self, data):
        pass

    def unknown_decl(self, data):
        pass


def strip_active(markup: str) -> str:
    """``markup`` without anything that could run or load: the last line of defence of a report page.

    Removes ``script``, ``iframe``, ``object``, ``embed``, ``form``,
    ``style``, ``svg`` and similar elements with their content (nbconvert
    writes, for instance, a ``<script type="application/vnd.jupyter.widget-state+json">``
    block when a notebook has widget state), comments, every ``on*`` event
    attribute, and any ``href`` or ``src`` that is not a plain link or an
    embedded ``data:image``. Text stays escaped as it was. The page's
    Content-Security-Policy forbids scripts as well; this keeps them out of
    the file altogether.
    """
    parser = _Sanitiser()
    parser.feed(markup)
    parser.close()
    return "".join(parser.out)


def page(*, lang: str, title: str, body: str, header: str = "", footer: str = "") -> str:
    """A whole self-contained HTML page: no script, no external style, font or image.

    ``header``, ``body`` and ``footer`` go through :func:`strip_active`.
    """
    header, body, footer = (strip_active(x) for x in (header, body, footer))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\n"
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{esc(title)}</title>\n<style>{PAGE_CSS}</style>\n</head>\n<body>\n<main>\n"
        f"{header}\n{body}\n{footer}\n</main>\n</body>\n</html>\n"
    )
