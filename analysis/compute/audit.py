"""Audit of a published report's numeric claims (``data/claims/*.yaml``): pure compute, no text.

Each claim is checked three ways:

(a) **own inputs**: the arithmetic is redone from the figures the report itself states as the
    claim's inputs, with :func:`analysis.compute.costs.monthly_cost` (``recomputed_value``);
(b) **the report's other claims**: claims about the same figure (same model, provider,
    component and workload) must agree once converted to one unit; the reference is the first
    claim of the group that has its own inputs, else the first in reading order;
(c) **our cited data**: the curated tables (``data_value``, ``data_source_url``,
    ``data_catalog_key``).

Canonical units (``canonical_unit``): prices in USD per 1M tokens (``usd_per_mtok``), budgets in
USD per month, windows in tokens, percentages as fractions. A context window stated in "K" is
read as 1,000 or 1,024 tokens, whichever is nearer the figure compared with.

``verdict`` (first that applies): ``wrong_by_factor`` if the own arithmetic gives another figure
(``factor`` >= 1 and ``direction`` ``too_low``/``too_high``); ``inconsistent`` with
``related_claim_id`` if another claim of the report states another figure; else the comparison
with our data (``holds`` / ``wrong_by_factor``; ``wrong`` for ranks, where a factor means
nothing); else ``holds`` if the own arithmetic agrees; else ``not_checkable`` with a ``reason``
from :data:`REASONS`. ``basis`` says which check decided: ``own_inputs``, ``seed_claims``,
``our_data``. ``expected_value`` is what the figure should be (our data first, then the own
arithmetic, then the report's other claim; ``expected_basis``).

A claim that none of these checks can decide (a qualitative claim, a count, a markup) takes the
verdict of its cited source when the claims file gives ``evidence``: ``supported``,
``unsupported`` or ``contradicted``, ``basis`` ``cited_source``, with the source's URL, date,
verbatim quote and our finding in the ``evidence_*`` columns.

With ``catalogue`` (an imported price table, e.g. ``load_litellm(...).prices``), a stated
input/output price pair that matches no entry of the claimed model is looked up among all
entries: ``catalog_match_keys`` lists the entries (of other models) priced exactly so.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.compute.costs import Workload, monthly_cost
from analysis.core.errors import DataError
from analysis.inputs.catalog import Curated
from analysis.inputs.claims import EVIDENCE_COLUMNS, EVIDENCE_VERDICTS, INPUT_COLUMNS, KINDS, UNITS

VERDICTS = ("holds", "wrong_by_factor", "wrong", "inconsistent", *EVIDENCE_VERDICTS, "not_checkable")
BASES = ("own_inputs", "seed_claims", "our_data", "cited_source")
REASONS = {
    "no_price_listed": "our data has the model at this provider, but no listed price (NaN)",
    "no_data": "our data has no row for this model (at this provider)",
    "input_output_differ": "one price per token was stated, but input and output prices differ",
    "unnamed_comparison": "compared with alternatives the report does not name",
    "not_in_our_data": "a figure our data does not record",
}



AUDIT_COLUMNS = [
    "seed", "seed_date", "seed_title", "position", "claim_id", "section", "column", "language", "quote", "kind",
    "model_id", "provider", "component", "stated_value", "stated_high", "unit", "stated_normalised", "canonical_unit",
    "recomputed_value", "verdict", "basis", "factor", "direction", "related_claim_id", "related_value", "reason",
    "data_value", "data_source_url", "data_catalog_key", "data_verdict", "data_factor", "data_reason",
    "catalog_match_keys", "expected_value", "expected_basis", *EVIDENCE_COLUMNS,
]
_COST_COLUMN = {"input": "usd_input", "output": "usd_output", "total": "usd_total"}


# --- comparing ---------------------------------------------------------------------------------
def canonical(value: float, unit: str) -> float:
    """A stated figure in its canonical unit (``UNITS``); NaN stays NaN."""
    return np.nan if pd.isna(value) else UNITS[unit][1](value)


def _candidates(value: float, unit: str) -> list[float]:
    """Readings of a stated figure: "128K" may mean 128,000 or 131,072 tokens."""
    return [value * 1000, value * 1024] if unit == "kilotokens" else [canonical(value, unit)]


def compare(stated: list[float], correct: float, rel_tol: float, *, ratio: bool = True) -> tuple[str, float, str]:
    """``(verdict, factor, direction)`` of a stated figure (its possible readings, canonical
    unit) against the correct one: ``holds`` within ``rel_tol``; else ``wrong_by_factor`` with
    ``factor`` = max(stated/correct, correct/stated) and ``too_high``/``too_low`` (``wrong``
    without a factor when ``ratio`` is False, e.g. ranks). ``("", nan, "")`` if ``correct``
    is missing."""
    if pd.isna(correct) or not stated:
        return "", np.nan, ""
    best = min(stated, key=lambda v: abs(math.log(v / correct)) if v > 0 and correct > 0 else abs(v - correct))
    if math.isclose(best, correct, rel_tol=rel_tol):
        return "holds", 1.0, ""
    direction = "too_high" if best > correct else "too_low"
    if not ratio or best <= 0 or correct <= 0:
        return "wrong", np.nan, direction
    return "wrong_by_factor", max(best / correct, correct / best), direction


def _tokens(value: float) -> int:
    return 0 if pd.isna(value) else int(value)


def budget(usd_per_mtok_input: float, usd_per_mtok_output: float, input_tokens: float, output_tokens: float,
           component: str) -> float:
    """USD per month of one budget line (``component`` input/output) or total, priced by
    :func:`analysis.compute.costs.monthly_cost` (missing tokens count 0; a missing price gives NaN)."""
    prices = pd.DataFrame({"usd_per_mtok_input": [usd_per_mtok_input], "usd_per_mtok_output": [usd_per_mtok_output]})
    cost = monthly_cost(prices, Workload(_tokens(input_tokens), _tokens(output_tokens)))
    return float(cost[_COST_COLUMN[component]].iloc[0])


_NEEDS = {"input": ["input_tokens", "usd_per_mtok_input"], "output": ["output_tokens", "usd_per_mtok_output"],
          "total": INPUT_COLUMNS}


def own_value(claim: pd.Series) -> float:
    """The claim recomputed from its own stated inputs (canonical unit), NaN if it states none."""
    if KINDS[claim["kind"]].family == "budget" and claim[_NEEDS[claim["component"]]].notna().all():
        return budget(claim["usd_per_mtok_input"], claim["usd_per_mtok_output"], claim["input_tokens"],
                      claim["output_tokens"], claim["component"])
    if claim["kind"] == "token_total" and claim[["input_tokens", "output_tokens"]].notna().all():
        return float(claim["input_tokens"] + claim["output_tokens"])
    return np.nan


def _rank(claims: pd.DataFrame, budgets: pd.Series) -> pd.Series:
    """For ``rank_cheapest`` claims: 1 + the number of the seed's models whose monthly budget
    (``budgets``, over the seed's ``budget_total`` claims, first per model) is lower."""
    totals = claims.assign(value=budgets)
    totals = totals[(totals["kind"] == "budget_total") & totals["value"].notna()]
    totals = totals.drop_duplicates(["seed", "model_id"]).set_index(["seed", "model_id"])["value"]
    ranks = pd.Series(np.nan, index=claims.index)
    for index, claim in claims[claims["kind"] == "rank_cheapest"].iterrows():
        mine = totals.get((claim["seed"], claim["model_id"]))
        if mine is not None:
            ranks[index] = 1.0 + float((totals.loc[claim["seed"]] < mine).sum())
    return ranks


# --- our data ------------------------------------------------------------------------------------
def data_figure(claim: pd.Series, prices: pd.DataFrame, models: pd.DataFrame) -> tuple[float, str, str, str]:
    """``(value, source_url, catalog_key, reason)`` of the claim's figure in our curated data
    (``prices`` indexed by model_id and provider, ``models`` by model_id); ``reason`` from
    :data:`REASONS` when there is no value. Ranks are filled in by :func:`audit_claims`."""
    spec = KINDS[claim["kind"]]
    if spec.unchecked or spec.family == "rank":
        return np.nan, "", "", spec.unchecked
    if spec.family == "context":
        if claim["model_id"] not in models.index:
            return np.nan, "", "", "no_data"
        row = models.loc[claim["model_id"]]
        value = float(row["context_window_tokens"]) if pd.notna(row["context_window_tokens"]) else np.nan
        return value, row["source_url"], "", "" if pd.notna(value) else "no_data"
    key = (claim["model_id"], claim["provider"])
    if key not in prices.index:
        return np.nan, "", "", "no_data"
    row = prices.loc[key]
    url, catalog_key = row["source_url"], row.get("catalog_key", "")
    price_in, price_out = float(row["usd_per_mtok_input"]), float(row["usd_per_mtok_output"])
    needed = {"input": [price_in], "output": [price_out], "total": [price_in, price_out]}[claim["component"]]
    if any(pd.isna(p) for p in needed):
        return np.nan, url, catalog_key, "no_price_listed"
    if spec.family == "budget":
        value = budget(price_in, price_out, claim["input_tokens"], claim["output_tokens"], claim["component"])
    elif claim["component"] == "total" and not math.isclose(price_in, price_out, rel_tol=1e-9):
        return np.nan, url, catalog_key, "input_output_differ"
    else:
        value = needed[0]
    return value, url, catalog_key, ""


def catalogue_matches(claims: pd.DataFrame, catalogue: pd.DataFrame, rel_tol: float) -> pd.Series:
    """Per claim: ``; ``-joined keys of catalogue entries priced exactly as the claim's stated
    input/output price pair (same seed, section, kind, model and provider), listed only when
    no entry of the claimed model itself has that price pair ("" otherwise)."""
    out = pd.Series("", index=claims.index, dtype=object)
    prices = claims[claims["kind"].map(lambda k: KINDS[k].family) == "price"]
    group = ["seed", "section", "kind", "model_id", "provider"]
    for _key, pair in prices.groupby(group, sort=False):
        stated = pair.set_index("component")["stated_normalised"]
        if not {"input", "output"} <= set(stated.index) or stated.index.duplicated().any():
            continue
        match = catalogue[np.isclose(catalogue["usd_per_mtok_input"], stated["input"], rtol=rel_tol, atol=0)
                          & np.isclose(catalogue["usd_per_mtok_output"], stated["output"], rtol=rel_tol, atol=0)]
        if len(match) and not (match["model_id"] == pair["model_id"].iloc[0]).any():
            out[pair.index] = "; ".join(sorted(match["catalog_key"].astype(str)))
    return out


# --- the audit ---------------------------------------------------------------------------------
def _check_known(claims: pd.DataFrame, column: str, known: pd.Series, table: str) -> None:
    unknown = claims[(claims[column] != "") & ~claims[column].isin(set(known))]
    if len(unknown):
        claim = unknown.iloc[0]
        raise DataError(f"claim {claim['position']} ({claim['claim_id']!r}): unknown {column} {claim[column]!r}",
                        file=claim["file"], row=int(claim["position"]), column=column, hint=f"use a key of {table}")


def _consistency(frame: pd.DataFrame, rel_tol: float) -> pd.DataFrame:
    """Per claim, against the reference claim of its group (same seed, family, model, provider,
    component and stated workload): ``related_claim_id``, ``related_value``, ``consistency``
    (compare verdict), ``factor``/``direction``, and the reference's own arithmetic."""
    keys = frame[["seed", "model_id", "provider", "component"]].assign(
        family=frame["kind"].map(lambda k: KINDS[k].family),
        tokens=frame["input_tokens"].fillna(-1).astype(str) + "/" + frame["output_tokens"].fillna(-1).astype(str))
    rows = []
    for _key, group in frame.groupby([keys[c] for c in keys.columns], sort=False):
        own = group[group["own"]]
        reference = (own if len(own) else group).iloc[0]
        for index, claim in group.iterrows():
            if index == reference.name:
                rows.append((index, "", np.nan, "", np.nan, "", np.nan))
                continue
            verdict, factor, direction = compare(_candidates(claim["stated_value"], claim["unit"]),
                                                 reference["stated_normalised"], rel_tol)
            related = ("", np.nan) if verdict == "holds" else (reference["claim_id"], reference["stated_normalised"])
            rows.append((index, *related, verdict, factor, direction,
                         reference["recomputed_value"] if reference["own"] else np.nan))
    columns = ["related_claim_id", "related_value", "consistency", "related_factor", "related_direction",
               "reference_recomputed"]
    return pd.DataFrame([r[1:] for r in rows], index=[r[0] for r in rows], columns=columns).reindex(frame.index)


def _decide(row: pd.Series) -> pd.Series:
    """Final verdict, basis, factor, direction, reason and expected value of one audited claim."""
    own_checked = row["own"] and row["own_verdict"] != ""
    if own_checked and row["own_verdict"] != "holds":
        decided = (row["own_verdict"], "own_inputs", row["own_factor"], row["own_direction"], "")
    elif row["consistency"] not in ("", "holds"):
        decided = ("inconsistent", "seed_claims", row["related_factor"], row["related_direction"], "")
    elif row["data_verdict"] != "not_checkable":
        decided = (row["data_verdict"], "our_data", row["data_factor"], row["data_direction"], "")
    elif own_checked:
        decided = ("holds", "own_inputs", 1.0, "", "")
    elif row["evidence_verdict"]:
        decided = (row["evidence_verdict"], "cited_source", np.nan, "", "")
    else:
        decided = ("not_checkable", "", np.nan, "", row["data_reason"] or "no_data")
    if row["data_verdict"] != "not_checkable":
        expected = (row["data_value"], "our_data")
    elif pd.notna(row["recomputed_value"]):
        expected = (row["recomputed_value"], "own_inputs")
    elif pd.notna(row["related_value"]):
        expected = (row["related_value"], "seed_claims")
    else:
        expected = (np.nan, "")
    return pd.Series(decided + expected,
                     index=["verdict", "basis", "factor", "direction", "reason", "expected_value", "expected_basis"])


def audit_claims(claims: pd.DataFrame, curated: Curated, *, catalogue: pd.DataFrame | None = None,
                 rel_tol: float = 0.01) -> pd.DataFrame:
    """Audit every claim (rows of :func:`load_claims`, one or several seeds) against its own
    inputs, the report's other claims and ``curated`` (see the module docstring). Returns
    :data:`AUDIT_COLUMNS`, sorted by seed and position. Values are in ``canonical_unit``;
    ``rel_tol`` is the relative difference still taken as agreement (rounding in the report).
    Raises :class:`DataError` (file, claim, field) for a model or provider our data lacks."""
    _check_known(claims, "model_id", curated.models["model_id"], "data/models.csv")
    _check_known(claims, "provider", curated.providers["provider"], "data/providers.csv")
    frame = claims.sort_values(["seed", "position"], kind="mergesort").reset_index(drop=True)
    frame["canonical_unit"] = frame["unit"].map(lambda u: UNITS[u][0])
    frame["stated_normalised"] = [canonical(v, u) for v, u in zip(frame["stated_value"], frame["unit"])]
    frame["recomputed_value"] = frame.apply(own_value, axis=1).astype(float)
    prices = curated.prices.set_index(["model_id", "provider"])
    models = curated.models.set_index("model_id")
    figures = [data_figure(claim, prices, models) for _i, claim in frame.iterrows()]
    frame[["data_value", "data_source_url", "data_catalog_key", "data_reason"]] = pd.DataFrame(
        figures, index=frame.index, columns=["data_value", "data_source_url", "data_catalog_key", "data_reason"])
    frame["data_value"] = frame["data_value"].astype(float)
    ranks = frame["kind"] == "rank_cheapest"
    frame.loc[ranks, "recomputed_value"] = _rank(frame, frame["recomputed_value"])[ranks]
    data_ranks = _rank(frame, frame["data_value"])
    frame.loc[ranks, "data_value"] = data_ranks[ranks]
    frame.loc[ranks & data_ranks.isna(), "data_reason"] = "no_price_listed"
    frame["own"] = frame["recomputed_value"].notna()
    for prefix, target in (("own", "recomputed_value"), ("data", "data_value")):
        compared = [compare(_candidates(c["stated_value"], c["unit"]), c[target], rel_tol,
                            ratio=c["kind"] != "rank_cheapest") for _i, c in frame.iterrows()]
        frame[[f"{prefix}_verdict", f"{prefix}_factor", f"{prefix}_direction"]] = pd.DataFrame(compared, index=frame.index)
    frame["data_verdict"] = frame["data_verdict"].replace("", "not_checkable")
    frame = frame.join(_consistency(frame, rel_tol))
    inherited = frame["recomputed_value"].isna() & frame["reference_recomputed"].notna()
    frame.loc[inherited, "recomputed_value"] = frame.loc[inherited, "reference_recomputed"]
    frame = frame.join(frame.apply(_decide, axis=1))
    frame["catalog_match_keys"] = ("" if catalogue is None
                                   else catalogue_matches(frame, catalogue, rel_tol))
    for column in ("factor", "related_value", "data_factor", "expected_value", "recomputed_value"):
        frame[column] = frame[column].astype(float)
    return frame[AUDIT_COLUMNS].reset_index(drop=True)


def verdict_counts(audit: pd.DataFrame) -> pd.DataFrame:
    """Claims per seed and verdict (every verdict of :data:`VERDICTS`, 0 if none), sorted."""
    counts = audit.groupby(["seed", "verdict"]).size()
    index = pd.MultiIndex.from_product([sorted(audit["seed"].unique()), VERDICTS], names=["seed", "verdict"])
    return counts.reindex(index, fill_value=0).rename("claims").reset_index()
