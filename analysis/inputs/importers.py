"""Importers of the public price catalogues into the canonical price table.

Sources (../shared/external/README.md): LiteLLM's model cost map (litellm 1.109.1 wheel, SBOM
build time 2026-11-12, so ``retrieved = 2026-11-12``) and OpenRouter's ``/api/v1/models``
(snapshot commit of 2026-05-01, so ``retrieved = 2026-05-01``). Both give USD **per token**
(OpenRouter as decimal strings); the output is USD per 1,000,000 tokens (``usd_per_mtok_*``),
converted once here with :func:`analysis.inputs.units.per_token_to_per_mtok` (``5e-06`` -> ``5.0``) and
checked with :func:`analysis.inputs.units.check_usd_per_mtok`.

``prices``: one row per (``model_id``, ``provider``), chat/completion models only, sorted, with
:data:`PRICE_COLUMNS`. ``provider`` is the LiteLLM route normalised by
:func:`analysis.inputs.identity.canonical_provider`, or ``openrouter``; ``model_id`` comes from
:func:`analysis.inputs.identity.canonical_model_id` (OpenRouter: of ``hugging_face_id`` when given).
When several entries meet in one (model_id, provider) -- Bedrock regions, ``bedrock_converse``,
``:thinking`` variants -- the cheapest (input + output) is kept, ties by the shortest key.

Long-context tiers: LiteLLM bills a whole request at the tier rate once its input exceeds the
threshold (``input_cost_per_token_above_{N}k_tokens``; ``tiered_pricing`` ranges, Dashscope style,
are read the same way, each range start being a threshold). ``prices`` holds the LOWEST tier
(``tier_threshold_tokens`` and ``usd_per_mtok_*_tier``; ``tier_count`` says how many there are);
``tiers`` holds every tier, one row per (model_id, provider, threshold), for
:func:`analysis.compute.costs.monthly_cost` to pick the one a prompt length reaches. A tier rate that
is not listed is NaN (the base rate applies, as in LiteLLM). Batch-API prices are
``usd_per_mtok_input_batch`` / ``usd_per_mtok_output_batch``; OpenRouter has neither tiers nor batch.
Not imported: batch prices of tiers, service tiers (``*_flex``, ``*_priority``), cache writes,
separate reasoning-token prices and non-token units (images, seconds, queries).

Missing is not zero: a 0 secondary price (cached, batch, tier) or a 0 token limit becomes NaN
with a note. Entries that cannot be priced are counted in ``skipped`` with a reason from
:data:`SKIP_REASONS`. Malformed input (invalid JSON, a string where a number belongs, a negative
price) raises :class:`~analysis.core.errors.DataError` naming the file, the entry (``row`` = its
1-based position in the file; the key in the message) and the field.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core.errors import DataError
from analysis.core.iorw import read_json
from analysis.core.paths import display_path
from analysis.inputs.identity import canonical_model_ids, canonical_provider, load_aliases
from analysis.inputs.units import (MAX_PLAUSIBLE_USD_PER_MTOK, MIN_PLAUSIBLE_USD_PER_MTOK, check_usd_per_mtok,
                                   per_token_to_per_mtok)

LITELLM_RETRIEVED = "2026-11-12"
OPENROUTER_RETRIEVED = "2026-05-01"
#: cited for LiteLLM entries without their own ``source`` URL
LITELLM_RELEASE_URL = "https://pypi.org/project/litellm/1.109.1/"
OPENROUTER_MODEL_URL = "https://openrouter.ai/{}"
TEXT_MODES = ("chat", "completion")

BASE_PRICES = ["usd_per_mtok_input", "usd_per_mtok_output"]
TIER_PRICES = ["usd_per_mtok_input_tier", "usd_per_mtok_output_tier", "usd_per_mtok_cached_input_tier"]
SECONDARY_PRICES = ["usd_per_mtok_cached_input", "usd_per_mtok_input_batch", "usd_per_mtok_output_batch"]
PRICE_COLUMNS = [
    "model_id", "provider", "catalog", "catalog_key", *BASE_PRICES, *SECONDARY_PRICES,
    "tier_threshold_tokens", *TIER_PRICES, "tier_count", "context_window_tokens", "max_output_tokens",
    "supports_vision", "supports_reasoning", "source_url", "retrieved", "notes",
]
TIER_COLUMNS = ["model_id", "provider", "catalog_key", "tier_threshold_tokens", *TIER_PRICES]
SKIPPED_COLUMNS = ["catalog", "position", "catalog_key", "reason", "detail"]

SKIP_REASONS = {
    "sample_spec": "LiteLLM's documentation of its fields, not a model",
    "unsupported_mode": "not a chat/completion model (embedding, image, audio, rerank, ...); detail = mode",
    "variable_price": "router priced -1 (variable, depends on the model it routes to)",
    "no_token_price": "no per-token input and output price (priced per second, image, query, ...)",
    "incomplete_token_price": "only one of input/output has a non-zero per-token price",
    "zero_price": "priced 0/0: a placeholder (preview, unknown), not a price",
    "free_variant": "':free' variant priced 0/0: really free but rate-limited; 0 is no USD-per-1M price",
    "implausible_price": "a price outside 0.001-1000 USD per 1M (e.g. a per-1k price in the catalogue)",
    "duplicate": "same (model_id, provider) as a cheaper entry that was kept; detail = kept key",
}

_URL = re.compile(r"https?://[^\s<>\"]+")  # a cited price page (matched whole)
_TIER_KEY = re.compile(r"^input_cost_per_token_above_(\d+)k_tokens$")  # not *_batches, *_priority, ...
_TIER_FIELD = {"input_cost_per_token": "usd_per_mtok_input_tier", "output_cost_per_token": "usd_per_mtok_output_tier",
               "cache_read_input_token_cost": "usd_per_mtok_cached_input_tier"}
_LITELLM_PRICES = {"input_cost_per_token": "usd_per_mtok_input", "output_cost_per_token": "usd_per_mtok_output",
                   "cache_read_input_token_cost": "usd_per_mtok_cached_input",
                   "input_cost_per_token_batches": "usd_per_mtok_input_batch",
                   "output_cost_per_token_batches": "usd_per_mtok_output_batch"}
_OPENROUTER_PRICES = {"prompt": "usd_per_mtok_input", "completion": "usd_per_mtok_output",
                      "input_cache_read": "usd_per_mtok_cached_input"}
_NONE = type(None)


@dataclass(frozen=True)
class ImportResult:
    """A catalogue imported: ``prices`` (:data:`PRICE_COLUMNS`), every long-context ``tiers`` row
    (:data:`TIER_COLUMNS`) and the ``skipped`` entries (:data:`SKIPPED_COLUMNS`)."""

    prices: pd.DataFrame
    skipped: pd.DataFrame
    tiers: pd.DataFrame

    @property
    def skip_counts(self) -> pd.Series:
        """Number of skipped entries by reason (every reason of :data:`SKIP_REASONS`, 0 if none)."""
        counts = self.skipped["reason"].value_counts()
        return counts.reindex(list(SKIP_REASONS), fill_value=0).rename("entries")


def _fail(shown: str, row: int, key: str, field: str, message: str, hint: str | None = None) -> None:
    raise DataError(f"entry {key!r}: {message}", file=shown, row=int(row), column=field, hint=hint)


def _read_json(path: Path) -> tuple[object, str]:
    return read_json(path), display_path(Path(path))


def _first_bad(bad: pd.Series, values: pd.Series, keys: pd.Series, field: str | pd.Series, shown: str,
               message: str, hint: str | None = None, rows: pd.Series | None = None) -> None:
    """Raise for the first True of ``bad``; ``keys``/``field``/``rows`` are looked up by its index
    label (``rows`` default: the label itself is the entry position)."""
    if bad.any():
        label = bad.index[bad.to_numpy().argmax()]
        name = field if isinstance(field, str) else field[label]
        row = label if rows is None else rows[label]
        _fail(shown, row, keys[label], name, message.format(value=values[label]), hint)


def _numbers(values: pd.Series, keys: pd.Series, field: str | pd.Series, shown: str, *, strings: bool,
             rows: pd.Series | None = None) -> pd.Series:
    """JSON numbers (or decimal strings if ``strings``) -> float; NaN where absent. DataError on any
    other type (a bool, a list, a non-numeric or -- unless ``strings`` -- any string) or NaN/inf."""
    present = values[values.notna()]
    allowed = (int, float, str) if strings else (int, float)
    where = {"keys": keys, "field": field, "shown": shown, "rows": rows}
    _first_bad(~present.map(type).isin(allowed), present, message="{value!r} is not a number",
               hint="prices are JSON numbers in USD per token, e.g. 2.5e-06", **where)
    parsed = pd.to_numeric(present, errors="coerce").astype(float)
    _first_bad(~np.isfinite(parsed), present, message="{value!r} is not a number", **where)
    return parsed.reindex(values.index)


def _usd_per_mtok(values: pd.Series, keys: pd.Series, field: str | pd.Series, shown: str, *,
                  strings: bool = False, rows: pd.Series | None = None) -> pd.Series:
    """Per-token prices -> USD per 1M tokens (float, NaN where absent); negative -> DataError."""
    parsed = _numbers(values, keys, field, shown, strings=strings, rows=rows)
    _first_bad(parsed < 0, values, keys, field, shown, "negative price {value!r}",
               "prices cannot be negative; leave the field out if the price is unknown", rows)
    present = parsed.notna().to_numpy()
    out = np.full(len(values), np.nan)
    out[present] = _per_mtok(values.to_numpy()[present])
    return pd.Series(out, index=values.index)


def _per_mtok(values: np.ndarray) -> list[float]:
    """:func:`per_token_to_per_mtok` of each value (USD per token -> per 1M), each distinct text
    converted once: the conversion reads ``str(value)``, so equal texts give equal results."""
    done: dict[str, float] = {}
    out = []
    for value in values:
        text = str(value)
        if text not in done:
            done[text] = per_token_to_per_mtok(value)
        out.append(done[text])
    return out


def _tokens(values: pd.Series, keys: pd.Series, field: str, shown: str) -> pd.Series:
    """Token counts -> Int64 (NA where absent or 0); DataError on a non-integer or a negative."""
    parsed = _numbers(values, keys, field, shown, strings=False)
    _first_bad(parsed.notna() & ((parsed < 0) | (parsed % 1 != 0)), values, keys, field, shown,
               "{value!r} is not a token count")
    return parsed.where(parsed > 0).astype("Int64")


def _flags(values: pd.Series, keys: pd.Series, field: str, shown: str) -> pd.Series:
    """Booleans; an absent flag is False (LiteLLM: key absent = unknown/false)."""
    _first_bad(~values.map(type).isin((bool, _NONE)), values, keys, field, shown, "{value!r} is not true/false")
    return values.map(lambda v: v is True).astype(bool)


def _note(notes: pd.Series, mask: pd.Series | np.ndarray, text: str) -> pd.Series:
    """``notes`` with ``text`` appended (``"; "``-joined) where ``mask``; unchanged if none is."""
    if not mask.any():
        return notes
    return notes.where(~mask, notes + np.where(notes == "", "", "; ") + text)


def _skipped(frame: pd.DataFrame, reason: str, detail: pd.Series | str = "") -> pd.DataFrame:
    return pd.DataFrame({"position": frame.index, "catalog_key": frame["catalog_key"].to_numpy(),
                         "reason": reason, "detail": detail if isinstance(detail, str) else detail.to_numpy()})


def _column(entries: pd.Series, field: str) -> pd.Series:
    """One field of every entry, as objects (None where absent; no dtype inference)."""
    return pd.Series([entry.get(field) for entry in entries.tolist()], index=entries.index, dtype=object)


def _classify(frame: pd.DataFrame) -> pd.Series:
    """Skip reason of each row from its prices (None = keep)."""
    inp, out = frame["usd_per_mtok_input"], frame["usd_per_mtok_output"]
    prices = frame[[*BASE_PRICES, *SECONDARY_PRICES]]
    free = frame["catalog_key"].str.endswith(":free")
    reason = pd.Series(None, index=frame.index, dtype=object)
    rules = [
        ("implausible_price", ((prices > MAX_PLAUSIBLE_USD_PER_MTOK) | (prices < MIN_PLAUSIBLE_USD_PER_MTOK)
                               & (prices > 0)).any(axis=1)),
        ("free_variant", (inp == 0) & (out == 0) & free),
        ("zero_price", (inp == 0) & (out == 0)),
        ("no_token_price", inp.isna() & out.isna()),
        ("incomplete_token_price", ~((inp > 0) & (out > 0))),
    ]
    for name, mask in reversed(rules):  # the first rule that holds wins
        reason[mask] = name
    return reason


def _finish(frame: pd.DataFrame, tiers: pd.DataFrame, skipped: list[pd.DataFrame], *, catalog: str,
            retrieved: str, shown: str, aliases: dict[str, str] | None, keep_duplicates: bool = False) -> ImportResult:
    """Shared tail: zeros, skip reasons, identity, dedup (unless ``keep_duplicates``), lowest tier,
    unit guard, ordering."""
    notes = frame["notes"]
    for column in SECONDARY_PRICES:
        zero = frame[column] == 0
        notes = _note(notes, zero, f"{column} listed as 0: treated as not listed")
        frame[column] = frame[column].mask(zero)
    zero_tier = tiers["usd_per_mtok_input_tier"] == 0
    notes = _note(notes, frame.index.isin(tiers.loc[zero_tier, "position"]), "a long-context tier listed as 0: ignored")
    tiers = tiers[~zero_tier].sort_values(["position", "tier_threshold_tokens"], kind="mergesort")
    for column in TIER_PRICES[1:]:
        tiers[column] = tiers[column].mask(tiers[column] == 0)
    lowest = tiers.drop_duplicates("position").set_index("position")
    frame = frame.assign(notes=notes, tier_threshold_tokens=lowest["tier_threshold_tokens"],
                         **{c: lowest[c] for c in TIER_PRICES},
                         tier_count=tiers.groupby("position").size())
    frame["tier_count"] = frame["tier_count"].fillna(0).astype("Int64")
    frame["tier_threshold_tokens"] = frame["tier_threshold_tokens"].astype("Int64")
    tier_prices = tiers[TIER_PRICES]
    bad_tier = ((tier_prices > MAX_PLAUSIBLE_USD_PER_MTOK) | (tier_prices < MIN_PLAUSIBLE_USD_PER_MTOK)
                & (tier_prices > 0)).any(axis=1)
    reason = _classify(frame)
    reason[frame.index.isin(tiers.loc[bad_tier, "position"])] = "implausible_price"
    skipped.extend(_skipped(frame[reason == name], name) for name in SKIP_REASONS if (reason == name).any())
    frame = frame[reason.isna()].copy()

    frame["model_id"] = canonical_model_ids(frame["raw_id"], load_aliases() if aliases is None else aliases)
    frame["catalog"], frame["retrieved"] = catalog, retrieved
    frame["_rank"] = frame["usd_per_mtok_input"] + frame["usd_per_mtok_output"]
    frame["_length"] = frame["catalog_key"].str.len()
    frame = frame.sort_values(["model_id", "provider", "_rank", "_length", "catalog_key"], kind="mergesort")
    duplicate = frame.duplicated(["model_id", "provider"]) & (not keep_duplicates)
    kept_key = frame.groupby(["model_id", "provider"], sort=False)["catalog_key"].transform("first")
    skipped.append(_skipped(frame[duplicate], "duplicate", "kept " + kept_key[duplicate]))
    frame = frame[~duplicate]

    check_usd_per_mtok(frame, file=shown, row_numbers=pd.Series(frame.index, index=frame.index))
    tiers = tiers.merge(frame[["model_id", "provider", "catalog_key"]], left_on="position", right_index=True)
    check_usd_per_mtok(tiers, file=shown, row_numbers=tiers["position"])
    skipped_frame = pd.concat(skipped, ignore_index=True).assign(catalog=catalog)
    text = ["model_id", "provider", "catalog", "catalog_key", "source_url", "retrieved", "notes"]
    return ImportResult(
        prices=frame[PRICE_COLUMNS].astype({c: str for c in text}).reset_index(drop=True),
        skipped=skipped_frame[SKIPPED_COLUMNS].sort_values("position", kind="mergesort").reset_index(drop=True),
        tiers=tiers.sort_values(["model_id", "provider", "tier_threshold_tokens"], kind="mergesort")[TIER_COLUMNS]
        .reset_index(drop=True),
    )


def _tier_prices(rows: list[tuple], keys: pd.Series, shown: str) -> pd.DataFrame:
    """``rows`` of (position, threshold, 3 field names, 3 per-token values) -> tier prices per 1M."""
    long = pd.DataFrame(rows, columns=["position", "tier_threshold_tokens", "f0", "f1", "f2", "v0", "v1", "v2"],
                        dtype=object)
    long_keys = long["position"].map(keys)
    prices = {column: _usd_per_mtok(long[f"v{i}"], long_keys, long[f"f{i}"], shown,
                                    rows=long["position"]) for i, column in enumerate(TIER_PRICES)}
    return pd.DataFrame({"position": long["position"].astype(int),
                         "tier_threshold_tokens": long["tier_threshold_tokens"].astype(int), **prices})


def _litellm_tiers(frame: pd.DataFrame, entries: pd.Series, shown: str) -> pd.DataFrame:
    """Every tier: ``*_above_{N}k_tokens`` keys and ``tiered_pricing`` ranges. A range starting at
    0 is the base price: it fills a base price the entry does not list (``frame``, in place)."""
    keys, tiers, bases = frame["catalog_key"], [], []
    names = {f for f in set().union(*entries.tolist()) if f.startswith("input_cost_per_token_above_")}
    thresholds = {f: int(m.group(1)) * 1000 for f in names if (m := _TIER_KEY.match(f))}
    for position, entry in entries.items():
        for name, threshold in thresholds.items():
            if name in entry:
                fields = [name.replace("input_cost_per_token", base, 1) for base in _TIER_FIELD]
                tiers.append((position, threshold, *fields, *(entry.get(f) for f in fields)))
        table = entry.get("tiered_pricing")
        if table is None:
            continue
        if not isinstance(table, list) or not all(isinstance(t, dict) for t in table):
            _fail(shown, position, keys[position], "tiered_pricing", "expected a list of objects")
        for j, tier in enumerate(table):
            span = tier.get("range")
            if not (isinstance(span, list) and len(span) == 2 and all(type(x) in (int, float) for x in span)):
                _fail(shown, position, keys[position], f"tiered_pricing[{j}].range", f"{span!r} is not [start, end]")
            fields = [f"tiered_pricing[{j}].{base}" for base in _TIER_FIELD]
            row = (position, int(span[0]), *fields, *(tier.get(base) for base in _TIER_FIELD))
            (tiers if span[0] > 0 else bases).append(row)
    base = _tier_prices(bases, keys, shown).set_index("position")
    for column, tier_column in zip(["usd_per_mtok_input", "usd_per_mtok_output", "usd_per_mtok_cached_input"],
                                   TIER_PRICES):
        frame[column] = frame[column].fillna(base[tier_column])
    return _tier_prices(tiers, keys, shown)


def load_litellm(path: Path, aliases: dict[str, str] | None = None, *, retrieved: str = LITELLM_RETRIEVED,
                 release_url: str = LITELLM_RELEASE_URL) -> ImportResult:
    """Import LiteLLM's ``model_prices_and_context_window.json`` (USD per token) as USD per 1M.

    ``aliases``: raw id -> model_id (default: ``data/model_aliases.csv``); ``retrieved``: the map's
    data date; ``release_url``: cited for entries without a source (both default to 1.109.1's)."""
    return litellm_prices(*_read_json(path), aliases, retrieved=retrieved, release_url=release_url)


def litellm_prices(data: object, shown: str, aliases: dict[str, str] | None = None, *, keep_duplicates: bool = False,
                   retrieved: str = LITELLM_RETRIEVED, release_url: str = LITELLM_RELEASE_URL) -> ImportResult:
    """:func:`load_litellm` of a parsed map (``shown``: its name); ``keep_duplicates``: every key."""
    if not isinstance(data, dict):
        raise DataError("expected a JSON object of model name -> entry", file=shown)
    index = pd.RangeIndex(1, len(data) + 1)
    keys = pd.Series(list(data), index=index, dtype=object)
    entries = pd.Series(list(data.values()), index=index, dtype=object)
    _first_bad(~entries.map(lambda e: isinstance(e, dict)), entries, keys, "(entry)", shown, "is not a JSON object")
    mode = _column(entries, "mode")
    sample = keys == "sample_spec"
    other_mode = ~sample & ~mode.isin(TEXT_MODES)
    skipped = [_skipped(pd.DataFrame({"catalog_key": keys[sample]}), "sample_spec"),
               _skipped(pd.DataFrame({"catalog_key": keys[other_mode]}), "unsupported_mode",
                        mode[other_mode].map(lambda m: str(m) if m is not None else "(no mode)"))]
    entries, keys = entries[~sample & ~other_mode], keys[~sample & ~other_mode]
    column = {f: _column(entries, f) for f in ("litellm_provider", "source", "max_input_tokens", "max_output_tokens",
                                               "supports_vision", "supports_reasoning", *_LITELLM_PRICES)}
    provider = column["litellm_provider"]
    _first_bad(~provider.map(lambda p: isinstance(p, str) and p != ""), provider, keys, "litellm_provider", shown,
               "{value!r} is not a provider name")
    source = column["source"]
    cited = source.map(lambda s: isinstance(s, str) and _URL.fullmatch(s) is not None)
    frame = pd.DataFrame({
        "catalog_key": keys, "raw_id": keys, "provider": provider.map({p: canonical_provider(p) for p in set(provider)}),
        **{target: _usd_per_mtok(column[field], keys, field, shown) for field, target in _LITELLM_PRICES.items()},
        "context_window_tokens": _tokens(column["max_input_tokens"], keys, "max_input_tokens", shown),
        "max_output_tokens": _tokens(column["max_output_tokens"], keys, "max_output_tokens", shown),
        **{flag: _flags(column[flag], keys, flag, shown) for flag in ("supports_vision", "supports_reasoning")},
        "source_url": source.where(cited, release_url),
        "notes": np.where(cited, "", "entry cites no price page: source is the LiteLLM release"),
    })
    tiers = _litellm_tiers(frame, entries, shown)
    for field, target in (("max_input_tokens", "context_window_tokens"), ("max_output_tokens", "max_output_tokens")):
        frame["notes"] = _note(frame["notes"], column[field].isin([0]) & frame[target].isna(), f"{field} listed as 0")
    return _finish(frame, tiers, skipped, catalog="litellm", retrieved=retrieved, shown=shown, aliases=aliases,
                   keep_duplicates=keep_duplicates)


def load_openrouter(path: Path, aliases: dict[str, str] | None = None) -> ImportResult:
    """Import a snapshot of OpenRouter's ``/api/v1/models`` (the ``data`` array; USD per token as
    strings) as USD per 1M; provider ``openrouter``, ``source_url`` = the model's page."""
    data, shown = _read_json(path)
    if isinstance(data, dict) and isinstance(data.get("data"), list):
        data = data["data"]  # the API's own wrapper
    if not isinstance(data, list):
        raise DataError("expected a JSON array of models (the API's 'data')", file=shown)
    index = pd.RangeIndex(1, len(data) + 1)
    entries = pd.Series(data, index=index, dtype=object)
    keys = pd.Series([e.get("id") if isinstance(e, dict) else None for e in data], index=index, dtype=object)
    _first_bad(~keys.map(lambda k: isinstance(k, str) and k != ""), entries, keys.astype(str), "id", shown,
               "model without an 'id'")
    pricing = _column(entries, "pricing")
    _first_bad(~pricing.map(lambda p: isinstance(p, dict)), pricing, keys, "pricing", shown,
               "{value!r} is not an object")
    raw = {f: _column(pricing, f) for f in _OPENROUTER_PRICES}
    architecture = pd.Series([e.get("architecture") or {} for e in entries], index=index, dtype=object)
    text_out = architecture.map(lambda a: "text" in (a.get("output_modalities") or ["text"]))
    variable = raw["prompt"].isin(["-1", -1]) | raw["completion"].isin(["-1", -1])
    skipped = [_skipped(pd.DataFrame({"catalog_key": keys[~text_out]}), "unsupported_mode",
                        architecture[~text_out].map(lambda a: str(a.get("modality")))),
               _skipped(pd.DataFrame({"catalog_key": keys[text_out & variable]}), "variable_price")]
    keep = text_out & ~variable
    entries, keys = entries[keep], keys[keep]
    hf_id = entries.map(lambda e: e.get("hugging_face_id") or "")
    frame = pd.DataFrame({
        "catalog_key": keys, "raw_id": hf_id.where(hf_id.map(lambda h: isinstance(h, str) and h != ""), keys),
        "provider": "openrouter",
        **{target: _usd_per_mtok(raw[field][keep], keys, f"pricing.{field}", shown, strings=True)
           for field, target in _OPENROUTER_PRICES.items()},
        "usd_per_mtok_input_batch": np.nan, "usd_per_mtok_output_batch": np.nan,
        "context_window_tokens": _tokens(_column(entries, "context_length"), keys, "context_length", shown),
        "max_output_tokens": _tokens(_column(_column(entries, "top_provider").map(lambda t: t or {}),
                                             "max_completion_tokens"), keys,
                                     "top_provider.max_completion_tokens", shown),
        "supports_vision": architecture[keep].map(lambda a: "image" in (a.get("input_modalities") or [])).astype(bool),
        "supports_reasoning": entries.map(lambda e: "reasoning" in (e.get("supported_parameters") or [])).astype(bool),
        "source_url": keys.map(OPENROUTER_MODEL_URL.format), "notes": "",
    })
    return _finish(frame, _tier_prices([], keys, shown), skipped, catalog="openrouter",
                   retrieved=OPENROUTER_RETRIEVED, shown=shown, aliases=aliases)
