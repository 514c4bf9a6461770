"""Fuzzing every loader: broken files give the project's own clear errors, never a crash.

Each loader of :data:`libcommunity.loaders.LOADERS` has seed files (the
fixtures of ``tests/data/formats``, plus canonical CSV and Parquet files made
here). Hypothesis mutates them three ways and runs the result through what
``libcommunity ingest`` does before the store (detection or the forced loader,
then duplicate-key handling and schema validation):

* bytes: overwrite, cut, duplicate or insert bytes anywhere (encodings,
  quoting, truncation, binary garbage);
* cells: replace cells of a CSV with arbitrary text or tricky values (numbers,
  dates, formulas, control characters), keeping the file well formed, so the
  typed parsers see everything;
* JSON values: replace values of an API response with values of other types.

The only exception allowed out is a :class:`~libcommunity.errors.LibcommunityError`,
and an :class:`~libcommunity.errors.InputError` must name the file.

``make test`` runs a bounded, derandomised budget (``EXAMPLES`` per loader and
strategy); ``make fuzz`` sets ``FUZZ_EXAMPLES`` (default 5000) for a longer,
randomised run.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from libcommunity.errors import InputError, LibcommunityError
from libcommunity.loaders import LOADERS, LoadContext, detect, load_file
from libcommunity.loaders.textio import sniff_text
from libcommunity.validate import drop_repeated_rows, validate_frame
from tests.test_ingest import AUDIENCE, INTERACTIONS, MEMBERS, POSTS

FORMATS = Path(__file__).parent / "data" / "formats"
FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "0") or 0)
#: Examples per loader and strategy in `make test` (a few seconds per loader).
EXAMPLES = FUZZ_EXAMPLES or 25
SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize=not FUZZ_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
CTX = LoadContext("lib", "Europe/Madrid", None)


# ----------------------------------------------------------------------------------------------- seeds
def _canonical_seeds(root: Path) -> list[Path]:
    root.mkdir(parents=True, exist_ok=True)
    out = []
    for name, text in (("posts", POSTS), ("interactions", INTERACTIONS), ("members", MEMBERS), ("audience", AUDIENCE)):
        p = root / f"canonical_{name}.csv"
        p.write_text(text, "utf-8")
        out.append(p)
    return out


def _parquet_seeds(root: Path, csv_seeds) -> list[Path]:
    out = []
    for src in csv_seeds:
        frame = load_file(src, LoadContext("lib", "UTC", "x")).tables
        (table, df), = frame.items()
        p = root / f"canonical_{table}.parquet"
        pq.write_table(pa.Table.from_pandas(df.reset_index(drop=True), preserve_index=False), p)
        out.append(p)
    return out


def _fixture_seeds() -> dict[str, list[Path]]:
    seeds: dict[str, list[Path]] = {}
    for p in sorted(FORMATS.rglob("*")):
        if not p.is_file() or p.name.startswith(".") or "recorded" in p.parts:
            continue
        try:
            loader, _ = detect(p)
            load_file(p, CTX)  # seeds are valid files (some fixtures are there to fail)
        except LibcommunityError:
            continue
        seeds.setdefault(loader.name, []).append(p)
    return seeds


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> dict[str, list[Path]]:
    root = tmp_path_factory.mktemp("seeds")
    out = _fixture_seeds()
    csv_seeds = _canonical_seeds(root)
    out["canonical-csv"] = csv_seeds
    out["canonical-parquet"] = _parquet_seeds(root, csv_seeds)
    return out


LOADER_NAMES = [ld.name for ld in LOADERS]


def test_every_loader_has_seeds(seeds):
    """A new loader without a fixture fails here: it would not be fuzzed."""
    missing = [n for n in LOADER_NAMES if not seeds.get(n)]
    assert not missing, f"loaders without a seed file in tests/data/formats: {missing}"
    for name in LOADER_NAMES:  # and the seeds really are files of that loader, with rows
        for p in seeds[name]:
            result = load_file(p, LoadContext("lib", "Europe/Madrid", "x" if name.startswith("canonical") else None))
            assert detect(p)[0].name == name and result.format, p


# ----------------------------------------------------------------------------------------------- the oracle
def _copy_with_sidecar(src: Path, dst_dir: Path) -> Path:
    meta = src.with_name(f".{src.name}.meta.json")
    if meta.exists() and dst_dir != src.parent:
        shutil.copy(meta, dst_dir / meta.name)
    return dst_dir / src.name


def ingest_like(path: Path, *, format: str | None = None, platform: str | None = None) -> None:
    """Everything ``ingest`` does to a file before the store; only project errors (naming the file) may escape."""
    try:
        result = load_file(path, LoadContext("lib", "Europe/Madrid", platform), format=format)
        for table, frame in result.tables.items():
            frame = drop_repeated_rows(frame, table, path=path)
            validate_frame(frame, table, path=path)
    except InputError as exc:
        # A workbook's errors name the file and, when it has several sheets, the sheet: "x.xlsx [sheet 'All posts']".
        name = Path(exc.path).name if exc.path is not None else None
        assert name is not None and (
            name in (path.name, f".{path.name}.meta.json") or name.startswith(f"{path.name} [sheet ")
        ), str(exc)
        assert str(exc).strip(), str(exc)  # (the command line prints it as one line: test_bad_input.py)
    except LibcommunityError:
        pass


# ----------------------------------------------------------------------------------------------- strategies
BYTES = b',;"\'\n\r\t-E+.0123456789{}[]:x\x00\xff\xfe\xef\xbb\xbf\\ '
EDITS = st.lists(
    st.tuples(
        st.floats(0, 1, exclude_max=True),
        st.sampled_from(["set", "cut", "dup", "insert"]),
        st.one_of(st.sampled_from(list(BYTES)), st.integers(0, 255)),
    ),
    min_size=1,
    max_size=8,
)


def mutate_bytes(data: bytes, edits) -> bytes:
    data = bytearray(data)
    for where, op, byte in edits:
        i = int(where * len(data)) if data else 0
        if op == "set" and data:
            data[i] = byte
        elif op == "cut":
            del data[i : i + 1 + byte % 64]
        elif op == "dup":
            data[i:i] = data[i : i + 1 + byte % 80]
        else:
            data[i:i] = bytes([byte])
    return bytes(data)


@pytest.mark.parametrize("loader", LOADER_NAMES)
def test_byte_mutations(seeds, tmp_path, loader):
    files = seeds[loader]

    @SETTINGS
    @given(index=st.integers(0, len(files) - 1), edits=EDITS, forced=st.booleans(), platform=st.sampled_from([None, "x"]))
    def run(index, edits, forced, platform):
        src = files[index]
        path = _copy_with_sidecar(src, tmp_path)
        path.write_bytes(mutate_bytes(src.read_bytes(), edits))
        ingest_like(path, format=loader if forced else None, platform=platform)

    run()


TRICKY = st.sampled_from(
    [
        "", " ", "-", "--", "n/a", "0", "-0", "-1", "1e400", "1e-400", "NaN", "inf", "-inf", "1,5", "1.234.567",
        "99999999999999999999999999", "1_000", "0x1F", "½", "١٢٣", "２０２５-１０-０１", "2025-10-01", "2025-02-30",
        "2025-10-01T25:61:00Z", "0000-00-00", "9999-12-31T23:59:59+14:00", "1970-01-01T00:00:00-12:00",
        "1/2/3", "31/12/2025", "12/31/2025", "mar, 14 jul. 2026", "hace 3 horas", "true", "FALSE", "yes",
        "=HYPERLINK(\"http://x\",\"y\")", "@ana", "<script>alert(1)</script>", "\x00", "\x1b[31m", "\u202e", "\ufeff",
        "a" * 5000, "\"", "'", "\r\n", "\\", "None", "null", "[]", "{}",
    ]
)
CELL = st.one_of(TRICKY, st.text(max_size=40), st.integers(-(10**20), 10**20).map(str), st.floats().map(str))


def _csv_layout(src: Path):
    sample = sniff_text(src)
    from libcommunity.loaders.textio import detect_delimiter

    text = src.read_bytes().decode(sample.encoding)
    return sample.encoding, detect_delimiter(text), text


CSV_LOADERS = [
    n for n in LOADER_NAMES if n not in ("canonical-parquet", "x-archive-tweets", "mastodon-archive", "mastodon-api", "bluesky-api", "threads-api")
]


@pytest.mark.parametrize("loader", CSV_LOADERS)
def test_cell_mutations(seeds, tmp_path, loader):
    files = [p for p in seeds[loader] if p.suffix in (".csv", ".tsv", ".txt")]
    if not files:  # a format seeded by workbooks only: mutate the cells of its sheets
        books = [p for p in seeds[loader] if p.suffix in (".xlsx", ".xls", ".ods")]
        assert books
        _workbook_cell_mutations(books, tmp_path)
        return

    @SETTINGS
    @given(
        index=st.integers(0, len(files) - 1),
        picks=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.floats(0, 1, exclude_max=True), CELL), min_size=1, max_size=6),
    )
    def run(index, picks):
        src = files[index]
        encoding, delim, text = _csv_layout(src)
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delim))
        for r, c, value in picks:
            row = rows[int(r * len(rows))]
            if row:
                row[int(c * len(row))] = value
        buf = io.StringIO()
        csv.writer(buf, delimiter=delim, lineterminator="\n").writerows(rows)
        path = tmp_path / src.name
        path.write_bytes(buf.getvalue().encode("utf-8" if encoding.startswith("utf-16") else encoding, errors="replace"))
        ingest_like(path, platform="x" if loader.startswith("canonical") else None)

    run()


def _workbook_cell_mutations(books, tmp_path):
    from openpyxl import Workbook
    from python_calamine import CalamineWorkbook

    @SETTINGS
    @given(
        index=st.integers(0, len(books) - 1),
        picks=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.floats(0, 1, exclude_max=True), CELL), min_size=1, max_size=6),
    )
    def run(index, picks):
        src = CalamineWorkbook.from_path(str(books[index]))
        out = Workbook()
        out.remove(out.active)
        for name in src.sheet_names:
            rows = [list(r) for r in src.get_sheet_by_name(name).to_python(skip_empty_area=False)]
            for r, c, value in picks:
                row = rows[int(r * len(rows))] if rows else None
                if row:
                    row[int(c * len(row))] = value
            sheet = out.create_sheet(name)
            for row in rows:
                # openpyxl refuses control characters in cells; a spreadsheet cannot hold them either.
                sheet.append([v if not isinstance(v, str) else "".join(ch for ch in v if ch >= " " or ch in "\t\n\r") for v in row])
        path = tmp_path / books[index].name
        out.save(path)
        ingest_like(path)

    run()


JSON_LOADERS = ["x-archive-tweets", "mastodon-archive", "mastodon-api", "bluesky-api", "threads-api"]
VALUES = [None, 0, -1, 1.5, True, "x", "", [], {}, 10**30, "2025-13-45T99:00:00Z", "at://x", "http://[::1", {"acct": None},
          "<img src=x onerror=alert(1)>", "=1+1", -(10**30), 1e308, [[[[]]]], {"id": {"id": {}}}]


def _paths(obj, prefix=()):
    if prefix:
        yield prefix
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _paths(v, prefix + (i,))


@pytest.mark.parametrize("loader", JSON_LOADERS)
def test_json_values_of_the_wrong_type(seeds, tmp_path, loader):
    files = seeds[loader]

    @SETTINGS
    @given(
        index=st.integers(0, len(files) - 1),
        picks=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, len(VALUES) - 1)), min_size=1, max_size=4),
    )
    def run(index, picks):
        src = files[index]
        text = src.read_text("utf-8")
        prefix = ""
        if text.startswith("window."):
            prefix, text = text.split("= ", 1)[0] + "= ", text.split("= ", 1)[1]
        data = json.loads(text)
        for where, v in picks:
            paths = list(_paths(data))  # again after each edit: an edit can remove paths
            if not paths:
                break
            target = paths[int(where * len(paths))]
            node = data
            for k in target[:-1]:
                node = node[k]
            node[target[-1]] = json.loads(json.dumps(VALUES[v]))
        path = _copy_with_sidecar(src, tmp_path)
        path.write_text(prefix + json.dumps(data), encoding="utf-8")
        ingest_like(path)

    run()


@pytest.mark.parametrize("loader", JSON_LOADERS)
def test_truncated_json_is_a_clear_error(seeds, tmp_path, loader):
    for src in seeds[loader]:
        data = src.read_bytes()
        for cut in (len(data) * 2 // 3, len(data) // 2, 40):
            path = _copy_with_sidecar(src, tmp_path)
            path.write_bytes(data[:cut])
            with pytest.raises(LibcommunityError, match="truncated|not a format|invalid JSON"):
                load_file(path, CTX)


@SETTINGS
@given(data=st.binary(max_size=3000))
def test_random_bytes_under_any_name(tmp_path_factory, data):
    """Arbitrary bytes, sniffed by every loader in turn (named .csv and .json)."""
    root = tmp_path_factory.mktemp("rand", numbered=True)
    for name in ("export.csv", "response.json"):
        path = root / name
        path.write_bytes(data)
        ingest_like(path)


# ----------------------------------------------------------------------------------------------- Parquet of any column type
ARROW_VALUES = {
    "string": (pa.string(), st.one_of(st.none(), st.text(max_size=20), TRICKY)),
    "large_string": (pa.large_string(), st.one_of(st.none(), st.text(max_size=20))),
    "binary": (pa.binary(), st.one_of(st.none(), st.binary(max_size=10))),
    "int64": (pa.int64(), st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1))),
    "int8": (pa.int8(), st.one_of(st.none(), st.integers(-128, 127))),
    "uint64": (pa.uint64(), st.one_of(st.none(), st.integers(0, 2**64 - 1))),
    "float64": (pa.float64(), st.one_of(st.none(), st.floats())),
    "bool": (pa.bool_(), st.one_of(st.none(), st.booleans())),
    "timestamp_utc": (pa.timestamp("us", tz="UTC"), st.one_of(st.none(), st.integers(-(2**62), 2**62))),
    "timestamp_naive_ns": (pa.timestamp("ns"), st.one_of(st.none(), st.integers(-(2**62), 2**62))),
    "date32": (pa.date32(), st.one_of(st.none(), st.integers(-(2**20), 2**20))),
    "duration": (pa.duration("s"), st.one_of(st.none(), st.integers(-(2**40), 2**40))),
    "list_int": (pa.list_(pa.int64()), st.one_of(st.none(), st.lists(st.integers(-5, 5), max_size=3))),
    "struct": (pa.struct([("a", pa.int64())]), st.one_of(st.none(), st.fixed_dictionaries({"a": st.integers(-5, 5)}))),
    "null": (pa.null(), st.none()),
}


@st.composite
def canonical_parquet_tables(draw):
    from libcommunity.schemas import TABLES

    spec = draw(st.sampled_from(list(TABLES.values())))
    names = [c.name for c in spec.columns if c.name not in ("account", "platform")]
    required = [c for c in spec.required_names if c not in ("account", "platform")]
    chosen = required + draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names)))
    n = draw(st.integers(0, 4))
    columns = {}
    for name in dict.fromkeys(chosen):
        arrow_type, values = ARROW_VALUES[draw(st.sampled_from(sorted(ARROW_VALUES)))]
        columns[name] = pa.array(draw(st.lists(values, min_size=n, max_size=n)), arrow_type)
    return pa.table(columns)


@SETTINGS
@given(table=canonical_parquet_tables(), dictionary=st.booleans())
def test_parquet_with_columns_of_any_type(tmp_path_factory, table, dictionary):
    path = tmp_path_factory.mktemp("pq", numbered=True) / "table.parquet"
    pq.write_table(table, path, use_dictionary=dictionary)
    ingest_like(path, platform="x")
