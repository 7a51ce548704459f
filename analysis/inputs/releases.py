"""Monthly litellm releases for the price history: the PyPI index, one release per month, the
wheel (downloaded once into a cache, verified against the index's SHA-256) and its price map,
read with :mod:`zipfile` (nothing is installed).

Selection (:func:`monthly_snapshots`): final releases only (no ``dev`` or ``rc``
pre-releases, nothing yanked) with a wheel, from :data:`FIRST_VERSION` on; a release's upload
time is that of its first file. In each calendar month (UTC) the **highest version** uploaded
that month is taken: that is the last upload on the newest release line. The plain last upload
would often be a backport (litellm 1.108.14 was uploaded on 2026-11-20 after 1.110.2; 1.105.7
after 1.106.6), whose older price map would make prices seem to flip back and forth.

Wheel (:func:`pick_wheel`): the one pip downloads for CPython 3.12 on ``manylinux_2_28_x86_64``
(a fixed target, so every machine reads the same file); each release ships one price map
whatever the platform. Every problem raises
:class:`~analysis.core.errors.DataError` naming the package and version: a hash that differs from
the index, a wheel without a price map, a price map that does not parse.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from packaging import tags
from packaging.utils import parse_wheel_filename
from packaging.version import InvalidVersion, Version

from analysis.core.envvars import WHEELS_ENV
from analysis.core.errors import DataError
from analysis.core.paths import REPO_ROOT, display_path
from analysis.core.iorw import sha256_of
from analysis.inputs.importers import litellm_prices

PACKAGE = "litellm"
#: the first release line whose wheel ships the whole price map
FIRST_VERSION = "1.53"
INDEX_URL = "https://pypi.org/pypi/{package}/json"
RELEASE_URL = "https://pypi.org/project/{package}/{version}/"
#: where a wheel keeps its price map (the offline copy of model_prices_and_context_window.json)
PRICE_MAP_MEMBERS = ("litellm/model_prices_and_context_window_backup.json",)
#: the download target's platform (with CPython 3.12): the same wheel on every machine
PLATFORM_TAG = "manylinux_2_28_x86_64"
#: the columns of one snapshot's prices (USD per 1M tokens)
SNAPSHOT_COLUMNS = ["catalog_key", "model_id", "provider", "usd_per_mtok_input", "usd_per_mtok_output",
                    "usd_per_mtok_cached_input"]


@dataclass(frozen=True)
class Release:
    """One release as the index lists it, with the wheel taken from it."""

    package: str
    version: str
    upload_time: str   #: ISO 8601, UTC, of the release's first file
    filename: str      #: the wheel's file name
    url: str           #: the wheel's download URL
    sha256: str        #: the index's digest of the wheel
    size_bytes: int

    @property
    def upload_date(self) -> str:
        """The upload day (ISO date, UTC)."""
        return self.upload_time[:10]

    @property
    def label(self) -> str:
        return f"{self.package} {self.version}"


def wheel_cache_dir() -> Path:
    """Folder of downloaded wheels: ``$LLM_COST_WHEELS_DIR`` or ``build/.wheels/`` of the checkout."""
    override = os.environ.get(WHEELS_ENV)
    return Path(override) if override else REPO_ROOT / "build" / ".wheels"


def fetch_index(package: str = PACKAGE, timeout: float = 60.0) -> dict:
    """PyPI's JSON description of ``package`` (every release, its files, upload times, digests);
    an unreachable registry is a plain :class:`DataError`."""
    url = INDEX_URL.format(package=package)
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - a fixed https URL
            return json.loads(response.read().decode("utf-8"))
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise DataError(f"PyPI is unreachable ({exc})", file=url,
                        hint="check the network, or rebuild offline from the cached index "
                             "(python -m analysis history --offline)") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"the index of {package} is not JSON: {exc}", file=url) from exc


def _target_tags() -> dict:
    """Wheel tags pip accepts for the download target (CPython 3.12 on manylinux x86_64), best first."""
    platforms = [f"manylinux_2_{minor}_x86_64" for minor in range(28, 16, -1)] + ["manylinux2014_x86_64"]
    ordered = [*tags.cpython_tags((3, 12), platforms=platforms), *tags.compatible_tags((3, 12), "cp312", platforms)]
    return {tag: rank for rank, tag in reversed(list(enumerate(ordered)))}


def pick_wheel(files: list[Mapping]) -> Mapping | None:
    """The wheel pip downloads for the target (see the module docstring) among one release's files,
    or None: the one whose best tag ranks first, ties by file name."""
    ranks, best = _target_tags(), []
    for file in files:
        if file.get("packagetype") != "bdist_wheel":
            continue
        rank = min((ranks[t] for t in parse_wheel_filename(file["filename"])[3] if t in ranks), default=None)
        if rank is not None:
            best.append((rank, file["filename"], file))
    return min(best, key=lambda b: b[:2])[2] if best else None


def releases(index: Mapping, package: str = PACKAGE) -> list[Release]:
    """Every final, non-yanked release of the index with a wheel, sorted by upload time."""
    found = []
    for version, files in (index.get("releases") or {}).items():
        try:
            parsed = Version(version)
        except InvalidVersion:
            continue
        if parsed.is_prerelease or not files or any(f.get("yanked") for f in files):
            continue
        wheel = pick_wheel(files)
        if wheel is None:
            continue
        found.append(Release(package, version, min(f["upload_time_iso_8601"] for f in files), wheel["filename"],
                             wheel["url"], wheel["digests"]["sha256"], int(wheel["size"])))
    return sorted(found, key=lambda r: (r.upload_time, Version(r.version)))


def monthly_snapshots(found: list[Release], since: str = FIRST_VERSION) -> list[Release]:
    """One release per calendar month of upload: the highest version uploaded in it (from
    ``since`` on), sorted by upload time."""
    months: dict[str, Release] = {}
    for release in found:
        if Version(release.version) < Version(since):
            continue
        month = release.upload_time[:7]
        if month not in months or Version(release.version) > Version(months[month].version):
            months[month] = release
    return sorted(months.values(), key=lambda r: r.upload_time)


def pip_download(release: Release, folder: Path) -> Path:
    """Download the release's wheel with pip (no dependencies) into ``folder``; its path."""
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
               "--platform", PLATFORM_TAG, "--python-version", "3.12", "--implementation", "cp",
               f"{release.package}=={release.version}", "-d", str(folder)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    path = Path(folder) / release.filename
    if done.returncode != 0:
        raise DataError(f"{release.label}: pip could not download {release.filename}: "
                        f"{(done.stderr or done.stdout).strip()[-500:]}", file=release.url,
                        hint="check the network; PyPI may be unreachable")
    if not path.is_file():
        saved = ", ".join(sorted(p.name for p in Path(folder).iterdir())) or "nothing"
        raise DataError(f"{release.label}: pip saved {saved}, not {release.filename}", file=release.url,
                        hint="the wheel pip picks differs from pick_wheel's; see PLATFORM_TAG")
    return path


def _check_hash(path: Path, release: Release) -> None:
    actual = sha256_of(path)
    if actual != release.sha256:
        raise DataError(f"{release.label}: the wheel's SHA-256 is {actual}, the index says {release.sha256}",
                        file=display_path(path),
                        hint="the file is damaged or not the published one; delete it and run the history again")


def ensure_wheel(release: Release, cache_dir: Path,
                 download: Callable[[Release, Path], Path] | None = pip_download) -> Path:
    """The release's wheel in ``cache_dir``, downloaded once (``download=None``: never) and
    verified against the index's SHA-256 every time it is used."""
    cache_dir = Path(cache_dir)
    path = cache_dir / release.filename
    if not path.is_file():
        if download is None:
            raise DataError(f"{release.label}: {release.filename} is not in the wheel cache",
                            file=display_path(cache_dir), hint="run python -m analysis history once with the network")
        cache_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=cache_dir, prefix=".download-") as staging:
            fetched = download(release, Path(staging))
            _check_hash(fetched, release)
            os.replace(fetched, path)
    _check_hash(path, release)
    return path


def read_price_map(wheel: Path, release: Release) -> tuple[dict, str]:
    """The price map inside a wheel (parsed JSON object) and its member name."""
    try:
        with zipfile.ZipFile(wheel) as archive:
            names = set(archive.namelist())
            member = next((m for m in PRICE_MAP_MEMBERS if m in names), None)
            if member is None:
                raise DataError(f"{release.label}: the wheel has no price map ({', '.join(PRICE_MAP_MEMBERS)})",
                                file=display_path(wheel),
                                hint="this release cannot be a snapshot of the history; see PRICE_MAP_MEMBERS")
            raw = archive.read(member)
    except zipfile.BadZipFile as exc:
        raise DataError(f"{release.label}: not a wheel (zip) file: {exc}", file=display_path(wheel)) from exc
    try:
        data = json.loads(raw.decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"{release.label}: the price map {member} does not parse: {exc}",
                        file=display_path(wheel)) from exc
    if not isinstance(data, dict):
        raise DataError(f"{release.label}: the price map {member} is not a JSON object of model -> entry",
                        file=display_path(wheel))
    return data, member


def snapshot_prices(data: dict, release: Release, member: str, aliases: Mapping[str, str]) -> pd.DataFrame:
    """One snapshot's chat/completion prices with both input and output (USD per 1M tokens), every
    catalogue key (the importer's rules, duplicates kept): :data:`SNAPSHOT_COLUMNS`."""
    shown = f"{release.filename}!{member}"
    try:
        result = litellm_prices(data, shown, dict(aliases), keep_duplicates=True)
    except DataError as exc:
        raise DataError(f"{release.label}: {exc.message}", file=exc.file, row=exc.row, column=exc.column,
                        hint=exc.hint) from exc
    return result.prices[SNAPSHOT_COLUMNS].sort_values("catalog_key").reset_index(drop=True)


def save_index(index: Mapping, cache_dir: Path, package: str = PACKAGE) -> Path:
    """Keep the index beside the wheels, for an offline rebuild."""
    path = Path(cache_dir) / f"{package}-index.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(index, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)
    return path


def load_index(cache_dir: Path, package: str = PACKAGE) -> dict:
    """The index kept by :func:`save_index`."""
    path = Path(cache_dir) / f"{package}-index.json"
    if not path.is_file():
        raise DataError("no cached index", file=display_path(path),
                        hint="run python -m analysis history once with the network")
    return json.loads(path.read_text(encoding="utf-8"))
