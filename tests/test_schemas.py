import pandas as pd
import pandera.errors as pae
import pytest

from libcommunity import schemas


def _interactions(**over):
    row = {
        "account": "lib",
        "platform": "x",
        "interaction_id": "i1",
        "member_id": "m_1",
        "kind": "comment",
        "created_at": pd.Timestamp("2025-10-01T10:00Z"),
        "post_id": "p1",
        "reply_to": None,
        "by_library": False,
        "text": "hola?",
    }
    row.update(over)
    return schemas.coerce_frame(pd.DataFrame([row]), "interactions")


def test_tables_are_the_four_of_design_with_exact_columns():
    assert list(schemas.TABLES) == ["posts", "interactions", "members", "audience"]
    assert schemas.TABLES["posts"].column_names == [
        "account", "platform", "post_id", "published_at", "kind", "text", "reach", "impressions", "views", "viewers",
        "reactions", "comments", "shares", "clicks", "saves", "paid", "url", "owner_id",
    ]
    # Columns added after stores were first written are optional and nullable: old files read them as null.
    for name in schemas.ADDED_COLUMNS["posts"]:
        col = schemas.TABLES["posts"].column(name)
        assert col.nullable and not col.required
    assert {"tiktok", "threads", "linkedin"} <= set(schemas.PLATFORMS)
    assert schemas.TABLES["interactions"].column_names == [
        "account", "platform", "interaction_id", "member_id", "kind", "created_at", "post_id", "reply_to",
        "by_library", "text",
    ]
    assert schemas.TABLES["members"].column_names == [
        "account", "platform", "member_id", "followed_at", "unfollowed_at", "followers", "following", "is_staff",
    ]
    assert schemas.TABLES["audience"].column_names == ["account", "platform", "date", "followers", "follows", "unfollows"]


def test_schemas_are_named_and_strict():
    for name, schema in schemas.SCHEMAS.items():
        assert schema.name == name
        assert schema.strict is True


def test_valid_frame_passes_and_empty_frame_is_valid():
    schemas.INTERACTIONS.validate(_interactions())
    for name in schemas.TABLES:
        schemas.SCHEMAS[name].validate(schemas.empty_frame(name))


@pytest.mark.parametrize(
    "over, column",
    [({"kind": "like"}, "kind"), ({"platform": "myspace"}, "platform"), ({"member_id": None}, "member_id")],
)
def test_invalid_values_fail_naming_the_column(over, column):
    with pytest.raises(pae.SchemaErrors) as exc:
        schemas.INTERACTIONS.validate(_interactions(**over), lazy=True)
    assert column in set(exc.value.failure_cases["column"])


def test_negative_count_fails():
    posts = schemas.empty_frame("posts")
    row = dict(account="lib", platform="x", post_id="1", published_at=pd.Timestamp("2025-01-01", tz="UTC"), kind="text", reach=-1)
    frame = schemas.coerce_frame(pd.DataFrame([row]), "posts")
    assert list(frame.columns) == list(posts.columns)
    with pytest.raises(pae.SchemaErrors):
        schemas.POSTS.validate(frame, lazy=True)


def test_duplicate_natural_key_fails():
    frame = pd.concat([_interactions(), _interactions(text="other")], ignore_index=True)
    with pytest.raises(pae.SchemaErrors):
        schemas.INTERACTIONS.validate(frame, lazy=True)


def test_participation_kinds_exclude_follow_and_unfollow():
    assert set(schemas.INTERACTION_KINDS) - set(schemas.PARTICIPATION_KINDS) == {"follow", "unfollow"}
