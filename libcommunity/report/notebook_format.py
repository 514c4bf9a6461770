"""nbformat, imported without the IRI grammar that jsonschema builds for a format check nbformat never makes.

Importing nbformat imports jsonschema, and jsonschema's format checker imports ``rfc3987_syntax`` when it is
installed (JupyterLab's server brings it); that module builds an Earley parser of the RFC 3987 grammar at import
time, about 1.3 s of CPU in every process that imports nbformat: each ``libcommunity report``, each worker process of
a batch (process pool or Dask). nbformat validates notebooks against its schema without a format checker, so the
IRI formats are never checked here. :data:`nbformat` is imported with ``rfc3987_syntax`` hidden; jsonschema then
leaves the two IRI formats (``iri``, ``iri-reference``) out of its format checker in this process, and an explicit
``import rfc3987_syntax`` later still works. Where jsonschema was imported before, nothing changes.
"""

from __future__ import annotations

import sys

_HIDDEN = "rfc3987_syntax"


def _import_nbformat():
    """Import nbformat (and jsonschema, if not imported yet) while ``rfc3987_syntax`` cannot be imported."""
    if "jsonschema" in sys.modules or _HIDDEN in sys.modules:
        import nbformat

        return nbformat
    sys.modules[_HIDDEN] = None  # an import of a module mapped to None raises ImportError, which jsonschema expects
    try:
        import nbformat
    finally:
        if sys.modules.get(_HIDDEN, ...) is None:
            del sys.modules[_HIDDEN]
    return nbformat


nbformat = _import_nbformat()

__all__ = ["nbformat"]
