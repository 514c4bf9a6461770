"""The report's charts, drawn with the theme of :mod:`libcommunity.report.charts`.

Every function takes values already computed by the library and labels
already translated, and returns an :class:`~libcommunity.report.html.Html`
figure with alt text. None computes a metric.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
from matplotlib.ticker import FuncFormatter, MaxNLocator

from .charts import MIN_FONT_PT, PALETTE, SEQUENTIAL, figure_html, new_figure
from .html import Html
from .marks import plain

__all__ = ["trend_chart", "bar_chart", "heatmap_chart", "daily_chart", "stacked_bar_chart", "chart_label"]

_GREY = "#bdbdc7"
_INK = "#1b1b1f"


def chart_label(text) -> str:
    """``text`` without emoji and other symbols the chart font cannot draw (they would show as boxes)."""
    kept = "".join(
        ch for ch in plain(text)
        if unicodedata.category(ch) not in ("So", "Cs", "Co", "Cn", "Cf") and not 0xFE00 <= ord(ch) <= 0xFE0F
    )
    return re.sub(r"\s+", " ", kept).strip()


def _formatter(fmt):
    return FuncFormatter(lambda v, _pos: fmt(v))


def trend_chart(months, top, bottom, *, top_label: str, bottom_label: str, fmt, alt: str) -> Html:
    """Two panels over the same months: a line (``top``) above bars (``bottom``); missing values are gaps (no bar).

    Parameters
    ----------
    months : list of str
        Short month labels, oldest first.
    top, bottom : sequence of float
        The values (NaN where unknown).
    top_label, bottom_label : str
        Panel titles.
    fmt : callable
        Formats a number for the axes (the report's locale).
    alt : str
    """
    fig, (ax1, ax2) = new_figure(height=4.0, nrows=2, sharex=True)
    x = np.arange(len(months))
    t = np.asarray(top, dtype=float)
    b = np.asarray(bottom, dtype=float)
    ax1.plot(x, t, marker="o", markersize=3.5, color=PALETTE[4], linewidth=1.8)
    ax1.set_title(top_label, loc="left")
    have = ~np.isnan(b)  # a month without a value is a gap, never a bar of zero
    ax2.bar(x[have], b[have], color=PALETTE[2], width=0.7)
    if len(b) and not np.isnan(b[-1]):
        ax2.bar(x[-1:], b[-1:], color=PALETTE[0], width=0.7)
    ax2.set_title(bottom_label, loc="left")
    for ax in (ax1, ax2):
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(_formatter(fmt))
        ax.margins(x=0.02)
    if np.all(np.isnan(t)):
        ax1.set_yticks([])
    ax2.set_xticks(x, months, rotation=45, ha="right", rotation_mode="anchor")
    return figure_html(fig, alt=alt)


def bar_chart(labels, values, *, value_labels, alt: str, colours=None, reference=None, reference_label=None,
              fmt=None, xlabel: str | None = None, integer: bool = False) -> Html:
    """Horizontal bars, first label on top, each with its value written beside it.

    Parameters
    ----------
    labels : list of str
    values : sequence of float
        NaN draws no bar (a withheld or unknown value); its ``value_labels`` entry is still written.
    value_labels : list of str
    colours : list of str, optional
    reference : sequence of float, optional
        A reference value per bar, drawn as a black tick (e.g. the 90-9-1 shares).
    reference_label : str, optional
        Legend text of the reference ticks.
    fmt : callable, optional
        Formats the axis values.
    xlabel : str, optional
    integer : bool
        Ticks at whole numbers only (counts).
    alt : str
    """
    n = len(labels)
    lines = max((str(x).count("\n") + 1 for x in labels), default=1)
    fig, ax = new_figure(height=max(1.5, (0.2 + 0.2 * lines) * n + 0.9))
    y = np.arange(n)[::-1]
    v = np.asarray(values, dtype=float)
    colours = colours or [PALETTE[4]] * n
    ax.barh(y, np.nan_to_num(v), color=colours, height=0.62)
    top = np.nanmax(v) if n and not np.all(np.isnan(v)) else 1.0
    ends = np.nan_to_num(v)  # where each value label starts: after the bar, and after its reference tick
    if reference is not None:
        r = np.asarray(reference, dtype=float)
        ends = np.fmax(ends, np.nan_to_num(r))
        ax.scatter(r, y, marker="|", s=420, linewidths=2.2, color=_INK, zorder=3, label=reference_label)
        top = max(top, np.nanmax(r)) if not np.all(np.isnan(r)) else top
        if reference_label:
            fig.legend(loc="outside upper right")
    top = top if top > 0 else 1.0
    for yi, end, text in zip(y, ends, value_labels):
        ax.text(end + top * 0.025, yi, chart_label(text), va="center", fontsize=MIN_FONT_PT)
    ax.set_xlim(0, top * 1.45)
    ax.set_yticks(y, [chart_label(x) for x in labels])
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=integer))
    if fmt is not None:
        ax.xaxis.set_major_formatter(_formatter(fmt))
    if xlabel:
        ax.set_xlabel(xlabel)
    return figure_html(fig, alt=alt)


def stacked_bar_chart(labels, parts, *, part_labels, alt: str, fmt=None) -> Html:
    """Horizontal stacked bars: ``parts`` is one sequence per stack level, each as long as ``labels``."""
    n = len(labels)
    fig, ax = new_figure(height=max(1.8, 0.45 * n + 1.3))
    y = np.arange(n)[::-1]
    left = np.zeros(n)
    for i, (values, name) in enumerate(zip(parts, part_labels)):
        v = np.asarray(values, dtype=float)
        ax.barh(y, v, left=left, height=0.62, color=[PALETTE[2], _GREY, PALETTE[0]][i % 3], label=name)
        left = left + v
    ax.set_yticks(y, [chart_label(x) for x in labels])
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    if fmt is not None:
        ax.xaxis.set_major_formatter(_formatter(fmt))
    fig.legend(loc="outside lower center", ncol=len(part_labels))
    return figure_html(fig, alt=alt)


def heatmap_chart(matrix, *, rows, colorbar_label: str, fmt, alt: str, missing_label: str, hours=None) -> Html:
    """A weekday x hour heatmap (7 x 24); NaN cells are grey (not enough posts).

    Parameters
    ----------
    matrix : array of shape (7, 24)
    rows : list of str
        Weekday names, Monday first.
    colorbar_label : str
        What the colour shows (the metric, with its denominator).
    fmt : callable
        Formats the colour bar's values.
    missing_label : str
        What a grey cell means.
    hours : list of str, optional
        Labels of the hours 0, 6, 12 and 18 (the report's locale: ``Translator.hour_label``); default ``00`` .. ``18``.
    alt : str
    """
    import matplotlib as mpl

    fig, ax = new_figure(height=3.3)
    data = np.ma.masked_invalid(np.asarray(matrix, dtype=float))
    cmap = mpl.colormaps[SEQUENTIAL].with_extremes(bad=_GREY)
    if data.count():
        im = ax.imshow(data, aspect="auto", cmap=cmap, interpolation="nearest")
        bar = fig.colorbar(im, ax=ax, fraction=0.05, pad=0.02, format=_formatter(fmt))
        bar.set_label(colorbar_label)
        bar.ax.yaxis.set_major_locator(MaxNLocator(nbins=4))
    else:
        ax.imshow(np.zeros_like(np.asarray(matrix, dtype=float)), aspect="auto", cmap=mpl.colors.ListedColormap([_GREY]))
    ax.set_yticks(range(len(rows)), rows)
    ax.set_xticks(range(0, 24, 6), hours or [f"{h:02d}" for h in range(0, 24, 6)])
    ax.grid(False)
    ax.set_title(missing_label, loc="left", fontsize=MIN_FONT_PT, color="#5b5b66", wrap=True)
    return figure_html(fig, alt=alt)


def daily_chart(days, values, highlight, *, alt: str, fmt, highlight_label: str | None = None) -> Html:
    """Bars per day of the month; ``highlight`` (bools) marks the burst days in another colour."""
    fig, ax = new_figure(height=2.6)
    x = np.arange(len(days))
    v = np.asarray(values, dtype=float)
    hi = np.asarray(highlight, dtype=bool)
    ax.bar(x[~hi], v[~hi], color=PALETTE[1], width=0.8)
    if hi.any():
        ax.bar(x[hi], v[hi], color=PALETTE[5], width=0.8, label=highlight_label)
        if highlight_label:
            ax.legend(loc="upper left")
    step = 7 if len(days) > 10 else 1
    ax.set_xticks(x[::step], [days[i] for i in range(0, len(days), step)])
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(_formatter(fmt))
    ax.margins(x=0.01)
    return figure_html(fig, alt=alt)
