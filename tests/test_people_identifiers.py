"""Identifiers of people known offline: normalised the same way wherever they are written, then filed as identities."""

import pytest

from libcommunity.people.identifiers import (
    OFFLINE_PLATFORM,
    Identity,
    handle_stem,
    identity_of,
    kind_of_handle,
    normalize_card,
    normalize_email,
    normalize_name,
)


@pytest.mark.parametrize("written", ["ana@example.org", " Ana@Example.ORG ", "mailto:ana@example.org", "<ana@example.org>",
                                     "ａｎａ@example.org"])
def test_an_address_written_any_way_is_one_identity(written):
    assert normalize_email(written) == "ana@example.org"
    assert identity_of("email", written) == Identity(OFFLINE_PLATFORM, "ana@example.org", "email")


@pytest.mark.parametrize("bad", ["ana", "ana@", "@example.org", "ana@example", "ana @example.org", "", None, float("nan")])
def test_what_is_not_an_address_is_none(bad):
    assert normalize_email(bad) is None and identity_of("email", bad) is None


def test_card_numbers_lose_their_separators_and_need_a_digit():
    assert normalize_card("2 1234 00567-8") == "21234005678"
    assert normalize_card("b-123.456/7") == "B1234567"
    assert normalize_card("n/a") is None and normalize_card("  ") is None
    assert identity_of("card", "2 1234 5").handle == "card:212345"


def test_names_ignore_accents_case_punctuation_and_word_order():
    forms = ["Ana García", "García, Ana", "ana garcia", "ANA  GARCÍA", "Garcia Ana."]
    assert {normalize_name(f) for f in forms} == {"ana garcia"}
    assert normalize_name("Ana-María López") == "ana lopez maria"
    assert identity_of("name", "Åsa Berg").handle == "name:asa berg"
    assert normalize_name(" , ") is None


def test_handles_keep_their_platform_and_others_are_offline():
    assert identity_of("handle", "@Ana", "instagram") == Identity("instagram", "@Ana", "handle")
    assert identity_of("handle", "@ana", None) is None and identity_of("handle", "@", "x") is None
    with pytest.raises(ValueError, match="kind must be one of"):
        identity_of("phone", "123")


def test_kind_of_a_stored_handle():
    assert kind_of_handle("other", "card:123") == "card"
    assert kind_of_handle("other", "name:ana garcia") == "name"
    assert kind_of_handle("other", "ana@example.org") == "email"
    assert kind_of_handle("other", "Ana García") == "handle"  # an 'other' handle from an older list
    assert kind_of_handle("mastodon", "ana@mastodon.social") == "handle"


@pytest.mark.parametrize(
    "handle, platform, stem",
    [
        ("@anna_berg@mastodon.nu", "mastodon", "annaberg"),
        ("anna-berg.bsky.social", "bluesky", "annaberg"),
        ("annaberg.se", "bluesky", "annaberg"),
        ("@Anna.Berg", "instagram", "annaberg"),
        ("@Björn_Ek87", "x", "bjornek87"),
        ("did:plc:abc123", "bluesky", None),
        ("100012345678901", "facebook", None),
        ("ana@example.org", "other", None),
        ("@ana", "instagram", None),  # too short to tell people apart
    ],
)
def test_handle_stems(handle, platform, stem):
    assert handle_stem(handle, platform) == stem
