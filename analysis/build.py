"""Build one report language: papermill -> sanitise -> nbconvert HTML + PDF -> atomic publish.

Before a kernel starts, :mod:`analysis.preflight` checks the parameters, the origin records and
the translations. Runs papermill and nbconvert in-process (no CLI start per step); the kernel
talks over IPC sockets in the build's private temporary folder and runs with strict
translations (a message without a translation fails the build instead of showing English).
The build holds the language's lock, writes into a staging folder beside ``<lang>/`` and swaps
it in atomically (:mod:`analysis.publish`) only when the notebook, the HTML and (where xelatex
exists) the PDF are all done; a failed build leaves the last good report in place and keeps its
executed notebook under ``.failed/<lang>/`` for debugging; SIGTERM/SIGINT remove what the build
made. Parameters other than the defaults build a variant under ``build/<variant>/``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import nbformat
import papermill
from jupyter_client.manager import AsyncKernelManager
from papermill.exceptions import PapermillExecutionError
from traitlets import default

from analysis.catalog import load_curated
from analysis.documents import DOCUMENTS, blog_post, split
from analysis.errors import BuildError
from analysis.exports import write_tables
from analysis.html import export_html
from analysis.i18n import STRICT_ENV, Localizer, check_language
from analysis.narrative import APPENDIX_TITLE, REPORT_TITLE
from analysis.paths import DATA_DIR, NOTEBOOKS_DIR, REPORTS_DIR, display_path
from analysis.preflight import (REPORT_NOTEBOOK, changed_parameters, check_origins, check_parameters,
                                check_translations, notebook_defaults, output_dir, variant_name)
from analysis.publish import (DEFAULT_LOCK_WAIT, cleanup_on_signals, language_lock, publish, remove_stale,
                              scratch_tempdir, socket_dir, write_atomic)

KERNEL_NAME = "python3"


class ReportKernelManager(AsyncKernelManager):
    """The report's kernel: IPC transport (local sockets, so ipykernel has no reason to warn
    about unencrypted TCP) with the connection file and sockets in the temporary folder, and
    the environment plus :attr:`extra_env`."""

    extra_env: dict[str, str] = {}

    @default("transport")
    def _default_transport(self) -> str:
        return "ipc"

    @default("connection_file")
    def _default_connection_file(self) -> str:
        return str(socket_dir() / f"k{uuid.uuid4().hex[:12]}.json")

    async def _async_pre_start_kernel(self, **kw: Any):
        env = dict(kw.pop("env", None) or os.environ)
        env.update(self.extra_env)
        return await super()._async_pre_start_kernel(env=env, **kw)


@dataclass
class BuildResult:
    lang: str
    outputs: list[Path] = field(default_factory=list)
    pdf_skipped: str | None = None
    variant: str | None = None  #: None for the default parameters


def source_date_epoch(snapshot_date: str) -> int:
    """``SOURCE_DATE_EPOCH`` if set, else the data snapshot date at 00:00 UTC (reproducible)."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    day = dt.date.fromisoformat(snapshot_date)
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp())


def execute_notebook(lang: str, parameters: dict[str, Any], output: Path, strict: bool = True) -> nbformat.NotebookNode:
    """Run the report notebook with papermill (``strict``: a message without a translation
    raises in the kernel); returns the executed notebook."""
    manager = type("ReportKernelManager", (ReportKernelManager,), {"extra_env": {STRICT_ENV: "1" if strict else "0"}})
    with scratch_tempdir():
        papermill.execute_notebook(
            str(REPORT_NOTEBOOK), str(output), parameters={"lang": lang, **parameters},
            kernel_name=KERNEL_NAME, progress_bar=False, log_output=False, cwd=str(NOTEBOOKS_DIR),
            kernel_manager_class=manager, shutdown_kernel="immediate",
        )
    return nbformat.read(output, as_version=4)


def sanitise(nb: nbformat.NotebookNode, *, title: str, lang: str, date_text: str) -> nbformat.NotebookNode:
    """Drop what changes from run to run or machine to machine (timestamps, durations, absolute
    paths, the Python version) and set the metadata the exporters read (title, language, date)."""
    for position, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{position:02d}"  # papermill gives its injected cell a random id
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


def export_pdf(nb: nbformat.NotebookNode, epoch: int) -> bytes:
    """PDF through nbconvert's LaTeX route (xelatex, our template), without code cells; the title,
    language and date come from ``nb.metadata`` (see :mod:`analysis.typeset`)."""
    from analysis.typeset import render_pdf

    return render_pdf(nb, epoch).pdf


def machine_readable(parameters: dict[str, Any]) -> tuple[str, dict, str]:
    """Compute the report's tables once for its parameters (the same functions the notebook calls):
    ``(router config JSON text, {name: export table}, README text of the tables)``; the router
    config is validated against the documented key set, every exported column must be documented."""
    from analysis.decision import prepare_decision
    from analysis.exports import readme, report_tables, undocumented
    from analysis.report import prepare
    from analysis.router import router_json, validate_router_config

    workload_keys = ("monthly_input_tokens", "monthly_output_tokens", "monthly_cached_input_tokens",
                     "monthly_requests", "models", "catalog", "data_dir")
    defaults = notebook_defaults()
    values = {name: parameters.get(name, defaults[name]) for name in (*workload_keys, "weights", "blend_ratio", "seed")}
    values["data_dir"] = values["data_dir"] or DATA_DIR
    data = prepare(**{k: values[k] for k in workload_keys})
    blend = None if values["blend_ratio"] is None else tuple(values["blend_ratio"])
    decision = prepare_decision(data, data.workload, weights=values["weights"], blend=blend, seed=values["seed"])
    problems = validate_router_config(decision.router_config)
    if problems:
        raise BuildError("router config fails validation: " + "; ".join(problems))
    tables = report_tables(data, decision)
    missing_docs = undocumented(tables)
    if missing_docs:
        raise BuildError("exported columns without a description in analysis.exports.COLUMN_DOCS: " + ", ".join(missing_docs))
    shown = {k: (str(v) if k == "data_dir" else v) for k, v in parameters.items()}
    return router_json(decision.router_config), tables, readme(tables, snapshot_date=data.snapshot_date, parameters=shown)


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
) -> BuildResult:
    """Build ``<lang>/report.{ipynb,html,pdf}`` and ``router-config.json`` beside it, in
    ``reports_dir`` if given, else in ``reports/`` for the default parameters (or with
    ``publish_variant``) and ``build/<variant>/`` for others. Raise BuildError, leaving the
    previous report untouched, on any failure; BuildInterrupted on SIGTERM/SIGINT/SIGHUP,
    after removing the staging folder and the temporary files. ``wait``: seconds to wait for
    another build of the same language."""
    check_language(lang)
    parameters = dict(parameters or {})
    data_dir = Path(parameters.get("data_dir") or DATA_DIR)
    curated = load_curated(data_dir)  # fail fast, with file/row/column, before starting a kernel
    check_parameters(parameters, curated)
    check_origins(curated.origins, data_dir, parameters.get("catalog", "curated"))
    check_translations(lang, data_dir)
    root = output_dir(parameters, reports_dir, publish_variant, REPORTS_DIR)
    result = BuildResult(lang, variant=variant_name(parameters))
    if result.variant and not publish_variant and reports_dir is None:
        log(f"[{lang}] parameters differ from the defaults ({', '.join(changed_parameters(parameters))}): "
            f"building the variant {display_path(root)}/ (--publish would replace the published report)")
    loc = Localizer(lang, strict=True)
    title = loc.gettext(REPORT_TITLE)
    date_text = loc.gettext("Data as of {date}").format(date=loc.date(curated.snapshot_date))
    root.mkdir(parents=True, exist_ok=True)
    with cleanup_on_signals(), scratch_tempdir(), language_lock(root, lang, wait, log):
        remove_stale(root, lang)
        if result.variant:
            write_atomic(root / "parameters.json",
                         json.dumps(changed_parameters(parameters), indent=2, sort_keys=True, ensure_ascii=False) + "\n")
        _build_locked(lang, parameters, root, pdf, log, result, curated.snapshot_date, title, date_text)
    result.outputs = sorted((root / lang).iterdir())
    log(f"[{lang}] published {', '.join(display_path(p) for p in result.outputs)}")
    return result


def _build_locked(lang: str, parameters: dict[str, Any], root: Path, pdf: bool, log: Callable[[str], None],
                  result: BuildResult, snapshot_date: str, title: str, date_text: str) -> None:
    """The build proper, holding the language's lock: stage, export, swap in."""
    staging = Path(tempfile.mkdtemp(prefix=f".build-{lang}-", dir=root))
    try:
        log(f"[{lang}] executing notebooks/report.ipynb")
        try:
            nb = execute_notebook(lang, parameters, staging / "report.ipynb")
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
            log(f"[{lang}] exporting {name}.html")
            (staging / f"{name}.html").write_text(export_html(doc, lang), encoding="utf-8")
            if can_pdf:
                log(f"[{lang}] exporting {name}.pdf (xelatex)")
                (staging / f"{name}.pdf").write_bytes(export_pdf(doc, source_date_epoch(snapshot_date)))
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
        log(f"[{lang}] computing router-config.json and the data tables")
        config, tables, tables_readme = machine_readable(parameters)
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
