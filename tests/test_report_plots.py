"""report/plots.py: every chart is one embedded PNG with its alt text, and data texts the font cannot draw are dropped."""

from __future__ import annotations

import base64
import re

import numpy as np
import pytest

from libcommunity.report import charts, plots


IMG = re.compile(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)" alt="[^"]+" width="(\d+)" height="(\d+)" '
                 r'data-min-font-px="([\d.]+)">')


def one_png(html):
    assert html.html.count("<img") == 1
    assert IMG.search(html.html)
    return html


def phone_px(html) -> float:
    """How tall the chart's smallest text is on a 390 px phone (the image shrunk to the page's width)."""
    png, width, height, smallest = IMG.search(html.html).groups()
    raw = base64.b64decode(png)
    assert (int.from_bytes(raw[16:20], "big"), int.from_bytes(raw[20:24], "big")) == (int(width), int(height))
    return charts.phone_label_px(float(smallest), int(width))


def test_chart_label_drops_emoji_and_keeps_letters():
    assert plots.chart_label("🗓️ Bokcirkel: måndag 19 oktober 🎉") == "Bokcirkel: måndag 19 oktober"
    assert plots.chart_label("Día del Libro\u200d") == "Día del Libro"


@pytest.mark.parametrize(
    "draw",
    [
        lambda: plots.trend_chart(["a", "b"], [1, 2], [np.nan, 3], top_label="t", bottom_label="b", fmt=str, alt="trend <x>"),
        lambda: plots.bar_chart(["a", "b"], [1, np.nan], value_labels=["1", "fewer than 5"], alt="bars", integer=True),
        lambda: plots.bar_chart(["a"], [0.2], value_labels=["20%"], reference=[0.1], reference_label="90-9-1", alt="ref"),
        lambda: plots.stacked_bar_chart(["🗓️ x"], [[2], [1]], part_labels=["on", "off"], alt="stacked"),
        lambda: plots.heatmap_chart(np.full((7, 24), np.nan), rows=list("MTWTFSS"), colorbar_label="r", fmt=str, alt="h",
                                    missing_label="grey"),
        lambda: plots.daily_chart(["1", "2", "3"], [1, 9, 2], [False, True, False], alt="daily", fmt=str, highlight_label="burst"),
    ],
)
def test_every_chart_is_one_png_with_alt_and_readable_labels_on_a_phone(draw):
    out = one_png(draw())
    assert out.text.startswith("[chart] ")
    assert phone_px(out) >= charts.MIN_LABEL_PX


def test_the_smallest_text_is_measured_from_the_drawn_figure():
    fig, ax = charts.new_figure(3, 2)
    ax.bar(["a", "b"], [1, 2])
    ax.text(0, 1, "tiny", fontsize=6)
    hidden = ax.text(0, 1, "hidden", fontsize=3)
    hidden.set_visible(False)
    out = charts.figure_html(fig, alt="x")
    smallest = float(IMG.search(out.html).group(4))
    assert smallest == pytest.approx(6 * 160 / 72, abs=0.06)
    assert phone_px(out) < charts.MIN_LABEL_PX  # 6 pt on a 3 in figure would be too small: the check can fail


def test_alt_text_is_escaped():
    out = plots.bar_chart(["a"], [1], value_labels=["1"], alt='"><script>x</script>')
    assert "<script>" not in out.html and "&quot;&gt;&lt;script&gt;" in out.html
