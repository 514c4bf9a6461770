"""report/charts.py: a chart is laid out once and drawn once when saved, and its PNG is the one matplotlib's own
savefig (layout engine on) writes, byte for byte."""

from __future__ import annotations

import base64
import io
import re

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from libcommunity.report import charts, plots

PNG = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')

CHARTS = {
    "trend": lambda: plots.trend_chart(["ene", "feb", "mar"], [3, np.nan, 5], [1, 2, 4], top_label="Seguidores",
                                       bottom_label="Miembros", fmt=lambda v: f"{v:,.0f}", alt="trend"),
    "bars": lambda: plots.bar_chart(["una etiqueta larga", "b"], [0.4, 0.1], value_labels=["40 %", "10 %"],
                                    reference=[0.09, 0.01], reference_label="90-9-1", alt="bars"),
    "stacked": lambda: plots.stacked_bar_chart(["a", "b"], [[2, 1], [1, 0], [3, 2]], part_labels=["x", "y", "z"],
                                               alt="stacked"),
    "heatmap": lambda: plots.heatmap_chart(np.arange(168, dtype=float).reshape(7, 24) / 168, rows=list("LMXJVSD"),
                                           colorbar_label="tasa", fmt=lambda v: f"{v:.0%}", alt="heat",
                                           missing_label="gris: pocas publicaciones"),
    "daily": lambda: plots.daily_chart([str(d) for d in range(1, 31)], np.arange(30) % 7, np.arange(30) == 12,
                                       alt="daily", fmt=str, highlight_label="pico"),
}


def png_of(html) -> bytes:
    return base64.b64decode(PNG.search(html.html).group(1))


def savefig_as_matplotlib_does(fig, *, alt, caption=None):
    """figure_html's PNG, saved with the layout engine left on (matplotlib lays the figure out inside savefig)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None}, dpi=charts._RC["savefig.dpi"])
    plt.close(fig)
    return charts.Html(f'<img src="data:image/png;base64,{base64.b64encode(buf.getvalue()).decode()}">', "")


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_every_chart_is_the_png_savefig_writes_with_its_layout_engine(name, monkeypatch):
    ours = png_of(CHARTS[name]())
    monkeypatch.setattr(plots, "figure_html", savefig_as_matplotlib_does)
    assert png_of(CHARTS[name]()) == ours


def test_a_chart_is_drawn_once_when_saved(monkeypatch):
    draws = []
    original = Figure.draw
    monkeypatch.setattr(Figure, "draw", lambda self, renderer: draws.append(1) or original(self, renderer))
    fig, ax = charts.new_figure()
    ax.bar(["a", "b"], [1, 2])
    ax.set_title("t")
    charts.figure_html(fig, alt="bars")
    assert len(draws) == 1  # matplotlib alone draws twice: once to lay out, once to render


def test_lay_out_once_switches_the_engine_off_and_keeps_the_figures_dpi():
    fig, ax = charts.new_figure()
    ax.plot([1, 2], [3, 4])
    before = ax.get_position().bounds
    charts.lay_out_once(fig, 160)
    assert fig.get_layout_engine() is None
    assert fig.dpi == charts._RC["figure.dpi"]
    assert ax.get_position().bounds != before  # laid out: the axes moved to make room for the ticks
    plt.close(fig)


def test_an_engine_the_settings_would_put_back_is_left_to_savefig():
    with matplotlib.rc_context({"figure.constrained_layout.use": True}):
        fig, ax = charts.new_figure()
        ax.plot([1, 2], [3, 4])
        engine = fig.get_layout_engine()
        charts.lay_out_once(fig, 160)
        assert fig.get_layout_engine() is engine
        assert png_of(charts.figure_html(fig, alt="line"))[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_layout_error_matplotlib_ignores_is_ignored_here_too(monkeypatch):
    fig, ax = charts.new_figure()
    ax.plot([1, 2], [3, 4])

    def fails(figure):
        raise ValueError("a layout that cannot be made")

    monkeypatch.setattr(fig.get_layout_engine(), "execute", fails)
    charts.lay_out_once(fig, 160)
    assert fig.get_layout_engine() is None
    assert png_of(charts.figure_html(fig, alt="line"))[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_figure_without_an_engine_is_saved_as_it_is():
    fig = plt.figure(figsize=(2, 1))
    fig.add_subplot().plot([1, 2], [3, 4])
    charts.lay_out_once(fig, 160)
    assert fig.get_layout_engine() is None
    assert png_of(charts.figure_html(fig, alt="line"))[:8] == b"\x89PNG\r\n\x1a\n"
