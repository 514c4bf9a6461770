"""Spreadsheet-safe CSV, written atomically: the names the segment command and notebooks once imported from here.

The implementation lives in :mod:`libcommunity.export` (one writer for every
file libcommunity writes for spreadsheets); see its docstring for the exact
formula guard.
"""

from __future__ import annotations

from ..export import FORMULA_STARTS, neutralise_csv_cell, safe_csv_frame, write_safe_csv

__all__ = ["FORMULA_STARTS", "neutralise_csv_cell", "safe_csv_frame", "write_safe_csv"]
