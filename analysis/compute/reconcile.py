"""Reconciliation of the curated prices with every price catalogue: who lists each (model,
provider), where they disagree, which curated figures are verified, and the cheapest verified offer.

Pure compute over DataFrames; prices in USD per 1,000,000 tokens (``usd_per_mtok_*``). The
catalogue frames come from :func:`analysis.inputs.pricebooks.load_catalogues` (any frame with
:data:`analysis.inputs.pricebooks.CANONICAL_COLUMNS` works).

Agreement: two prices ``a`` and ``b`` agree when ``|a - b| <= tolerance * min(a, b)``, i.e. within
:data:`PRICE_AGREEMENT_TOLERANCE` (1%) of the smaller one by default (exactly 1% still agrees; a relative 1e-9 is allowed for float
noise). The verification RULE (issue 8): a curated row is verified iff its ``source_kind`` is
``provider_page`` or at least two independent catalogues (:data:`CATALOGUES`) agree with the
curated figure on both input and output.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis.core.errors import ParameterError
from analysis.inputs.identity import canonical_model_id

#: the independent catalogues the rule counts, in display order
CATALOGUES = ("litellm", "openrouter", "genai-prices", "models-dev")
CURATED = "curated"
PRICE_FIELDS = {"usd_per_mtok_input": "input", "usd_per_mtok_output": "output",
                "usd_per_mtok_cached_input": "cached_input"}
SOURCE_COLUMNS = ["model_id", "provider", "source", *PRICE_FIELDS, "catalog_key", "snapshot_date", "matched_by"]
DISCREPANCY_COLUMNS = ["model_id", "provider", "price_field",
                       "source_a", "usd_per_mtok_a", "snapshot_date_a", "catalog_key_a",
                       "source_b", "usd_per_mtok_b", "snapshot_date_b", "catalog_key_b", "relative_difference"]
VERIFICATION_COLUMNS = ["model_id", "provider", "source_kind", "listed_by", "confirmed_by", "contradicted_by",
                        "n_catalogues_agreeing", "verified_computed", "verified_data", "follows_rule"]
#: how a catalogue row was tied to a curated row, strongest first
MATCHES = ("catalog_key", "model_id", "catalog_key_id")
_FLOAT_SLACK = 1e-9


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    """A text column with missing -> '' (absent column -> all '')."""
    if column not in frame:
        return pd.Series("", index=frame.index, dtype=object)
    return frame[column].astype(object).where(frame[column].notna(), "").astype(str)


def _rank(sources: pd.Series) -> pd.Series:
    """Display order of source names: curated, the catalogues, then any other name alphabetically."""
    order = {name: i for i, name in enumerate((CURATED, *CATALOGUES))}
    others = sorted(set(sources) - set(order))
    order.update({name: len(order) + i for i, name in enumerate(others)})
    return sources.map(order)


#: two prices agree when they differ by at most this fraction of the smaller one (0.01 = 1%)
PRICE_AGREEMENT_TOLERANCE = 0.01


def _check_tolerance(tolerance: float) -> None:
    if not (tolerance >= 0 and np.isfinite(tolerance)):
        raise ParameterError(f"tolerance must be a non-negative fraction (0.01 = 1%), not {tolerance!r}")


def agree(a: pd.Series | float, b: pd.Series | float, tolerance: float = PRICE_AGREEMENT_TOLERANCE):
    """True where ``a`` and ``b`` are within ``tolerance`` of the smaller one; False where either is NaN."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    with np.errstate(invalid="ignore"):
        return np.abs(a - b) <= tolerance * np.minimum(a, b) * (1 + _FLOAT_SLACK)


def price_sources(curated_prices: pd.DataFrame, catalogues: Mapping[str, pd.DataFrame],
                  aliases: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Long table of :data:`SOURCE_COLUMNS`: per curated (model_id, provider), the curated row
    (source ``curated``, ``snapshot_date`` = its ``retrieved``) and one row per catalogue that lists
    that model at that provider. A catalogue row is found, in order, by the curated ``catalog_key``
    when the row was read from that catalogue, by ``model_id``, or by the canonical id of the
    curated ``catalog_key`` (``aliases`` as for :func:`analysis.inputs.identity.canonical_model_id`);
    ``matched_by`` says which. Sorted by model_id, provider, source order."""
    keys = _text(curated_prices, "catalog_key")
    curated = list(zip(curated_prices["model_id"].astype(str), curated_prices["provider"].astype(str),
                       _text(curated_prices, "catalog"), keys,
                       keys.map(lambda k: canonical_model_id(k, aliases) if k else "")))
    rows = [curated_prices.assign(source=CURATED, catalog_key=keys, snapshot_date=_text(curated_prices, "retrieved"),
                                  matched_by=CURATED)
            .reindex(columns=SOURCE_COLUMNS)]
    pair = ["model_id", "provider"]
    for name, frame in catalogues.items():
        frame = frame.sort_values([*pair, "catalog_key"], kind="mergesort")  # the first of a pair/key wins
        ids = list(zip(frame["model_id"].astype(str), frame["provider"].astype(str)))
        by_id, by_key = {}, {}
        for position, (pair_key, key) in enumerate(zip(ids, frame["catalog_key"].astype(str))):
            by_id.setdefault(pair_key, position)
            by_key.setdefault((pair_key[1], key), position)
        found = []  # (model_id, provider, catalogue position, how), strongest match first
        for model_id, provider, catalog, key, key_id in curated:
            tries = ((catalog == name and key != "", by_key, (provider, key)), (True, by_id, (model_id, provider)),
                     (key_id != "", by_id, (key_id, provider)))
            for how, (usable, index, lookup) in zip(MATCHES, tries):
                if usable and lookup in index:
                    found.append((model_id, provider, index[lookup], how))
                    break
        if found:
            model_ids, providers, positions, how = zip(*found)
            rows.append(frame.iloc[list(positions)].assign(model_id=model_ids, provider=providers, source=name,
                                                           matched_by=how).reindex(columns=SOURCE_COLUMNS))
    table = pd.concat([r for r in rows if len(r)] or rows[:1], ignore_index=True)
    table[list(PRICE_FIELDS)] = table[list(PRICE_FIELDS)].astype(float)
    table = table.assign(_rank=_rank(table["source"])).sort_values([*pair, "_rank"], kind="mergesort")
    return table.drop(columns="_rank").reset_index(drop=True)


def discrepancies(sources: pd.DataFrame, tolerance: float = PRICE_AGREEMENT_TOLERANCE) -> pd.DataFrame:
    """Every pair of sources that disagree by more than ``tolerance`` (fraction of the smaller
    value) on one price field of one (model_id, provider): :data:`DISCREPANCY_COLUMNS`, prices in
    USD per 1M tokens, ``price_field`` in ``input`` / ``output`` / ``cached_input``,
    ``relative_difference`` = |a - b| / min(a, b). Source ``a`` comes first in display order
    (curated, litellm, openrouter, genai-prices, models-dev). Sorted by model_id, provider, field,
    source a, source b."""
    _check_tolerance(tolerance)
    long = sources.melt(id_vars=["model_id", "provider", "source", "catalog_key", "snapshot_date"],
                        value_vars=list(PRICE_FIELDS), var_name="price_field", value_name="usd_per_mtok")
    long = long[long["usd_per_mtok"].notna()].assign(price_field=lambda f: f["price_field"].map(PRICE_FIELDS),
                                                     rank=lambda f: _rank(f["source"]))
    pairs = long.merge(long, on=["model_id", "provider", "price_field"], suffixes=("_a", "_b"))
    pairs = pairs[pairs["rank_a"] < pairs["rank_b"]]
    a, b = pairs["usd_per_mtok_a"], pairs["usd_per_mtok_b"]
    pairs = pairs[~agree(a, b, tolerance)].assign(relative_difference=(a - b).abs() / np.minimum(a, b))
    field_order = pairs["price_field"].map({f: i for i, f in enumerate(PRICE_FIELDS.values())})
    pairs = pairs.assign(_field=field_order).sort_values(["model_id", "provider", "_field", "rank_a", "rank_b"],
                                                         kind="mergesort")
    return pairs[DISCREPANCY_COLUMNS].reset_index(drop=True)


def _flags(values: pd.Series) -> pd.Series:
    """A bool-ish column (True/False, 'true'/'false', 1/0) as pandas boolean with NA."""
    text = values.astype(object).where(values.notna(), None).map(lambda v: None if v is None else str(v).strip().lower())
    mapped = text.map({"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False})
    unknown = text.notna() & (text != "") & mapped.isna()
    if unknown.any():
        raise ParameterError(f"'verified' must be true or false, not {values[unknown].iloc[0]!r}")
    return mapped.astype("boolean")


def verification(curated_prices: pd.DataFrame, sources: pd.DataFrame, tolerance: float = PRICE_AGREEMENT_TOLERANCE,
                 catalogues: tuple[str, ...] = CATALOGUES) -> pd.DataFrame:
    """Per curated (model_id, provider), sorted: :data:`VERIFICATION_COLUMNS`. ``listed_by`` /
    ``confirmed_by`` / ``contradicted_by`` are sorted lists of catalogue names: those with an input
    and an output price for the row, those agreeing with the curated figure within ``tolerance``
    on both, and the rest. ``verified_computed`` applies the RULE (module docstring);
    ``verified_data`` is the table's own ``verified`` column (NA where the table has none) and
    ``follows_rule`` whether the two are equal (NA where there is no ``verified``)."""
    _check_tolerance(tolerance)
    pair = ["model_id", "provider"]
    own = sources[sources["source"] == CURATED].drop_duplicates(pair)
    priced = sources[sources["source"].isin(catalogues) & sources["usd_per_mtok_input"].notna()
                     & sources["usd_per_mtok_output"].notna()]
    both = priced.merge(own[[*pair, "usd_per_mtok_input", "usd_per_mtok_output"]], on=pair, suffixes=("", "_curated"))
    has_price = both["usd_per_mtok_input_curated"].notna() & both["usd_per_mtok_output_curated"].notna()
    both = both.assign(agrees=agree(both["usd_per_mtok_input"], both["usd_per_mtok_input_curated"], tolerance)
                       & agree(both["usd_per_mtok_output"], both["usd_per_mtok_output_curated"], tolerance),
                       disagrees=lambda f: has_price & ~f["agrees"])
    both = both.sort_values([*pair, "source"], kind="mergesort")
    names = lambda s: list(s)  # noqa: E731 -- keeps each group's sorted names as one list cell
    grouped = both.groupby(pair, sort=False)
    lists = pd.DataFrame({
        "listed_by": grouped["source"].agg(names),
        "confirmed_by": both[both["agrees"]].groupby(pair, sort=False)["source"].agg(names),
        "contradicted_by": both[both["disagrees"]].groupby(pair, sort=False)["source"].agg(names),
    })
    table = curated_prices[pair].astype(str).merge(lists, left_on=pair, right_index=True, how="left")
    for column in ("listed_by", "confirmed_by", "contradicted_by"):
        table[column] = table[column].map(lambda v: v if isinstance(v, list) else [])
    kind = _text(curated_prices, "source_kind")
    table["source_kind"] = kind.where(kind != "", pd.NA).to_numpy()
    table["n_catalogues_agreeing"] = table["confirmed_by"].map(len).astype(int)
    table["verified_computed"] = (kind.to_numpy() == "provider_page") | (table["n_catalogues_agreeing"] >= 2)
    table["verified_data"] = (_flags(curated_prices["verified"]).to_numpy() if "verified" in curated_prices
                              else pd.array([pd.NA] * len(table), dtype="boolean"))
    table["follows_rule"] = (table["verified_data"] == table["verified_computed"]).astype("boolean")
    return table.sort_values(pair, kind="mergesort")[VERIFICATION_COLUMNS].reset_index(drop=True)


def cheapest_verified(costs: pd.DataFrame, verified: pd.DataFrame, cost_column: str = "usd_total",
                      flag: str = "verified_computed") -> pd.DataFrame:
    """Per model_id (sorted): the cheapest provider overall and among rows whose ``flag`` (a column
    of ``verified``, e.g. :func:`verification`'s) is true, by ``cost_column`` of ``costs`` (e.g. the
    monthly ``usd_total`` of :func:`analysis.compute.costs.monthly_cost`, or a price in USD per 1M; ties:
    verified first, then provider name; NaN costs ignored). Columns: ``cheapest_provider``, ``<cost_column>``,
    ``cheapest_verified_provider``, ``<cost_column>_verified`` (NA/NaN when no verified row has a
    cost), ``cheapest_is_verified`` and ``verified_to_cheapest_ratio`` (verified cost / cheapest).
    On equal cost a verified provider is the cheapest overall, so ``cheapest_is_verified`` is False
    only where the lowest cost is reached by unverified rows alone."""
    pair = ["model_id", "provider"]
    marks = verified[[*pair, flag]].astype({"model_id": str, "provider": str})
    priced = costs[[*pair, cost_column]].astype({"model_id": str, "provider": str}).merge(marks, on=pair, how="left")
    priced = priced.assign(_unverified=~_flags(priced[flag]).fillna(False).astype(bool))
    priced = priced[priced[cost_column].notna()].sort_values(["model_id", cost_column, "_unverified", "provider"],
                                                             kind="mergesort")
    overall = priced.drop_duplicates("model_id").set_index("model_id")
    checked = priced[~priced["_unverified"]].drop_duplicates("model_id").set_index("model_id")
    models = sorted(set(costs["model_id"].astype(str)))
    table = pd.DataFrame({"model_id": models}).set_index("model_id")
    table["cheapest_provider"] = overall["provider"]
    table[cost_column] = overall[cost_column].astype(float)
    table["cheapest_verified_provider"] = checked["provider"]
    table[f"{cost_column}_verified"] = checked[cost_column].astype(float)
    table["cheapest_is_verified"] = (table["cheapest_provider"].notna()
                                     & (table["cheapest_provider"] == table["cheapest_verified_provider"]))
    table["verified_to_cheapest_ratio"] = table[f"{cost_column}_verified"] / table[cost_column]
    return table.reset_index()
