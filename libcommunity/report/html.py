"""Small HTML building blocks for reports, escaping every piece of data.

Report sections return :class:`Html` objects: Jupyter shows their HTML, and
their plain-text form (what nbval compares) lists the same facts in words.
Every value that comes from data (member pseudonyms or handles, post text,
hashtags, account names) goes through :func:`esc`; only the fixed markup of
this module is written raw.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import pandas as pd

__all__ = ["Html", "esc", "table", "cards", "section", "note", "bullets", "PAGE_CSS", "page"]


def esc(value) -> str:
    """Escape any value for HTML text or attribute content (``None``/NA become an empty string)."""
    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


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
    q = f'<p class="question">{esc(question)}</p>' if question else ""
    markup = f'<section id="{esc(anchor)}" class="report-section"><h2>{esc(title)}</h2>{q}{body.html}</section>'
    text = f"## {title}" + (f"\n{question}" if question else "") + ("\n" + body.text if body.text else "")
    return Html(markup, text)


def note(text: str, *, kind: str = "info") -> Html:
    """A short paragraph; ``kind`` is ``info``, ``missing`` or ``action``."""
    return Html(f'<p class="note note-{esc(kind)}">{esc(text)}</p>', text)


def bullets(items, *, kind: str = "plain") -> Html:
    """A bulleted list of strings."""
    items = [str(i) for i in items]
    if not items:
        return Html("", "")
    lis = "".join(f"<li>{esc(i)}</li>" for i in items)
    return Html(f'<ul class="list-{esc(kind)}">{lis}</ul>', "\n".join(f"- {i}" for i in items))


def cards(items) -> Html:
    """Headline figures as cards.

    Parameters
    ----------
    items : list of dict
        Each with ``label``, ``value`` (formatted string) and optional
        ``delta`` (formatted change, e.g. "+12 vs September") and ``trend``
        (``up``, ``down`` or ``flat``).
    """
    out, text = [], []
    for it in items:
        delta = it.get("delta")
        trend = it.get("trend", "flat")
        arrow = {"up": "▲", "down": "▼"}.get(trend, "")
        d = f'<span class="delta delta-{esc(trend)}">{esc(arrow)} {esc(delta)}</span>' if delta else ""
        out.append(
            f'<div class="card"><span class="label">{esc(it["label"])}</span>'
            f'<span class="value">{esc(it["value"])}</span>{d}</div>'
        )
        text.append(f"{it['label']}: {it['value']}" + (f" ({delta})" if delta else ""))
    return Html(f'<div class="cards">{"".join(out)}</div>', "\n".join(text))


def table(frame: pd.DataFrame, *, caption: str | None = None, numeric: tuple = (), max_rows: int | None = None) -> Html:
    """An HTML table of already formatted values; every cell and header is escaped.

    Parameters
    ----------
    frame : DataFrame
        Values to show (format numbers before, with the report's locale).
    caption : str, optional
    numeric : tuple of str
        Columns aligned right.
    max_rows : int, optional
        Show at most this many rows.
    """
    if max_rows is not None:
        frame = frame.head(max_rows)
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in frame.columns)
    rows = []
    for rec in frame.itertuples(index=False):
        cells = "".join(
            f'<td class="{"num" if c in numeric else "txt"}">{esc(v)}</td>' for c, v in zip(frame.columns, rec)
        )
        rows.append(f"<tr>{cells}</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    markup = f'<div class="table-wrap"><table>{cap}<thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    lines = ([caption] if caption else []) + [" | ".join(map(str, frame.columns))]
    lines += [" | ".join("" if pd.isna(v) else str(v) for v in rec) for rec in frame.itertuples(index=False)]
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
.delta{font-size:.8rem;color:var(--muted)}
.delta-up{color:var(--good)}.delta-down{color:var(--bad)}
.table-wrap{overflow-x:auto;margin:8px 0}
table{border-collapse:collapse;width:100%;font-size:.9rem}
caption{text-align:left;color:var(--muted);font-size:.85rem;padding-bottom:4px}
th,td{border-bottom:1px solid var(--line);padding:4px 6px;vertical-align:top}
th{text-align:left;background:var(--soft)}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.txt{overflow-wrap:anywhere}
figure{margin:12px 0}
figure img{max-width:100%;height:auto}
figcaption{font-size:.85rem;color:var(--muted)}
.note{padding:6px 10px;border-left:4px solid var(--line);background:var(--soft)}
.note-missing{border-color:#E69F00}
.note-action{border-color:var(--accent)}
ul.list-action li{margin:.3em 0}
footer{margin-top:32px;font-size:.8rem;color:var(--muted);border-top:1px solid var(--line);padding-top:8px}
.output_stderr,.output_error{display:none}
@media (max-width:480px){main{padding:10px}.card .value{font-size:1.2rem}}
"""


def page(*, lang: str, title: str, body: str, header: str = "", footer: str = "") -> str:
    """A whole self-contained HTML page: no script, no external style, font or image."""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\n"
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{esc(title)}</title>\n<style>{PAGE_CSS}</style>\n</head>\n<body>\n<main>\n"
        f"{header}\n{body}\n{footer}\n</main>\n</body>\n</html>\n"
    )
