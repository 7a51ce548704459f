"""The report's language-independent analysis, computed once and shared through the cache.

Every language of a build, every variant of a batch with the same workload and model set, the
machine-readable outputs (router config, data tables) and the notebook's kernel all ask
:func:`report_inputs` for the same tables: the first to ask computes them (``report.prepare``,
``decision.prepare_decision``, ``report.audit_reports``, the router config and the export
tables) and stores them under a content hash of the inputs (data files, public catalogues,
parameters, code and library versions; see :mod:`analysis.core.cache`); the others load them.
The cache stores what these pure functions return, so a loaded result is the computed one.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.compute.decision import DecisionData, prepare_decision
from analysis.compute.report import ReportData, audit_reports, prepare
from analysis.compute.trends import PriceTrends, at_priced_providers, price_trends
from analysis.core import cache
from analysis.core.paths import DATA_DIR, display_path, external_dir
from analysis.inputs.history_table import (EDITION_FILE, HISTORY_FILE, listing_history, load_edition_changes,
                                           load_price_history)
from analysis.inputs.parameters import ReportParameters

NAMESPACE = "report-inputs"


@dataclass(frozen=True)
class ReportInputs:
    """What every language of one report shows: the priced workload, the decision tables, the
    claim audit, the router config (JSON text) and the export tables (money in USD per month,
    prices in USD per 1M tokens)."""

    data: ReportData
    decision: DecisionData
    audit: pd.DataFrame
    router_json: str
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    trends: PriceTrends | None = None  #: prices over time (None without data/price_history.csv)
    edition: pd.DataFrame | None = None  #: changes since the last edition (None without data/edition_changes.csv)
    key: str = ""  #: the content hash these tables were stored under ("" when computed without the cache)


def compute_inputs(parameters: ReportParameters) -> ReportInputs:
    """Compute the report's tables from the data (no cache); ``parameters.lang`` plays no part."""
    from analysis.compute.exports import report_tables
    from analysis.compute.router import router_json

    p = parameters
    folder = p.data_folder or DATA_DIR
    data = prepare(monthly_input_tokens=p.monthly_input_tokens, monthly_output_tokens=p.monthly_output_tokens,
                   monthly_cached_input_tokens=p.monthly_cached_input_tokens,
                   monthly_requests=p.monthly_requests, models=p.models, catalog=p.catalog, data_dir=folder,
                   offpeak_share=p.offpeak_share)
    blend = None if p.blend_ratio is None else tuple(p.blend_ratio)
    decision = prepare_decision(data, data.workload, use_cases=data.curated.use_cases,
                                gpu_hosting=data.curated.gpu_hosting, weights=p.weights, blend=blend, seed=p.seed)
    audit = audit_reports(data.curated, p.audit_claims_files, data_dir=folder)
    return ReportInputs(data=data, decision=decision, audit=audit, router_json=router_json(decision.router_config),
                        tables=report_tables(data, decision), trends=report_trends(data, decision, folder),
                        edition=load_edition_changes(Path(folder) / EDITION_FILE.name))


def report_trends(data: ReportData, decision: DecisionData, folder: Path) -> PriceTrends | None:
    """Prices over time for the selected models, from ``folder``'s price_history.csv (None when the
    folder has none): LiteLLM's monthly listings of each model at the provider the report prices it
    at, today's use-case scores, the report's blend and the workload's tokens."""
    path = Path(folder) / HISTORY_FILE.name
    if not path.is_file():
        return None
    history = at_priced_providers(listing_history(load_price_history(path)), data.priced)
    tokens = data.workload.input_tokens + data.workload.output_tokens
    return price_trends(history, decision.scores, list(decision.models["model_id"]), data.snapshot_date,
                        decision.blend, tokens)


def _canonical(values: dict[str, Any]) -> dict[str, Any]:
    """Parameters as JSON-stable values (tuples as lists, whole floats of token counts as ints)."""
    out = {}
    for name, value in values.items():
        if isinstance(value, tuple):
            value = list(value)
        if name == "blend_ratio" and value is not None:
            value = [float(v) for v in value]
        if name == "audit_claims_files" and isinstance(value, str):
            value = [value]
        out[name] = value
    return out


def inputs_key(parameters: ReportParameters) -> str:
    """Content hash of everything :func:`compute_inputs` reads for ``parameters``: the data
    folder (and the project's ``data/``), the public catalogues, the analysis parameters (not the
    language) and the code."""
    values = parameters.analysis_values()
    folder = Path(values.pop("data_dir") or DATA_DIR)
    return cache.key_of(NAMESPACE, _canonical(values), display_path(folder), cache.digest_files([folder], folder),
                        cache.digest_files([DATA_DIR], DATA_DIR), cache.digest_files([external_dir()], external_dir()),
                        cache.code_version())


def report_inputs(parameters: ReportParameters) -> ReportInputs:
    """:func:`compute_inputs`, through the content-hashed cache."""
    key = inputs_key(parameters)
    return cache.cached(NAMESPACE, key, lambda: replace(compute_inputs(parameters), key=key))
