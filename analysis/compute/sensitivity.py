"""How the answer moves when the assumptions move: pure, vectorised sweeps over price tables.

Prices are USD per 1M tokens; budgets USD per month; a model's price at a point of a sweep is
its cheapest provider *at that point* (the cheapest provider can change along the sweep).
Models or providers without a listed price stay NaN (never 0) and get no rank.

- :func:`ratio_sweep`: cost per 1M tokens and rank per model as the output share goes 0 -> 1.
- :func:`volume_sweep` / :func:`break_even`: API bill against renting GPUs (``data/gpu_hosting.csv``,
  read by :func:`analysis.inputs.gpu_hosting.load_gpu_hosting`).
- :func:`price_shocks`: the monthly budget with each price moved by +-50% (tornado data).
- :func:`reasoning_sweep`: cost per task when hidden thinking tokens multiply the output 1x-10x.
- Monte Carlo and weight sensitivity live in :mod:`analysis.compute.montecarlo` (re-exported here).

Self-hosting model (:func:`self_host_plans`): a model is served on the GPU set-up of
``gpu_hosting.csv`` whose reference model is nearest in size (log scale) and whose GPUs hold the
weights (FP8: 1 GB per billion parameters, at most ``memory_headroom`` of the GPU memory; the
rest is KV cache). Its measured output throughput is scaled by ``reference / model`` parameters
(decoding is memory-bound, so time per token grows with the weights read). The benchmark's
throughput already includes the prompt processing of its ShareGPT mix; capacity is therefore
counted in output tokens. ``always_on`` rents whole replicas 24x7 (at least one);
``per_hour`` pays only whole replica-hours of work (a lower bound: perfect scaling to zero).
Closed-weight models, models without a parameter count and models that fit no set-up get NaN
with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from analysis.compute.costs import TOKENS_PER_MTOK, Workload, cheapest_per_model, monthly_cost
from analysis.compute.montecarlo import MonteCarloResult, monte_carlo, weight_dirichlet, weight_sweep  # noqa: F401
from analysis.core.errors import ParameterError

__all__ = ["HOURS_PER_MONTH", "MonteCarloResult", "RatioSummary", "break_even", "leaders", "monte_carlo",
           "output_price_led", "price_shocks", "ratio_summary", "ratio_sweep", "reasoning_costs", "reasoning_crossover",
           "reasoning_outcomes", "reasoning_sweep", "relative_shocks", "self_host_cost",
           "self_host_plans", "volume_sweep", "weight_dirichlet", "weight_sweep"]

#: hours in an average month (8,760 / 12); a GPU rented "24x7" is billed this many hours
HOURS_PER_MONTH = 730.0
BILLING = ("always_on", "per_hour")
#: a leader's cost counts as the same at every output share within this fraction of its highest cost
FLAT_TOLERANCE = 1e-9


def _both_prices(prices: pd.DataFrame) -> pd.DataFrame:
    """Rows with both an input and an output price (the others cannot be costed)."""
    return prices[prices["usd_per_mtok_input"].notna() & prices["usd_per_mtok_output"].notna()]


def _cheapest_on_grid(priced: pd.DataFrame, models: Sequence[str], column: str, grid: np.ndarray,
                      cost: np.ndarray, value: str) -> pd.DataFrame:
    """``model_id, <column>, <value>, provider``: per model and grid point the cheapest row of
    ``cost`` (rows of ``priced`` x grid); ties by provider name; NaN where a model has no price."""
    long = pd.DataFrame({"model_id": np.repeat(priced["model_id"].to_numpy(object), len(grid)),
                         "provider": np.repeat(priced["provider"].to_numpy(object), len(grid)),
                         column: np.tile(grid, len(priced)), value: np.asarray(cost, float).ravel()})
    best = (long.sort_values(["model_id", column, value, "provider"], kind="mergesort")
            .drop_duplicates(["model_id", column]).set_index(["model_id", column]))
    full = pd.MultiIndex.from_product([sorted(set(models)), list(grid)], names=["model_id", column])
    return best.reindex(full).reset_index()


def _grid(values, default: np.ndarray, name: str, low: float, high: float) -> np.ndarray:
    grid = default if values is None else np.asarray(values, dtype=float)
    if grid.ndim != 1 or not len(grid) or np.isnan(grid).any() or np.any((grid < low) | (grid > high)):
        raise ParameterError(f"{name} must be a list of numbers from {low:g} to {high:g}")
    return grid


# --- input/output ratio -------------------------------------------------------------------------
def ratio_sweep(prices: pd.DataFrame, shares: Sequence[float] | None = None) -> pd.DataFrame:
    """``model_id, output_share, usd_per_mtok, provider, rank``: the cost of 1M tokens of which a
    share ``s`` is output, ``(1 - s) * input + s * output``, at the model's cheapest provider for
    that ``s``; ``rank`` 1 = cheapest at that share (ties share the lower rank; NaN if unpriced).
    Default shares 0, 0.1, ..., 1."""
    grid = _grid(shares, np.linspace(0.0, 1.0, 11), "output shares", 0.0, 1.0)
    priced = _both_prices(prices)
    p_in = priced["usd_per_mtok_input"].to_numpy(float)[:, None]
    p_out = priced["usd_per_mtok_output"].to_numpy(float)[:, None]
    out = _cheapest_on_grid(priced, prices["model_id"], "output_share", grid, (1 - grid) * p_in + grid * p_out,
                            "usd_per_mtok")
    out["rank"] = out.groupby("output_share")["usd_per_mtok"].rank(method="min")
    return out.sort_values(["output_share", "rank", "model_id"], na_position="last", kind="mergesort").reset_index(drop=True)


def leaders(sweep: pd.DataFrame, column: str = "output_share", value: str = "usd_per_mtok") -> pd.DataFrame:
    """Per grid point of a sweep: the cheapest model (``model_id``, ``value``; ties: first id)."""
    ranked = sweep.dropna(subset=[value]).sort_values([column, value, "model_id"], kind="mergesort")
    return ranked.drop_duplicates(column)[[column, "model_id", value]].reset_index(drop=True)


@dataclass(frozen=True)
class RatioSummary:
    """The ratio sweep at three output shares and who is cheapest along it (USD per 1M tokens)."""

    shares: list[float]            #: output shares shown: the first, middle and last of the grid
    usd_per_mtok: pd.DataFrame     #: model x shown share; rows cheapest first at the middle share (NaN last)
    rank: pd.DataFrame             #: the same rows and columns: rank at that share (1 = cheapest)
    leaders: pd.DataFrame          #: :func:`leaders` of the sweep
    flat: bool                     #: one model is cheapest at every share, at one price (:data:`FLAT_TOLERANCE`)
    switch: pd.Series | None       #: the first leader row of another model than the first (None: one leader)
    mover: str | None              #: the model whose rank moves most from the first to the last share (None: none moves)


def ratio_summary(sweep: pd.DataFrame) -> RatioSummary:
    """What the ratio section states about a :func:`ratio_sweep` (rank-move ties: first model id)."""
    grid = sorted(sweep["output_share"].unique())
    shown = list(dict.fromkeys([grid[0], grid[len(grid) // 2], grid[-1]]))
    wide = sweep.pivot(index="model_id", columns="output_share", values="usd_per_mtok")
    ranks = sweep.pivot(index="model_id", columns="output_share", values="rank")
    order = wide[shown[len(shown) // 2]].sort_values(na_position="last", kind="mergesort").index
    lead = leaders(sweep)
    costs = lead["usd_per_mtok"]
    single = lead["model_id"].nunique() == 1
    others = lead[lead["model_id"] != lead["model_id"].iloc[0]] if len(lead) else lead
    moves = (ranks[shown[-1]] - ranks[shown[0]]).dropna()
    moved = len(moves) and moves.abs().max() > 0
    return RatioSummary(shares=shown, usd_per_mtok=wide.loc[order, shown], rank=ranks.loc[order, shown], leaders=lead,
                        flat=bool(single and len(lead) and abs(costs.max() - costs.min()) <= FLAT_TOLERANCE * costs.max()),
                        switch=others.iloc[0] if len(others) else None,
                        mover=moves.abs().sort_values(ascending=False, kind="mergesort").index[0] if moved else None)


# --- self-hosting ---------------------------------------------------------------------------
def self_host_plans(models: pd.DataFrame, gpu_hosting: pd.DataFrame, memory_headroom: float = 0.9,
                    hours_per_month: float = HOURS_PER_MONTH) -> pd.DataFrame:
    """Per model: ``setup_id, gpu, gpus_per_replica, output_tokens_per_second_per_replica``
    (scaled, see module docstring), ``usd_per_replica_hour``, ``usd_per_month_one_replica`` (24x7),
    ``output_tokens_per_month_one_replica``, ``usd_per_mtok_output_full_load`` and ``reason``
    (``""``, ``closed_weights``, ``no_parameter_count``, ``does_not_fit``). Sorted by model."""
    base = models[["model_id", "parameters_billion", "open_weights"]].copy()
    base["open_weights"] = base["open_weights"].fillna(False).astype(bool)
    pairs = base.merge(gpu_hosting, how="cross")
    params = pairs["parameters_billion"].astype(float)
    fits = params <= memory_headroom * pairs["gpus_per_replica"] * pairs["gpu_memory_gb"]
    pairs["distance"] = np.abs(np.log(pairs["reference_parameters_billion"] / params))
    pairs["output_tokens_per_second_per_replica"] *= pairs["reference_parameters_billion"] / params
    pairs["usd_per_replica_hour"] = pairs["usd_per_gpu_hour"] * pairs["gpus_per_replica"]
    pairs["usd_per_mtok_output_full_load"] = (pairs["usd_per_replica_hour"] * TOKENS_PER_MTOK
                                              / (pairs["output_tokens_per_second_per_replica"] * 3600))
    usable = pairs[fits & pairs["open_weights"] & params.notna()]
    nearest = usable[usable["distance"] <= usable.groupby("model_id")["distance"].transform("min") + 1e-12]
    best = (nearest.sort_values(["model_id", "usd_per_mtok_output_full_load", "setup_id"], kind="mergesort")
            .drop_duplicates("model_id").set_index("model_id"))
    columns = ["setup_id", "gpu", "gpus_per_replica", "output_tokens_per_second_per_replica", "usd_per_replica_hour",
               "usd_per_mtok_output_full_load"]
    out = best[columns].reindex(sorted(base["model_id"])).reset_index()
    out["usd_per_month_one_replica"] = out["usd_per_replica_hour"] * hours_per_month
    out["output_tokens_per_month_one_replica"] = out["output_tokens_per_second_per_replica"] * 3600 * hours_per_month
    info = base.set_index("model_id").reindex(out["model_id"])
    out["reason"] = np.select(
        [~info["open_weights"].to_numpy(bool), info["parameters_billion"].isna().to_numpy(), out["setup_id"].isna().to_numpy()],
        ["closed_weights", "no_parameter_count", "does_not_fit"], "")
    return out


def self_host_cost(plans: pd.DataFrame, monthly_output_tokens, billing: str = "always_on",
                   hours_per_month: float = HOURS_PER_MONTH) -> tuple[np.ndarray, np.ndarray]:
    """``(usd_per_month, replicas)``, each (plans x volumes). ``always_on``: whole replicas 24x7,
    at least one; ``per_hour``: whole replica-hours of work only (replicas = hours / month)."""
    if billing not in BILLING:
        raise ParameterError(f"billing must be one of {', '.join(BILLING)}, got {billing!r}")
    out_tokens = np.asarray(monthly_output_tokens, dtype=float)[None, :]
    per_hour = plans["output_tokens_per_second_per_replica"].to_numpy(float)[:, None] * 3600
    rate = plans["usd_per_replica_hour"].to_numpy(float)[:, None]
    if billing == "always_on":
        replicas = np.maximum(1.0, np.ceil(out_tokens / (per_hour * hours_per_month)))
        return replicas * rate * hours_per_month, replicas
    replica_hours = np.ceil(out_tokens / per_hour)
    return replica_hours * rate, replica_hours / hours_per_month


def _api_cost_per_mtok(prices: pd.DataFrame, models: Sequence[str], output_share: float) -> pd.DataFrame:
    """``model_id, usd_per_mtok_api, provider`` at one output share (cheapest provider)."""
    sweep = ratio_sweep(prices[prices["model_id"].isin(models)], [output_share])
    full = sweep.set_index("model_id").reindex(sorted(set(models)))
    return full[["usd_per_mtok", "provider"]].rename(columns={"usd_per_mtok": "usd_per_mtok_api"}).reset_index()


def volume_sweep(prices: pd.DataFrame, models: pd.DataFrame, gpu_hosting: pd.DataFrame,
                 volumes: Sequence[float] | None = None, output_share: float = 0.25,
                 billing: str = "always_on", hours_per_month: float = HOURS_PER_MONTH) -> pd.DataFrame:
    """``model_id, monthly_tokens, usd_api, usd_self_hosted, replicas, setup_id``: the monthly bill
    through the cheapest API provider against self-hosting, for total monthly tokens (input +
    output) from 1M to 10B (log grid, default 41 points), ``output_share`` of them output."""
    grid = _grid(volumes, np.logspace(6, 10, 41), "monthly volumes", 1.0, 1e15)
    share = float(_grid([output_share], np.array([]), "output share", 0.0, 1.0)[0])
    if share == 0:
        raise ParameterError("output share must be above 0 to size GPUs by output throughput")
    plans = self_host_plans(models, gpu_hosting, hours_per_month=hours_per_month)
    api = _api_cost_per_mtok(prices, plans["model_id"], share)
    usd_self, replicas = self_host_cost(plans, grid * share, billing, hours_per_month)
    usd_api = api["usd_per_mtok_api"].to_numpy(float)[:, None] * grid[None, :] / TOKENS_PER_MTOK
    n = len(grid)
    return pd.DataFrame({
        "model_id": np.repeat(plans["model_id"].to_numpy(object), n),
        "monthly_tokens": np.tile(grid, len(plans)),
        "usd_api": usd_api.ravel(),
        "usd_self_hosted": usd_self.ravel(),
        "replicas": replicas.ravel(),
        "setup_id": np.repeat(plans["setup_id"].to_numpy(object), n),
    })


def break_even(prices: pd.DataFrame, models: pd.DataFrame, gpu_hosting: pd.DataFrame, output_share: float = 0.25,
               hours_per_month: float = HOURS_PER_MONTH) -> pd.DataFrame:
    """Per model: the monthly volume (total tokens) above which one always-on replica costs less
    than the API, ``V* = usd_per_month_one_replica / usd_per_mtok_api * 1e6``, valid while one
    replica can serve it (``V* * output_share <= output_tokens_per_month_one_replica``); beyond that
    volume more replicas are added in steps. ``reason``: the plan's reason, ``no_api_price``, or
    ``api_cheaper_at_full_load`` (even a fully used replica costs more than the API)."""
    plans = self_host_plans(models, gpu_hosting, hours_per_month=hours_per_month)
    api = _api_cost_per_mtok(prices, plans["model_id"], output_share)
    out = plans.merge(api, on="model_id", how="left")
    volume = out["usd_per_month_one_replica"] / out["usd_per_mtok_api"] * TOKENS_PER_MTOK
    capacity = out["output_tokens_per_month_one_replica"] / output_share if output_share > 0 else np.inf
    out["capacity_monthly_tokens"] = capacity
    within = volume <= capacity
    out["break_even_monthly_tokens"] = volume.where(within)
    out["reason"] = np.select([out["reason"] != "", out["usd_per_mtok_api"].isna(), ~within],
                              [out["reason"], "no_api_price", "api_cheaper_at_full_load"], "")
    return out.sort_values("model_id", kind="mergesort").reset_index(drop=True)


# --- price shocks -------------------------------------------------------------------------------
def price_shocks(prices: pd.DataFrame, workload: Workload, shock: float = 0.5) -> pd.DataFrame:
    """Tornado data: ``model_id, component, usd_base, usd_low, usd_high, swing`` where the monthly
    budget of ``workload`` (cheapest provider, re-chosen after the shock) is recomputed with one
    price column (``usd_per_mtok_input``, ``_output``, and ``_cached_input`` if the workload has
    cached tokens) multiplied by ``1 - shock`` and ``1 + shock``. Sorted by model, swing desc."""
    if not 0 < shock < 1:
        raise ParameterError("shock must be a fraction between 0 and 1 (0.5 = +-50%)")
    components = ["usd_per_mtok_input", "usd_per_mtok_output"]
    if workload.cached_input_tokens:
        components.append("usd_per_mtok_cached_input")

    def budget(table: pd.DataFrame) -> pd.Series:
        return cheapest_per_model(monthly_cost(table, workload)).set_index("model_id")["usd_total"]

    base = budget(prices)
    rows = []
    for component in components:
        low = budget(prices.assign(**{component: prices[component] * (1 - shock)}))
        high = budget(prices.assign(**{component: prices[component] * (1 + shock)}))
        rows.append(pd.DataFrame({"model_id": base.index, "component": component, "usd_base": base.to_numpy(),
                                  "usd_low": low.reindex(base.index).to_numpy(),
                                  "usd_high": high.reindex(base.index).to_numpy()}))
    out = pd.concat(rows, ignore_index=True)
    out["swing"] = out["usd_high"] - out["usd_low"]
    return out.sort_values(["model_id", "swing", "component"], ascending=[True, False, True],
                           na_position="last", kind="mergesort").reset_index(drop=True)


def relative_shocks(shocks: pd.DataFrame) -> pd.DataFrame:
    """:func:`price_shocks` rows with a positive base budget, plus the changes as fractions of it:
    ``change_low`` (``usd_low / usd_base - 1``), ``change_high`` and ``relative_swing``
    (``swing / usd_base``); largest relative swing first (ties: model, component)."""
    frame = shocks[shocks["usd_base"] > 0]
    frame = frame.assign(change_low=frame["usd_low"] / frame["usd_base"] - 1,
                         change_high=frame["usd_high"] / frame["usd_base"] - 1,
                         relative_swing=frame["swing"] / frame["usd_base"])
    return frame.sort_values(["relative_swing", "model_id", "component"], ascending=[False, True, True],
                             kind="mergesort").reset_index(drop=True)


def output_price_led(shocks: pd.DataFrame) -> tuple[int, int]:
    """(models whose budget swings more with the output price than with the input price, models
    with a positive base budget)."""
    wide = relative_shocks(shocks).pivot(index="model_id", columns="component", values="swing")
    return int((wide.get("usd_per_mtok_output", 0) > wide.get("usd_per_mtok_input", 0)).sum()), len(wide)


# --- reasoning tokens ---------------------------------------------------------------------------
def reasoning_sweep(prices: pd.DataFrame, models: pd.DataFrame, input_tokens_per_task: float = 2_000,
                    output_tokens_per_task: float = 500, multipliers: Sequence[float] | None = None,
                    apply_to: str = "reasoning") -> pd.DataFrame:
    """``model_id, multiplier, usd_per_task, provider, reasoning_model``: the USD cost of one task
    (``input_tokens_per_task`` in, ``output_tokens_per_task`` visible out) when the billed output
    is ``multiplier`` times the visible output (hidden thinking tokens are billed as output).
    ``apply_to="reasoning"`` multiplies only reasoning models (``models.reasoning_model``), ``"all"``
    every model. Default multipliers 1, 2, ..., 10."""
    if apply_to not in ("reasoning", "all"):
        raise ParameterError("apply_to must be 'reasoning' or 'all'")
    if input_tokens_per_task < 0 or output_tokens_per_task < 0:
        raise ParameterError("tokens per task must be non-negative")
    grid = _grid(multipliers, np.arange(1.0, 11.0), "reasoning multipliers", 1.0, 1e6)
    reasoning = models.set_index("model_id")["reasoning_model"].fillna(False).astype(bool)
    priced = _both_prices(prices[prices["model_id"].isin(models["model_id"])])
    applies = np.ones(len(priced), bool) if apply_to == "all" else \
        reasoning.reindex(priced["model_id"]).fillna(False).to_numpy(bool)
    factor = np.where(applies[:, None], grid[None, :], 1.0)
    cost = (input_tokens_per_task * priced["usd_per_mtok_input"].to_numpy(float)[:, None]
            + output_tokens_per_task * factor * priced["usd_per_mtok_output"].to_numpy(float)[:, None]) / TOKENS_PER_MTOK
    out = _cheapest_on_grid(priced, models["model_id"], "multiplier", grid, cost, "usd_per_task")
    out["reasoning_model"] = reasoning.reindex(out["model_id"]).to_numpy(bool)
    return out


def reasoning_crossover(sweep: pd.DataFrame) -> pd.DataFrame:
    """Per pair (reasoning model, non-reasoning model): ``usd_plain`` (the plain model's cost per
    task, which does not move) and ``multiplier_dearer``, the smallest multiplier of the sweep at
    which the reasoning model costs more per task (the first multiplier if it is dearer from the
    start; NaN if it stays cheaper over the whole sweep). Columns ``model_id, plain_model,
    usd_plain, usd_reasoning_min, multiplier_dearer``; sorted by model, then plain cost."""
    columns = ["model_id", "plain_model", "usd_plain", "usd_reasoning_min", "multiplier_dearer"]
    priced = sweep.dropna(subset=["usd_per_task"])
    plain = (priced[~priced["reasoning_model"]].sort_values("multiplier").drop_duplicates("model_id")
             [["model_id", "usd_per_task"]].rename(columns={"model_id": "plain_model", "usd_per_task": "usd_plain"}))
    thinking = priced[priced["reasoning_model"]]
    if not len(plain) or not len(thinking):
        return pd.DataFrame(columns=columns)
    pairs = thinking.merge(plain, how="cross")
    pairs["dearer"] = pairs["usd_per_task"] > pairs["usd_plain"]
    grouped = pairs.groupby(["model_id", "plain_model"])
    out = grouped.agg(usd_plain=("usd_plain", "first"), usd_reasoning_min=("usd_per_task", "min")).reset_index()
    first = pairs[pairs["dearer"]].groupby(["model_id", "plain_model"])["multiplier"].min()
    out["multiplier_dearer"] = first.reindex(pd.MultiIndex.from_frame(out[["model_id", "plain_model"]])).to_numpy()
    return out.sort_values(["model_id", "usd_plain", "plain_model"], kind="mergesort").reset_index(drop=True)[columns]


def reasoning_costs(sweep: pd.DataFrame) -> pd.DataFrame:
    """USD per task of each reasoning model (rows) at the sweep's first and last multiplier (columns)."""
    grid = [sweep["multiplier"].min(), sweep["multiplier"].max()]
    thinking = sweep[sweep["reasoning_model"]].pivot(index="model_id", columns="multiplier", values="usd_per_task")
    return thinking.reindex(columns=list(dict.fromkeys(grid)))


def reasoning_outcomes(crossover: pd.DataFrame, first_multiplier: float) -> pd.DataFrame:
    """Per reasoning model of :func:`reasoning_crossover` (sweep from ``first_multiplier`` on):
    ``outcome`` ``"overtaken"`` (dearer per task than ``plain_model`` from ``multiplier_dearer`` on:
    the first such crossing, ties by the plain model's cost), ``"cheaper"`` (cheaper than every
    plain model over the whole sweep) or ``"dearer_from_start"`` (dearer than ``dearer_count`` plain
    models at the first multiplier already, overtaking none later)."""
    rows = []
    for model_id, group in crossover.groupby("model_id", sort=True):
        overtaken = group[group["multiplier_dearer"] > first_multiplier].sort_values(["multiplier_dearer", "usd_plain"])
        row = {"model_id": model_id, "outcome": "dearer_from_start", "plain_model": None, "multiplier_dearer": np.nan,
               "dearer_count": int((group["multiplier_dearer"] == first_multiplier).sum())}
        if len(overtaken):
            row.update(outcome="overtaken", plain_model=overtaken.iloc[0]["plain_model"],
                       multiplier_dearer=float(overtaken.iloc[0]["multiplier_dearer"]))
        elif group["multiplier_dearer"].isna().all():
            row.update(outcome="cheaper")
        rows.append(row)
    return pd.DataFrame(rows, columns=["model_id", "outcome", "plain_model", "multiplier_dearer", "dearer_count"])
