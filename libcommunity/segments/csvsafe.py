"""CSV that is safe to open in a spreadsheet, written atomically.

The implementation lives in :mod:`libcommunity.export` (one implementation
for every CSV libcommunity writes); this module keeps the names the segment
command and notebooks import. A cell that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return (or their full-width forms) gets a leading
single quote; a negative number (``-3``) is written as ``'-3``.
"""

from __future__ import annotations

from ..export import FORMULA_STARTS, neutralise_csv_cell, safe_csv_frame, write_safe_csv

__all__ = ["FORMULA_STARTS", "neutralise_csv_cell", "safe_csv_frame", "write_safe_csv"]
