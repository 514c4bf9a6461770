"""The six-step ladder: every rule, by hand."""

import numpy as np
import pandas as pd
import pytest

from libcommunity.errors import ParameterError
from libcommunity.segments.ladder import LADDER, LadderRules, ladder_level, ladder_steps

ZERO = {
    "follows": True, "reactions": 0, "comments": 0, "shares": 0, "mentions": 0, "messages": 0, "ugc": 0,
    "events": 0, "surveys": 0, "replies_given": 0, "repliers": 0, "active_months": 0,
}


def step(**kw):
    return ladder_steps(pd.DataFrame([{**ZERO, **kw}])).iloc[0]


@pytest.mark.parametrize(
    "kw, expected",
    [
        ({"follows": False, "reactions": 4}, "observe"),  # likes from outside
        ({}, "follow"),
        ({"reactions": 1}, "like_recommend"),
        ({"follows": False, "shares": 1}, "like_recommend"),  # recommending without following
        ({"mentions": 2}, "like_recommend"),
        ({"comments": 1}, "contribute"),
        ({"messages": 1}, "contribute"),
        ({"surveys": 1}, "contribute"),  # feedback counts
        ({"events": 1}, "contribute"),  # coming in person counts
        ({"events": 2}, "co_own"),  # a regular at the library's events
        ({"ugc": 1}, "co_own"),
        ({"replies_given": 1, "comments": 1}, "co_own"),
        ({"ugc": 2, "replies_given": 1, "repliers": 2, "active_months": 2}, "lead"),
        ({"ugc": 2, "replies_given": 1, "repliers": 1, "active_months": 2}, "co_own"),  # answered by one member only
        ({"ugc": 2, "replies_given": 1, "repliers": 2, "active_months": 1}, "co_own"),  # one month only
        ({"ugc": 1, "replies_given": 1, "repliers": 5, "active_months": 3}, "co_own"),  # too few actions
    ],
)
def test_rules(kw, expected):
    assert step(**kw) == expected


def test_rules_are_configurable():
    f = pd.DataFrame([{**ZERO, "events": 1}])
    assert ladder_steps(f, LadderRules(co_own_min_events=1)).iloc[0] == "co_own"
    with pytest.raises(ParameterError, match="co_own_min_events must be an integer >= 1"):
        LadderRules(co_own_min_events=0)


def test_levels_and_missing_columns():
    assert ladder_level(list(LADDER) + [None]).tolist() == [1, 2, 3, 4, 5, 6, 0]
    with pytest.raises(ParameterError, match="features must have the columns repliers"):
        ladder_steps(pd.DataFrame([ZERO]).drop(columns="repliers"))


@pytest.mark.parametrize("kind", ["string", "str", "object", "numpy", "list", "categorical", "mixed"])
def test_ladder_level_of_every_kind_of_input_is_the_steps_position(kind):
    rng = np.random.default_rng(3)
    pool = [*LADDER, "Lead", "leader", "", None]
    values = [pool[i] for i in rng.integers(0, len(pool), 500)]
    expected = [LADDER.index(v) + 1 if v in LADDER else 0 for v in values]
    if kind == "mixed":  # not all text: an unknown number is level 0 too
        values, expected = values + [3, 4.5], expected + [0, 0]
    steps = {
        "string": lambda: pd.Series(values, dtype="string"),
        "str": lambda: pd.Series([np.nan if v is None else v for v in values], dtype="str"),
        "object": lambda: pd.Series([np.nan if v is None else v for v in values], dtype="object"),
        "numpy": lambda: np.array(values, dtype=object),
        "list": lambda: values,
        "categorical": lambda: pd.Series(values, dtype="category"),
        "mixed": lambda: pd.Series(values, dtype="object"),
    }[kind]()
    got = ladder_level(steps)
    assert got.dtype == np.int64
    assert got.tolist() == expected
