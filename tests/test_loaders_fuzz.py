"""Bounded fuzzing of the export loaders: broken files give the project's own clear errors, never a crash."""

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from libcommunity.errors import InputError, LibcommunityError
from libcommunity.loaders import LoadContext, load_file

FORMATS = Path(__file__).parent / "data" / "formats"
CSV_FIXTURES = sorted(p for p in FORMATS.glob("*.*") if p.suffix in (".csv", ".tsv"))
JSON_FIXTURES = sorted(
    [p for p in (FORMATS / "mastodon").glob("*.json") if p.name != "accounts_without_metadata.json"]
    + list((FORMATS / "bluesky").glob("*.json"))
    + [FORMATS / "tweets.js"]
)
SETTINGS = settings(
    max_examples=120, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
CHARS = b',;"\n\r\t-E+.0123456789{}[]:x\x00\xff '


def _load(path, platform=None):
    """Load a file; the only acceptable failure is a LibcommunityError that names the file."""
    try:
        load_file(path, LoadContext("lib", "Europe/Madrid", platform))
    except LibcommunityError as exc:
        if isinstance(exc, InputError):
            assert exc.path is not None and Path(exc.path).name.lstrip(".").startswith(
                path.name.split(".")[0].lstrip(".")
            )


@SETTINGS
@given(
    index=st.integers(0, len(CSV_FIXTURES) - 1),
    edits=st.lists(
        st.tuples(
            st.floats(0, 1, exclude_max=True), st.sampled_from(list(CHARS)), st.sampled_from(["set", "cut", "dup"])
        ),
        min_size=1,
        max_size=6,
    ),
    platform=st.sampled_from([None, "instagram"]),
)
def test_mutated_csv_exports(tmp_path, index, edits, platform):
    src = CSV_FIXTURES[index]
    data = bytearray(src.read_bytes())
    for where, char, op in edits:
        i = int(where * len(data)) if data else 0
        if op == "set" and data:
            data[i] = char
        elif op == "cut":
            del data[i : i + 25]
        else:
            data[i:i] = data[i : i + 40]
    path = tmp_path / src.name
    path.write_bytes(bytes(data))
    _load(path, platform)


VALUES = [
    None,
    0,
    -1,
    1.5,
    True,
    "x",
    "",
    [],
    {},
    10**30,
    "2025-13-45T99:00:00Z",
    "at://x",
    "http://[::1",
    {"acct": None},
]


def _paths(obj, prefix=()):
    if prefix:
        yield prefix
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _paths(v, prefix + (i,))


@SETTINGS
@given(
    index=st.integers(0, len(JSON_FIXTURES) - 1),
    picks=st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, len(VALUES) - 1)), min_size=1, max_size=3
    ),
)
def test_json_captures_with_fields_of_the_wrong_type(tmp_path, index, picks):
    src = JSON_FIXTURES[index]
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
    path = tmp_path / src.name
    path.write_text(prefix + json.dumps(data), encoding="utf-8")
    meta = src.with_name(f".{src.name}.meta.json")
    if meta.exists():
        shutil.copy(meta, tmp_path / meta.name)
    _load(path)


@pytest.mark.parametrize("src", JSON_FIXTURES, ids=lambda p: p.name)
def test_truncated_json_is_a_clear_error(tmp_path, src):
    path = tmp_path / src.name
    path.write_bytes(src.read_bytes()[: len(src.read_bytes()) * 2 // 3])
    meta = src.with_name(f".{src.name}.meta.json")
    if meta.exists():
        shutil.copy(meta, tmp_path / meta.name)
    with pytest.raises(LibcommunityError, match="truncated|not a format|invalid JSON"):
        load_file(path, LoadContext("lib"))
