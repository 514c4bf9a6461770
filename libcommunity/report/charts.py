"""One chart theme for every report: colour-blind-safe, readable on a phone, embedded with alt text.

The palette is Okabe & Ito's (2008) eight colours, distinguishable with the
common colour-vision deficiencies. Figures are rendered to PNG and embedded
as ``data:`` URIs, so a report needs no network; every image carries alt
text that states what it shows in words.
"""

from __future__ import annotations

import base64
import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from .html import Html, esc  # noqa: E402

__all__ = ["PALETTE", "SEGMENT_COLOURS", "SEQUENTIAL", "WIDTH", "theme", "new_figure", "figure_html"]

#: Okabe-Ito palette: orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple, black.
PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"]
SEGMENT_COLOURS = {"silent_follower": "#56B4E9", "active_participant": "#009E73", "ambassador": "#E69F00"}
SEQUENTIAL = "cividis"

_RC = {
    "figure.dpi": 100,
    "savefig.dpi": 110,
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
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


#: Default figure width in inches: about 550 px wide, legible when a phone shrinks it to its screen.
WIDTH = 5.2


def new_figure(width: float = WIDTH, height: float = 3.0, **subplots):
    """A themed ``(figure, axes)`` pair sized for a phone screen (``subplots`` go to :func:`plt.subplots`)."""
    theme()
    return plt.subplots(figsize=(width, height), layout="constrained", **subplots)


def figure_html(fig, *, alt: str, caption: str | None = None) -> Html:
    """Render ``fig`` as an embedded PNG with alt text; closes the figure.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    alt : str
        What the chart shows, in words (for screen readers and when images are off).
    caption : str, optional
        A visible caption.
    """
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    plt.close(fig)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    cap = f"<figcaption>{esc(caption)}</figcaption>" if caption else ""
    markup = f'<figure><img src="data:image/png;base64,{data}" alt="{esc(alt)}">{cap}</figure>'
    return Html(markup, f"[chart] {alt}")
