"""Run one report notebook with papermill and convert it to a self-contained HTML page.

Writes are atomic: the notebook is executed and converted into a temporary
directory beside the target, and only a successful run replaces
``<out>/<month>/<name>.html`` (and its executed ``.ipynb``) by renaming. A
failed run leaves the previous report in place.

Outputs are reproducible: the same template, parameters and store give the
same HTML bytes and the same executed notebook bytes on every run (the
run's clock times, temporary paths and papermill's random cell id are
removed; charts are PNGs without a timestamp). Timings are reported in
:attr:`ReportResult.timings` instead.

The page is self-contained: no script, no external style sheet, font,
frame or image (:func:`~libcommunity.report.html.page` strips active
content, and :func:`external_references` checks the result before
anything is written). Cells tagged ``parameters``, ``injected-parameters`` or
``remove_cell`` do not appear in the HTML (a template can keep notes for
analysts in ``remove_cell`` markdown cells).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import ReportError
from ..store.lock import hold_folder_lock
from .html import esc, page
from .i18n import Translator
from .notebook_format import nbformat
from .prepared import Preparation

__all__ = [
    "ReportJob",
    "ReportResult",
    "run_report",
    "notebook_to_html",
    "normalise_notebook",
    "external_references",
    "NOTEBOOKS",
    "HIDDEN_TAGS",
    "sweep_report_leftovers",
    "kernel_settings",
]

log = logging.getLogger("libcommunity")

#: The report templates shipped in notebooks/reports/.
NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks" / "reports"
KERNEL = "python3"
CELL_TIMEOUT_S = 600
#: Cells with one of these tags are left out of the HTML page.
HIDDEN_TAGS = frozenset({"parameters", "injected-parameters", "remove_cell"})
#: Id given to papermill's injected-parameters cell (papermill draws a random one).
INJECTED_ID = "injected-parameters"


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
    #: Compute the report's data in this process while the kernel starts (:mod:`~libcommunity.report.prepared`):
    #: for templates whose notebook calls ``build_report`` with the job's parameters.
    prepare: bool = False

    def __post_init__(self):
        self.template = Path(self.template)
        self.output = Path(self.output)


@dataclass
class ReportResult:
    """What happened to one job.

    Attributes
    ----------
    label, output : str
        The job's label (account or ``network``) and HTML path.
    ok : bool
    error : str or None
        One line: which cell failed and why.
    seconds : float
        Wall time of the whole job.
    timings : dict
        ``execute`` (papermill, kernel start included), ``cells`` (sum of
        the cells' durations), ``kernel_and_overhead`` (``execute - cells``:
        starting the kernel, reading and writing the notebook), ``convert``
        (nbconvert and the page), ``write`` (normalising and renaming),
        ``per_cell`` (seconds of every cell, in order) and ``cells_detail``
        (one dict per code cell: ``index``, ``tags``, ``first_line``,
        ``seconds``).
    """

    label: str
    output: str
    ok: bool
    error: str | None = None
    seconds: float = 0.0
    timings: dict = field(default_factory=dict)


# ---------------------------------------------------------------------- self-contained HTML
_STYLE_BLOCK = re.compile(r"(<style\b[^>]*>)(.*?)(</style\s*>)", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(\s[^<>]*?)?(/?)>")
_ATTR = re.compile(r"""\s([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
#: Attributes that make the browser fetch something.
_RESOURCE_ATTRS = frozenset(
    {"src", "srcset", "poster", "data", "background", "action", "formaction", "lowsrc", "dynsrc", "ping", "xlink:href"}
)
_SCHEME = re.compile(r"^\s*(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|\\\\)")
_CSS_URL = re.compile(r"@import\b[^;]*;?|url\(\s*(?!['\"]?\s*data:)[^)]*\)", re.IGNORECASE)
_SCRIPT_URL = ("javascript:", "vbscript:")


def _unquote(raw) -> str:
    return "" if raw is None else raw.strip().strip("\"'").strip()


def _local(value: str) -> bool:
    """``True`` for a URL that fetches nothing from elsewhere: a ``data:`` URI or a reference inside the page."""
    return value.lower().startswith("data:") or not _SCHEME.match(value)


def _attr_problem(tag: str, key: str, value: str) -> bool:
    k = key.lower()
    if k.startswith("on"):
        return True  # event handlers are scripts
    if k in _RESOURCE_ATTRS:
        return not _local(value)
    if k == "href":
        if value.lower().startswith(_SCRIPT_URL):
            return True
        # a link fetches nothing until followed; anything else with an href (svg use/image, area) may
        return tag != "a" and not _local(value)
    return False


def external_references(html_text: str) -> list[str]:
    """What in a page would run a script or fetch something from elsewhere (empty for a self-contained page).

    Used by the tests and as a last check before a report is written: nbconvert's ``basic`` template writes
    a ``<script>`` for widget state and passes ``text/html`` and ``application/javascript`` outputs through;
    :func:`~libcommunity.report.html.page` removes them.
    """
    problems = [m.group(0)[:80] for m in re.finditer(r"<script\b[^>]*>", html_text, re.IGNORECASE)]
    problems += [m.group(0)[:80] for m in re.finditer(r"<(?:link|iframe|frame|object|embed|base|applet|portal)\b[^>]*>",
                                                      html_text, re.IGNORECASE)]
    for tm in _TAG.finditer(html_text):
        name = tm.group(1).lower()
        for am in _ATTR.finditer(tm.group(2) or ""):
            key, value = am.group(1), _unquote(am.group(2))
            if _attr_problem(name, key, value):
                problems.append(f"<{name} {key}={value[:60]}>")
            elif key.lower() == "style" and _CSS_URL.search(value):
                problems.append(f"<{name} style={value[:60]}>")
    for sm in _STYLE_BLOCK.finditer(html_text):
        problems += [m.group(0)[:80] for m in _CSS_URL.finditer(sm.group(2))]
    return problems


# ---------------------------------------------------------------------- conversion
def _tags(cell) -> list:
    return list(cell.get("metadata", {}).get("tags", []))


def _strip_noise(nb) -> None:
    """Drop hidden cells (parameters, ``remove_cell``) and stderr streams: a report shows results only."""
    nb.cells = [c for c in nb.cells if not HIDDEN_TAGS.intersection(_tags(c))]
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cell.outputs = [
            o for o in cell.get("outputs", []) if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
        ]


@lru_cache(maxsize=1)
def _exporter():
    """One HTML exporter per process (building one loads the templates: about a second)."""
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


def notebook_to_html(nb, *, title: str, lang: str, header: str = "", footer: str = "") -> str:
    """Convert an executed notebook to a report page without code, prompts or scripts.

    The notebook is modified (hidden cells and stderr are removed); pass a
    copy to keep it.
    """
    _strip_noise(nb)
    body, _ = _exporter().from_notebook_node(nb)
    return page(lang=lang, title=title, body=body, header=header, footer=footer)


def normalise_notebook(nb, *, output_path: Path) -> None:
    """Remove what changes from run to run without changing the report (clock times, temporary paths, random ids)."""
    for cell in nb.cells:
        meta = cell.get("metadata", {})
        meta.pop("execution", None)
        pm_meta = meta.get("papermill")
        if isinstance(pm_meta, dict):
            for key in ("start_time", "end_time", "duration"):
                pm_meta.pop(key, None)
        if "injected-parameters" in _tags(cell):
            cell["id"] = INJECTED_ID
    pm_meta = nb.metadata.get("papermill")
    if isinstance(pm_meta, dict):
        for key in ("start_time", "end_time", "duration"):
            pm_meta.pop(key, None)
        pm_meta["output_path"] = str(output_path)


def strip_paths(nb, parameters: dict) -> None:
    """Remove absolute paths (the store, the template, the output) from a notebook that is published.

    The executed notebook next to the HTML page is for analysts who want the
    cells; it must not tell readers where the store lives. Parameter values
    that are absolute paths read ``<store>`` (or their own name), in the
    injected-parameters cell and in papermill's metadata; the snapshot token
    is dropped.
    """
    replace = {}
    for name, value in parameters.items():
        if isinstance(value, str) and (os.path.isabs(value) or name == "snapshot") and value:
            replace[value] = f"<{name}>"
    for cell in nb.cells:
        if "injected-parameters" in _tags(cell):
            for old, new in replace.items():
                cell.source = cell.source.replace(old, new)
    pm_meta = nb.metadata.get("papermill")
    if isinstance(pm_meta, dict):
        params = pm_meta.get("parameters")
        if isinstance(params, dict):
            pm_meta["parameters"] = {k: replace.get(v, v) if isinstance(v, str) else v for k, v in params.items()}
        for key in ("input_path", "output_path"):
            if isinstance(pm_meta.get(key), str):
                pm_meta[key] = Path(pm_meta[key]).name


def sweep_report_leftovers(month_dir: Path) -> list[str]:
    """Remove the temporary folders (``.<name>-xxxx``) of report runs that were killed; returns their names.

    A running report holds a lock inside its folder, so only folders of
    ended runs go (a folder without a lock, from an older version, once it
    is an hour old).
    """
    from ..store.lock import remove_if_unlocked

    removed = []
    if not Path(month_dir).is_dir():
        return removed
    for entry in Path(month_dir).iterdir():
        if entry.name.startswith(".") and "-" in entry.name and entry.is_dir() and not entry.is_symlink():
            if remove_if_unlocked(entry):
                removed.append(entry.name)
    return removed


def _first_line(source: str) -> str:
    for line in source.splitlines():
        if line.strip():
            return line.strip()[:80]
    return ""


def _header_footer(job: ReportJob) -> tuple[str, str]:
    from .. import __version__

    t = Translator(job.lang, job.timezone)
    header = f'<header class="report-header"><h1>{esc(job.title)}</h1></header>'
    footer = f"<footer>{esc(t('footer_generated', version=__version__))}</footer>"
    return header, footer


# ---------------------------------------------------------------------- a quiet kernel
#: Longest directory an IPC kernel's sockets may live in (a Unix socket path holds at most 104-108 bytes).
_IPC_DIR_MAX = 80


@lru_cache(maxsize=1)
def _kernel_manager_class():
    """jupyter_client's kernel manager, minus the interrupt it sends a finished kernel before shutting it down.

    ``shutdown_kernel`` interrupts the kernel (SIGINT) and then asks it to shut
    down; when the signal lands while the idle kernel answers a message,
    ipykernel logs "KeyboardInterrupt caught in kernel" on the terminal. A
    report's kernel is shut down after its last cell has finished (or failed,
    or timed out: then the shutdown request, SIGTERM and SIGKILL follow as
    usual), so the interrupt serves no purpose here.
    """
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import Dict

    class QuietKernelManager(AsyncKernelManager):
        #: Variables added to the kernel's environment (the folder of a prepared report's data).
        extra_env = Dict(help="Variables added to the kernel's environment.").tag(config=True)

        async def _async_interrupt_kernel(self) -> None:
            if self.shutting_down:
                return
            await super()._async_interrupt_kernel()

        async def _async_pre_start_kernel(self, **kw):
            if self.extra_env:
                kw["env"] = {**(kw.get("env") or os.environ), **self.extra_env}
            return await super()._async_pre_start_kernel(**kw)

    return QuietKernelManager


def kernel_settings(socket_dir: Path | None, env: dict | None = None) -> dict:
    """Keyword arguments for papermill's notebook client that keep the kernel quiet on the terminal.

    With ``socket_dir`` (a short private directory, POSIX only) the kernel
    talks over IPC sockets in it instead of TCP on localhost, so ipykernel has
    no reason to warn that the kernel "is running over TCP without
    encryption"; the kernel manager is :func:`_kernel_manager_class`. Once
    the last cell has finished, the kernel is stopped at once (nbclient's
    ``shutdown_kernel="immediate"``) instead of being asked to shut down:
    ipykernel 7 can print a ZMQ traceback while it handles that request
    ("Socket operation on non-socket", a race between its control and
    output threads), and a kernel whose work is done and whose outputs have
    all arrived has nothing left to lose. Nothing the notebook does is
    hidden: its errors reach the result, and a failing cell fails the report.

    ``env`` adds variables to the kernel's environment only (not to this process's): the folder of a report's
    prepared data (:mod:`~libcommunity.report.prepared`).
    """
    from traitlets.config import Config

    settings: dict = {"kernel_manager_class": _kernel_manager_class(), "shutdown_kernel": "immediate"}
    config: dict = {}
    if socket_dir is not None:
        config["KernelManager"] = {"transport": "ipc", "ip": str(Path(socket_dir) / "kernel")}
    if env:
        config["QuietKernelManager"] = {"extra_env": dict(env)}
    if config:
        settings["config"] = Config(config)
    return settings


def _socket_dir() -> Path | None:
    """A new private directory for the kernel's IPC sockets, or None where IPC is not available (then TCP)."""
    if os.name != "posix":
        return None
    path = Path(tempfile.mkdtemp(prefix="lc-kernel-"))
    if len(str(path)) > _IPC_DIR_MAX:  # a long TMPDIR: socket paths would not fit
        path.rmdir()
        return None
    return path


def run_report(job: ReportJob) -> ReportResult:
    """Execute ``job.template`` with its parameters and write the HTML atomically.

    Never raises for a failing notebook: the error is in the result, and the
    previous output (if any) is left untouched. With ``job.prepare``, the
    report's data is computed in a thread of this process while the kernel
    starts (:class:`~libcommunity.report.prepared.Preparation`).
    """
    import papermill  # noqa: F401 - imported before the preparation's thread starts, which would slow it down

    started = time.perf_counter()
    result = ReportResult(job.label or job.output.stem, str(job.output), ok=False)
    with Preparation(job.parameters) if job.prepare else contextlib.nullcontext() as prepared:
        _run(job, result, env=prepared.env if prepared is not None else {})
    result.seconds = round(time.perf_counter() - started, 3)
    return result


def _run(job: ReportJob, result: ReportResult, *, env: dict) -> None:
    """:func:`run_report`'s work: fills ``result``."""
    import papermill as pm

    tmp = sockets = None
    lock_fd = None
    try:
        job.output.parent.mkdir(parents=True, exist_ok=True)
        sockets = _socket_dir()
        tmp = Path(tempfile.mkdtemp(prefix=f".{job.output.stem}-", dir=job.output.parent))
        lock_fd = hold_folder_lock(tmp)  # a later run sweeps this folder only once this run has ended
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
                # papermill otherwise writes the whole notebook (validated, charts and all) before and after
                # every cell: 20-odd writes nobody reads (the folder is removed at the end); it writes it once
                # at the end (and on a failure) all the same
                request_save_on_cell_execute=False,
                cwd=str(tmp),
                execution_timeout=CELL_TIMEOUT_S,
                **kernel_settings(sockets, env),
            )
        except pm.PapermillExecutionError as exc:
            raise ReportError(f"{result.label}: the notebook failed in cell {exc.exec_count}: {exc.ename}: {exc.evalue}") from None
        t1 = time.perf_counter()
        nb = nbformat.read(executed, as_version=4)
        cell_seconds = [c.get("metadata", {}).get("papermill", {}).get("duration") or 0.0 for c in nb.cells]
        detail = [
            {"index": i, "tags": _tags(c), "first_line": _first_line(c.source), "seconds": round(s, 3)}
            for i, (c, s) in enumerate(zip(nb.cells, cell_seconds))
            if c.cell_type == "code"
        ]
        normalise_notebook(nb, output_path=job.output.with_suffix(".ipynb"))
        strip_paths(nb, job.parameters)
        header, footer = _header_footer(job)
        html_text = notebook_to_html(nbformat.from_dict(nb), title=job.title, lang=job.lang, header=header, footer=footer)
        leftovers = external_references(html_text)
        if leftovers:  # pragma: no cover - sanitise_html removes them; a last guard
            raise ReportError(f"{result.label}: the page would load external content: {leftovers[0]}")
        t2 = time.perf_counter()
        html_tmp = tmp / job.output.name
        html_tmp.write_text(html_text, encoding="utf-8")
        nbformat.write(nb, executed)
        os.replace(executed, job.output.with_suffix(".ipynb"))
        os.replace(html_tmp, job.output)
        t3 = time.perf_counter()
        result.ok = True
        result.timings = {
            "execute": round(t1 - t0, 3),
            "cells": round(sum(cell_seconds), 3),
            "kernel_and_overhead": round(max(t1 - t0 - sum(cell_seconds), 0.0), 3),
            "convert": round(t2 - t1, 3),
            "write": round(t3 - t2, 3),
            "per_cell": [round(s, 3) for s in cell_seconds],
            "cells_detail": detail,
        }
    except ReportError as exc:
        result.error = str(exc)
    except Exception as exc:  # noqa: BLE001 - one failing account must not stop a batch
        result.error = f"{result.label}: {type(exc).__name__}: {exc}"
    finally:
        for leftover in (tmp, sockets):
            if leftover is not None:
                shutil.rmtree(leftover, ignore_errors=True)
        if lock_fd is not None:
            os.close(lock_fd)
