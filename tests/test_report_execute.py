"""One report run: papermill + nbconvert, atomic writes, reproducible bytes, self-contained pages, inert parameters."""

from __future__ import annotations

import json

import nbformat
import pytest

from libcommunity.report.execute import (
    ReportJob,
    external_references,
    normalise_notebook,
    run_report,
)

from .conftest import TEST_KEY
from .report_helpers import MONTH, build_small_store, leftovers, markdown, monthly_template, write_notebook

ACCOUNT = "bex-lib"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return build_small_store(tmp_path_factory.mktemp("small"), key=TEST_KEY)


def job_for(template, out, st, **extra) -> ReportJob:
    params = {"account": ACCOUNT, "month": MONTH, "store": str(st.root), "lang": "sv", "reveal": False, "min_group": 5}
    params.update(extra)
    return ReportJob(template=template, output=out / MONTH / f"{ACCOUNT}.html", parameters=params,
                     title=f"{ACCOUNT} <report>", lang="sv", timezone="Europe/Stockholm", label=ACCOUNT)


def test_run_writes_html_and_executed_notebook(tmp_path, store):
    from libcommunity.metrics import core_summary

    template = monthly_template(tmp_path / "tpl")
    res = run_report(job_for(template, tmp_path / "out", store))
    assert res.ok, res.error
    html_path = tmp_path / "out" / MONTH / f"{ACCOUNT}.html"
    text = html_path.read_text("utf-8")
    # the kernel read the store with the parameters it was given
    engaged = core_summary(store, ACCOUNT, MONTH)["engaged_members"]
    # (html.note writes a sentence: its first letter capitalised, so "bex-lib ..." starts "Bex-lib ...")
    assert ACCOUNT == "bex-lib" and f"Bex-lib {MONTH} sv: engaged members {engaged}," in text
    assert '<html lang="sv">' in text and "<title>bex-lib &lt;report&gt;</title>" in text
    assert html_path.with_suffix(".ipynb").exists()
    assert external_references(text) == []
    assert leftovers(tmp_path / "out") == []
    t = res.timings
    assert t["execute"] >= t["cells"] > 0 and t["convert"] > 0
    assert len(t["per_cell"]) == 3  # parameters, injected parameters, the figure cell
    assert [d["first_line"] for d in t["cells_detail"]][-1] == "from libcommunity.metrics import core_summary"


@pytest.fixture(scope="module")
def chart_runs(tmp_path_factory, store):
    """Three runs of a template with a chart: twice into one folder, then into another; which module wrote the
    whole notebook during the first run (papermill's ``write_ipynb``), and the folder of the runs."""
    import papermill.engines
    import papermill.execute

    root = tmp_path_factory.mktemp("chart")
    template = monthly_template(root / "tpl", chart=True)
    writes = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LIBCOMMUNITY_KEY", TEST_KEY)
        for module in (papermill.engines, papermill.execute):
            original = module.write_ipynb
            mp.setattr(module, "write_ipynb", lambda nb, path, _w=original, _m=module.__name__: (writes.append(_m), _w(nb, path)))
        first = run_report(job_for(template, root / "out", store))
        mp.undo()
        mp.setenv("LIBCOMMUNITY_KEY", TEST_KEY)
        first_bytes = {s: (root / "out" / MONTH / f"{ACCOUNT}{s}").read_bytes() for s in (".html", ".ipynb")}
        second = run_report(job_for(template, root / "out", store))
        other = run_report(job_for(template, root / "elsewhere", store))
    return {"first": first, "first_bytes": first_bytes, "writes": writes, "second": second, "other": other,
            "root": root}


def test_the_executed_notebook_is_written_once(chart_runs):
    """papermill wrote the whole notebook before and after every cell (into a folder removed at the end)."""
    res, root = chart_runs["first"], chart_runs["root"]
    assert res.ok, res.error
    assert chart_runs["writes"] == ["papermill.execute"]
    executed = nbformat.reads(chart_runs["first_bytes"][".ipynb"].decode("utf-8"), as_version=4)
    assert all(c.metadata["papermill"]["status"] == "completed" for c in executed.cells)
    assert all(c.outputs for c in executed.cells[-2:])  # the figure's and the chart's outputs


def test_same_input_gives_the_same_bytes(chart_runs):
    first, second, other, root = chart_runs["first"], chart_runs["second"], chart_runs["other"], chart_runs["root"]
    out = root / "out"
    assert first.ok, first.error
    html1, nb1 = chart_runs["first_bytes"][".html"], chart_runs["first_bytes"][".ipynb"]
    assert b"data:image/png;base64," in html1
    assert second.ok, second.error
    assert (out / MONTH / f"{ACCOUNT}.html").read_bytes() == html1
    assert (out / MONTH / f"{ACCOUNT}.ipynb").read_bytes() == nb1
    # clock times and the temporary directory are not in the stored notebook
    nb = json.loads(nb1)
    assert "start_time" not in nb["metadata"]["papermill"]
    assert nb["metadata"]["papermill"]["output_path"] == f"{ACCOUNT}.ipynb"  # no absolute path is published
    assert str(root) not in nb1.decode("utf-8")
    assert all("execution" not in c["metadata"] for c in nb["cells"])
    # into another folder: the same page
    assert other.ok and (root / "elsewhere" / MONTH / f"{ACCOUNT}.html").read_bytes() == html1


@pytest.fixture(scope="module")
def failed_run(tmp_path_factory, store):
    """One run of a template whose last cell fails for the account, over a previous report: (result, out folder)."""
    root = tmp_path_factory.mktemp("failed")
    target = root / "out" / MONTH / f"{ACCOUNT}.html"
    target.parent.mkdir(parents=True)
    target.write_text("previous report")
    target.with_suffix(".ipynb").write_text("previous notebook")
    template = monthly_template(root / "tpl", fail_for=ACCOUNT)
    return run_report(job_for(template, root / "out", store)), root / "out"


def test_failed_run_leaves_the_previous_report(failed_run):
    res, out = failed_run
    target = out / MONTH / f"{ACCOUNT}.html"
    assert not res.ok
    assert res.error.startswith(f"{ACCOUNT}: the notebook failed in cell ") and "RuntimeError: boom for bex-lib" in res.error
    assert target.read_text() == "previous report"
    assert target.with_suffix(".ipynb").read_text() == "previous notebook"
    assert leftovers(out) == []


def test_missing_template_is_a_failed_result_not_an_exception(tmp_path, store):
    res = run_report(job_for(tmp_path / "absent.ipynb", tmp_path / "out", store))
    assert not res.ok and res.error.startswith(f"{ACCOUNT}: ")
    assert not (tmp_path / "out" / MONTH / f"{ACCOUNT}.html").exists()
    assert leftovers(tmp_path / "out") == []


def test_page_has_no_code_parameters_stderr_or_active_content(tmp_path, store):
    cells = [
        markdown("NOTE FOR ANALYSTS ONLY", tags=["remove_cell"]),
        "import sys\nprint('stderr noise', file=sys.stderr)\nprint('visible stdout')",
        "from IPython.display import HTML, Javascript, display\n"
        "display(Javascript(\"document.title = 'ran'\"))\n"
        "display(HTML('<p id=\"kept\">kept text</p><script>console.error(\"ran\")</script>'\n"
        "             '<img src=\"https://example.org/x.png\" alt=\"x\" onerror=\"alert(1)\">'\n"
        "             '<link rel=\"stylesheet\" href=\"https://cdn.example.org/a.css\">'\n"
        "             '<iframe src=\"https://example.org/\"></iframe><a href=\"javascript:alert(1)\">bad link</a>'))",
    ]
    template = write_notebook(tmp_path / "tpl" / "monthly_report.ipynb", cells)
    nb = nbformat.read(template, as_version=4)
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}, "version_major": 2, "version_minor": 0}}
    nbformat.write(nb, template)
    res = run_report(job_for(template, tmp_path / "out", store))
    assert res.ok, res.error
    page = (tmp_path / "out" / MONTH / f"{ACCOUNT}.html").read_text("utf-8")
    assert "kept text" in page and "visible stdout" in page
    for absent in ("NOTE FOR ANALYSTS", "stderr noise", "document.title", "<script", "example.org/x.png", "cdn.example.org",
                   "<iframe", "javascript:", "onerror", "min_group", "import sys"):
        assert absent not in page, absent
    assert external_references(page) == []
    # the executed notebook keeps everything (it is the record of the run)
    executed = (tmp_path / "out" / MONTH / f"{ACCOUNT}.ipynb").read_text("utf-8")
    assert "stderr noise" in executed and "document.title" in executed


def test_string_parameters_stay_inert_data(tmp_path, store):
    trip = tmp_path / "pwned"
    hostile = f'x"; open({str(trip)!r}, "w").close()  # \\" \n open({str(trip)!r}, "w") \'\'\''
    template = write_notebook(tmp_path / "tpl" / "monthly_report.ipynb", ["print(repr(store))"])
    res = run_report(job_for(template, tmp_path / "out", store, store=hostile))
    assert res.ok, res.error
    nb = nbformat.read(tmp_path / "out" / MONTH / f"{ACCOUNT}.ipynb", as_version=4)
    printed = [o["text"] for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.get("name") == "stdout"]
    assert printed == [repr(hostile) + "\n"]
    assert not trip.exists()


def test_external_references_finds_what_would_load_or_run():
    bad = [
        '<script>alert(1)</script>',
        '<img src="https://example.org/a.png" alt="a">',
        '<img srcset="//example.org/a.png 2x" alt="a">',
        '<link rel="stylesheet" href="https://example.org/a.css">',
        '<iframe src="data:text/html,hi"></iframe>',
        '<p onclick="x()">p</p>',
        '<a href="javascript:alert(1)">a</a>',
        '<video poster="http://example.org/p.jpg"></video>',
        '<div style="background:url(https://example.org/b.png)">d</div>',
        '<style>@import url("https://example.org/c.css");</style>',
        '<svg><use href="https://example.org/s.svg#i"/></svg>',
    ]
    for snippet in bad:
        assert external_references(f"<main>{snippet}</main>"), snippet
    good = ('<main><img src="data:image/png;base64,AAAA" alt="chart"><a href="https://example.org/post">a post</a>'
            '<a href="#league">in page</a><p>text that mentions url(https://example.org) and &lt;script&gt;</p>'
            '<div style="color:red">x</div></main>')
    assert external_references(good) == []


def test_normalise_notebook_removes_clock_times_and_the_random_id():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["injected-parameters"]})])
    nb.cells[0].metadata["execution"] = {"iopub.execute_input": "2026-12-01T19:52:35Z"}
    nb.cells[0].metadata["papermill"] = {"start_time": "t", "end_time": "t", "duration": 1.0, "status": "completed"}
    nb.metadata["papermill"] = {"start_time": "t", "end_time": "t", "duration": 2.0, "output_path": "/tmp/.x-abc/x.ipynb"}
    normalise_notebook(nb, output_path="/reports/2026-10/x.ipynb")
    assert nb.cells[0].id == "injected-parameters"
    assert nb.cells[0].metadata == {"tags": ["injected-parameters"], "papermill": {"status": "completed"}}
    assert nb.metadata["papermill"] == {"output_path": "/reports/2026-10/x.ipynb"}


# ---------------------------------------------------------------------- a quiet kernel
TRANSPORT_CELL = (
    "import json\n"
    "from ipykernel import get_connection_info\n"
    "print('transport:', json.loads(get_connection_info())['transport'])"
)


def test_a_report_run_writes_nothing_of_the_kernel_on_the_terminal(tmp_path, store, capfd):
    """No "Kernel is running over TCP without encryption" warning and no "KeyboardInterrupt caught in kernel"."""
    template = write_notebook(tmp_path / "tpl" / "monthly_report.ipynb", [TRANSPORT_CELL])
    for i in range(3):  # the shutdown interrupt hit about one kernel in ten: a few runs make it show on the old code
        res = run_report(job_for(template, tmp_path / f"out{i}", store))
        assert res.ok, res.error
    out, err = capfd.readouterr()
    assert "IPKernelApp" not in err and "KeyboardInterrupt" not in err and "Traceback" not in err, err
    executed = nbformat.read(tmp_path / "out0" / MONTH / f"{ACCOUNT}.ipynb", as_version=4)
    printed = "".join(o.get("text", "") for c in executed.cells for o in c.get("outputs", []))
    assert "transport: ipc" in printed  # the kernel talked over IPC sockets, not TCP


def test_a_failing_cell_still_reaches_the_result_with_the_quiet_kernel(failed_run):
    res, _ = failed_run
    assert not res.ok and "RuntimeError: boom for bex-lib" in res.error


def test_shutting_down_a_finished_kernel_sends_no_interrupt(monkeypatch):
    import asyncio

    from jupyter_client.manager import AsyncKernelManager

    from libcommunity.report.execute import kernel_settings

    interrupts = []
    original = AsyncKernelManager._async_interrupt_kernel

    async def spy(self):
        interrupts.append(self.shutting_down)
        await original(self)

    monkeypatch.setattr(AsyncKernelManager, "_async_interrupt_kernel", spy)
    settings = kernel_settings(None)
    km = settings["kernel_manager_class"]()

    async def session():
        await km.start_kernel()
        kc = km.client()
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=60)
            await km._async_interrupt_kernel()  # an interrupt asked for while the kernel runs still goes through
        finally:
            kc.stop_channels()
            await km.shutdown_kernel()  # jupyter_client's own shutdown interrupts first; ours does not

    asyncio.run(session())
    assert interrupts == [False]
