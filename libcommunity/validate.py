"""Validation of canonical tables against their pandera schemas, with one clear message."""

from __future__ import annotations

import pandas as pd

from .errors import ValidationError
from . import schemas
from .schemas import table_spec

__all__ = ["validate_frame", "drop_repeated_rows"]


def _same(x, y) -> bool:
    """Whether two cells hold the same value (two missing values are the same; one missing is not)."""
    x_na, y_na = pd.isna(x), pd.isna(y)
    if x_na or y_na:
        return bool(x_na and y_na)
    return bool(x == y)


def drop_repeated_rows(df: pd.DataFrame, table: str, *, path=None) -> pd.DataFrame:
    """Drop rows repeated identically; reject one key given twice with different content.

    Parameters
    ----------
    df : DataFrame
        A typed canonical table indexed by source row number.
    table : str
    path : path-like, optional
        The file, for the message.

    Raises
    ------
    ValidationError
        Naming the two rows that share a key but differ, and the first column where they differ.
    """
    spec = table_spec(table)
    key = list(spec.key)
    deduped = df[~df.duplicated(keep="first")]
    clash = deduped.duplicated(subset=key, keep=False)
    if clash.any():
        rows = deduped[clash]
        first_key = tuple(rows.iloc[0][key])
        same = rows[(rows[key] == pd.Series(first_key, index=key)).all(axis=1)]
        a, b = same.iloc[0], same.iloc[1]
        differing = [c for c in df.columns if not _same(a[c], b[c])]
        column = differing[0] if differing else None
        raise ValidationError(
            f"{key[-1]} {first_key[-1]!r} appears twice with different content "
            f"(rows {same.index[0]} and {same.index[1]}); expected one row per {key[-1]}",
            path=path,
            row=same.index[1],
            column=column,
        )
    return deduped


def validate_frame(df: pd.DataFrame, table: str, *, path=None) -> pd.DataFrame:
    """Validate a typed canonical table with its named pandera schema.

    Returns the frame unchanged when it is valid.

    Raises
    ------
    ValidationError
        With the file, the first offending row and column, the check that
        failed and the columns present.
    """
    # pandera is imported here, not with the module: a canonical Parquet ingest types and checks its rows with
    # Arrow and never needs it (importing it and building the schemas takes 0.2-0.3 s of every such ingest).
    import pandera.errors as pae

    schema = schemas.SCHEMAS[table]
    try:
        return schema.validate(df, lazy=True)
    except pae.SchemaErrors as exc:
        cases = exc.failure_cases
        first = cases.iloc[0]
        column = first.get("column")
        column = None if pd.isna(column) else str(column)
        index = first.get("index")
        row = None if index is None or pd.isna(index) else int(index) if str(index).isdigit() else index
        check = str(first.get("check"))
        value = first.get("failure_case")
        if check.startswith("column_in_dataframe"):
            detail = f"schema {schema.name!r}: column {value!r} is missing; columns present: {list(df.columns)}"
            column = None
        elif check.startswith("column_in_schema"):
            detail = f"schema {schema.name!r}: column {value!r} is not part of the table; columns present: {list(df.columns)}"
            column = None
        elif check.startswith("dtype"):
            detail = f"schema {schema.name!r}: expected {check}; got {value}"
        else:
            detail = f"schema {schema.name!r}: expected {check}; got {str(value)[:60]!r}"
        more = len(cases) - 1
        if more > 0:
            detail += f" ({more} more problem{'s' if more > 1 else ''} in this file)"
        raise ValidationError(detail, path=path, row=row, column=column) from None
    except pae.SchemaError as exc:  # non-lazy errors, e.g. wrong dtype of the frame itself
        raise ValidationError(f"schema {schema.name!r}: {exc}", path=path) from None
