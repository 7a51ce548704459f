"""The GPU set-ups for self-hosting (``data/gpu_hosting.csv``), read and validated: rental price
(USD per GPU-hour), GPU memory (GB), the reference model's size (billion parameters) and its
measured output throughput (tokens per second per replica), each with its source. The
self-hosting arithmetic is in :mod:`analysis.compute.sensitivity`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core.errors import DataError
from analysis.core.paths import DATA_DIR, display_path

GPU_HOSTING_FILE = DATA_DIR / "gpu_hosting.csv"
GPU_NUMBERS = ["gpu_memory_gb", "usd_per_gpu_hour", "reference_parameters_billion", "gpus_per_replica",
               "output_tokens_per_second_per_replica"]
GPU_TEXT = ["setup_id", "gpu", "cloud", "source_url", "retrieved", "reference_model", "throughput_source_url",
            "throughput_retrieved"]


def load_gpu_hosting(path: Path = GPU_HOSTING_FILE) -> pd.DataFrame:
    """``data/gpu_hosting.csv``, checked: numbers positive, URLs http(s), dates ISO."""
    shown = display_path(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError as exc:
        raise DataError("file not found", file=shown) from exc
    missing = [c for c in GPU_NUMBERS + GPU_TEXT if c not in frame]
    if missing:
        raise DataError(f"missing column(s) {', '.join(missing)}", file=shown, column=missing[0])
    for column in GPU_NUMBERS:
        values = pd.to_numeric(frame[column], errors="coerce")
        bad = ~(values > 0)
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise DataError(f"expected a positive number, got {frame[column].iloc[row]!r}", file=shown,
                            row=row + 1, column=column)
        frame[column] = values.astype(float)
    for column in ("source_url", "throughput_source_url"):
        bad = ~frame[column].str.match(r"^https?://\S+$")
        if bad.any():
            raise DataError("expected an http(s) URL", file=shown, row=int(np.flatnonzero(bad)[0]) + 1, column=column)
    for column in ("retrieved", "throughput_retrieved"):
        bad = ~frame[column].str.match(r"^\d{4}-\d{2}-\d{2}$")
        if bad.any():
            raise DataError("expected an ISO date (YYYY-MM-DD)", file=shown, row=int(np.flatnonzero(bad)[0]) + 1,
                            column=column)
    if frame["setup_id"].duplicated().any():
        raise DataError("duplicate setup_id", file=shown, column="setup_id")
    return frame.sort_values("setup_id", kind="mergesort").reset_index(drop=True)
