"""Variants files: many reports (language x workload x model set x catalogue) in one YAML file.

::

    pdf: false                      # optional, default false (HTML only)
    parameters: {seed: 20261123}    # optional notebook parameters for every variant
    workloads:                      # named workloads: monthly token counts
      chat: {monthly_input_tokens: 2_000_000, monthly_output_tokens: 500_000}
    model_sets:                     # named model sets: a list of model ids, or null for all
      all: null
      small: [gpt-6-luna, qwen3.8-flash]
    matrix:                         # every combination (each key a list; catalog optional)
      lang: [en, es, de]
      workload: [chat]
      models: [all, small]
      catalog: [curated]
    variants:                       # and/or single variants; name optional
      - {name: en-litellm, lang: en, workload: chat, models: all, catalog: litellm}

A variant's name (default ``<lang>-<workload>-<models>-<catalog>``) is its output folder.
A relative ``data_dir`` parameter is relative to the variants file's folder.
Each variant has a content hash over everything its report depends on (data, the public
catalogues, the notebook, the code, translations, templates, library versions, its language and
parameters): a batch skips a variant whose hash is the one stamped in its folder by the last
successful build (:mod:`analysis.build.batch`).
"""

from __future__ import annotations

import itertools
import re
import shutil
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from analysis.compute.market import CATALOGS
from analysis.core import cache
from analysis.core.errors import ParameterError
from analysis.core.iorw import read_yaml
from analysis.core.paths import DATA_DIR, LOCALES_DIR, REPORT_NOTEBOOK, TEMPLATES_DIR, display_path, external_dir
from analysis.inputs.parameters import ReportParameters
from analysis.present.i18n import SUPPORTED_LANGUAGES

TOP_KEYS = {"pdf", "parameters", "workloads", "model_sets", "matrix", "variants"}
VARIANT_KEYS = {"name", "lang", "workload", "models", "catalog", "parameters", "pdf"}
MATRIX_KEYS = {"lang", "workload", "models", "catalog"}
WORKLOAD_KEYS = {"monthly_input_tokens", "monthly_output_tokens", "monthly_cached_input_tokens", "monthly_requests"}
NAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}")
#: tools whose version can change a rendered report (the compute libraries are in cache.code_version)
RENDER_LIBRARIES = ("papermill", "nbconvert", "nbformat", "nbclient", "ipykernel", "ipython", "matplotlib", "seaborn",
                    "babel", "pillow", "mistune", "jinja2")
STAMP_NAME = ".variant-key"


@dataclass(frozen=True)
class Variant:
    """One report to render: ``build(lang, parameters, pdf=pdf)`` into ``<output>/<name>/``."""

    name: str
    lang: str
    parameters: dict[str, Any] = field(default_factory=dict)
    pdf: bool = False


def _fail(path: Path, message: str) -> ParameterError:
    return ParameterError(f"{display_path(path)}: {message}")


def _mapping(value: object, what: str, path: Path) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _fail(path, f"{what} must be a mapping, got {type(value).__name__}")
    return value


def _check_keys(found: dict, allowed: set[str], what: str, path: Path) -> None:
    unknown = sorted(str(key) for key in set(found) - allowed)
    if unknown:
        raise _fail(path, f"{what}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}")


def load_variants(path: Path | str) -> list[Variant]:
    """Read a variants file (see the module doc); :class:`ParameterError` naming the file and
    the entry for anything malformed (unknown key, parameter, workload, model set, catalogue or
    language, duplicate name); a missing file or bad YAML is a DataError."""
    path = Path(path)
    raw = _mapping(read_yaml(path), "the file", path)
    _check_keys(raw, TOP_KEYS, "the file", path)
    workloads = _mapping(raw.get("workloads"), "workloads", path)
    for name, workload in workloads.items():
        _check_keys(_mapping(workload, f"workload {name!r}", path), WORKLOAD_KEYS, f"workload {name!r}", path)
    model_sets = _mapping(raw.get("model_sets"), "model_sets", path)
    for name, models in model_sets.items():
        if models is not None and (not isinstance(models, list) or not all(isinstance(m, str) for m in models)):
            raise _fail(path, f"model set {name!r} must be a list of model ids, or null for every curated model")
    common = _mapping(raw.get("parameters"), "parameters", path)
    entries = _matrix(_mapping(raw.get("matrix"), "matrix", path), path)
    listed = raw.get("variants") or []
    if not isinstance(listed, list):
        raise _fail(path, "variants must be a list")
    entries += [_mapping(entry, "each variant", path) for entry in listed]
    if not entries:
        raise _fail(path, "no variant: give a matrix or a list of variants")
    variants = [_variant(entry, workloads, model_sets, common, bool(raw.get("pdf", False)), path) for entry in entries]
    seen: set[str] = set()
    for variant in variants:
        if variant.name in seen:
            raise _fail(path, f"two variants are named {variant.name!r}; give them distinct names")
        seen.add(variant.name)
    return variants


def _matrix(matrix: dict, path: Path) -> list[dict]:
    if not matrix:
        return []
    _check_keys(matrix, MATRIX_KEYS, "matrix", path)
    axes = {key: (value if isinstance(value, list) else [value]) for key, value in matrix.items()}
    keys = [key for key in ("lang", "workload", "models", "catalog") if key in axes]
    return [dict(zip(keys, combo)) for combo in itertools.product(*(axes[k] for k in keys))]


def _variant(entry: dict, workloads: dict, model_sets: dict, common: dict, pdf: bool, path: Path) -> Variant:
    what = f"variant {entry.get('name') or entry!r}"
    _check_keys(entry, VARIANT_KEYS, what, path)
    lang = entry.get("lang", "en")
    if lang not in SUPPORTED_LANGUAGES:
        raise _fail(path, f"{what}: unsupported language {lang!r}; supported: {', '.join(SUPPORTED_LANGUAGES)}")
    parameters = dict(common)
    workload = entry.get("workload")
    if workload is not None:
        if workload not in workloads:
            raise _fail(path, f"{what}: unknown workload {workload!r}; defined: {', '.join(map(str, workloads)) or 'none'}")
        parameters.update(workloads[workload])
    models = entry.get("models")
    if models is not None:
        if models not in model_sets:
            raise _fail(path, f"{what}: unknown model set {models!r}; defined: {', '.join(map(str, model_sets)) or 'none'}")
        parameters["models"] = model_sets[models]
    catalog = entry.get("catalog", "curated")
    if catalog not in ("curated", *CATALOGS):
        raise _fail(path, f"{what}: unknown catalog {catalog!r}; use one of: curated, {', '.join(CATALOGS)}")
    parameters["catalog"] = catalog
    parameters.update(_mapping(entry.get("parameters"), f"{what}: parameters", path))
    _check_parameters(parameters, what, path)
    name = str(entry.get("name") or "-".join(str(part) for part in (lang, workload or "default", models or "all", catalog)))
    if not NAME_PATTERN.fullmatch(name):
        raise _fail(path, f"variant name {name!r}: use lower-case letters, digits, '.', '_' and '-' (a folder name)")
    return Variant(name=name, lang=lang, parameters=parameters, pdf=bool(entry.get("pdf", pdf)))


def _check_parameters(parameters: dict[str, Any], what: str, path: Path) -> None:
    """Names the report notebook declares (values are checked by each variant's build); a
    relative ``data_dir`` becomes absolute, relative to the variants file."""
    declared = set(ReportParameters.analysis_names())
    unknown = sorted(set(parameters) - declared)
    if unknown:
        raise _fail(path, f"{what}: unknown parameter(s) {', '.join(unknown)}; the report notebook declares: "
                          f"{', '.join(sorted(declared))} (give the language with lang:)")
    data_dir = parameters.get("data_dir")
    if isinstance(data_dir, str) and not Path(data_dir).is_absolute():
        parameters["data_dir"] = str((path.resolve().parent / data_dir).resolve())


@lru_cache(maxsize=1)
def render_inputs_digest() -> str:
    """Hash of what every variant reads besides its own data folder and parameters: the
    notebook, the code, translations, templates, public catalogues and library versions
    (computed once a process; :func:`render_inputs_digest.cache_clear` to re-read)."""
    return cache.key_of(cache.code_version(), cache.digest_files([REPORT_NOTEBOOK], REPORT_NOTEBOOK.parent),
                        cache.digest_files([LOCALES_DIR], LOCALES_DIR), cache.digest_files([TEMPLATES_DIR], TEMPLATES_DIR),
                        cache.digest_files([external_dir()], external_dir()), cache.library_versions(RENDER_LIBRARIES))


@lru_cache(maxsize=8)
def _data_digest(folder: str) -> str:
    return cache.digest_files([Path(folder)], Path(folder))


def variant_key(variant: Variant) -> str:
    """Content hash of ``variant``'s inputs (see the module doc): same key, same report. A PDF
    variant's key also says whether xelatex is there (without it the build skips the PDF)."""
    data_dir = str(Path(variant.parameters.get("data_dir") or DATA_DIR).resolve())
    can_pdf = variant.pdf and bool(shutil.which("xelatex") and shutil.which("pandoc"))
    return cache.key_of("variant", variant.lang, variant.parameters, variant.pdf, can_pdf,
                        _data_digest(data_dir), render_inputs_digest())


def clear_digests() -> None:
    """Forget the digests of this process (files may have changed since the last batch)."""
    cache.code_version.cache_clear()
    render_inputs_digest.cache_clear()
    _data_digest.cache_clear()
