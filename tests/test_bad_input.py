"""Hostile and broken input through the real command line: one clear message, no traceback, store untouched.

Every case of the corpus in ``tests/data/bad`` (written by ``make_corpus.py``)
and every malformed parameter is run through ``libcommunity.cli.main`` (a few
also in a real subprocess) against a store built by the real ingest. Each must
exit 2 with exactly one line on stderr that names the file (and row or column
where there is one) and what was expected, and leave every file of the store
byte-for-byte as it was.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from libcommunity.cli import main
from libcommunity.errors import LibcommunityError
from tests.conftest import TEST_KEY
from tests.test_ingest import INTERACTIONS, MEMBERS, POSTS

BAD = Path(__file__).parent / "data" / "bad"


def _corpus_module():
    """``tests/data/bad/make_corpus.py`` as a module (the data folders are not packages)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_corpus", BAD / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_corpus = _corpus_module()
BAD_FILES, write_bad = make_corpus.BAD_FILES, make_corpus.write_bad


def store_hash(root: Path) -> dict:
    """``{relative path: sha256}`` of every file under the store (lock file included)."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def base_store(tmp_path_factory):
    """A store with account ``lib`` (posts, interactions, members) built through the CLI."""
    root = tmp_path_factory.mktemp("base")
    files = []
    for name, text in (("p.csv", POSTS), ("i.csv", INTERACTIONS), ("m.csv", MEMBERS)):
        (root / name).write_text(text, encoding="utf-8")
        files.append(str(root / name))
    with pytest.MonkeyPatch.context() as mp:  # module scope: the autouse key fixture is function scoped
        mp.setenv("LIBCOMMUNITY_KEY", TEST_KEY)
        code = main(["ingest", *files, "--account", "lib", "--platform", "x", "--timezone", "Europe/Madrid",
                     "--store", str(root / "store"), "-q"])
    assert code == 0
    return root / "store"


@pytest.fixture
def store(base_store, tmp_path):
    """A private copy of the base store for one test."""
    dst = tmp_path / "store"
    shutil.copytree(base_store, dst)
    return dst


def run_cli(capsys, argv):
    """Run the CLI in-process; return (exit code, stderr lines, stdout)."""
    capsys.readouterr()
    code = main(argv)
    out = capsys.readouterr()
    return code, [ln for ln in out.err.splitlines() if ln.strip()], out.out


def assert_one_clear_error(code, err, command, *fragments):
    assert code == 2, (code, err)
    assert len(err) == 1, err
    line = err[0]
    assert line.startswith(f"libcommunity {command}: error: "), line
    assert "Traceback" not in line and "internal error" not in line
    for fragment in fragments:
        assert fragment in line, f"{fragment!r} not in {line!r}"


# ----------------------------------------------------------------------------------------------- the corpus
def test_corpus_is_what_make_corpus_writes(tmp_path):
    written = write_bad(tmp_path)
    assert len(written) >= 20
    for path in written:
        committed = BAD / path.name
        assert committed.exists(), f"{committed} is missing: run python tests/data/bad/make_corpus.py"
        assert committed.read_bytes() == path.read_bytes(), f"{committed} differs from what make_corpus.py writes"
    assert sum(p.stat().st_size for p in written) < 64 * 1024


#: file -> fragments the one error line must contain (besides the file name).
INGEST_CASES = {
    "empty.csv": ["it is empty", "Known formats"],
    "blank_lines.csv": ["it is empty"],
    "random_bytes.csv": ["binary data", "not a text export"],
    "nul_bytes.csv": ["binary data (NUL bytes)"],
    "nul_in_header.csv": ["NUL bytes"],
    # A workbook is read like a CSV export (here a canonical posts sheet without a platform column).
    "excel_workbook.csv": ["column 'platform'", "the file has no platform column; add one or give --platform"],
    "truncated_quote.csv": ["malformed CSV near line 3", "a quoted field may be cut off"],
    "missing_column.csv": ["row 1", "canonical table 'interactions'", "lacks the required column(s) ['created_at']"],
    "bad_timestamp.csv": ["row 3, column 'created_at'", "expected a timestamp such as", "'yesterday at noon'"],
    "timestamp_out_of_range.csv": ["row 3, column 'created_at'", "expected a timestamp", "'99999-01-01T00:00:00Z'"],
    "unknown_kind.csv": ["row 3, column 'kind'", "expected one of reaction, comment", "got 'poke'"],
    "negative_count.csv": ["row 3, column 'reach'", "expected a count of 0 or more; got '-5'"],
    "huge_count.csv": ["row 2, column 'reach'", "expected a count of at most 9,007,199,254,740,992"],
    "bad_bool.csv": ["row 2, column 'by_library'", "expected true/false", "'maybe'"],
    "conflicting_duplicate.csv": ["row 4, column 'text'", "'b1' appears twice with different content (rows 2 and 4)",
                                  "expected one row per interaction_id"],
    "conflicting_duplicate_blank.csv": ["row 3, column 'text'", "'b1' appears twice with different content (rows 2 and 3)"],
    "other_account.csv": ["row 2, column 'account'", "every row must belong to account 'lib'", "'someone-else'"],
    "too_many_cells.csv": ["row 2", "the row has 12 cells but the header has 10"],
    "broken.parquet": ["not a readable Parquet file", "don't know what type: \\x0f )"],
    "not_an_api_response.json": ["not a format libcommunity knows", "it starts with JSON", "Known formats"],
    "json_scalar.json": ["it is a JSON number, not an export or an API response"],
    "truncated.json": ["the JSON ends too early (the file looks truncated)", "line 1, column"],
    "deeply_nested.json": ["not a format libcommunity knows"],
    "deeply_nested_api.json": ["nested too deeply", "expected an API response"],
    "huge_integer_api.json": ["invalid JSON for an export", "4300 digits"],
    "wrong_shape_api.json": ["Mastodon accounts", "which list it is"],
}


def test_every_corpus_file_has_a_case():
    assert set(INGEST_CASES) == set(BAD_FILES)


@pytest.mark.parametrize("name", sorted(INGEST_CASES))
def test_bad_file_gives_one_clear_error_and_leaves_the_store(store, capsys, name):
    before = store_hash(store)
    path = BAD / name
    code, err, out = run_cli(capsys, ["ingest", str(path), "--account", "lib", "--store", str(store)])
    assert_one_clear_error(code, err, "ingest", str(path), *INGEST_CASES[name])
    assert out == ""
    assert store_hash(store) == before


def test_a_bad_file_among_good_ones_lands_nothing(store, capsys, tmp_path):
    """All files of one ingest are valid or none lands (the good one here is new data)."""
    good = tmp_path / "new.csv"
    good.write_text(INTERACTIONS.replace("i1,", "n1,").replace("i2,", "n2,").replace("i3,", "n3,"), "utf-8")
    before = store_hash(store)
    code, err, _ = run_cli(
        capsys, ["ingest", str(good), str(BAD / "unknown_kind.csv"), "--account", "lib", "--store", str(store)]
    )
    assert_one_clear_error(code, err, "ingest", "unknown_kind.csv", "row 3")
    assert store_hash(store) == before


def test_a_directory_of_bad_files_names_the_first(store, capsys, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    for name in ("truncated.json", "negative_count.csv", "bad_bool.csv"):
        shutil.copy(BAD / name, folder / name)
    before = store_hash(store)
    code, err, _ = run_cli(capsys, ["ingest", str(folder), "--account", "lib", "--store", str(store)])
    assert_one_clear_error(code, err, "ingest", str(folder / "bad_bool.csv"))  # sorted: the first file fails first
    assert store_hash(store) == before


# ----------------------------------------------------------------------------------------------- parameters
MONTH = "2025-10"
PARAM_CASES = [
    ("ingest-missing-file", ["ingest", "{tmp}/does-not-exist.csv", "--account", "lib"], ["does-not-exist.csv", "file not found"]),
    ("ingest-directory-empty", ["ingest", "{tmp}/emptydir", "--account", "lib"], ["no input files given"]),
    ("ingest-dotdot-account", ["ingest", "{good}", "--account", "../evil"], ["account must be 1-64 characters", "'../evil'"]),
    ("ingest-slash-account", ["ingest", "{good}", "--account", "lib/../../etc"], ["account must be", "'lib/../../etc'"]),
    ("ingest-bad-timezone", ["ingest", "{good}", "--account", "lib", "--timezone", "Mars/Olympus"], ["timezone must be an IANA name"]),
    ("metrics-dotdot-account", ["metrics", "--account", "../evil", "--month", MONTH], ["account must be", "'../evil'"]),
    ("metrics-month-13", ["metrics", "--account", "lib", "--month", "2026-13"], ["month must be YYYY-MM with MM from 01 to 12", "'2026-13'"]),
    ("metrics-month-format", ["metrics", "--account", "lib", "--month", "10/2025"], ["month must be YYYY-MM", "'10/2025'"]),
    ("metrics-unknown-account", ["metrics", "--account", "nobody", "--month", MONTH], ["account must be one of the store's accounts (lib)", "'nobody'"]),
    ("metrics-no-store", ["metrics", "--account", "lib", "--month", MONTH, "--store", "{tmp}/nowhere"], ["nowhere", "no libcommunity store here"]),
    ("segment-dotdot-account", ["segment", "--account", "../evil", "--month", MONTH], ["account must be", "'../evil'"]),
    ("segment-month-13", ["segment", "--account", "lib", "--month", "2026-13"], ["month must be YYYY-MM", "'2026-13'"]),
    ("segment-unknown-account", ["segment", "--account", "nobody", "--month", MONTH], ["account must be one of the store's accounts", "'nobody'"]),
    ("segment-out-is-a-directory", ["segment", "--account", "lib", "--month", MONTH, "--out", "{tmp}"], ["--out", "is a directory", "expected a file path"]),
    ("report-dotdot-account", ["report", "--account", "../evil", "--month", MONTH, "--out", "{tmp}/r"], ["account must be", "'../evil'"]),
    ("report-month-13", ["report", "--month", "2026-13", "--out", "{tmp}/r"], ["month must be YYYY-MM", "'2026-13'"]),
    ("report-unknown-account", ["report", "--account", "nobody", "--month", MONTH, "--out", "{tmp}/r"], ["account must be one of the store's accounts", "'nobody'"]),
    ("forget-dotdot-account", ["forget", "--account", "../evil", "--member", "@ana"], ["account must be", "'../evil'"]),
    ("forget-unknown-account", ["forget", "--account", "nobody", "--member", "@ana"], ["account must be one of the store's accounts", "'nobody'"]),
    ("forget-empty-member", ["forget", "--account", "lib", "--member", " @ "], ["member must be a handle such as @ana_lee"]),
    ("prune-dotdot-account", ["prune", "--account", "../evil", "--before", MONTH], ["account must be", "'../evil'"]),
    ("prune-month-13", ["prune", "--account", "lib", "--before", "2026-13"], ["month must be YYYY-MM", "'2026-13'"]),
    ("prune-unknown-account", ["prune", "--account", "nobody", "--before", MONTH], ["account must be one of the store's accounts", "'nobody'"]),
    ("prune-zero-months", ["prune", "--account", "lib", "--retention-months", "0"], ["retention-months must be a whole number of at least 1", "0"]),
    ("prune-bad-today", ["prune", "--account", "lib", "--retention-months", "3", "--today", "2026-13-01"], ["today must be a date", "'2026-13-01'"]),
]


@pytest.mark.parametrize("case", PARAM_CASES, ids=[c[0] for c in PARAM_CASES])
def test_bad_parameter_gives_one_clear_error_and_leaves_the_store(store, capsys, tmp_path, case):
    _, argv, fragments = case
    (tmp_path / "emptydir").mkdir()
    good = tmp_path / "good.csv"
    good.write_text(POSTS, "utf-8")
    argv = [a.format(tmp=tmp_path, good=good) for a in argv]
    if "--store" not in argv:
        argv += ["--store", str(store)]
    before = store_hash(store)
    code, err, out = run_cli(capsys, argv)
    assert_one_clear_error(code, err, argv[0], *fragments)
    assert store_hash(store) == before
    assert not (tmp_path / "r").exists()  # no report directory was started


def test_debug_shows_the_traceback(store, capsys):
    with pytest.raises(LibcommunityError, match="unknown_kind.csv, row 3"):
        main(["ingest", str(BAD / "unknown_kind.csv"), "--account", "lib", "--store", str(store), "--debug"])


@pytest.mark.slow
@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["ingest", str(BAD / "random_bytes.csv"), "--account", "lib"], "binary data"),
        (["ingest", str(BAD / "deeply_nested_api.json"), "--account", "lib"], "nested too deeply"),
        (["metrics", "--account", "../x", "--month", "2026-13"], "month must be YYYY-MM"),
        (["forget", "--account", "nobody", "--member", "@ana"], "account must be one of"),
    ],
    ids=["ingest-random", "ingest-deep-json", "metrics-month", "forget-account"],
)
def test_in_a_real_process_no_traceback_unless_debug(store, argv, fragment):
    env = {**os.environ, "LIBCOMMUNITY_KEY": TEST_KEY}
    before = store_hash(store)
    cmd = [sys.executable, "-m", "libcommunity", *argv, "--store", str(store)]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert proc.returncode == 2 and len(lines) == 1 and fragment in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    debug = subprocess.run(cmd + ["--debug"], env=env, capture_output=True, text=True, timeout=120)
    assert debug.returncode != 0 and "Traceback" in debug.stderr and fragment in debug.stderr
    assert store_hash(store) == before


# ----------------------------------------------------------------------------------------------- awkward but valid
AWKWARD_TEXT = ["Préstamo de verano: ¡más libros! «Åsa» €5", 'Dijo "hola"; y se fue']
AWKWARD_EXPECTED = {
    "latin1_semicolon": [AWKWARD_TEXT[0].replace("€", "EUR"), AWKWARD_TEXT[1]],
    "cp1252": AWKWARD_TEXT,
    "utf16": AWKWARD_TEXT,
    "utf8_bom": AWKWARD_TEXT,
    "crlf": [AWKWARD_TEXT[0], "Línea uno\r\nlínea dos. " + AWKWARD_TEXT[1]],
    "sep_hint": AWKWARD_TEXT,
}


@pytest.fixture(scope="module")
def awkward_files(tmp_path_factory):
    return make_corpus.write_awkward(tmp_path_factory.mktemp("awkward"))


def test_awkward_cases_are_all_checked(awkward_files):
    assert set(awkward_files) == set(AWKWARD_EXPECTED) | {"long_caption"}


@pytest.mark.parametrize("case", sorted(AWKWARD_EXPECTED))
def test_awkward_but_valid_file_is_read_exactly(tmp_path, capsys, awkward_files, case):
    from libcommunity.store import Store

    code, err, _ = run_cli(
        capsys, ["ingest", str(awkward_files[case]), "--account", "lib", "--platform", "x", "--store", str(tmp_path / "st")]
    )
    assert code == 0, err
    posts = Store(tmp_path / "st").read("posts")
    assert posts["text"].tolist() == AWKWARD_EXPECTED[case]
    assert posts["reach"].tolist() == [100, 50]
    assert posts["published_at"].tolist()[0].isoformat() == "2025-10-01T08:00:00+00:00"


def test_a_one_megabyte_caption_is_kept_whole(tmp_path, capsys, awkward_files):
    from libcommunity.store import Store

    code, err, _ = run_cli(
        capsys,
        ["ingest", str(awkward_files["long_caption"]), "--account", "lib", "--platform", "x", "--store", str(tmp_path / "st")],
    )
    assert code == 0, err
    text = Store(tmp_path / "st").read("posts")["text"].tolist()
    assert [len(t) for t in text] == [1_000_000, 5] and text[0].startswith("Lectura en voz alta, ")


# ----------------------------------------------------------------------------------------------- hostile text
HOSTILE_ACCOUNTS = [
    "lib'); import os; os.system('touch pwned') #",
    'lib"""; __import__("os").system("id"); """',
    "lib\nimport os",
    "../../etc",
    "LIB",
    "lib;rm -rf /",
]
HOSTILE_MONTHS = ['2025-10"); __import__("os").system("id"); ("', "2025-10\nimport os", "{{7*7}}", "2026-13", "2025-1O"]


@pytest.fixture
def no_notebook_runs(monkeypatch):
    """Fail the test if anything tries to execute a report notebook."""
    import papermill

    from libcommunity.report import batch, execute

    def refuse(*args, **kwargs):
        raise AssertionError("a notebook was about to run with hostile parameters")

    monkeypatch.setattr(papermill, "execute_notebook", refuse)
    monkeypatch.setattr(execute, "run_report", refuse)
    monkeypatch.setattr(batch, "run_report", refuse, raising=False)


@pytest.mark.parametrize("account", HOSTILE_ACCOUNTS)
def test_hostile_account_is_refused_before_any_notebook_runs(store, capsys, tmp_path, no_notebook_runs, account):
    code, err, _ = run_cli(capsys, ["report", "--account", account, "--month", "2025-10", "--store", str(store),
                                    "--out", str(tmp_path / "r")])
    assert_one_clear_error(code, err, "report", "account must be")
    assert not (tmp_path / "r").exists() and not list(tmp_path.rglob("pwned"))


@pytest.mark.parametrize("month", HOSTILE_MONTHS)
def test_hostile_month_is_refused_before_any_notebook_runs(store, capsys, tmp_path, no_notebook_runs, month):
    code, err, _ = run_cli(capsys, ["report", "--month", month, "--store", str(store), "--out", str(tmp_path / "r")])
    assert_one_clear_error(code, err, "report", "month must be YYYY-MM")
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize(
    "params, message",
    [
        ({"account": HOSTILE_ACCOUNTS[0]}, "account must be"),
        ({"month": HOSTILE_MONTHS[0]}, "month must be"),
        ({"lang": "en'); import os #"}, "lang must be"),
        ({"store": "data/store\rimport os"}, "control characters"),
        ({"reveal": "True"}, "reveal must be bool"),
        ({"min_group": "5; import os"}, "min_group must be int"),
        ({"__import__('os').system('id')": 1}, "parameter must be one of"),
    ],
    ids=["account", "month", "lang", "store", "reveal", "min_group", "name"],
)
def test_report_parameters_are_validated_against_the_template(params, message):
    from libcommunity.errors import ParameterError
    from libcommunity.report.batch import MONTHLY
    from libcommunity.report.execute import NOTEBOOKS
    from libcommunity.report.params import validate_parameters

    good = {"account": "lib", "month": "2025-10", "store": "data/store", "lang": "en", "reveal": False, "min_group": 5}
    assert validate_parameters(NOTEBOOKS / MONTHLY, good) == good
    with pytest.raises(ParameterError, match=message):
        validate_parameters(NOTEBOOKS / MONTHLY, {**good, **params})


def test_hostile_text_is_stored_as_inert_data(tmp_path, capsys):
    """Script, event-handler and formula text goes through ingest unchanged (it is data) and out of CSV neutralised."""
    import csv as csv_module

    from libcommunity.export import needs_guard
    from libcommunity.store import Store

    hostile = ["<script>alert(1)</script>", '<img src=x onerror="alert(1)">', '=HYPERLINK("http://evil","x")',
               "+1+1", "-2", "\tTAB", "＝1"]
    lines = ["member_id,followed_at", *(f'"{h.replace(chr(34), chr(34) * 2)}",2025-01-01T00:00:00Z' for h in hostile)]
    (tmp_path / "m.csv").write_text("\n".join(lines) + "\n", "utf-8")
    posts = "post_id,published_at,text\n" + "".join(
        f'p{i},2025-10-0{i + 1}T10:00:00Z,"{h.replace(chr(34), chr(34) * 2)}"\n' for i, h in enumerate(hostile)
    )
    (tmp_path / "p.csv").write_text(posts, "utf-8")
    root = tmp_path / "st"
    code, err, _ = run_cli(capsys, ["ingest", str(tmp_path / "m.csv"), str(tmp_path / "p.csv"), "--account", "lib",
                                    "--platform", "facebook", "--store", str(root), "-q"])
    assert code == 0, err
    assert Store(root).read("posts")["text"].tolist() == [h.strip() for h in hostile]
    assert sorted(Store(root).identities("lib")["handle"]) == sorted(h.strip() for h in hostile)
    out = tmp_path / "members.csv"
    code, err, _ = run_cli(capsys, ["segment", "--account", "lib", "--month", "2025-10", "--store", str(root),
                                    "--reveal", "--out", str(out), "-q"])
    assert code == 0, err
    with open(out, newline="", encoding="utf-8-sig") as fh:
        cells = [c for row in csv_module.reader(fh) for c in row]
    assert not [c for c in cells if needs_guard(c)]
    assert {"'" + h.strip() for h in hostile if needs_guard(h.strip())} <= set(cells)
