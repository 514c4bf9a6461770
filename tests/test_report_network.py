"""The network overview: figures from the metrics, league tables, each library against its own history, texts in
three languages, a thin notebook, escaping, and an nbval re-run of the executed notebook."""

from __future__ import annotations

import ast
import re
import string

import nbformat
import numpy as np
import pandas as pd
import pytest

from libcommunity.errors import ParameterError, UnknownAccountError
from libcommunity.months import parse_month
from libcommunity.report import network
from libcommunity.report.i18n import Translator
from libcommunity.report.messages import MESSAGES
from libcommunity.report.messages_network import NETWORK_MESSAGES

from .conftest import ROOT, TEST_KEY
from .pytest_inprocess import run_pytest
from .report_helpers import MONTH, NAMES, build_small_store

NOTEBOOK = ROOT / "notebooks" / "reports" / "network_overview.ipynb"
SOURCE = (ROOT / "libcommunity" / "report" / "network.py").read_text("utf-8")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return build_small_store(tmp_path_factory.mktemp("small"), key=TEST_KEY)


@pytest.fixture(scope="module")
def figures(store):
    return network.collect(store, MONTH)


# ---------------------------------------------------------------------- texts
def placeholders(text: str) -> set:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_text_has_three_languages_with_the_same_placeholders():
    for key, entry in NETWORK_MESSAGES.items():
        assert key.startswith("net_"), key
        assert set(entry) == {"en", "es", "sv"}, key
        assert all(entry[lang].strip() for lang in entry), key
        assert placeholders(entry["es"]) == placeholders(entry["en"]) == placeholders(entry["sv"]), key
        assert MESSAGES[key] is entry  # merged into the report texts


def test_every_text_the_module_uses_exists_and_none_is_unused():
    used = set(re.findall(r'"(net_[a-z0-9_]+)"', SOURCE))
    assert used - set(NETWORK_MESSAGES) == set()
    assert set(NETWORK_MESSAGES) - used == set()


# ---------------------------------------------------------------------- the notebook
def test_notebook_is_thin_with_one_typed_parameters_cell():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and tagged[0] is code[0]
    names = []
    for line in tagged[0].source.splitlines():
        m = re.match(r"^(\w+): (int|str|float|bool) = (.+?)  # \S", line)
        assert m, line
        ast.literal_eval(m.group(3))
        names.append(m.group(1))
    # what libcommunity.report.batch passes
    assert names == ["month", "store", "lang", "accounts", "reveal", "min_group", "snapshot", "figures_dir"]
    for cell in code:
        tree = ast.parse(cell.source)
        assert not [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                                                                 ast.Lambda))], cell.source
        if cell is not tagged[0]:
            assert len(cell.source.splitlines()) <= 3, cell.source  # logic lives in libcommunity.report.network
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    markdown = [c for c in nb.cells if c.cell_type == "markdown"]
    assert all("remove_cell" in c.metadata.get("tags", []) for c in markdown)  # English notes stay out of the page


# ---------------------------------------------------------------------- figures
def test_collect_takes_every_figure_from_the_metrics(store, figures):
    from libcommunity.metrics import core_summary, monthly_trend
    from libcommunity.segments import segment_summary

    a = figures.accounts.set_index("account")
    assert sorted(a.index) == list(NAMES)
    for name in NAMES:
        core = core_summary(store, name, MONTH)
        row = a.loc[name]
        assert row["followers"] == core["followers_end"]
        assert row["engaged_members"] == core["engaged_members"]
        for mine, theirs in ((row["community_ratio"], core["community_ratio"]),
                             (row["response_rate"], core["response"]["rate"]),
                             (row["median_hours"], core["response"]["median_hours"]),
                             (row["member_to_member_share"], core["member_to_member_share"])):
            assert (pd.isna(mine) and theirs is None) or mine == pytest.approx(theirs)
        assert row["ambassadors"] == segment_summary(store, name, MONTH)["segments"]["ambassador"]["members"]
        trend = monthly_trend(store, name, MONTH, months=network.TREND_MONTHS)
        mine = figures.trend[figures.trend["account"] == name].drop(columns="account").reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, trend, check_dtype=False)  # concatenated: ints with NaN elsewhere are floats
    ratios = figures.accounts["community_ratio"].tolist()
    assert ratios == sorted(ratios, reverse=True)
    assert figures.accounts["rank"].tolist() == [1, 2, 3]


def test_collect_checks_accounts_before_computing(store):
    with pytest.raises(ParameterError, match="account must be"):
        network.collect(store, MONTH, 'ash-lib,x"; import os')
    with pytest.raises(UnknownAccountError, match="ash-lib, bex-lib, cam-lib"):
        network.collect(store, MONTH, "ash-lib,zed-lib")
    with pytest.raises(ParameterError, match="month must be"):
        network.collect(store, "2026-13")
    with pytest.raises(ParameterError, match="months must be"):
        network.collect(store, MONTH, months=1)
    assert network.parse_accounts(" ash-lib, bex-lib ,") == ["ash-lib", "bex-lib"]
    assert network.parse_accounts("") == [] and network.parse_accounts(None) == []


def test_collect_of_some_accounts_and_without_segments(store):
    fig = network.collect(store, MONTH, "cam-lib,ash-lib", segments=False)
    assert sorted(fig.accounts["account"]) == ["ash-lib", "cam-lib"]
    assert fig.accounts["ambassadors"].isna().all()
    text = network.league_section(fig, Translator("en")).text
    assert "Ambassadors" not in text.split("\n")[4]  # no column of unknowns


# ---------------------------------------------------------------------- the page
def test_page_has_every_section_in_every_language(figures):
    for lang in ("en", "es", "sv"):
        page = network.page_sections(figures, Translator(lang))
        for anchor in network.SECTION_IDS:
            assert f'<section id="{anchor}"' in page.html and f'href="#{anchor}"' in page.html, (lang, anchor)
        for name in NAMES:
            assert name in page.text
        assert page.html.count("<img ") == 2 and page.html.count('alt="') >= 2
        assert all(alt.strip() for alt in re.findall(r'alt="([^"]*)"', page.html))
    es = network.page_sections(figures, Translator("es")).text
    assert "Clasificación" in es and "League table" not in es


def test_league_tables_are_ranked_and_formatted_for_the_locale(figures):
    t = Translator("es")
    text = network.league_section(figures, t).text.splitlines()
    header = "Puesto | Cuenta | Plataforma | Seguidores | Miembros activos | Ratio de comunidad | Embajadores"
    first = text.index(header) + 1
    top = figures.accounts.iloc[0]
    assert text[first].startswith(f"1 | {top['account']} | {top['platforms']} | {t.num(top['followers'])} |")
    assert t.pct(top["community_ratio"]) in text[first]
    conv = figures.accounts.sort_values(["response_rate", "account"], ascending=[False, True])
    conv_header = [i for i, line in enumerate(text) if line.startswith("Puesto | Cuenta | Tasa de respuesta")][0]
    assert text[conv_header + 1].startswith(f"1 | {conv.iloc[0]['account']} | {t.pct(conv.iloc[0]['response_rate'])} |")


def fake_figures(names, ratios, *, month="2026-10", history=None, median_hours=2.0, followers=100, items=50):
    """NetworkFigures built by hand: ``history[name]`` are the 13 monthly community ratios, oldest first."""
    m = parse_month(month)
    rows = []
    for name, ratio in zip(names, ratios):
        rows.append({
            "account": name, "platforms": "mastodon", "timezone": "UTC", "has_data": ratio is not None,
            "posts": 10, "participation": 20, "comments": 10, "followers": followers if ratio is not None else None,
            "engaged_members": None if ratio is None else int(ratio * followers), "community_ratio": ratio,
            "response_items": items, "response_answered": items // 2, "response_rate": 0.5, "median_hours": median_hours,
            "within_24h": 0.4, "member_to_member_share": 0.2, "ambassadors": 3, "active_participants": 9,
            # the people block (every column of network.ACCOUNT_COLUMNS): no identity links in these accounts
            "people": None, "linked_identities": None, "ambassador_people": None, "cross_platform_ambassadors": None,
        })
    accounts = pd.DataFrame(rows)
    for col in ("followers", "engaged_members", "ambassadors", "active_participants", "posts", "participation",
                "comments", "response_items", "response_answered", "people", "linked_identities", "ambassador_people",
                "cross_platform_ambassadors"):
        accounts[col] = pd.array(accounts[col].tolist(), dtype="Int64")
    for col in ("community_ratio", "median_hours"):
        accounts[col] = accounts[col].astype("float64")
    accounts["rank"] = pd.array(range(1, len(rows) + 1), dtype="Int64")
    assert list(accounts.columns) == list(network.ACCOUNT_COLUMNS)  # the frame network_data.collect builds
    trend = []
    for name, ratio in zip(names, ratios):
        values = (history or {}).get(name, [ratio] * 13)
        for i, v in enumerate(values):
            trend.append({"account": name, "month": str(m.shift(i - len(values) + 1)), "community_ratio": v,
                          "response_rate": 0.5, "followers_end": followers, "engaged_members": None if v is None else v * followers})
    return network.NetworkFigures(m, accounts, pd.DataFrame(trend))


def test_account_names_are_escaped_everywhere():
    hostile = '<script>alert("x")</script>&'
    fig = fake_figures([hostile, "plain-lib"], [0.2, 0.1])
    page = network.page_sections(fig, Translator("en"))
    assert "<script>" not in page.html and "alert(&quot;x&quot;)" in page.html
    assert hostile in page.text  # the plain-text twin says it as it is


def test_each_library_against_its_own_history():
    history = {
        "rising": [0.10] * 12 + [0.30],
        "falling": [0.10] * 12 + [0.05],
        "steady": [0.10, 0.12] * 6 + [0.115],
        "new": [None] * 11 + [0.1, 0.1],
    }
    fig = fake_figures(list(history), [0.30, 0.05, 0.115, 0.1], history=history)
    h = network._history(fig, "rising", "community_ratio")
    assert h["standing"] == "high" and h["median"] == pytest.approx(0.10)
    assert h["vs_previous"] == pytest.approx(0.20) and h["vs_year"] == pytest.approx(0.20)
    assert network._history(fig, "falling", "community_ratio")["standing"] == "low"
    steady = network._history(fig, "steady", "community_ratio")
    assert steady["standing"] == "above" and steady["low"] == 0.10 and steady["high"] == 0.12
    assert network._history(fig, "new", "community_ratio")["standing"] == "short"
    text = network.history_section(fig, Translator("en")).text
    assert "rising | 30.0% | 10.0% | 10.0% to 10.0% | +20 pp | +20 pp | highest in 12 months" in text
    assert "falling | 5.0% | 10.0% | 10.0% to 10.0% | −5 pp | −5 pp | lowest in 12 months" in text
    assert "steady | 11.5% | 11.0% | 10.0% to 12.0% | −0.5 pp | +1.5 pp | above its median" in text
    attention = network.attention_section(fig, Translator("en")).text
    assert "falling: community ratio 5.0%, the lowest of its last 12 months." in attention
    assert "rising:" not in attention


def test_attention_flags_slow_answers_and_missing_data():
    fig = fake_figures(["slow-lib", "empty-lib"], [0.2, None], median_hours=50.0)
    text = network.attention_section(fig, Translator("en")).text
    assert "slow-lib: half of the answers took longer than 2.1 days; answer within a day." in text
    assert "empty-lib: no followers or interactions recorded for October 2026" in text
    calm = network.attention_section(fake_figures(["calm-lib"], [0.2]), Translator("en")).text
    assert "Nothing stands out" in calm


def test_network_totals_add_up_accounts():
    fig = fake_figures(["a-lib", "b-lib"], [0.2, 0.1], followers=100)
    totals = network._network_totals(fig)
    assert totals["followers"] == 200 and totals["engaged_members"] == 30
    assert totals["community_ratio"] == pytest.approx(0.15) and totals["response_rate"] == pytest.approx(0.5)
    assert totals["ratio_change"] == pytest.approx(0.0)


def test_many_accounts_chart_the_top_and_split_the_small_multiples():
    names = [f"lib-{i:03d}" for i in range(network.CHART_MAX_BARS + 5)]
    fig = fake_figures(names, list(np.linspace(0.3, 0.01, len(names))), followers=1000)  # 300 .. 10 engaged members
    league = network.league_section(fig, Translator("en"))
    assert f"The chart shows the {network.CHART_MAX_BARS} highest of {len(names)} accounts" in league.text
    assert league.text.count("\n") > len(names)  # the tables list every account
    charts = network._trend_charts(fig, Translator("en"))
    assert len(charts) == -(-len(names) // network.PANELS_PER_FIGURE)


def test_no_account_gives_a_note_not_an_error():
    fig = network.NetworkFigures(parse_month(MONTH), pd.DataFrame(columns=list(network.ACCOUNT_COLUMNS)),
                                 pd.DataFrame(columns=["account", "month"]))
    for part in (network.overview_section, network.league_section, network.history_section):
        assert "No account to show for October 2026." in part(fig, Translator("en")).text


# ---------------------------------------------------------------------- the executed notebook
@pytest.mark.slow
def test_notebook_runs_and_nbval_reproduces_its_outputs(tmp_path, store):
    papermill = pytest.importorskip("papermill")
    executed = tmp_path / "network_overview.ipynb"
    papermill.execute_notebook(str(NOTEBOOK), str(executed), cwd=str(tmp_path), progress_bar=False,
                               parameters={"month": MONTH, "store": str(store.root), "lang": "sv", "accounts": ""})
    nb = nbformat.read(executed, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    plain = "\n".join(o["data"]["text/plain"] for o in outputs if "data" in o)
    for anchor_title in ("Nätverket den här månaden", "Tabell", "Varje bibliotek jämfört med sin egen historik"):
        assert f"## {anchor_title}" in plain
    # nbval runs the executed notebook again and compares every stored text output with the new one
    run = run_pytest(["-q", "-p", "no:cacheprovider", "-p", "libcommunity.report.notebook_format",
                      "--nbval", str(executed), "--rootdir", str(tmp_path), "-c", "/dev/null"], cwd=tmp_path)
    assert run.exit_code == 0, run.report
    assert run.passed and not run.failed
