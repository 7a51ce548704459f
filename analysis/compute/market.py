"""The whole market in one view: a price table (curated or an imported catalogue) priced for
the workload, summarised: how many models and providers, the price distribution, the
cheapest provider per model and where chosen models sit in the distribution.

Pure compute. Money in USD per month; prices in USD per 1M tokens.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.compute.costs import Workload, blended_usd_per_mtok, cheapest_per_model, monthly_cost, spread_per_model
from analysis.core.errors import ParameterError
from analysis.core.paths import external_dir
from analysis.inputs.catalog import Curated
from analysis.inputs.identity import load_aliases
from analysis.inputs.importers import load_litellm, load_openrouter
from analysis.inputs.wheels import load_locked_litellm

#: catalogue name -> (file in ../shared/external, importer); "curated" = data/prices.csv. litellm's
#: map is the locked release's (the shared file when it is that release's map)
CATALOGS = {
    "litellm": ("litellm_model_prices.json", load_litellm),
    "openrouter": ("openrouter_models.json", load_openrouter),
}
QUANTILES = (0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0)


@dataclass(frozen=True)
class PriceTable:
    """Prices of one catalogue in the canonical columns, with what the import skipped."""

    catalog: str
    prices: pd.DataFrame
    tiers: pd.DataFrame | None = None
    skip_counts: pd.Series = field(default_factory=lambda: pd.Series(dtype=int))


def load_prices(catalog: str, curated: Curated) -> PriceTable:
    """``curated`` -> data/prices.csv; ``litellm`` / ``openrouter`` -> the imported catalogue."""
    if catalog == "curated":
        return PriceTable("curated", curated.prices)
    if catalog not in CATALOGS:
        raise ParameterError(f"unknown catalog {catalog!r}; use one of: curated, {', '.join(CATALOGS)}")
    filename, importer = CATALOGS[catalog]
    # litellm: the release data/catalogues.lock.yaml names (analysis.inputs.wheels.litellm_map)
    result = (load_locked_litellm(load_aliases()) if catalog == "litellm" else
              importer(external_dir() / filename, load_aliases()))
    return PriceTable(catalog, result.prices, result.tiers, result.skip_counts[result.skip_counts > 0])


def catalogue_models(prices: pd.DataFrame, curated_models: pd.DataFrame) -> pd.DataFrame:
    """Model facts for every model of a price table: the curated row where we have one, else
    what the catalogue says (largest served context, vision flag), sourced to the catalogue."""
    known = curated_models[curated_models["model_id"].isin(prices["model_id"])]
    rest = prices[~prices["model_id"].isin(curated_models["model_id"])]
    if rest.empty:
        return known.sort_values("model_id").reset_index(drop=True)
    groups = rest.sort_values(["model_id", "provider"]).groupby("model_id", sort=True)
    vision = groups["supports_vision"].any() if "supports_vision" in rest else pd.Series(False, index=groups.size().index)
    derived = pd.DataFrame({
        "model_id": groups.size().index,
        "display_name": groups.size().index,
        "developer": "",
        "parameters_billion": np.nan,
        "context_window_tokens": groups["context_window_tokens"].max().astype("Int64").values,
        "input_modalities": np.where(vision.values, "text+image", "text"),
        "open_weights": pd.array([pd.NA] * len(vision), dtype="boolean"),
        "reasoning_model": (groups["supports_reasoning"].any().values if "supports_reasoning" in rest
                            else pd.array([pd.NA] * len(vision), dtype="boolean")),
        "licence": "",
        "hugging_face_id": "",
        "source_url": groups["source_url"].first().values,
        "retrieved": groups["retrieved"].first().values,
        "notes": "facts from the price catalogue",
    })
    return pd.concat([known, derived], ignore_index=True).sort_values("model_id").reset_index(drop=True)


def catalogue_providers(prices: pd.DataFrame, curated_providers: pd.DataFrame) -> pd.DataFrame:
    """Provider rows for every provider of a price table (curated where known, else its key)."""
    unknown = sorted(set(prices["provider"]) - set(curated_providers["provider"]))
    extra = pd.DataFrame({"provider": unknown, "display_name": unknown, "api_base_url": "",
                          "source_url": "", "retrieved": "", "notes": ""})
    return pd.concat([curated_providers, extra], ignore_index=True)


@dataclass(frozen=True)
class MarketSummary:
    """Counts, distribution and per-model cheapest provider of a whole price table."""

    catalog: str
    priced_rows: int            #: (model, provider) rows with a monthly total
    models: int                 #: models with at least one priced provider
    providers: int              #: providers with at least one priced row
    skip_counts: pd.Series      #: catalogue entries skipped on import, by reason
    distribution: pd.DataFrame  #: quantile, usd_per_mtok_blended, usd_total (cheapest provider per model)
    per_model: pd.DataFrame     #: model_id, cheapest provider, usd_total, usd_per_mtok_blended, spread, share_cheaper


def summarise(table: PriceTable, workload: Workload, blend: tuple[float, float] = (3.0, 1.0)) -> MarketSummary:
    """Price every row of ``table`` for ``workload`` (vectorised) and summarise the market."""
    costs = monthly_cost(table.prices, workload, table.tiers)
    costs["usd_per_mtok_blended"] = blended_usd_per_mtok(costs, *blend)
    priced = costs[costs["usd_total"].notna()]
    cheapest = cheapest_per_model(priced)
    spread = spread_per_model(priced)
    per_model = cheapest[["model_id", "provider", "usd_total", "usd_per_mtok_blended"]].merge(
        spread[["model_id", "priced_providers", "usd_total_max", "max_to_min_ratio", "dearest_provider"]], on="model_id")
    blended = np.sort(per_model["usd_per_mtok_blended"].to_numpy())
    # share of the market's models whose cheapest blended price is strictly lower
    per_model["share_cheaper"] = np.searchsorted(blended, per_model["usd_per_mtok_blended"].to_numpy(), side="left") / max(len(blended), 1)
    distribution = pd.DataFrame({
        "quantile": QUANTILES,
        "usd_per_mtok_blended": per_model["usd_per_mtok_blended"].quantile(QUANTILES).to_numpy() if len(per_model) else np.nan,
        "usd_total": per_model["usd_total"].quantile(QUANTILES).to_numpy() if len(per_model) else np.nan,
    })
    return MarketSummary(catalog=table.catalog, priced_rows=len(priced), models=per_model["model_id"].nunique(),
                         providers=priced["provider"].nunique(), skip_counts=table.skip_counts,
                         distribution=distribution, per_model=per_model.sort_values("model_id").reset_index(drop=True))
