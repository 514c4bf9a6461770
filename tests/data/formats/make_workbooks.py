"""Write the workbook fixtures of tests/data/formats (rows written for the tests, in the shape of real exports).

Run ``python tests/data/formats/make_workbooks.py`` to rewrite them (openpyxl,
a test dependency). The shapes follow the exports named in docs/sources.md:

* ``linkedin_content_en.xlsx``: a LinkedIn Page content export — a daily
  ``Metrics`` sheet, then ``All posts`` with a title row above its header;
* ``linkedin_followers_en.xlsx``: a LinkedIn Page followers export — the
  ``New followers`` sheet and a demographic ``Location`` sheet;
* ``surveys_microsoft_forms_en.xlsx``: a Microsoft Forms response workbook
  (``ID``, ``Start time``, ``Completion time``, ``Email``, ``Name``, the
  questions), one response anonymous;
* ``linkedin_followers_en.xls``: the followers workbook again as binary
  ``.xls`` (BIFF8), the format LinkedIn actually downloads. No maintained
  library writes ``.xls``; it is written with xlwt 1.3 when that is
  importable (``pip install --target DIR xlwt`` and ``PYTHONPATH=DIR``), and
  left as it is otherwise. xlwt is not a dependency of libcommunity.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent
FIXED = dt.datetime(2026, 10, 1, 8, 0, 0)


def _book() -> Workbook:
    wb = Workbook()
    wb.properties.created = wb.properties.modified = FIXED
    wb.remove(wb.active)
    return wb


def linkedin_content() -> Workbook:
    wb = _book()
    metrics = wb.create_sheet("Metrics")
    metrics.append(["Aggregated engagement metrics for 09/01/2026 - 09/30/2026"])
    metrics.append(
        ["Date", "Impressions (organic)", "Impressions (sponsored)", "Impressions (total)",
         "Unique impressions (organic)", "Clicks (organic)", "Clicks (sponsored)", "Clicks (total)",
         "Reactions (organic)", "Reactions (sponsored)", "Reactions (total)", "Comments (organic)",
         "Comments (sponsored)", "Comments (total)", "Reposts (organic)", "Reposts (sponsored)", "Reposts (total)",
         "Engagement rate (organic)", "Engagement rate (sponsored)", "Engagement rate (total)"]
    )
    for day, impressions in ((1, 412), (2, 1380), (3, 655)):
        metrics.append([f"09/{day:02d}/2026", impressions, 0, impressions, impressions // 2, 12, 0, 12, 9, 0, 9, 1, 0, 1,
                        0, 0, 0, 0.0531, 0, 0.0531])
    posts = wb.create_sheet("All posts")
    posts.append(["All posts, 09/01/2026 - 09/30/2026"])
    posts.append(
        ["Post title", "Post link", "Post type", "Campaign name", "Posted by", "Created date", "Campaign start date",
         "Campaign end date", "Audience", "Impressions", "Views (excluding off-site video views)", "Off-site views",
         "Clicks", "Click through rate (CTR)", "Likes", "Comments", "Reposts", "Follows", "Engagement rate",
         "Content Type"]
    )
    posts.append(["New research data service: book a consultation with our data librarians",
                  "https://www.linkedin.com/feed/update/urn:li:activity:7371234567890123456", "Organic", "",
                  "Marta Ruiz", "09/02/2026", "", "", "All followers", 1380, "", "", 61, 0.0442, 34, 5, 3, "", 0.0746,
                  "Article"])
    posts.append(["We are hiring: research support librarian (open until 30 September)",
                  "https://www.linkedin.com/feed/update/urn:li:activity:7372345678901234567", "Sponsored",
                  "Hiring autumn 2026", "Marta Ruiz", "09/10/2026", "09/10/2026", "09/20/2026", "Job seekers, Spain",
                  5210, "", "", 240, 0.0461, 88, 12, 19, 7, 0.0687, "Image"])
    posts.append(["Open Access Week: our video guide to the repository",
                  "https://www.linkedin.com/feed/update/urn:li:ugcPost:7373456789012345678", "Organic", "",
                  "Jon Etxeberria", "09/24/2026", "", "", "All followers", 902, 311, 0, 18, 0.02, 21, 2, 1, "", 0.0466,
                  "Video"])
    posts.append(["", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""])
    return wb


def linkedin_followers() -> Workbook:
    wb = _book()
    new = wb.create_sheet("New followers")
    new.append(["Date", "Sponsored followers", "Organic followers", "Auto-invited followers", "Total followers"])
    for day, (sponsored, organic, invited) in enumerate(((0, 4, 0), (2, 7, 1), (0, 0, 0)), start=1):
        new.append([f"09/{day:02d}/2026", sponsored, organic, invited, sponsored + organic + invited])
    location = wb.create_sheet("Location")
    location.append(["Location", "Total followers"])
    location.append(["Madrid, Community of Madrid", 1804])
    location.append(["Barcelona, Catalonia", 233])
    return wb


def microsoft_forms() -> Workbook:
    wb = _book()
    sheet = wb.create_sheet("Sheet1")
    sheet.append(["ID", "Start time", "Completion time", "Email", "Name",
                  "How did you hear about the data workshop?", "Would you recommend it?"])
    sheet.append([1, dt.datetime(2026, 10, 6, 17, 2, 11), dt.datetime(2026, 10, 6, 17, 4, 40), "anonymous", "",
                  "Newsletter", "Yes"])
    sheet.append([2, dt.datetime(2026, 10, 6, 17, 3, 5), dt.datetime(2026, 10, 6, 17, 6, 59), "j.perez@uni.example",
                  "Javier Pérez", "A colleague", "Yes"])
    sheet.append([3, dt.datetime(2026, 10, 7, 9, 30, 0), dt.datetime(2026, 10, 7, 9, 31, 12), "J.Perez@uni.example",
                  "Javier Pérez", "A colleague", "Maybe"])
    return wb


WORKBOOKS = {
    "linkedin_content_en.xlsx": linkedin_content,
    "linkedin_followers_en.xlsx": linkedin_followers,
    "surveys_microsoft_forms_en.xlsx": microsoft_forms,
}

def linkedin_followers_xls(path: Path) -> None:
    """The followers workbook as binary .xls (the cells of :func:`linkedin_followers`)."""
    import xlwt

    book = xlwt.Workbook()
    for sheet in linkedin_followers().worksheets:
        out = book.add_sheet(sheet.title)
        for r, row in enumerate(sheet.iter_rows(values_only=True)):
            for c, value in enumerate(row):
                out.write(r, c, value)
    book.save(str(path))


if __name__ == "__main__":
    for name, build in WORKBOOKS.items():
        build().save(HERE / name)
        print(HERE / name)
    try:
        linkedin_followers_xls(HERE / "linkedin_followers_en.xls")
        print(HERE / "linkedin_followers_en.xls")
    except ImportError:
        print("xlwt is not importable: linkedin_followers_en.xls left as it is")
