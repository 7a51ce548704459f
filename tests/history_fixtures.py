"""Tiny self-built litellm wheels and a fake PyPI index for the price-history tests (no network)."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

MEMBER = "litellm/model_prices_and_context_window_backup.json"


def make_wheel(folder: Path, version: str, price_map: object | bytes | None, tag: str = "py3-none-any") -> Path:
    """A wheel ``litellm-<version>-<tag>.whl`` holding ``price_map`` (JSON; raw bytes as they are;
    None: no price map at all) and a METADATA file."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"litellm-{version}-{tag}.whl"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"litellm-{version}.dist-info/METADATA", f"Name: litellm\nVersion: {version}\n")
        if price_map is not None:
            raw = price_map if isinstance(price_map, bytes) else json.dumps(price_map).encode("utf-8")
            archive.writestr(MEMBER, raw)
    return path


def index_file(path: Path | None, filename: str, upload_time: str, *, sha256: str | None = None,
               packagetype: str = "bdist_wheel", yanked: bool = False) -> dict:
    """One file of a release as PyPI's JSON lists it."""
    digest = sha256 or hashlib.sha256(path.read_bytes()).hexdigest()
    return {"filename": filename, "packagetype": packagetype, "upload_time_iso_8601": upload_time, "yanked": yanked,
            "url": f"https://files.example/{filename}", "size": path.stat().st_size if path else 0,
            "digests": {"sha256": digest}}


def entry(inp: float | None, out: float | None, cached: float | None = None, mode: str = "chat",
          provider: str = "openai") -> dict:
    """A LiteLLM entry, prices in USD per token."""
    found = {"litellm_provider": provider, "mode": mode}
    for field, value in (("input_cost_per_token", inp), ("output_cost_per_token", out),
                         ("cache_read_input_token_cost", cached)):
        if value is not None:
            found[field] = value
    return found
