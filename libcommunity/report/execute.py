"""Run one report notebook with papermill and convert it to a self-contained HTML page.

Writes are atomic: the notebook is executed and converted into a temporary
directory beside the target, and only a successful run replaces
``<out>/<month>/<name>.html`` (and its executed ``.ipynb``) by renaming. A
failed run leaves the previous report in place.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from ..errors import ReportError
from .html import esc, page
from .i18n import Translator

__all__ = ["ReportJob", "ReportResult", "run_report", "notebook_to_html", "NOTEBOOKS"]

log = logging.getLogger("libcommunity")

#: The report templates shipped in notebooks/reports/.
NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks" / "reports"
KERNEL = "python3"
CELL_TIMEOUT_S = 600


@dataclass
class ReportJob:
    """One notebook to run: template, parameters and where the HTML goes."""

    template: Path
    output: Path
    parameters: dict
    title: str
    lang: str = "en"
    timezone: str = "UTC"
    label: str = ""

    def __post_init__(self):
        self.template = Path(self.template)
        self.output = Path(self.output)


@dataclass
class ReportResult:
    """What happened to one job."""

    label: str
    output: str
    ok: bool
    error: str | None = None
    seconds: float = 0.0
    timings: dict = field(default_factory=dict)


def _strip_noise(nb) -> None:
    """Drop stderr streams and the parameters cells' outputs: a report shows results only."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cell.outputs = [
            o for o in cell.get("outputs", []) if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
        ]


def notebook_to_html(nb, *, title: str, lang: str, header: str = "", footer: str = "") -> str:
    """Convert an executed notebook to a report page without code, prompts or scripts."""
    from nbconvert import HTMLExporter

    _strip_noise(nb)
    exporter = HTMLExporter(
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(nb)
    return page(lang=lang, title=title, body=body, header=header, footer=footer)


def _header_footer(job: ReportJob) -> tuple[str, str]:
    from .. import __version__

    t = Translator(job.lang, job.timezone)
    header = f'<header class="report-header"><h1>{esc(job.title)}</h1></header>'
    footer = f"<footer>{esc(t('footer_generated', version=__version__))}</footer>"
    return header, footer


def run_report(job: ReportJob) -> ReportResult:
    """Execute ``job.template`` with its parameters and write the HTML atomically.

    Never raises for a failing notebook: the error is in the result, and the
    previous output (if any) is left untouched.
    """
    import papermill as pm

    started = time.perf_counter()
    job.output.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{job.output.stem}-", dir=job.output.parent))
    result = ReportResult(job.label or job.output.stem, str(job.output), ok=False)
    try:
        executed = tmp / f"{job.output.stem}.ipynb"
        t0 = time.perf_counter()
        try:
            pm.execute_notebook(
                str(job.template),
                str(executed),
                parameters=job.parameters,
                kernel_name=KERNEL,
                progress_bar=False,
                log_output=False,
                cwd=str(tmp),
                execution_timeout=CELL_TIMEOUT_S,
            )
        except pm.PapermillExecutionError as exc:
            raise ReportError(f"{job.label}: the notebook failed in cell {exc.exec_count}: {exc.ename}: {exc.evalue}") from None
        t1 = time.perf_counter()
        nb = nbformat.read(executed, as_version=4)
        cell_seconds = [c.get("metadata", {}).get("papermill", {}).get("duration") or 0.0 for c in nb.cells]
        header, footer = _header_footer(job)
        html_text = notebook_to_html(nb, title=job.title, lang=job.lang, header=header, footer=footer)
        html_tmp = tmp / job.output.name
        html_tmp.write_text(html_text, encoding="utf-8")
        t2 = time.perf_counter()
        os.replace(executed, job.output.with_suffix(".ipynb"))
        os.replace(html_tmp, job.output)
        result.ok = True
        result.timings = {
            "execute": round(t1 - t0, 3),
            "cells": round(sum(cell_seconds), 3),
            "kernel_and_overhead": round(max(t1 - t0 - sum(cell_seconds), 0.0), 3),
            "convert": round(t2 - t1, 3),
            "per_cell": [round(s, 3) for s in cell_seconds],
        }
    except ReportError as exc:
        result.error = str(exc)
    except Exception as exc:  # noqa: BLE001 - one failing account must not stop a batch
        result.error = f"{job.label}: {type(exc).__name__}: {exc}"
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        result.seconds = round(time.perf_counter() - started, 3)
    return result
