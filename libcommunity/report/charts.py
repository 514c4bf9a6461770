"""One chart theme for every report: colour-blind-safe, readable on a phone, embedded with alt text.

The palette is Okabe & Ito's (2008) eight colours, distinguishable with the
common colour-vision deficiencies. Figures are rendered to PNG and embedded
as ``data:`` URIs, so a report needs no network; every image carries alt
text that states what it shows in words.

Readable on a phone: a figure is :data:`WIDTH` inches wide and its smallest
text :data:`MIN_FONT_PT` points, so that on a 390 px wide screen, where the
image is shrunk to the page's 370 px, no label is smaller than
:data:`MIN_LABEL_PX` CSS pixels. Each ``<img>`` says how small its smallest
text is in the PNG (``data-min-font-px``), which the browser test turns into
the size on screen.
"""

from __future__ import annotations

import base64
import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from .html import Html, esc, esc_text  # noqa: E402
from .marks import plain, tokens  # noqa: E402

__all__ = [
    "PALETTE",
    "SEGMENT_COLOURS",
    "SEQUENTIAL",
    "WIDTH",
    "MIN_FONT_PT",
    "MIN_LABEL_PX",
    "PHONE_CONTENT_PX",
    "theme",
    "new_figure",
    "figure_html",
    "lay_out_once",
    "smallest_font_pt",
    "phone_label_px",
]

#: Okabe-Ito palette: orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple, black.
PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"]
SEGMENT_COLOURS = {"silent_follower": "#56B4E9", "active_participant": "#009E73", "ambassador": "#E69F00"}
SEQUENTIAL = "cividis"

#: Smallest label a reader should meet on a phone, in CSS pixels.
MIN_LABEL_PX = 11
#: Width of a report's content on a 390 px phone screen (the page keeps 10 px on each side).
PHONE_CONTENT_PX = 370
#: Default figure width in inches; figures are shown at most :data:`MAX_SHOWN_PX` wide on a desktop.
WIDTH = 4.2
MAX_SHOWN_PX = 560
#: Smallest font of any chart text, in points: 9.5 pt on a 4.2 in figure is 11.6 px when the figure is 370 px wide.
MIN_FONT_PT = 9.5

_RC = {
    "figure.dpi": 100,
    "savefig.dpi": 160,
    "font.size": 10.5,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "xtick.labelsize": MIN_FONT_PT,
    "ytick.labelsize": MIN_FONT_PT,
    "legend.fontsize": MIN_FONT_PT,
    "legend.title_fontsize": MIN_FONT_PT,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": "#e3e3e8",
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
    "legend.frameon": False,
    "svg.hashsalt": "libcommunity",
    "path.simplify": True,
}


def theme() -> None:
    """Apply the report theme to matplotlib globally."""
    matplotlib.rcParams.update(_RC)


def new_figure(width: float = WIDTH, height: float = 3.0, **subplots):
    """A themed ``(figure, axes)`` pair sized for a phone screen (``subplots`` go to :func:`plt.subplots`)."""
    theme()
    return plt.subplots(figsize=(width, height), layout="constrained", **subplots)


def smallest_font_pt(fig) -> float:
    """The font size (points) of the smallest visible text of a drawn figure (titles, ticks, labels, legends)."""
    from matplotlib.text import Text

    sizes = [
        t.get_fontsize() for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and (t.axes is None or t.axes.get_visible())
    ]
    return float(min(sizes)) if sizes else float("inf")


def phone_label_px(min_font_px: float, natural_width_px: float, shown_width_px: float = PHONE_CONTENT_PX) -> float:
    """How tall the smallest text of an image is on screen, in CSS pixels, when the image is shown that wide."""
    return min_font_px * min(1.0, shown_width_px / natural_width_px)


def lay_out_once(fig, dpi: float) -> None:
    """Run ``fig``'s layout engine once at ``dpi`` and switch the engine off, so that saving the figure draws it once.

    With a layout engine, :meth:`~matplotlib.figure.Figure.savefig` draws the figure twice: a first pass at the
    saved dpi, with nothing rendered, only to run the engine (which lays the figure out from its texts' extents),
    then the pass that renders, with the engine off. Running the engine here, at the same dpi, and removing it
    leaves ``savefig`` the one pass that renders: the same positions, the same pixels (the same PNG bytes), about
    a third less of the figure's drawing time. A figure without an engine, or whose engine cannot be removed
    (the ``figure.autolayout`` or ``figure.constrained_layout.use`` settings would put one back), is left as it is.
    """
    engine = fig.get_layout_engine()
    rc = matplotlib.rcParams
    if engine is None or not fig.axes or rc["figure.autolayout"] or rc["figure.constrained_layout.use"]:
        return  # (matplotlib runs no engine on a figure without axes)
    shown = fig.dpi
    fig.dpi = dpi
    try:
        engine.execute(fig)
    except ValueError:  # what matplotlib's own layout pass ignores (Figure.draw)
        pass
    finally:
        fig.dpi = shown
    fig.set_layout_engine(None)


def figure_html(fig, *, alt: str, caption: str | None = None) -> Html:
    """Render ``fig`` as an embedded PNG with alt text; closes the figure.

    The ``<img>`` carries its size in pixels and ``data-min-font-px``, the
    size of its smallest text in the PNG's pixels (see the module docstring),
    and, when its alt text states counts of people (marked by
    :meth:`~libcommunity.report.i18n.Translator.people`), their values in
    ``data-people`` (space-separated: ``362 21 <5``), so that the page says
    which numbers of the picture count people.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    alt : str
        What the chart shows, in words (for screen readers and when images are off).
    caption : str, optional
        A visible caption.
    """
    buf = io.BytesIO()
    dpi = _RC["savefig.dpi"]
    lay_out_once(fig, dpi)
    fig.savefig(buf, format="png", metadata={"Software": None}, dpi=dpi)
    smallest = smallest_font_pt(fig) * dpi / 72
    plt.close(fig)
    png = buf.getvalue()
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")  # the PNG's own header
    data = base64.b64encode(png).decode("ascii")
    cap = f"<figcaption>{esc_text(caption)}</figcaption>" if caption else ""
    people = tokens(alt)
    counted = f' data-people="{esc(" ".join(people))}"' if people else ""
    markup = (
        f'<figure><img src="data:image/png;base64,{data}" alt="{esc(alt)}" width="{width}" height="{height}" '
        f'data-min-font-px="{smallest:.1f}"{counted}>{cap}</figure>'
    )
    return Html(markup, f"[chart] {plain(alt)}")
