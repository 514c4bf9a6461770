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
from ..months import ACCOUNT_PATTERN, parse_month, validate_account
from .i18n import LANGUAGES

__all__ = ["declared_parameters", "validate_parameters", "check_account"]

_PY_TYPES = {"str": str, "int": int, "bool": bool, "float": (int, float)}


@lru_cache(maxsize=16)
def _declared(path: str, mtime: float) -> dict:
    import papermill as pm

    return {name: info["inferred_type_name"] for name, info in pm.inspect_notebook(path).items()}


def check_account(value) -> str:
    """:func:`~libcommunity.months.validate_account`, and the whole value must match (no trailing newline).

    ``ACCOUNT_PATTERN.match`` with ``$`` accepts ``"ash\\n"``; a report file name must not.
    """
    validate_account(value)
    if not ACCOUNT_PATTERN.fullmatch(value):
        raise ParameterError(
            "account must be 1-64 characters of a-z, 0-9, '-' or '_', starting with a letter "
            f"or digit; got {value!r} instead"
        )
    return value


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
    if not declared:
        raise ParameterError(f"report template {Path(template).name} must have a code cell tagged 'parameters'; it has none")
    for name, value in params.items():
        if name not in declared:
            raise ParameterError(
                f"parameter must be one of {sorted(declared)} for {Path(template).name}; got {name!r} instead"
            )
        if not isinstance(value, (str, int, float, bool)):
            raise ParameterError(f"parameter {name} must be a str, int, float or bool; got {type(value).__name__} instead")
        type_name = declared[name].split("|")[0].strip()
        expected = _PY_TYPES.get(type_name)
        if expected is not None and (not isinstance(value, expected) or (isinstance(value, bool) and type_name != "bool")):
            raise ParameterError(f"parameter {name} must be {declared[name]}; got {type(value).__name__} instead")
        if isinstance(value, str) and any(ch in value for ch in "\x00\r"):
            raise ParameterError(f"parameter {name} must not contain control characters")
    if "month" in params and str(parse_month(params["month"])) != params["month"]:
        raise ParameterError(f"month must be YYYY-MM with MM from 01 to 12; got {params['month']!r} instead")
    if "account" in params:
        check_account(params["account"])
    for acc in params["accounts"].split(",") if params.get("accounts") else []:
        check_account(acc)
    if "lang" in params and params["lang"] not in LANGUAGES:
        raise ParameterError(f"lang must be one of {', '.join(LANGUAGES)}; got {params['lang']!r} instead")
    return params
