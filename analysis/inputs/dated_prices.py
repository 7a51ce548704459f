"""genai-prices' dated price changes (``StartDateConstraint``) as rows for the price history.

For every model whose prices are a list with at least one start date, one row per price in
force: before the first dated change (``valid_from`` empty: the package does not say since
when) and from each start date on. Each price is the package's own answer for that day
(:func:`analysis.inputs.pricebooks.genai_row`: its ``get_prices`` rules, the base tier of long-context
prices, on days with time-of-day prices the one in force for most of the UTC day). USD per 1M
tokens, as the package gives them; only models with both an input and an output price.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

from analysis.inputs.identity import canonical_model_ids
from analysis.inputs.pricebooks import genai_provider_key, genai_row, pricebook_record

CATALOG = "genai-prices"
SOURCE_FILE = "genai_prices/data.py"
SOURCE_URL = "https://pypi.org/project/genai-prices/{version}/"
COLUMNS = ["catalog_key", "model_id", "provider", "usd_per_mtok_input", "usd_per_mtok_output",
           "usd_per_mtok_cached_input", "valid_from"]


def start_dates(model) -> list[dt.date]:
    """The start dates of a genai-prices model's dated prices, sorted (none if it has none)."""
    from genai_prices import types

    conditional = model.prices if isinstance(model.prices, list) else []
    return sorted({c.constraint.start_date for c in conditional
                   if isinstance(c.constraint, types.StartDateConstraint)})


def genai_dated_prices(aliases: Mapping[str, str]) -> tuple[pd.DataFrame, str]:
    """Every dated price of the installed genai-prices (:data:`COLUMNS`) and its version, which
    must be the one of its origin record (data/origins.yaml; else a DataError)."""
    from genai_prices.data import providers

    version = str(pricebook_record(CATALOG)["version"])
    rows = []
    for provider in providers:
        for model in provider.models:
            dates = start_dates(model)
            if not dates:
                continue
            key_provider = genai_provider_key(provider.id, model.id)
            for valid_from, as_of in [("", dates[0] - dt.timedelta(days=1))] + [(d.isoformat(), d) for d in dates]:
                row = genai_row(provider, model, model.id, key_provider, as_of, SOURCE_FILE)
                rows.append({**row, "valid_from": valid_from})
    frame = pd.DataFrame(rows, columns=["raw_id", *COLUMNS[:1], *COLUMNS[2:]])
    frame = frame[(frame["usd_per_mtok_input"] > 0) & (frame["usd_per_mtok_output"] > 0)].copy()
    cached = frame["usd_per_mtok_cached_input"]
    frame["usd_per_mtok_cached_input"] = cached.mask(cached == 0)
    frame["model_id"] = canonical_model_ids(frame["raw_id"], dict(aliases))
    return frame[COLUMNS].reset_index(drop=True), version
