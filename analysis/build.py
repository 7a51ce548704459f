"""Build one report language: papermill -> sanitise -> nbconvert HTML + PDF -> atomic publish.

Runs papermill and nbconvert in-process (no CLI start per step). The build writes into a
staging folder beside ``reports/<lang>/`` and swaps it in only when the notebook, the HTML and
(where xelatex exists) the PDF are all done; a failed build leaves the last good report in
place and keeps its executed notebook under ``reports/.failed/<lang>/`` for debugging.
"""

from __future__ import annotations

import ast
import datetime as dt
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import nbformat
import papermill
from papermill.exceptions import PapermillExecutionError

from analysis.catalog import load_curated
from analysis.errors import BuildError, ParameterError
from analysis.i18n import Localizer, check_language
from analysis.narrative import REPORT_TITLE
from analysis.paths import DATA_DIR, NOTEBOOKS_DIR, REPORTS_DIR, display_path
from analysis.decision import DEFAULT_SEED, check_decision_parameters
from analysis.market import CATALOGS
from analysis.report import check_claims_files, select_models

REPORT_NOTEBOOK = NOTEBOOKS_DIR / "report.ipynb"
KERNEL_NAME = "python3"


@dataclass
class BuildResult:
    lang: str
    outputs: list[Path] = field(default_factory=list)
    pdf_skipped: str | None = None


def source_date_epoch(snapshot_date: str) -> int:
    """``SOURCE_DATE_EPOCH`` if set, else the data snapshot date at 00:00 UTC (reproducible)."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    day = dt.date.fromisoformat(snapshot_date)
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp())


def check_parameters(parameters: dict[str, Any], curated) -> None:
    """Refuse parameter names the notebook does not declare and unknown model ids, before a
    kernel starts (papermill itself would inject an unknown name silently)."""
    declared = papermill.inspect_notebook(str(REPORT_NOTEBOOK))
    unknown = sorted(set(parameters) - set(declared))
    if "lang" in parameters:
        raise ParameterError("give the language with --lang, not as a parameter")
    if unknown:
        raise ParameterError(f"unknown parameter(s) {', '.join(unknown)}; the report notebook declares: "
                             f"{', '.join(sorted(declared))}")
    if parameters.get("catalog", "curated") not in ("curated", *CATALOGS):
        raise ParameterError(f"unknown catalog {parameters['catalog']!r}; use one of: curated, {', '.join(CATALOGS)}")
    if parameters.get("models") is not None and parameters.get("catalog", "curated") == "curated":
        select_models(curated.models, parameters["models"])
    if "audit_claims_files" in parameters:
        check_claims_files(parameters["audit_claims_files"], parameters.get("data_dir") or DATA_DIR)
    check_decision_parameters(parameters.get("weights"), parameters.get("blend_ratio", (3.0, 1.0)),
                              parameters.get("seed", DEFAULT_SEED))


def execute_notebook(lang: str, parameters: dict[str, Any], output: Path) -> nbformat.NotebookNode:
    """Run the report notebook with papermill; returns the executed notebook."""
    papermill.execute_notebook(
        str(REPORT_NOTEBOOK), str(output), parameters={"lang": lang, **parameters},
        kernel_name=KERNEL_NAME, progress_bar=False, log_output=False, cwd=str(NOTEBOOKS_DIR),
    )
    return nbformat.read(output, as_version=4)


def sanitise(nb: nbformat.NotebookNode, *, title: str, lang: str, date_text: str) -> nbformat.NotebookNode:
    """Drop what changes from run to run (timestamps, durations, absolute paths) and set the
    metadata the exporters read (title, language, date)."""
    for position, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{position:02d}"  # papermill gives its injected cell a random id
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    papermill_meta = nb.metadata.get("papermill", {})
    nb.metadata["papermill"] = {"parameters": papermill_meta.get("parameters", {})}
    nb.metadata["title"] = title
    nb.metadata["language"] = lang
    nb.metadata["date"] = date_text
    nb.metadata["authors"] = [{"name": "llm-cost-report"}]
    return nb


def export_html(nb: nbformat.NotebookNode, lang: str) -> str:
    """HTML without code cells, declaring its language."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", language_code=lang, exclude_input=True, exclude_markdown=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    body, _resources = exporter.from_notebook_node(nb)
    return body


def export_pdf(nb: nbformat.NotebookNode, epoch: int) -> bytes:
    """PDF through nbconvert's LaTeX route (xelatex, our template), without code cells; the title,
    language and date come from ``nb.metadata`` (see :mod:`analysis.typeset`)."""
    from analysis.typeset import render_pdf

    return render_pdf(nb, epoch).pdf


def write_router_config(parameters: dict[str, Any], target: Path) -> None:
    """Compute the claude-code-router config for the report's parameters (the same functions the
    notebook calls), validate it against the documented key set and write it atomically."""
    from analysis.decision import prepare_decision
    from analysis.report import prepare
    from analysis.router import router_json, validate_router_config

    workload_keys = ("monthly_input_tokens", "monthly_output_tokens", "monthly_cached_input_tokens",
                     "monthly_requests", "models", "catalog", "data_dir")
    declared = papermill.inspect_notebook(str(REPORT_NOTEBOOK))
    values = {name: (parameters[name] if name in parameters else ast.literal_eval(declared[name]["default"]))
              for name in (*workload_keys, "weights", "blend_ratio", "seed")}
    values["data_dir"] = values["data_dir"] or DATA_DIR
    data = prepare(**{k: values[k] for k in workload_keys})
    decision = prepare_decision(data, data.workload, weights=values["weights"], blend=tuple(values["blend_ratio"]),
                                seed=values["seed"])
    problems = validate_router_config(decision.router_config)
    if problems:
        raise BuildError("router config fails validation: " + "; ".join(problems))
    partial = target.with_name(f".{target.name}.partial")
    partial.write_text(router_json(decision.router_config), encoding="utf-8")
    os.replace(partial, target)


def publish(staging: Path, target: Path) -> None:
    """Swap ``staging`` in as ``target``; the old folder is removed only after the swap."""
    backup = target.with_name(f".old-{target.name}")
    if backup.exists():
        shutil.rmtree(backup)
    if target.exists():
        os.replace(target, backup)
    os.replace(staging, target)
    if backup.exists():
        shutil.rmtree(backup)


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
    reports_dir: Path = REPORTS_DIR,
    pdf: bool = True,
    log: Callable[[str], None] = print,
) -> BuildResult:
    """Build ``reports_dir/<lang>/report.{ipynb,html,pdf}``; raise BuildError, leaving the
    previous report untouched, on any failure."""
    check_language(lang)
    parameters = dict(parameters or {})
    data_dir = Path(parameters.get("data_dir", DATA_DIR))
    curated = load_curated(data_dir)  # fail fast, with file/row/column, before starting a kernel
    check_parameters(parameters, curated)
    loc = Localizer(lang)
    title = loc.gettext(REPORT_TITLE)
    date_text = loc.gettext("Data as of {date}").format(date=loc.date(curated.snapshot_date))
    reports_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".build-{lang}-", dir=reports_dir))
    result = BuildResult(lang)
    try:
        log(f"[{lang}] executing notebooks/report.ipynb")
        try:
            nb = execute_notebook(lang, parameters, staging / "report.ipynb")
        except PapermillExecutionError as exc:
            kept = _keep_failed(staging, reports_dir, lang)
            raise BuildError(f"[{lang}] the report notebook failed: {exc.ename}: {exc.evalue}\n"
                             f"  executed notebook kept for debugging: {display_path(kept)}\n"
                             f"  the last good report in {display_path(reports_dir / lang)} is unchanged") from exc
        nb = sanitise(nb, title=title, lang=lang, date_text=date_text)
        nbformat.write(nb, staging / "report.ipynb")
        log(f"[{lang}] exporting HTML")
        (staging / "report.html").write_text(export_html(nb, lang), encoding="utf-8")
        if pdf and shutil.which("xelatex") and shutil.which("pandoc"):
            log(f"[{lang}] exporting PDF (xelatex)")
            (staging / "report.pdf").write_bytes(export_pdf(nb, source_date_epoch(curated.snapshot_date)))
        else:
            result.pdf_skipped = ("disabled by --no-pdf" if not pdf else
                                  "xelatex or pandoc not found; install texlive-xetex texlive-fonts-recommended "
                                  "texlive-plain-generic pandoc (see README)")
            old_pdf = reports_dir / lang / "report.pdf"
            if old_pdf.exists():
                shutil.copy2(old_pdf, staging / "report.pdf")
                result.pdf_skipped += "; the previous report.pdf was kept and is now OUT OF DATE"
            log(f"[{lang}] PDF SKIPPED: {result.pdf_skipped}")
        log(f"[{lang}] writing router-config.json")
        write_router_config(parameters, staging / "router-config.json")
        publish(staging, reports_dir / lang)
        os.replace(reports_dir / lang / "router-config.json", reports_dir / "router-config.json")
    except BuildError:
        raise
    except Exception as exc:
        kept = _keep_failed(staging, reports_dir, lang) if staging.exists() else None
        where = f"\n  partial output kept for debugging: {display_path(kept)}" if kept else ""
        raise BuildError(f"[{lang}] export failed: {type(exc).__name__}: {exc}{where}\n"
                         f"  the last good report in {display_path(reports_dir / lang)} is unchanged") from exc
    except BaseException:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
        raise
    result.outputs = sorted((reports_dir / lang).iterdir())
    log(f"[{lang}] published {', '.join(display_path(p) for p in result.outputs)}")
    return result
