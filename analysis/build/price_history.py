"""``python -m analysis history`` (``make history``): data/price_history.csv from monthly litellm
releases and genai-prices' dated prices, with the snapshots used in data/price_history_sources.csv.

The only command that downloads: the litellm index from PyPI (kept beside the wheels), then each
monthly wheel once into the wheel cache (:func:`analysis.inputs.releases.wheel_cache_dir`), each
verified against the index's SHA-256 every time it is read. ``offline=True`` rebuilds from the
cached index and wheels alone. Both files are written to temporary files and replace the old ones
only at the end, so any error leaves data/ as it was. Numbers are written with at most
:data:`PRICE_DECIMALS` decimals, trailing zeros dropped, so a rebuild gives the same bytes.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.compute.history import HISTORY_COLUMNS, PRICES, dated_runs, history_table, price_changes
from analysis.core.paths import DATA_DIR
from analysis.inputs import releases as snapshots_in
from analysis.inputs.dated_prices import CATALOG as GENAI, SOURCE_FILE as GENAI_FILE, SOURCE_URL as GENAI_URL
from analysis.inputs.dated_prices import genai_dated_prices
from analysis.inputs.identity import load_aliases
from analysis.inputs.units import USD_PER_MTOK_DECIMALS

HISTORY_FILE = "price_history.csv"
SOURCES_FILE = "price_history_sources.csv"
SOURCES_COLUMNS = ["package", "version", "upload_time", "snapshot_date", "wheel", "wheel_sha256", "price_map",
                   "entries", "priced_keys"]
#: decimals written for USD per 1M tokens (the importers' own precision)
PRICE_DECIMALS = USD_PER_MTOK_DECIMALS


@dataclass(frozen=True)
class HistoryResult:
    """What a run wrote: the two tables and where."""

    history: pd.DataFrame
    sources: pd.DataFrame
    paths: tuple[Path, Path]


def format_price(value: float) -> str:
    """USD per 1M tokens as written: at most :data:`PRICE_DECIMALS` decimals, no trailing zeros,
    empty for NaN (``2.0`` -> ``2``, ``0.075`` -> ``0.075``)."""
    if pd.isna(value):
        return ""
    text = f"{round(float(value), PRICE_DECIMALS):.{PRICE_DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_atomically(frames: dict[Path, pd.DataFrame]) -> None:
    """Write every frame to a temporary file beside its target, then replace the targets."""
    staged = []
    try:
        for path, frame in frames.items():
            handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            os.close(handle)
            os.chmod(tmp, 0o666 & ~_umask())  # as a plain open() would (mkstemp makes it 0600)
            staged.append((Path(tmp), path))
            frame.to_csv(tmp, index=False, lineterminator="\n", encoding="utf-8")
        for tmp, path in staged:
            os.replace(tmp, path)
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)


def litellm_history(cache_dir: Path, *, offline: bool = False, fetch: Callable[[], dict] | None = None,
                    download: Callable | None = snapshots_in.pip_download,
                    aliases: dict[str, str] | None = None, progress: Callable[[str], None] = print,
                    ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(change rows, snapshots used) of the monthly litellm releases; ``fetch``: the index
    (default: PyPI, or the cached copy when ``offline``)."""
    aliases = load_aliases() if aliases is None else aliases
    if offline:
        index, download = snapshots_in.load_index(cache_dir), None
    else:
        index = (fetch or snapshots_in.fetch_index)()
        snapshots_in.save_index(index, cache_dir)
    chosen = snapshots_in.monthly_snapshots(snapshots_in.releases(index))
    prices, used = [], []
    for release in chosen:
        wheel = snapshots_in.ensure_wheel(release, cache_dir, download)
        data, member = snapshots_in.read_price_map(wheel, release)
        frame = snapshots_in.snapshot_prices(data, release, member, aliases)
        prices.append(frame.assign(source_version=release.version))
        used.append({"package": release.package, "version": release.version, "upload_time": release.upload_time,
                     "snapshot_date": release.upload_date, "wheel": release.filename,
                     "wheel_sha256": release.sha256, "price_map": member, "entries": len(data),
                     "priced_keys": len(frame)})
        progress(f"{release.label} ({release.upload_date}): {len(frame)} priced keys")
    sources = pd.DataFrame(used, columns=SOURCES_COLUMNS)
    snapshots = pd.DataFrame({
        "source_version": sources["version"], "snapshot_date": sources["snapshot_date"],
        "source_file": sources["wheel"],
        "source_url": [snapshots_in.RELEASE_URL.format(package=p, version=v)
                       for p, v in zip(sources["package"], sources["version"])]})
    long = pd.concat(prices, ignore_index=True) if prices else pd.DataFrame(columns=["source_version"])
    return price_changes(long, snapshots, catalog=snapshots_in.PACKAGE), sources


def genai_history(aliases: dict[str, str]) -> pd.DataFrame:
    """genai-prices' dated prices as change rows, with the installed version as their source."""
    dated, version = genai_dated_prices(aliases)
    return dated_runs(dated).assign(catalog=GENAI, source_version=version, source_file=GENAI_FILE,
                                    source_url=GENAI_URL.format(version=version))[HISTORY_COLUMNS]


def build_history(data_dir: Path = DATA_DIR, cache_dir: Path | None = None, **options) -> HistoryResult:
    """Build and write data/price_history.csv and data/price_history_sources.csv (options: see
    :func:`litellm_history`)."""
    cache_dir = Path(cache_dir) if cache_dir is not None else snapshots_in.wheel_cache_dir()
    aliases = options.pop("aliases", None) or load_aliases()
    changes, sources = litellm_history(cache_dir, aliases=aliases, **options)
    table = history_table(changes, genai_history(aliases))
    written = table.copy()
    for column in PRICES:
        written[column] = written[column].map(format_price)
    paths = (Path(data_dir) / HISTORY_FILE, Path(data_dir) / SOURCES_FILE)
    _write_atomically({paths[0]: written, paths[1]: sources})
    return HistoryResult(table, sources, paths)
