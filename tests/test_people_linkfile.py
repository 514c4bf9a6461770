"""The link file: identities in clear, grouped into people, every bad value named by row and column."""

import pytest

from libcommunity.errors import InputError
from libcommunity.people.identifiers import Identity
from libcommunity.people.linkfile import read_link_file


def write(tmp_path, text, name="links.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_rows_of_one_person_and_identifiers_of_one_row_are_grouped(tmp_path):
    got = read_link_file(write(tmp_path, (
        "person,platform,handle,email,card,name\n"
        "1,ig,@Ana_Reads,,,\n"
        "1,mastodon,ana@mastodon.social,,,\n"
        "1,,,Ana@Example.org,,Ana García\n"
        ",x,@bob,bob@example.org,2 1234 5,\n"
        "3,,,,,Olof Ek\n"
    )))
    assert got.groups == [
        [Identity("instagram", "@Ana_Reads", "handle"), Identity("mastodon", "ana@mastodon.social", "handle"),
         Identity("other", "ana@example.org", "email"), Identity("other", "name:ana garcia", "name")],
        [Identity("x", "@bob", "handle"), Identity("other", "bob@example.org", "email"),
         Identity("other", "card:212345", "card")],
    ]
    assert got.skipped == {"names one identity only: nothing to link": [6]}


def test_spanish_and_swedish_headers_and_semicolons(tmp_path):
    es = read_link_file(write(tmp_path, "Persona;Plataforma;Usuario;Correo electrónico\n7;Instagram;@ana;ana@x.org\n", "es.csv"))
    sv = read_link_file(write(tmp_path, "Person,Plattform,Användarnamn,Namn\n1,Mastodon,@ana@m.nu,Ana Berg\n", "sv.csv"))
    assert [len(g) for g in es.groups] == [2] and [len(g) for g in sv.groups] == [2]


@pytest.mark.parametrize(
    "text, message",
    [
        ("person,handle\n1,@ana\n", r"links.csv, row 2, column 'handle': a handle needs its platform"),
        ("person,platform,handle\n1,myspace,@ana\n", r"row 2, column 'platform': expected a platform"),
        ("person,email\n1,ana.example.org\n", r"row 2, column 'email': expected an e-mail address"),
        ("person,card\n1,n/a\n", r"row 2, column 'card': expected a card number"),
        ("person,comment\n1,hello\n", r"expected identifier columns"),
    ],
)
def test_bad_values_stop_with_row_and_column(tmp_path, text, message):
    with pytest.raises(InputError, match=message):
        read_link_file(write(tmp_path, text))
