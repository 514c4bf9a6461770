"""Report parameters, validated before any notebook runs.

Parameters are passed to papermill, which writes them into the notebook as
Python literals; values are therefore checked here against the template's
declared ``parameters`` cell (known names only, declared type), and months,
account slugs and languages against their formats, so that no value can be
anything but inert data in the executed notebook.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..errors import ParameterError
from ..months import parse_month, validate_account
from .i18n import LANGUAGES

__all__ = ["declared_parameters", "validate_parameters"]

_PY_TYPES = {"str": str, "int": int, "bool": bool, "float": (int, float)}


@lru_cache(maxsize=16)
def _declared(path: str, mtime: float) -> dict:
    import papermill as pm

    return {name: info["inferred_type_name"] for name, info in pm.inspect_notebook(path).items()}


def declared_parameters(template) -> dict:
    """``{name: type name}`` of the template's ``parameters`` cell."""
    p = Path(template)
    if not p.exists():
        raise ParameterError(f"report template {p} does not exist")
    return _declared(str(p), p.stat().st_mtime)


def validate_parameters(template, params: dict) -> dict:
    """Check ``params`` against the template and the formats; return them unchanged.

    Raises
    ------
    ParameterError
        For an unknown name, a value of the wrong type, a malformed month,
        account or language.
    """
    declared = declared_parameters(template)
    for name, value in params.items():
        if name not in declared:
            raise ParameterError(
                f"parameter must be one of {sorted(declared)} for {Path(template).name}; got {name!r} instead"
            )
        expected = _PY_TYPES.get(declared[name].split("|")[0].strip())
        if expected is not None and not isinstance(value, expected):
            raise ParameterError(f"parameter {name} must be {declared[name]}; got {type(value).__name__} instead")
        if isinstance(value, str) and any(ch in value for ch in "\x00\r"):
            raise ParameterError(f"parameter {name} must not contain control characters")
    if "month" in params:
        parse_month(params["month"])
    if params.get("account"):
        validate_account(params["account"])
    for acc in params.get("accounts", "").split(",") if params.get("accounts") else []:
        validate_account(acc)
    if "lang" in params and params["lang"] not in LANGUAGES:
        raise ParameterError(f"lang must be one of {', '.join(LANGUAGES)}; got {params['lang']!r} instead")
    return params
