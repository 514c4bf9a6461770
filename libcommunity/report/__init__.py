"""Monthly HTML reports: papermill runs of the notebooks in notebooks/reports/, converted without code.

``run_batch(store, month)`` produces ``reports/<month>/<account>.html`` for every
account, the network overview and the index pages. Sections of the monthly
report live in :mod:`libcommunity.report.sections`; notebooks only call them.

The batch machinery (papermill, nbconvert, nbformat) is imported when first
used: a report notebook imports :mod:`~libcommunity.report.sections` and
:mod:`~libcommunity.report.build` without it (nbformat's schema validation
alone takes seconds to import).
"""

import importlib

__all__ = ["run_batch", "plan_jobs", "BatchResult", "ReportJob", "ReportResult", "run_report"]

_WHERE = {
    "run_batch": ".batch",
    "plan_jobs": ".batch",
    "BatchResult": ".batch",
    "ReportJob": ".execute",
    "ReportResult": ".execute",
    "run_report": ".execute",
}


def __getattr__(name):
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
