"""Monthly HTML reports: papermill runs of the notebooks in notebooks/reports/, converted without code.

``run_batch(store, month)`` produces ``reports/<month>/<account>.html`` for every
account, the network overview and the index pages. Sections of the monthly
report live in :mod:`libcommunity.report.sections`; notebooks only call them.
"""

from .batch import BatchResult, plan_jobs, run_batch
from .execute import ReportJob, ReportResult, run_report

__all__ = ["run_batch", "plan_jobs", "BatchResult", "ReportJob", "ReportResult", "run_report"]
