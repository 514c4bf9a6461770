"""Transitions between September and October, ready to jump, drifting away, new and promising."""

import pytest

from libcommunity.errors import ParameterError
from libcommunity.segments import drifting_away, new_and_promising, ready_to_jump, segment_members, transitions

from .test_segments_fixtures import pseudonyms


@pytest.fixture
def store(two_month_store):
    return two_month_store  # tests only read it


def handles(store, frame):
    names = {v: k for k, v in pseudonyms(store).items()}
    return frame.assign(h=frame["member"].map(names)).set_index("h")


def test_transitions_by_hand(store):
    t = handles(store, transitions(store, "lib", "2025-10"))
    assert t["change"].to_dict() == {
        "xia": "joined",
        "tia": "took_first_step",
        "uma": "became_ambassador",
        "sam": "steady",
        "fbk": "steady",
        "fb2": "steady",
        "fb3": "steady",
        "fb4": "steady",
        "vic": "ambassador_stepped_back",
        "wes": "left",
    }
    assert t.loc["uma", ["segment_before", "segment", "ladder_before", "ladder_step"]].tolist() == [
        "active_participant", "ambassador", "contribute", "co_own",
    ]
    assert t.loc["uma", "ladder_change"] == 1
    # xia: nothing -> contribute; wes: observe (reacted, no longer follows in September) -> gone;
    # tia: follow -> like_recommend
    assert t.loc[["xia", "wes", "tia"], "ladder_change"].tolist() == [4, -1, 1]
    assert t.loc["wes", "ladder_before"] == "observe"


def test_ready_to_jump(store):
    r = handles(store, ready_to_jump(store, "lib", "2025-10"))
    assert list(r.index) == ["tia"]
    assert r.loc["tia", "reactions"] == 2 and r.loc["tia", "segment_before"] == "silent_follower"


def test_drifting_away(store):
    d = handles(store, drifting_away(store, "lib", "2025-10"))
    # vic was an ambassador and stepped back; uma only commented in September (contribute): not a leader yet
    assert d["reason"].to_dict() == {"vic": "stepped_back"}


def test_drifting_away_by_probability(store):
    current = segment_members(store, "lib", "2025-10")
    previous = segment_members(store, "lib", "2025-09")
    uma = pseudonyms(store)["uma"]
    previous.loc[previous["member"] == uma, "segment"] = "ambassador"  # as if uma had been an ambassador
    current.loc[current["member"] == uma, "p_active"] = 0.2
    d = handles(store, drifting_away(store, "lib", "2025-10", current=current, previous=previous))
    assert d.loc["uma", "reason"] == "unlikely_active"
    with pytest.raises(ParameterError, match="p_threshold must be a probability"):
        drifting_away(store, "lib", "2025-10", p_threshold=2, current=current, previous=previous)


def test_new_and_promising(store):
    n = handles(store, new_and_promising(store, "lib", "2025-10"))
    assert list(n.index) == ["xia"]
    assert handles(store, new_and_promising(store, "lib", "2025-10", min_level="co_own")).empty
    with pytest.raises(ParameterError, match="min_level must be one of"):
        new_and_promising(store, "lib", "2025-10", min_level="boss")


def test_reveal_adds_handles_only_on_request(store):
    plain = transitions(store, "lib", "2025-10")
    assert "handle" not in plain.columns
    shown = transitions(store, "lib", "2025-10", reveal=True)
    assert set(shown["handle"]) == {"sam", "tia", "uma", "vic", "wes", "xia", "fbk", "fb2", "fb3", "fb4"}
    with pytest.raises(ParameterError, match="reveal=False"):
        transitions(store, "lib", "2025-10", current=segment_members(store, "lib", "2025-10", reveal=True))
