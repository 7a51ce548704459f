"""Unit conversion and the unit guard, done once, at the edge.

Catalogues give USD per token; the project works in USD per 1,000,000 tokens
(``usd_per_mtok_*``). ``per_token_to_per_mtok`` converts through ``decimal`` so that
``5e-06`` becomes exactly ``5.0`` (no ``4.999999999``).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import numpy as np
import pandas as pd

from analysis.core.errors import DataError

#: a usd_per_mtok value below this is almost surely a per-token price put in a per-1M column
MIN_PLAUSIBLE_USD_PER_MTOK = 0.001
#: a usd_per_mtok value above this is almost surely a per-1k or per-request price
MAX_PLAUSIBLE_USD_PER_MTOK = 1000.0

#: decimal places kept for USD per 1M tokens (1e-9 USD per 1M = 1e-15 USD per token)
USD_PER_MTOK_DECIMALS = 9


def per_token_to_per_mtok(value: float | str) -> float:
    """USD per token (float or decimal string) -> USD per 1M tokens, without float noise."""
    try:
        scaled = Decimal(str(value)) * 1_000_000
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {value!r}") from exc
    return float(round(scaled, USD_PER_MTOK_DECIMALS))


def price_columns(frame: pd.DataFrame) -> list[str]:
    """The ``usd_per_mtok_*`` columns of a frame."""
    return [c for c in frame.columns if c.startswith("usd_per_mtok")]


def check_usd_per_mtok(frame: pd.DataFrame, *, file: str, row_numbers: pd.Series | None = None) -> None:
    """Raise :class:`DataError` on the first implausible ``usd_per_mtok_*`` value.

    NaN (missing) is allowed; a negative, zero, per-token-sized (< 0.001) or per-1k-sized
    (> 1000) value is not. ``row_numbers`` maps the frame's index to the 1-based row shown
    in the message (default: position + 1).
    """
    rows = row_numbers if row_numbers is not None else pd.Series(np.arange(1, len(frame) + 1), index=frame.index)
    for column in price_columns(frame):
        values = pd.to_numeric(frame[column], errors="coerce").astype(float)
        bad = values.notna() & (
            (values < MIN_PLAUSIBLE_USD_PER_MTOK) | (values > MAX_PLAUSIBLE_USD_PER_MTOK) | ~np.isfinite(values)
        )
        if not bad.any():
            continue
        index = bad[bad].index[0]
        value = values[index]
        if value < 0:
            hint = "prices cannot be negative; leave the cell empty if the price is unknown"
        elif value == 0:
            hint = ("0 is a catalogue placeholder, not a price; leave the cell empty (missing) "
                    "and say why in notes")
        elif value < MIN_PLAUSIBLE_USD_PER_MTOK:
            hint = (f"this looks like a USD-per-token price; multiply by 1,000,000 "
                    f"({value!r} per token = {per_token_to_per_mtok(value)} per 1M tokens)")
        else:
            hint = "this looks like a per-1k-token or per-request price; the column is USD per 1M tokens"
        raise DataError(
            f"implausible price {value!r} USD per 1M tokens "
            f"(plausible: {MIN_PLAUSIBLE_USD_PER_MTOK} to {MAX_PLAUSIBLE_USD_PER_MTOK})",
            file=file, row=int(rows[index]), column=column, hint=hint,
        )
