"""Everything the report shows, computed once from the data: one source for every language.

Pure compute (no locale, no text): the notebook calls :func:`prepare`, then hands the result
to ``analysis.narrative`` and ``analysis.plots``, so the summary and the body share variables.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import pandas as pd

from analysis.aider import load_mapping, runs_for_models
from analysis.catalog import Curated, load_curated
from analysis.costs import Workload, cheapest_per_model, monthly_cost
from analysis.errors import ParameterError
from analysis.paths import DATA_DIR


@dataclass(frozen=True)
class ReportData:
    """Computed tables of one report. Money in USD per month, prices in USD per 1M tokens."""

    curated: Curated
    workload: Workload
    models: pd.DataFrame       #: selected models (models.csv columns)
    costs: pd.DataFrame        #: one row per (model, provider): prices + monthly cost columns
    chosen: pd.DataFrame       #: one row per model: its cheapest priced provider (NaN if none)
    benchmarks: pd.DataFrame   #: benchmark rows of the selected models
    speed: pd.DataFrame        #: Aider benchmark runs of the selected models (seconds per exercise)

    @property
    def snapshot_date(self) -> str:
        return self.curated.snapshot_date

    @property
    def priced(self) -> pd.DataFrame:
        """``chosen`` rows that have a total, cheapest first."""
        return self.chosen[self.chosen["usd_total"].notna()].sort_values(["usd_total", "model_id"])


def select_models(models: pd.DataFrame, wanted: Sequence[str] | None) -> pd.DataFrame:
    """The rows of ``models`` named in ``wanted`` (all if None), in ``wanted`` order.

    Raises :class:`ParameterError` naming any unknown id and listing the known ones.
    """
    if wanted is None:
        return models.sort_values("model_id").reset_index(drop=True)
    if isinstance(wanted, str):
        wanted = [wanted]
    unknown = [m for m in wanted if m not in set(models["model_id"])]
    if unknown:
        raise ParameterError(
            f"unknown model(s) {', '.join(map(repr, unknown))} in parameter 'models'; "
            f"known: {', '.join(sorted(models['model_id']))}"
        )
    if not wanted:
        raise ParameterError("parameter 'models' selects no model")
    order = {m: i for i, m in enumerate(dict.fromkeys(wanted))}
    chosen = models[models["model_id"].isin(order)].copy()
    return chosen.sort_values("model_id", key=lambda s: s.map(order)).reset_index(drop=True)


def cost_table(curated: Curated, models: pd.DataFrame, workload: Workload) -> pd.DataFrame:
    """Monthly cost for every (selected model, provider) row, with display names attached."""
    prices = curated.prices[curated.prices["model_id"].isin(models["model_id"])]
    costs = monthly_cost(prices, workload)
    costs = costs.merge(models[["model_id", "display_name"]], on="model_id", how="left")
    providers = curated.providers[["provider", "display_name"]].rename(columns={"display_name": "provider_name"})
    costs = costs.merge(providers, on="provider", how="left")
    return costs.sort_values(["model_id", "usd_total", "provider"], na_position="last").reset_index(drop=True)


def prepare(
    *,
    monthly_input_tokens: int,
    monthly_output_tokens: int,
    monthly_cached_input_tokens: int = 0,
    models: Sequence[str] | None = None,
    data_dir: Path = DATA_DIR,
) -> ReportData:
    """Load and validate the curated data, select models, price the workload."""
    data_dir = Path(data_dir)
    curated = load_curated(data_dir)
    workload = Workload(int(monthly_input_tokens), int(monthly_output_tokens), int(monthly_cached_input_tokens))
    selected = select_models(curated.models, models)
    costs = cost_table(curated, selected, workload)
    chosen = cheapest_per_model(costs)
    benchmarks = curated.benchmarks[curated.benchmarks["model_id"].isin(selected["model_id"])]
    mapping = load_mapping(data_dir / "aider_runs.csv", known_models=curated.models["model_id"])
    speed = runs_for_models(mapping[mapping["model_id"].isin(selected["model_id"])])
    return ReportData(curated=curated, workload=workload, models=selected, costs=costs,
                      chosen=chosen, benchmarks=benchmarks.reset_index(drop=True), speed=speed)
