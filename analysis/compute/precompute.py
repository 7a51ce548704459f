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

from analysis.core import cache
from analysis.compute.decision import DEFAULT_SEED, DecisionData, prepare_decision
from analysis.core.paths import DATA_DIR, display_path, external_dir
from analysis.compute.report import SEED_CLAIMS, ReportData, audit_reports, prepare

#: the notebook parameters the analysis depends on (``lang`` is not one of them), with the
#: notebook's defaults (tests/test_cache.py checks they match the notebook's parameters cell)
DEFAULTS: dict[str, Any] = {
    "monthly_input_tokens": 10_000_000, "monthly_output_tokens": 5_000_000, "monthly_cached_input_tokens": 0,
    "monthly_requests": None, "catalog": "curated", "audit_claims_files": list(SEED_CLAIMS), "weights": None,
    "blend_ratio": None, "seed": DEFAULT_SEED, "models": None, "data_dir": None,
}
ANALYSIS_PARAMETERS = tuple(DEFAULTS)
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
    key: str = ""  #: the content hash these tables were stored under ("" when computed without the cache)


def _values(parameters: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(parameters) - set(ANALYSIS_PARAMETERS))
    if unknown:
        raise TypeError(f"unexpected analysis parameter(s): {', '.join(unknown)}")
    return {**DEFAULTS, **parameters}


def compute_inputs(**parameters: Any) -> ReportInputs:
    """Compute the report's tables from the data (no cache); ``parameters``: the notebook's
    analysis parameters (:data:`ANALYSIS_PARAMETERS`, missing ones take the defaults)."""
    from analysis.compute.exports import report_tables
    from analysis.compute.router import router_json

    v = _values(parameters)
    folder = Path(v["data_dir"] or DATA_DIR)
    data = prepare(monthly_input_tokens=v["monthly_input_tokens"], monthly_output_tokens=v["monthly_output_tokens"],
                   monthly_cached_input_tokens=v["monthly_cached_input_tokens"],
                   monthly_requests=v["monthly_requests"], models=v["models"], catalog=v["catalog"], data_dir=folder)
    blend = None if v["blend_ratio"] is None else tuple(v["blend_ratio"])
    decision = prepare_decision(data, data.workload, use_cases=data.curated.use_cases,
                                gpu_hosting=data.curated.gpu_hosting, weights=v["weights"], blend=blend, seed=v["seed"])
    audit = audit_reports(data.curated, v["audit_claims_files"], data_dir=folder)
    return ReportInputs(data=data, decision=decision, audit=audit, router_json=router_json(decision.router_config),
                        tables=report_tables(data, decision))


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


def inputs_key(parameters: dict[str, Any]) -> str:
    """Content hash of everything :func:`compute_inputs` reads for ``parameters``: the data
    folder (and the project's ``data/``), the public catalogues, the parameters and the code."""
    v = _values(parameters)
    folder = Path(v.pop("data_dir") or DATA_DIR)
    return cache.key_of(NAMESPACE, _canonical(v), display_path(folder), cache.digest_files([folder], folder),
                        cache.digest_files([DATA_DIR], DATA_DIR), cache.digest_files([external_dir()], external_dir()),
                        cache.code_version())


def analysis_parameters(parameters: dict[str, Any]) -> dict[str, Any]:
    """The subset of notebook ``parameters`` the analysis depends on (drops ``lang``)."""
    return {name: value for name, value in parameters.items() if name in DEFAULTS}


def report_inputs(**parameters: Any) -> ReportInputs:
    """:func:`compute_inputs`, through the content-hashed cache (same arguments)."""
    key = inputs_key(parameters)
    return cache.cached(NAMESPACE, key, lambda: replace(compute_inputs(**parameters), key=key))
