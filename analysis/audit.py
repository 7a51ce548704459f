"""Audit of a published report's numeric claims (``data/claims/*.yaml``): pure compute, no text.

Each claim is checked three ways:

(a) **own inputs**: the arithmetic is redone from the figures the report itself states as the
    claim's inputs, with :func:`analysis.costs.monthly_cost` (``recomputed_value``);
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

With ``catalogue`` (an imported price table, e.g. ``load_litellm(...).prices``), a stated
input/output price pair that matches no entry of the claimed model is looked up among all
entries: ``catalog_match_keys`` lists the entries (of other models) priced exactly so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

import numpy as np
import pandas as pd
import yaml

from analysis.catalog import Curated
from analysis.costs import Workload, monthly_cost
from analysis.errors import DataError
from analysis.paths import display_path
from analysis.units import per_token_to_per_mtok

VERDICTS = ("holds", "wrong_by_factor", "wrong", "inconsistent", "not_checkable")
BASES = ("own_inputs", "seed_claims", "our_data")
REASONS = {
    "no_price_listed": "our data has the model at this provider, but no listed price (NaN)",
    "no_data": "our data has no row for this model (at this provider)",
    "input_output_differ": "one price per token was stated, but input and output prices differ",
    "unnamed_comparison": "compared with alternatives the report does not name",
    "not_in_our_data": "a figure our data does not record",
}


@dataclass(frozen=True)
class KindSpec:
    """What a kind of claim is: its family (claims of one family about the same subject must
    agree), allowed units and components, and why it cannot be checked against data (if so)."""

    family: str
    units: frozenset[str]
    components: frozenset[str] = frozenset({"total"})
    unchecked: str = ""


_PRICE_UNITS = {"input", "output", "total"}
KINDS: dict[str, KindSpec] = {
    "price_per_token": KindSpec("price", frozenset({"usd_per_token"}), frozenset(_PRICE_UNITS)),
    "price_per_mtok": KindSpec("price", frozenset({"usd_per_mtok"}), frozenset(_PRICE_UNITS)),
    "budget_total": KindSpec("budget", frozenset({"usd_per_month"})),
    "budget_line": KindSpec("budget", frozenset({"usd_per_month"}), frozenset({"input", "output"})),
    "token_total": KindSpec("tokens", frozenset({"tokens"}), unchecked="not_in_our_data"),
    "context_window": KindSpec("context", frozenset({"kilotokens", "tokens"})),
    "rank_cheapest": KindSpec("rank", frozenset({"rank"})),
    "count": KindSpec("count", frozenset({"count"}), unchecked="not_in_our_data"),
    "markup": KindSpec("markup", frozenset({"percent"}), unchecked="not_in_our_data"),
    "relative_cost": KindSpec("relative_cost", frozenset({"percent"}), unchecked="unnamed_comparison"),
    "relative_latency": KindSpec("relative_latency", frozenset({"times"}), unchecked="unnamed_comparison"),
}
#: stated unit -> (canonical unit, conversion)
UNITS = {
    "usd_per_token": ("usd_per_mtok", per_token_to_per_mtok),
    "usd_per_mtok": ("usd_per_mtok", float), "usd_per_month": ("usd_per_month", float),
    "tokens": ("tokens", float), "kilotokens": ("tokens", lambda v: float(v) * 1000),
    "percent": ("fraction", lambda v: float(v) / 100), "times": ("times", float),
    "count": ("count", float), "rank": ("rank", float),
}
#: input key in the claims file -> (column, conversion to USD per 1M or tokens)
INPUTS = {
    "input_tokens": ("input_tokens", float), "output_tokens": ("output_tokens", float),
    "usd_per_token_input": ("usd_per_mtok_input", per_token_to_per_mtok),
    "usd_per_token_output": ("usd_per_mtok_output", per_token_to_per_mtok),
    "usd_per_mtok_input": ("usd_per_mtok_input", float), "usd_per_mtok_output": ("usd_per_mtok_output", float),
    "usd_per_mtok_total": ("usd_per_mtok_total", float),
}
HEADER_FIELDS = ("seed", "date", "language", "title", "claims")
REQUIRED = ("id", "section", "quote", "kind", "stated_value", "unit")
OPTIONAL = ("language", "column", "model_id", "provider", "component", "stated_high", "inputs", "note")
INPUT_COLUMNS = ["input_tokens", "output_tokens", "usd_per_mtok_input", "usd_per_mtok_output"]
CLAIM_COLUMNS = ["file", "seed", "seed_date", "seed_title", "position", "claim_id", "section", "column",
                 "language", "quote", "kind", "model_id", "provider", "component", "stated_value",
                 "stated_high", "unit", "note", *INPUT_COLUMNS]
AUDIT_COLUMNS = [
    "seed", "seed_date", "seed_title", "position", "claim_id", "section", "column", "language", "quote", "kind",
    "model_id", "provider", "component", "stated_value", "stated_high", "unit", "stated_normalised", "canonical_unit",
    "recomputed_value", "verdict", "basis", "factor", "direction", "related_claim_id", "related_value", "reason",
    "data_value", "data_source_url", "data_catalog_key", "data_verdict", "data_factor", "data_reason",
    "catalog_match_keys", "expected_value", "expected_basis",
]
_COST_COLUMN = {"input": "usd_input", "output": "usd_output", "total": "usd_total"}


# --- loading ---------------------------------------------------------------------------------
def _number(value: object, fail, field: str) -> float:
    """A YAML number (or numeric string: YAML 1.1 reads ``5e-06`` as text) as float."""
    if isinstance(value, bool) or value is None:
        fail(field, f"{value!r} is not a number")
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        fail(field, f"{value!r} is not a number", "write numbers without units, e.g. 5.0e-06")
    if not math.isfinite(number) or number < 0:
        fail(field, f"{value!r} is not a non-negative finite number")
    return number


def _parse_claim(raw: object, position: int, header: dict, shown: str, known: set[str] | None) -> dict:
    claim_id = raw.get("id") if isinstance(raw, dict) else None

    def fail(field: str, message: str, hint: str | None = None) -> None:
        raise DataError(f"claim {position} ({claim_id!r}): {message}", file=shown, row=position, column=field,
                        hint=hint)

    if not isinstance(raw, dict):
        fail("(claim)", "is not a mapping of field -> value")
    for field in REQUIRED:
        if raw.get(field) is None or raw.get(field) == "":
            fail(field, f"missing field {field!r}", f"every claim needs {', '.join(REQUIRED)}")
    unknown = sorted(set(raw) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        fail(unknown[0], f"unknown field {unknown[0]!r}", f"allowed: {', '.join(REQUIRED + OPTIONAL)}")
    for field in ("id", "section", "quote", "column", "model_id", "provider", "note", "language"):
        if raw.get(field) is not None and not isinstance(raw[field], str):
            fail(field, f"{raw[field]!r} is not text", "quote text that YAML would read as a number")
    spec = KINDS.get(raw["kind"])
    if spec is None:
        fail("kind", f"unknown kind {raw['kind']!r}", f"one of {', '.join(KINDS)}")
    if raw["unit"] not in spec.units:
        fail("unit", f"unit {raw['unit']!r} does not fit kind {raw['kind']!r}", f"use {', '.join(sorted(spec.units))}")
    component = raw.get("component") or ("total" if "total" in spec.components else None)
    if component not in spec.components:
        fail("component", f"component {component!r} does not fit kind {raw['kind']!r}",
             f"use {', '.join(sorted(spec.components))}")
    if known is not None and raw.get("model_id") is not None and raw["model_id"] not in known:
        fail("model_id", f"unknown model {raw['model_id']!r}", "use a model_id of data/models.csv")
    inputs = raw.get("inputs") or {}
    if not isinstance(inputs, dict):
        fail("inputs", "is not a mapping of input -> number")
    values = dict.fromkeys(INPUT_COLUMNS, np.nan)
    for key, value in inputs.items():
        if key not in INPUTS:
            fail("inputs", f"unknown input {key!r}", f"allowed: {', '.join(INPUTS)}")
        column, convert = INPUTS[key]
        values[column] = convert(_number(value, fail, f"inputs.{key}"))
    total = values.pop("usd_per_mtok_total", np.nan)
    if not np.isnan(total):  # one stated price for every token
        values["usd_per_mtok_input"] = values["usd_per_mtok_output"] = total
    high = raw.get("stated_high")
    return {
        "file": shown, "seed": header["seed"], "seed_date": str(header["date"]), "seed_title": header["title"],
        "position": position, "claim_id": raw["id"], "section": raw["section"], "column": raw.get("column") or "",
        "language": raw.get("language") or header["language"], "quote": raw["quote"], "kind": raw["kind"],
        "model_id": raw.get("model_id") or "", "provider": raw.get("provider") or "", "component": component,
        "stated_value": _number(raw["stated_value"], fail, "stated_value"),
        "stated_high": np.nan if high is None else _number(high, fail, "stated_high"),
        "unit": raw["unit"], "note": raw.get("note") or "", **values,
    }


def load_claims(path: Path | str, known_models: Iterable[str] | None = None) -> pd.DataFrame:
    """Read one claims file: one row per claim (:data:`CLAIM_COLUMNS`), in file order
    (``position`` = 1-based index of the claim). Input prices are converted to USD per 1M
    tokens. Raises :class:`DataError` naming the file, the claim (``row``) and the field on
    invalid YAML, a missing or malformed field, a duplicate id, or (with ``known_models``) an
    unknown ``model_id``."""
    shown = display_path(Path(path))
    try:
        document = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DataError("file not found", file=shown) from exc
    except yaml.YAMLError as exc:
        raise DataError(f"not valid YAML: {exc}", file=shown) from exc
    if not isinstance(document, dict):
        raise DataError("expected a mapping with " + ", ".join(HEADER_FIELDS), file=shown)
    for field in HEADER_FIELDS:
        if not document.get(field):
            raise DataError(f"missing header field {field!r}", file=shown, column=field)
    if not isinstance(document["claims"], list):
        raise DataError("'claims' must be a list", file=shown, column="claims")
    known = None if known_models is None else set(known_models)
    rows = [_parse_claim(raw, i, document, shown, known) for i, raw in enumerate(document["claims"], start=1)]
    frame = pd.DataFrame(rows, columns=CLAIM_COLUMNS)
    duplicated = frame["claim_id"].duplicated()
    if duplicated.any():
        position = int(frame.loc[duplicated, "position"].iloc[0])
        raise DataError(f"claim {position}: duplicate id {frame.loc[duplicated, 'claim_id'].iloc[0]!r}",
                        file=shown, row=position, column="id")
    return frame


def missing_quotes(claims: pd.DataFrame, seed_texts: Mapping[str, str]) -> list[str]:
    """``seed: claim_id (field)`` of every quote or table column not found verbatim in its seed
    (``seed_texts``: seed file name -> text); empty when all are found."""
    missing = []
    for claim in claims.itertuples():
        text = seed_texts.get(claim.seed, "")
        missing += [f"{claim.seed}: {claim.claim_id} ({field})" for field, value in
                    (("quote", claim.quote), ("column", claim.column)) if value and value not in text]
    return missing


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
    :func:`analysis.costs.monthly_cost` (missing tokens count 0; a missing price gives NaN)."""
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
