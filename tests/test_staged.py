"""libcommunity/staged.py: months from the stored integers, the columns given a dictionary."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from libcommunity.schemas import TABLES
from libcommunity.staged import dictionary_columns, month_label, utc_months


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_months_are_the_utc_months_arrow_computes(unit):
    times = [dt.datetime(1969, 12, 31, 23, 59, 59), dt.datetime(1970, 1, 1), dt.datetime(2025, 10, 31, 23, 59, 59),
             dt.datetime(2025, 11, 1), dt.datetime(2024, 2, 29, 12), dt.datetime(2099, 12, 31, 23)]
    values = pa.array(times, pa.timestamp(unit, tz="UTC"))
    expected = [f"{y:04d}-{m:02d}" for y, m in zip(pc.year(values).to_pylist(), pc.month(values).to_pylist())]
    assert [month_label(int(m)) for m in utc_months(values)] == expected
    dates = pa.array([t.date() for t in times], pa.date32())
    assert [month_label(int(m)) for m in utc_months(pa.chunked_array([dates]))] == expected


def test_months_refuse_nulls_and_other_types():
    with pytest.raises(ValueError):
        utc_months(pa.array([None], pa.timestamp("us", tz="UTC")))
    with pytest.raises(TypeError):
        utc_months(pa.array(["2025-10"]))


def test_only_repeating_columns_get_a_dictionary():
    assert dictionary_columns(TABLES["interactions"]) == ["account", "platform", "kind", "post_id"]
    assert dictionary_columns(TABLES["posts"]) == ["account", "platform", "kind"]
    assert dictionary_columns(TABLES["members"]) == ["account", "platform"]
