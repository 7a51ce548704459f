"""The parts of the faster build: the chart cache, the warm kernel, the chart prefetcher, exports
side by side, the translation check in the cache, and languages in parallel with progress (issue 11)."""

import io
import json
import subprocess
import sys
import time

import nbformat
import pandas as pd
import papermill
import pytest

import analysis.build.language as build_module
import analysis.build.languages as parallel
from analysis.build import prefetch, preflight
from analysis.build.kernel import KERNEL_NAME, notebook_imports, start_warm_kernel
from analysis.build.publish import scratch_tempdir
from analysis.core import cache
from analysis.core.errors import BuildError
from analysis.core.paths import NOTEBOOKS_DIR, REPORT_NOTEBOOK
from analysis.core.progress import Progress
from analysis.present.charts import cache as chart_cache
from analysis.present.charts.figures import Chart, new_figure, render, styled
from analysis.present.i18n import Localizer
from analysis.render import exporting

DRAWN: list[str] = []


@styled
def bar_chart(frame: pd.DataFrame, loc: Localizer) -> Chart:
    """A tiny chart that counts its drawings in DRAWN."""
    DRAWN.append(loc.lang)
    fig, ax = new_figure(1.5)
    ax.bar(frame["x"], frame["y"])
    return render(fig, loc.gettext("Monthly cost"), "bars")


@pytest.fixture
def cache_on(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv(chart_cache.CHART_CACHE_ENV, "1")
    DRAWN.clear()
    return tmp_path / "cache"


def test_a_chart_is_drawn_once_per_content_and_language(cache_on):
    frame = pd.DataFrame({"x": ["a", "b"], "y": [1.0, 2.0]})
    first = bar_chart(frame, Localizer("en"))
    again = bar_chart(frame.copy(), Localizer("en"))
    assert again == first and DRAWN == ["en"]  # the same bytes, loaded
    german = bar_chart(frame, Localizer("de"))
    changed = bar_chart(frame.assign(y=[1.0, 3.0]), Localizer("en"))
    assert DRAWN == ["en", "de", "en"]  # another language is another key
    assert bar_chart(frame, Localizer("de")) == german and DRAWN == ["en", "de", "en"]
    assert changed.png != first.png
    assert len(list((cache_on / "charts").glob("*.pickle"))) == 3


def test_charts_are_drawn_afresh_outside_a_build(cache_on, monkeypatch):
    monkeypatch.delenv(chart_cache.CHART_CACHE_ENV)
    frame = pd.DataFrame({"x": ["a"], "y": [1.0]})
    assert bar_chart(frame, Localizer("en")) == bar_chart(frame, Localizer("en"))
    assert DRAWN == ["en", "en"] and not cache_on.exists()


def test_an_argument_that_cannot_be_pickled_makes_the_chart_uncached(cache_on):
    assert chart_cache.chart_key(bar_chart, (lambda: 1,), {}) is None
    assert chart_cache.chart_key(bar_chart, (1,), {"loc": Localizer("en")}) is not None


def test_the_translation_check_is_kept_in_the_cache(cache_on, monkeypatch):
    calls = []
    import analysis.present.messages as messages

    monkeypatch.setattr(messages, "language_problems", lambda lang, **_: calls.append(lang) or [])
    preflight.check_translations("de")
    preflight.check_translations("de")
    preflight.check_translations("es")
    assert calls == ["de", "es"]


def test_notebook_imports_cover_the_report_notebook():
    names = notebook_imports(REPORT_NOTEBOOK)
    assert "analysis.compute.precompute" in names and "analysis.present.show" in names and "analysis.present.i18n" in names


def test_the_warm_kernel_runs_a_notebook_with_a_clean_namespace(tmp_path):
    """The warm-up imports silently: the notebook's first cell is execution 1 and sees none of
    the warm-up's names; the kernel gets the extra environment."""
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": KERNEL_NAME, "language": "python",
                                                           "display_name": "Python 3"}})
    nb.cells = [nbformat.v4.new_code_cell("import os, sys\nprint(sorted(k for k in globals() if k in ('MODULES', 'importlib')),"
                                          " os.environ.get('WARM_TEST'), 'analysis.compute.precompute' in sys.modules)")]
    source, output = tmp_path / "in.ipynb", tmp_path / "out.ipynb"
    nbformat.write(nb, source)
    with scratch_tempdir():
        kernel = start_warm_kernel(REPORT_NOTEBOOK, NOTEBOOKS_DIR, {"WARM_TEST": "yes"})
        try:
            papermill.execute_notebook(str(source), str(output), kernel_name=KERNEL_NAME, progress_bar=False,
                                       km=kernel.manager())
        finally:
            kernel.shutdown()
    cell = nbformat.read(output, as_version=4).cells[0]
    assert cell.execution_count == 1
    assert cell.outputs[0]["text"].strip() == "[] yes True"
    assert kernel._km is None  # shut down


def small_document(title: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(metadata={"title": title, "language": "en", "date": "2026-11-12"})
    out = nbformat.v4.new_output("display_data", {"text/markdown": f"# {title}\n\nA price of USD 1.25.",
                                                  "text/plain": title})
    nb.cells = [nbformat.v4.new_code_cell("x", outputs=[out])]
    return nb


def test_documents_exported_side_by_side_equal_one_after_another(cache_on, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    documents = {"report": small_document("Report"), "appendix": small_document("Appendix")}
    lines: list[str] = []
    parallel_files = exporting.export_documents(documents, lang="en", formats=("html",), epoch=0, processes=2,
                                                log=lines.append)
    serial_files = exporting.export_documents(documents, lang="en", formats=("html",), epoch=0, processes=1,
                                              log=lambda _m: None)
    assert list(parallel_files) == ["report.html", "appendix.html"]
    assert parallel_files == serial_files
    assert b"Appendix" in parallel_files["appendix.html"]
    assert lines == ["[en] exported report (html)", "[en] exported appendix (html)"]


def test_an_export_is_loaded_from_the_cache_when_its_document_is_unchanged(cache_on, monkeypatch):
    doc = small_document("Report")
    first = exporting.export_document(doc, lang="en", formats=("html",), epoch=0)
    monkeypatch.setattr("analysis.render.html.export_html", lambda *_a, **_k: pytest.fail("exported again"))
    assert exporting.export_document(doc, lang="en", formats=("html",), epoch=0) == first
    changed = small_document("Report")
    changed.cells[0].outputs[0]["data"]["text/markdown"] += " More."
    with pytest.raises(pytest.fail.Exception):
        exporting.export_document(changed, lang="en", formats=("html",), epoch=0)


def test_progress_lines_count_seconds_and_steps():
    stream = io.StringIO()
    progress = Progress(4, "stage", bar=False, stream=stream, steps=("exported report", "published"),
                        start=time.perf_counter() - 10)
    progress.line("[en] exported report (html)")
    progress.line("[en] something else")
    progress.line("[en] published x")
    progress.close()
    lines = stream.getvalue().splitlines()
    assert len(lines) == 3 and all(line.startswith("[") and " s] [en] " in line for line in lines)
    assert progress.done == 2
    assert lines[0].startswith("[  10.")  # counted from ``start``, 10 s ago
    progress.line("[de] started elsewhere", at=time.time() - 5)  # an event another process stamped
    assert stream.getvalue().splitlines()[-1].startswith("[   5.")


def test_languages_in_parallel_report_every_failure_after_the_others(monkeypatch):
    """A language that fails does not stop the others; its error comes back with its language.
    (The worker processes are forked, so they see this test's stand-in for ``build``.)"""
    def fake_build(lang, parameters, *, log, **options):
        log(f"[{lang}] exported report (html)")
        if lang == "es":
            raise BuildError(f"[{lang}] the report notebook failed: KeyError")
        return build_module.BuildResult(lang)

    monkeypatch.setattr(parallel, "build", fake_build)
    monkeypatch.setattr(parallel, "check_shared", lambda parameters: None)
    lines: list[str] = []
    monkeypatch.setattr(parallel.Progress, "line", lambda self, message: lines.append(message))
    with pytest.raises(BuildError) as caught:
        parallel.build_languages(["en", "es", "de"], {}, jobs=2, bar=False, pdf=False)
    assert str(caught.value) == "[es] the report notebook failed: KeyError"
    assert sorted(line for line in lines if "exported" in line) == [
        "[de] exported report (html)", "[en] exported report (html)", "[es] exported report (html)"]


def test_default_jobs_is_every_language_up_to_two_per_core(monkeypatch):
    monkeypatch.setattr(parallel, "usable_cores", lambda: 2)
    assert [parallel.default_jobs(n) for n in (1, 2, 3, 4, 5)] == [1, 2, 3, 4, 4]


def test_the_prefetcher_takes_chart_statements_from_the_last_cell_to_the_first():
    def cell(source, tags=(), **metadata):
        return {"cell_type": "code", "source": source, "metadata": {"tags": list(tags), **metadata}}

    # the set-up cell is found by its tag, not by its place: here it follows a chart cell
    notebook = {"cells": [{"cell_type": "markdown", "source": "# t", "metadata": {}},
                          cell("lang = 'en'", ["parameters"]),
                          cell("markdown(a())\ncase = 1\nchart(one(case))"),
                          cell("from x import chart, markdown\ncharted = chart(zero())", ["both"], role="setup"),
                          cell("markdown(b())"),
                          cell(["markdown(c())\n", "for k in ks:\n", "    chart(two(k))"])]}
    parameters, setup, blocks = prefetch.chart_blocks(notebook)
    assert parameters == "lang = 'en'" and setup == "from x import chart, markdown\ncharted = chart(zero())"
    assert blocks == ["for k in ks:\n    chart(two(k))", "case = 1\nchart(one(case))"]
    with pytest.raises(ValueError, match="tagged 'parameters' and one with the metadata"):
        prefetch.chart_blocks({"cells": [cell("lang = 'en'", ["parameters"]), cell("chart(one())")]})
    report = prefetch.chart_blocks(json.loads(REPORT_NOTEBOOK.read_text(encoding="utf-8")))[2]
    assert len(report) >= 10 and all("markdown(" not in block for block in report)
    assert "headline_chart" in report[-1]  # the kernel's first chart is the prefetcher's last


def test_stopping_the_prefetcher_reports_its_error_once(tmp_path):
    failing = subprocess.Popen([sys.executable, "-c", "raise SystemExit('no such chart')"], stderr=subprocess.PIPE,
                               text=True)
    failing.wait()
    assert prefetch.stop(failing) == "no such chart"
    assert prefetch.stop(failing) is None
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], stderr=subprocess.PIPE, text=True)
    assert prefetch.stop(running) is None and running.returncode == -15
