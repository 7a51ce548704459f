"""Build one report language: papermill -> sanitise -> nbconvert HTML + PDF -> atomic publish.

Before a kernel starts, :mod:`analysis.build.preflight` checks the parameters, the origin records and
the translations. Runs papermill and nbconvert in-process (no CLI start per step); the kernel
talks over IPC sockets in the build's private temporary folder and runs with strict
translations (a message without a translation fails the build instead of showing English).
The build holds the language's lock, writes into a staging folder beside ``<lang>/`` and swaps
it in atomically (:mod:`analysis.build.publish`) only when the notebook, the HTML and (where xelatex
exists) the PDF are all done; a failed build leaves the last good report in place and keeps its
executed notebook under ``.failed/<lang>/`` for debugging; SIGTERM/SIGINT remove what the build
made. Parameters other than the defaults build a variant under ``build/<variant>/``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import nbformat
import papermill
from papermill.exceptions import PapermillExecutionError

from analysis.build import prefetch
from analysis.build.kernel import KERNEL_NAME, WarmKernel, kernel_env, manager_class, start_warm_kernel
from analysis.build.preflight import (changed_parameters, check_origins, check_parameters, check_translations,
                                      output_dir, variant_name)
from analysis.build.publish import (DEFAULT_LOCK_WAIT, cleanup_on_signals, language_lock, publish, remove_stale,
                                    scratch_tempdir, write_atomic)
from analysis.compute.exports import write_tables
from analysis.compute.precompute import ReportInputs, report_inputs
from analysis.core.cache import cache_dir
from analysis.core.envvars import EXPORT_PROCESSES_ENV, usable_cores
from analysis.core.errors import BuildError
from analysis.core.paths import DATA_DIR, NOTEBOOKS_DIR, REPORT_NOTEBOOK, REPORTS_DIR, display_path
from analysis.inputs.catalog import load_curated
from analysis.inputs.parameters import ReportParameters
from analysis.present.i18n import Localizer, check_language
from analysis.present.narrative.sections import APPENDIX_TITLE, REPORT_TITLE
from analysis.render.documents import DOCUMENTS, blog_post, split
from analysis.render.exporting import export_documents
from analysis.render.html import export_html  # noqa: F401  (re-exported: tests and notebooks call build.export_html)


@dataclass
class BuildResult:
    lang: str
    outputs: list[Path] = field(default_factory=list)
    pdf_skipped: str | None = None
    variant: str | None = None  #: None for the default parameters


#: what one language's progress lines say at each stage, in order (the progress bar counts them)
STAGES = ("computing the shared analysis", "executing notebooks/report.ipynb",
          *(f"exported {name}" for name in DOCUMENTS), "writing router-config.json", "published")


def export_processes() -> int:
    """Processes for the documents' exports: ``$LLM_COST_EXPORT_PROCESSES``, else the usable cores."""
    value = os.environ.get(EXPORT_PROCESSES_ENV, "").strip()
    if value:
        return max(1, int(value))
    return usable_cores()


def source_date_epoch(snapshot_date: str) -> int:
    """``SOURCE_DATE_EPOCH`` if set, else the data snapshot date at 00:00 UTC (reproducible)."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    day = dt.date.fromisoformat(snapshot_date)
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp())


def execute_notebook(lang: str, parameters: dict[str, Any], output: Path, strict: bool = True,
                     kernel: WarmKernel | None = None) -> nbformat.NotebookNode:
    """Run the report notebook with papermill; returns the executed notebook. ``kernel``: a
    started :class:`~analysis.build.kernel.WarmKernel` to run on (else a fresh kernel, ``strict``)."""
    with scratch_tempdir():
        nb = papermill.execute_notebook(
            str(REPORT_NOTEBOOK), str(output), parameters={"lang": lang, **parameters},
            kernel_name=KERNEL_NAME, progress_bar=False, log_output=False, cwd=str(NOTEBOOKS_DIR),
            # write the executed notebook once at the end (or on error), not twice per cell: the
            # report's outputs are megabytes of PNGs, and each save serialises and validates them all
            request_save_on_cell_execute=False,
            **({"km": kernel.manager()} if kernel is not None else
               {"kernel_manager_class": manager_class(kernel_env(strict)), "shutdown_kernel": "immediate"}),
        )
    return nb  # the notebook papermill wrote to ``output``


def sanitise(nb: nbformat.NotebookNode, *, title: str, lang: str, date_text: str) -> nbformat.NotebookNode:
    """Drop what changes from run to run or machine to machine (timestamps, durations, absolute
    paths, the Python version) and set the documents' metadata: title and date (which the exporters
    print), language (for readers of the .ipynb; the exporters are given ``lang`` explicitly)."""
    counts = {"code": 0, "text": 0}
    for cell in nb.cells:
        # papermill gives its injected cell a random id: number the cells instead, code and text
        # cells apart (cell-01..., text-01...), so a heading added between code cells does not
        # renumber the code cells the HTML anchors
        kind = "code" if cell.cell_type == "code" else "text"
        counts[kind] += 1
        cell["id"] = f"{'cell' if kind == 'code' else 'text'}-{counts[kind]:02d}"
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    nb.metadata.get("language_info", {}).pop("version", None)  # the build machine's Python, e.g. 3.11.7
    papermill_meta = nb.metadata.get("papermill", {})
    nb.metadata["papermill"] = {"parameters": papermill_meta.get("parameters", {})}
    nb.metadata["title"] = title
    nb.metadata["language"] = lang
    nb.metadata["date"] = date_text
    nb.metadata["authors"] = [{"name": "llm-cost-report"}]
    return nb


def export_pdf(nb: nbformat.NotebookNode, *, lang: str, epoch: int) -> bytes:
    """PDF in ``lang`` through nbconvert's LaTeX route (xelatex, our template), without code cells;
    the title and date come from ``nb.metadata`` (see :mod:`analysis.render.typeset`)."""
    from analysis.render.typeset import render_pdf

    return render_pdf(nb, lang=lang, epoch=epoch).pdf


def machine_readable(parameters: dict[str, Any], inputs: ReportInputs | None = None) -> tuple[str, dict, str]:
    """The report's machine-readable outputs for its parameters, from the shared analysis (the
    tables the notebook shows; ``inputs`` if given, else :func:`~analysis.compute.precompute.report_inputs`):
    ``(router config JSON text, {name: export table}, README text of the tables)``; the router
    config is validated against the documented key set, every exported column must be documented."""
    from analysis.compute.exports import readme, undocumented
    from analysis.compute.router import validate_router_config

    inputs = inputs or report_inputs(ReportParameters.from_overrides(parameters))
    problems = validate_router_config(inputs.decision.router_config)
    if problems:
        raise BuildError("router config fails validation: " + "; ".join(problems))
    missing_docs = undocumented(inputs.tables)
    if missing_docs:
        raise BuildError("exported columns without a description in analysis.compute.exports.COLUMN_DOCS: " + ", ".join(missing_docs))
    shown = {k: (str(v) if k == "data_dir" else v) for k, v in parameters.items()}
    return (inputs.router_json, inputs.tables,
            readme(inputs.tables, snapshot_date=inputs.data.snapshot_date, parameters=shown))


def router_config_text(parameters: dict[str, Any]) -> str:
    """The claude-code-router config for the report's parameters, as JSON text."""
    return machine_readable(parameters)[0]


def write_router_config(parameters: dict[str, Any], target: Path) -> None:
    """Compute the router config (:func:`router_config_text`) and write it atomically."""
    write_atomic(target, router_config_text(parameters))


def _keep_failed(staging: Path, reports_dir: Path, lang: str) -> Path:
    failed_dir = reports_dir / ".failed" / lang
    if failed_dir.exists():
        shutil.rmtree(failed_dir)
    failed_dir.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staging, failed_dir)
    return failed_dir / "report.ipynb"


def build(
    lang: str,
    parameters: dict[str, Any] | None = None,
    *,
    reports_dir: Path | None = None,
    publish_variant: bool = False,
    pdf: bool = True,
    log: Callable[[str], None] = print,
    wait: float = DEFAULT_LOCK_WAIT,
    kernel: WarmKernel | None = None,
) -> BuildResult:
    """Build ``<lang>/report.{ipynb,html,pdf}`` and ``router-config.json`` beside it, in
    ``reports_dir`` if given, else in ``reports/`` for the default parameters (or with
    ``publish_variant``) and ``build/<variant>/`` for others. Raise BuildError, leaving the
    previous report untouched, on any failure; BuildInterrupted on SIGTERM/SIGINT/SIGHUP,
    after removing the staging folder and the temporary files. ``wait``: seconds to wait for
    another build of the same language. ``kernel``: a :class:`~analysis.build.kernel.WarmKernel` already
    starting (the command line starts it before its own imports); the build shuts it down."""
    check_language(lang)
    parameters = dict(parameters or {})
    data_dir = Path(parameters.get("data_dir") or DATA_DIR)
    curated = load_curated(data_dir)  # fail fast, with file/row/column, before starting a kernel
    check_parameters(parameters, curated)
    check_origins(curated.origins, data_dir, parameters.get("catalog", "curated"))
    root = output_dir(parameters, reports_dir, publish_variant, REPORTS_DIR)
    result = BuildResult(lang, variant=variant_name(parameters))
    with cleanup_on_signals(), scratch_tempdir():
        # the kernel starts and imports what the notebook imports while this process checks the
        # translations and computes (or loads from the content-hashed cache) the shared analysis;
        # nothing runs on it before every check has passed
        kernel = kernel or start_warm_kernel(REPORT_NOTEBOOK, NOTEBOOKS_DIR)
        helper = (prefetch.start(REPORT_NOTEBOOK, {"lang": lang, **parameters}, NOTEBOOKS_DIR,
                                 {**os.environ, **kernel_env()})
                  if export_processes() > 1 and cache_dir() is not None else None)
        try:
            check_translations(lang, data_dir)
            if result.variant and not publish_variant and reports_dir is None:
                log(f"[{lang}] parameters differ from the defaults ({', '.join(changed_parameters(parameters))}): "
                    f"building the variant {display_path(root)}/ (--publish would replace the published report)")
            loc = Localizer(lang, strict=True)
            title = loc.gettext(REPORT_TITLE)
            date_text = loc.gettext("Data as of {date}").format(date=loc.date(curated.snapshot_date))
            log(f"[{lang}] computing the shared analysis (or loading it from the cache)")
            inputs = report_inputs(ReportParameters.from_overrides(parameters))
            root.mkdir(parents=True, exist_ok=True)
            with language_lock(root, lang, wait, log):
                remove_stale(root, lang)
                if result.variant:
                    write_atomic(root / "parameters.json", json.dumps(changed_parameters(parameters), indent=2,
                                                                      sort_keys=True, ensure_ascii=False) + "\n")
                _build_locked(lang, parameters, root, pdf, log, result, curated.snapshot_date, title, date_text,
                              kernel, inputs, helper)
        finally:
            kernel.shutdown()
            if helper is not None:
                prefetch.stop(helper)
    result.outputs = sorted((root / lang).iterdir())
    log(f"[{lang}] published {', '.join(display_path(p) for p in result.outputs)}")
    return result


def _build_locked(lang: str, parameters: dict[str, Any], root: Path, pdf: bool, log: Callable[[str], None],
                  result: BuildResult, snapshot_date: str, title: str, date_text: str, kernel: WarmKernel,
                  inputs: ReportInputs, helper: subprocess.Popen | None = None) -> None:
    """The build proper, holding the language's lock: stage, export, swap in."""
    staging = Path(tempfile.mkdtemp(prefix=f".build-{lang}-", dir=root))
    try:
        log(f"[{lang}] executing notebooks/report.ipynb")
        try:
            nb = execute_notebook(lang, parameters, staging / "report.ipynb", kernel=kernel)
            stopped_at = prefetch.stop(helper) if helper is not None else None
            if stopped_at:
                log(f"[{lang}] note: the chart prefetcher stopped early ({stopped_at}); the kernel drew the rest")
        except PapermillExecutionError as exc:
            kept = _keep_failed(staging, root, lang)
            raise BuildError(f"[{lang}] the report notebook failed: {exc.ename}: {exc.evalue}\n"
                             f"  executed notebook kept for debugging: {display_path(kept)}\n"
                             f"  the last good report in {display_path(root / lang)} is unchanged") from exc
        nb = sanitise(nb, title=title, lang=lang, date_text=date_text)
        documents = split(nb, {"report": title, "appendix": Localizer(lang).gettext(APPENDIX_TITLE)})
        can_pdf = bool(pdf and shutil.which("xelatex") and shutil.which("pandoc"))
        for name, doc in documents.items():
            nbformat.write(doc, staging / f"{name}.ipynb")
        formats = ("html", "pdf") if can_pdf else ("html",)
        log(f"[{lang}] exporting {' and '.join(documents)} to {', '.join(formats)}")
        exported = export_documents(documents, lang=lang, formats=formats, epoch=source_date_epoch(snapshot_date),
                                    processes=export_processes(), log=log)
        for file_name, content in exported.items():
            (staging / file_name).write_bytes(content)
        post, images = blog_post(documents["report"], lang=lang, title=title, date=snapshot_date)
        (staging / "report.md").write_text(post, encoding="utf-8")
        for image_name, png in images.items():
            (staging / image_name).write_bytes(png)
        if not can_pdf:
            result.pdf_skipped = ("disabled by --no-pdf" if not pdf else
                                  "xelatex or pandoc not found; install texlive-xetex texlive-fonts-recommended texlive-lang-german "
                                  "texlive-lang-spanish texlive-plain-generic fonts-texgyre pandoc (see README)")
            kept = []
            for name in DOCUMENTS:
                old_pdf = root / lang / f"{name}.pdf"
                if old_pdf.exists():
                    shutil.copy2(old_pdf, staging / f"{name}.pdf")
                    kept.append(old_pdf.name)
            if kept:
                result.pdf_skipped += f"; the previous {', '.join(kept)} kept and now OUT OF DATE"
            log(f"[{lang}] PDF SKIPPED: {result.pdf_skipped}")
        log(f"[{lang}] writing router-config.json and the data tables")
        config, tables, tables_readme = machine_readable(parameters, inputs)
        publish(staging, root / lang)
        write_atomic(root / "router-config.json", config)
        write_tables(tables, root / "data", tables_readme)
    except BuildError:
        raise
    except Exception as exc:
        kept = _keep_failed(staging, root, lang) if staging.exists() else None
        where = f"\n  partial output kept for debugging: {display_path(kept)}" if kept else ""
        raise BuildError(f"[{lang}] export failed: {type(exc).__name__}: {exc}{where}\n"
                         f"  the last good report in {display_path(root / lang)} is unchanged") from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
