"""Price history: monthly catalogue snapshots -> one row per (catalogue key, price), dated.

A price is the triple (input, output, cache-read input), USD per 1M tokens; missing stays NaN
and two NaNs are equal (a cached price that stays unlisted is no change). A key's price runs
from the first snapshot that lists it to the last consecutive snapshot with the same triple
(and the same model_id and provider). For each run:

- ``valid_from``: the date of the run's first snapshot; ``changed_after``: the date of the
  snapshot before it (empty for the first snapshot: the price may be older). The price was set,
  or first listed, some day in (changed_after, valid_from];
- ``valid_to``: the date of the first snapshot that no longer shows it (another price, or the key
  gone); empty while the newest snapshot still shows it;
- ``source_version``/``source_file``: the snapshot of ``valid_from``.

Dated prices of a price book (genai-prices) arrive with their own exact dates and are appended
as they are (:func:`history_table`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

PRICES = ["usd_per_mtok_input", "usd_per_mtok_output", "usd_per_mtok_cached_input"]
#: columns of data/price_history.csv, in order
HISTORY_COLUMNS = ["catalog", "catalog_key", "model_id", "provider", *PRICES, "valid_from", "valid_to",
                   "changed_after", "source_version", "source_file", "source_url"]
#: columns of the snapshots frame given to :func:`price_changes`
SNAPSHOT_COLUMNS = ["source_version", "snapshot_date", "source_file", "source_url"]
_SORT = ["catalog", "catalog_key", "valid_from", "provider", "model_id"]


def _same(a: pd.Series, b: pd.Series) -> np.ndarray:
    """Element-wise equality where NaN equals NaN."""
    return ((a == b) | (a.isna() & b.isna())).to_numpy()


def price_changes(prices: pd.DataFrame, snapshots: pd.DataFrame, catalog: str = "litellm") -> pd.DataFrame:
    """Change rows (:data:`HISTORY_COLUMNS`) from snapshot prices.

    ``prices``: one row per (source_version, catalog_key) with model_id, provider and
    :data:`PRICES` (USD per 1M tokens); ``snapshots``: :data:`SNAPSHOT_COLUMNS`, one row per
    snapshot (ISO ``snapshot_date``), in any order. A snapshot without a key ends the key's run."""
    snapshots = snapshots.sort_values(["snapshot_date", "source_version"], kind="mergesort").reset_index(drop=True)
    position = pd.Series(snapshots.index, index=snapshots["source_version"])
    dates = snapshots["snapshot_date"].astype(str).tolist()
    if prices.empty:
        return pd.DataFrame(columns=HISTORY_COLUMNS)
    frame = prices.assign(_at=prices["source_version"].map(position))
    if frame["_at"].isna().any():
        missing = sorted(set(frame.loc[frame["_at"].isna(), "source_version"]))
        raise ValueError(f"prices of snapshots that are not listed: {missing}")
    frame = frame.sort_values(["catalog_key", "_at"], kind="mergesort").reset_index(drop=True)
    previous = frame.shift(1)
    same_run = ((frame["catalog_key"] == previous["catalog_key"]).to_numpy()
                & (frame["_at"] == previous["_at"] + 1).to_numpy()
                & _same(frame["model_id"], previous["model_id"]) & _same(frame["provider"], previous["provider"]))
    for column in PRICES:
        same_run = same_run & _same(frame[column], previous[column])
    frame["_run"] = np.cumsum(~same_run)
    runs = frame.groupby("_run", sort=False).agg(
        catalog_key=("catalog_key", "first"), model_id=("model_id", "first"), provider=("provider", "first"),
        **{c: (c, "first") for c in PRICES}, _first=("_at", "first"), _last=("_at", "last"))
    first, after = runs["_first"].astype(int), runs["_last"].astype(int) + 1
    runs["valid_from"] = [dates[i] for i in first]
    runs["changed_after"] = [dates[i - 1] if i > 0 else "" for i in first]
    runs["valid_to"] = [dates[i] if i < len(dates) else "" for i in after]
    for column in ("source_version", "source_file", "source_url"):
        runs[column] = snapshots[column].to_numpy()[first.to_numpy()]
    runs["catalog"] = catalog
    return runs[HISTORY_COLUMNS].reset_index(drop=True)


def history_table(*parts: pd.DataFrame) -> pd.DataFrame:
    """The history file's rows: every part (:data:`HISTORY_COLUMNS`) together, sorted by catalog,
    key, valid_from (an empty valid_from, "before the first dated change", first)."""
    frames = [p[HISTORY_COLUMNS] for p in parts if len(p)]
    if not frames:
        return pd.DataFrame(columns=HISTORY_COLUMNS)
    table = pd.concat(frames, ignore_index=True)
    text = [c for c in HISTORY_COLUMNS if c not in PRICES]
    table[text] = table[text].fillna("").astype(str)
    return table.sort_values(_SORT, kind="mergesort").reset_index(drop=True)


def dated_runs(prices: pd.DataFrame) -> pd.DataFrame:
    """Dated prices of one price book -> :data:`HISTORY_COLUMNS` without the source columns: each
    key's prices sorted by ``valid_from`` (empty = in force before the first dated change),
    ``valid_to`` = the next ``valid_from`` of the same key (empty for the last); consecutive equal
    prices are merged into one row (a date that changes only a field the history leaves out), and
    a key left with one undated row (no change in the fields kept) is dropped."""
    frame = prices.assign(_from=prices["valid_from"].fillna("").astype(str))
    frame = frame.sort_values(["catalog_key", "_from"], kind="mergesort").reset_index(drop=True)
    previous = frame.shift(1)
    same = (frame["catalog_key"] == previous["catalog_key"]).to_numpy()
    for column in PRICES:
        same = same & _same(frame[column], previous[column])
    frame = frame[~same].reset_index(drop=True)
    following = frame.shift(-1)
    last = (frame["catalog_key"] != following["catalog_key"]).to_numpy()
    frame["valid_from"] = frame["_from"]
    frame["valid_to"] = np.where(last, "", following["_from"].fillna("").astype(str))
    frame["changed_after"] = ""
    undated = (frame["valid_from"] == "") & (frame["valid_to"] == "")  # one price, no change kept
    return frame[~undated].drop(columns="_from").reset_index(drop=True)
