"""Report parameters are checked against the template's parameters cell and their formats before anything runs."""

from __future__ import annotations

import pytest

from libcommunity.errors import ParameterError
from libcommunity.report.params import declared_parameters, validate_parameters

from .report_helpers import NAMES, write_notebook

GOOD = {"account": "ash-lib", "month": "2026-10", "store": "/data/store", "lang": "es", "reveal": False, "min_group": 5}
HOSTILE_ACCOUNTS = ['x"; import os', "../etc", "a/b", "Ash", "", " ash", "ash\n", "-ash", "a" * 65, "ash;rm", "ash'"]


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return write_notebook(tmp_path_factory.mktemp("tpl") / "monthly_report.ipynb", ["print(account)"])


@pytest.fixture(scope="module")
def network_template(tmp_path_factory):
    params = (
        'month: str = "2026-10"  # report month\n'
        'store: str = "data/store"  # store\n'
        'lang: str = "en"  # language\n'
        'accounts: str = ""  # comma-separated slugs'
    )
    return write_notebook(tmp_path_factory.mktemp("tpl") / "network_overview.ipynb", ["print(accounts)"], parameters=params)


def test_declared_parameters_are_read_from_the_parameters_cell(template):
    assert declared_parameters(template) == {
        "account": "str", "month": "str", "store": "str", "lang": "str", "reveal": "bool", "min_group": "int"
    }


def test_good_parameters_pass_unchanged(template):
    assert validate_parameters(template, dict(GOOD)) == GOOD


def test_unknown_name_is_rejected(template):
    with pytest.raises(ParameterError, match=r"parameter must be one of .*; got 'os' instead"):
        validate_parameters(template, {**GOOD, "os": "x"})


@pytest.mark.parametrize(
    "name,value",
    [("min_group", "5"), ("min_group", 5.5), ("min_group", True), ("reveal", 1), ("reveal", "yes"), ("month", 202610),
     ("store", None), ("account", ["ash-lib"]), ("lang", {"en": 1})],
)
def test_wrong_types_are_rejected(template, name, value):
    with pytest.raises(ParameterError, match=name):
        validate_parameters(template, {**GOOD, name: value})


@pytest.mark.parametrize("month", ["2026-13", "2026-00", "2026-1", "10/2026", "2026-10-01", "2026-10; import os", "", "2026-10\n", " 2026-10"])
def test_malformed_months_are_rejected(template, month):
    with pytest.raises(ParameterError, match="month must be YYYY-MM"):
        validate_parameters(template, {**GOOD, "month": month})


@pytest.mark.parametrize("account", HOSTILE_ACCOUNTS)
def test_hostile_or_malformed_accounts_are_rejected(template, account):
    with pytest.raises(ParameterError, match="account must be"):
        validate_parameters(template, {**GOOD, "account": account})


@pytest.mark.parametrize("bad", ['x"; import os', "../etc", "ash-lib,,", "ash-lib, bex-lib"])
def test_every_account_of_the_network_list_is_checked(network_template, bad):
    params = {"month": "2026-10", "store": "/s", "lang": "en", "accounts": ",".join(NAMES[:1]) + "," + bad}
    with pytest.raises(ParameterError, match="account must be"):
        validate_parameters(network_template, params)


def test_network_list_of_good_slugs_passes(network_template):
    params = {"month": "2026-10", "store": "/s", "lang": "sv", "accounts": ",".join(NAMES)}
    assert validate_parameters(network_template, params) is params


@pytest.mark.parametrize("lang", ["de", "EN", "en_GB", ""])
def test_unknown_language_is_rejected(template, lang):
    with pytest.raises(ParameterError, match="lang must be one of en, es, sv"):
        validate_parameters(template, {**GOOD, "lang": lang})


@pytest.mark.parametrize("value", ["/data/st\x00ore", "/data/store\r"])
def test_control_characters_are_rejected(template, value):
    with pytest.raises(ParameterError, match="control characters"):
        validate_parameters(template, {**GOOD, "store": value})


def test_missing_template_and_template_without_parameters_cell(tmp_path):
    with pytest.raises(ParameterError, match="does not exist"):
        validate_parameters(tmp_path / "nope.ipynb", GOOD)
    bare = write_notebook(tmp_path / "bare.ipynb", ["print(1)"], parameters="x = 1")
    bare_nb = bare.read_text()
    assert '"parameters"' in bare_nb  # the helper tags it; drop the tag to get a template without one
    bare.write_text(bare_nb.replace('"tags": [\n     "parameters"\n    ]', '"tags": []'))
    with pytest.raises(ParameterError, match="must have a code cell tagged 'parameters'"):
        validate_parameters(bare, {"x": 1})
