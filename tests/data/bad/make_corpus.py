"""Write the hostile and broken input corpus of ``tests/data/bad`` (deterministically).

Run ``python tests/data/bad/make_corpus.py`` to (re)write the files beside
this script; ``tests/test_bad_input.py`` checks that the committed files are
exactly what this script writes, then runs each through the real command line.
The awkward-but-valid files (encodings, BOMs, CRLF, a 1 MB caption) are
written by :func:`write_awkward` into a temporary directory at test time, so
the repository holds no megabyte fixture.

Every file is small; binary ones come from a seeded generator or fixed bytes,
and the Excel workbook is a minimal but real ``.xlsx`` (a ZIP archive with the
parts Excel writes) with fixed timestamps, so the bytes never change.
"""

from __future__ import annotations

import codecs
import random
import sys
import zipfile
from pathlib import Path

__all__ = ["BAD_FILES", "write_bad", "write_awkward", "HERE"]

HERE = Path(__file__).resolve().parent

POSTS_HEADER = "account,platform,post_id,published_at,kind,text,reach,impressions,views,reactions,comments,shares,clicks,saves,paid,url"
INTERACTIONS_HEADER = "account,platform,interaction_id,member_id,kind,created_at,post_id,reply_to,by_library,text"

GOOD_INTERACTION = "lib,x,b1,@carla,comment,2025-10-05T10:00:00Z,1,,false,hola"


def _xlsx() -> bytes:
    """A minimal Excel workbook (one sheet, a canonical posts header) as bytes, always the same."""
    import io

    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="posts" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>post_id</t></is></c>'
            '<c r="B1" t="inlineStr"><is><t>published_at</t></is></c></row>'
            '<row r="2"><c r="A2" t="inlineStr"><is><t>1</t></is></c>'
            '<c r="B2" t="inlineStr"><is><t>2025-10-01T10:00:00Z</t></is></c></row>'
            "</sheetData></worksheet>"
        ),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2025, 10, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, text.encode("utf-8"))
    return buf.getvalue()


def _random_bytes(n: int = 2048, seed: int = 20251001) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(256) for _ in range(n))


def _csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


#: The corpus: file name -> bytes. What each must produce is in tests/test_bad_input.py.
BAD_FILES: dict[str, bytes] = {
    "empty.csv": b"",
    "blank_lines.csv": b"\n\n  \n\r\n",
    "random_bytes.csv": _random_bytes(),
    "nul_bytes.csv": b"\x00" * 512,
    "nul_in_header.csv": INTERACTIONS_HEADER.encode() + b"\x00\x00\x00\n" + GOOD_INTERACTION.encode() + b"\n",
    "excel_workbook.csv": _xlsx(),
    "truncated_quote.csv": _csv(INTERACTIONS_HEADER, GOOD_INTERACTION, 'lib,x,b2,@dan,comment,2025-10-05T11:00:00Z,1,,false,"this text never ends'),
    "missing_column.csv": _csv(
        "account,platform,interaction_id,member_id,kind,post_id,reply_to,by_library,text",
        "lib,x,b1,@carla,comment,1,,false,hola",
    ),
    "bad_timestamp.csv": _csv(
        INTERACTIONS_HEADER, GOOD_INTERACTION, "lib,x,b2,@dan,comment,yesterday at noon,1,,false,hi"
    ),
    "timestamp_out_of_range.csv": _csv(
        INTERACTIONS_HEADER, GOOD_INTERACTION, "lib,x,b2,@dan,comment,99999-01-01T00:00:00Z,1,,false,hi"
    ),
    "unknown_kind.csv": _csv(INTERACTIONS_HEADER, GOOD_INTERACTION, "lib,x,b2,@dan,poke,2025-10-05T11:00:00Z,1,,false,"),
    "negative_count.csv": _csv(
        POSTS_HEADER,
        "lib,x,1,2025-10-01T10:00:00Z,photo,hola,100,150,,5,2,1,,,false,",
        "lib,x,2,2025-10-02T10:00:00Z,text,adios,-5,80,,1,0,0,,,false,",
    ),
    "huge_count.csv": _csv(
        POSTS_HEADER, "lib,x,1,2025-10-01T10:00:00Z,photo,hola,100000000000000000000000000,150,,5,2,1,,,false,"
    ),
    "bad_bool.csv": _csv(INTERACTIONS_HEADER, "lib,x,b1,@carla,comment,2025-10-05T10:00:00Z,1,,maybe,hola"),
    "conflicting_duplicate.csv": _csv(
        INTERACTIONS_HEADER,
        GOOD_INTERACTION,
        "lib,x,b2,@dan,reaction,2025-10-05T11:00:00Z,1,,false,",
        "lib,x,b1,@carla,comment,2025-10-05T10:00:00Z,1,,false,a different text",
    ),
    "conflicting_duplicate_blank.csv": _csv(INTERACTIONS_HEADER, GOOD_INTERACTION, "lib,x,b1,@carla,comment,2025-10-05T10:00:00Z,1,,false,"),
    "other_account.csv": _csv(INTERACTIONS_HEADER, GOOD_INTERACTION.replace("lib,", "someone-else,", 1)),
    "too_many_cells.csv": _csv(INTERACTIONS_HEADER, GOOD_INTERACTION + ",extra,cells"),
    # "PAR1" makes it a Parquet file to the sniffer; the parser's complaint quotes a line break and control bytes
    "broken.parquet": b"PAR1" + b"\x00" * 100 + b"\x0f\n" * 20 + b"\x10\x00\x00\x00PAR1",
    "not_an_api_response.json": b'{"hello": "world", "items": [1, 2, 3]}\n',
    "json_scalar.json": b"42\n",
    "truncated.json": (
        b'[{"id":"1","type":"favourite","created_at":"2025-10-05T10:00:00.000Z",'
        b'"account":{"id":"7","acct":"ana","display_name":"Ana"},"status":{"id":"11'
    ),
    "deeply_nested.json": b"[" * 5_000 + b"]" * 5_000,
    # recognised as Mastodon API responses from their head, broken further on
    "deeply_nested_api.json": b'[{"id": "1", "acct": "ana", "x": ' + b"[" * 5_000 + b"]" * 5_000 + b"}]",
    "huge_integer_api.json": b'[{"id": "1", "acct": "ana", "followers_count": ' + b"7" * 5_000 + b"}]",
    "wrong_shape_api.json": b'[{"id": 5, "acct": ["not", "a", "string"], "username": {}}]',
}


def write_bad(directory: Path = HERE) -> list[Path]:
    """Write :data:`BAD_FILES` into ``directory``; return the paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    out = []
    for name, data in BAD_FILES.items():
        p = directory / name
        p.write_bytes(data)
        out.append(p)
    return out


AWKWARD_POSTS = [
    ("1", "2025-10-01T10:00:00+02:00", "photo", "Préstamo de verano: ¡más libros! «Åsa» €5", "100"),
    ("2", "2025-10-02T10:00:00+02:00", "text", 'Dijo "hola"; y se fue', "50"),
]


def write_awkward(directory: Path, *, caption_bytes: int = 1_000_000) -> dict[str, Path]:
    """Write valid canonical posts files in awkward encodings and layouts; return ``{case: path}``.

    Cases: ``latin1_semicolon`` (Latin-1, ``;`` delimiter), ``cp1252`` (Windows
    "ANSI" with a euro sign), ``utf16`` (UTF-16 LE with BOM, tabs, as Excel's
    "Unicode text"), ``utf8_bom`` (UTF-8 with BOM), ``crlf`` (CRLF line ends
    and a quoted multi-line cell), ``sep_hint`` (Excel's ``sep=;`` first
    line), ``long_caption`` (one caption of ``caption_bytes`` characters).
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    head = ["post_id", "published_at", "kind", "text", "reach"]

    def table(delim: str, newline: str = "\n", quote_all: bool = False) -> str:
        rows = [head] + [list(r) for r in AWKWARD_POSTS]

        def cell(c):
            needs = quote_all or any(ch in c for ch in (delim, '"', "\n", "\r"))
            return '"' + c.replace('"', '""') + '"' if needs else c

        return newline.join(delim.join(cell(c) for c in r) for r in rows) + newline

    out = {}

    def put(case, name, data: bytes):
        p = directory / name
        p.write_bytes(data)
        out[case] = p

    put("latin1_semicolon", "latin1.csv", table(";").replace("€", "EUR").encode("latin-1"))
    put("cp1252", "cp1252.csv", table(";").encode("cp1252"))
    put("utf16", "utf16.txt", codecs.BOM_UTF16_LE + table("\t", "\r\n").encode("utf-16-le"))
    put("utf8_bom", "bom.csv", codecs.BOM_UTF8 + table(",").encode("utf-8"))
    crlf_rows = table(",", "\r\n").replace("Dijo", "Línea uno\r\nlínea dos. Dijo")
    put("crlf", "crlf.csv", crlf_rows.encode("utf-8"))
    put("sep_hint", "sep_hint.csv", ("sep=;\n" + table(";")).encode("utf-8"))
    caption = ("Lectura en voz alta, " * (caption_bytes // 21 + 1))[:caption_bytes]
    long_rows = [head, ["1", "2025-10-01T10:00:00Z", "text", f'"{caption}"', "10"], ["2", "2025-10-02T10:00:00Z", "text", "corto", "5"]]
    put("long_caption", "long_caption.csv", ("\n".join(",".join(r) for r in long_rows) + "\n").encode("utf-8"))
    return out


if __name__ == "__main__":  # pragma: no cover
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    for path in write_bad(target):
        print(f"{path} ({path.stat().st_size} bytes)")
