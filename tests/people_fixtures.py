"""A small library whose people appear on Instagram, Mastodon, an attendance list and a survey, written by hand.

Who is who (the truth the tests check against):

* **Ana**: ``@ana_reads`` on Instagram, ``ana_reads@masto.es`` on Mastodon, ``ana@example.org`` on the list and
  the survey (the list also has her handle once), signs "Ana García";
* **Bob**: ``@bob_lee`` on Instagram (reacts), signs "Bob Lee" once alone and once "Lee, Bob" with ``bob@example.org``;
* **Carla** ``@carla.m`` and **Dora** ``@dora_x`` on Instagram share the family address ``fam@example.org``;
* two different **Eva Ruiz** sign with ``eva1@example.org`` and ``eva2@example.org``; a third row says only "Eva Ruiz";
* **Olof** is only on the list, by card number.
"""

from __future__ import annotations

from pathlib import Path

from libcommunity.cli import main
from libcommunity.store import Store

ACCOUNT = "lib"
TZ = "Europe/Madrid"

INTERACTIONS = """platform,interaction_id,member_id,kind,created_at,post_id,reply_to,by_library,text
instagram,c1,@ana_reads,comment,2026-03-05T10:00:00+01:00,p1,,false,Great!
instagram,l1,@bob_lee,reaction,2026-03-06T10:00:00+01:00,p1,,false,
instagram,s1,@carla.m,share,2026-03-10T10:00:00+01:00,p1,,false,
instagram,l2,@dora_x,reaction,2026-03-10T11:00:00+01:00,p1,,false,
mastodon,c2,ana_reads@masto.es,comment,2026-03-07T10:00:00+01:00,,,false,Hola
mastodon,l3,erik@masto.es,reaction,2026-03-07T11:00:00+01:00,,,false,
"""
MEMBERS = """platform,member_id,followed_at,is_staff
instagram,@ana_reads,2025-01-01T00:00:00Z,false
instagram,@bob_lee,2025-02-01T00:00:00Z,false
instagram,@quiet_one,2025-02-01T00:00:00Z,false
mastodon,ana_reads@masto.es,2025-06-01T00:00:00Z,false
"""
EVENTS = """Event,Date,Name,E-mail,Library card,Handle,Platform
Club de lectura,2026-03-12 18:00,Ana García,ana@example.org,,@ana_reads,instagram
Club de lectura,2026-03-19 18:00,"García, Ana",Ana@Example.org,,,
Club de lectura,2026-03-19 18:00,Bob Lee,,,,
Taller,2026-03-20 17:00,"Lee, Bob",bob@example.org,,,
Taller,2026-03-20 17:00,Carla Mora,fam@example.org,,@carla.m,instagram
Taller,2026-03-20 17:00,Dora Mora,fam@example.org,,@dora_x,instagram
Taller,2026-03-20 17:00,Eva Ruiz,eva1@example.org,,,
Taller,2026-03-20 17:00,Eva Ruiz,eva2@example.org,,,
Club de lectura,2026-03-26 18:00,Eva Ruiz,,,,
Club de lectura,2026-03-26 18:00,Olof Ek,,2 1234 5,,
"""
SURVEY = """Marca temporal,Dirección de correo electrónico,Nombre de usuario,Plataforma
25/03/2026 10:00:00,ana@example.org,ana_reads@masto.es,Mastodon
26/03/2026 11:00:00,olof@example.org,,
"""


def write_sources(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, text in (("interactions.csv", INTERACTIONS), ("members.csv", MEMBERS), ("events.csv", EVENTS),
                       ("survey.csv", SURVEY)):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out


def people_store(root: Path) -> Store:
    """The library ingested into ``root / "store"`` (the test key must be set)."""
    files = write_sources(root / "src")
    assert main(["ingest", *map(str, files), "--account", ACCOUNT, "--timezone", TZ, "--store", str(root / "store"),
                 "-q"]) == 0
    return Store(root / "store")


def pseudonym(handle: str, platform: str) -> str:
    """The store's pseudonym of a handle (the test key)."""
    from libcommunity.pseudonym import Pseudonymizer

    from .conftest import TEST_KEY

    return Pseudonymizer(TEST_KEY.encode())(handle, platform)
