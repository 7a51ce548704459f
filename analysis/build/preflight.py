"""Everything checked before a kernel starts, with a plain message: parameters (names, types,
ranges), the origin record of every dataset the report uses, the translation of every message
and data text the language shows; and where a build with non-default parameters goes.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from pathlib import Path
from typing import Any, Mapping

import numpy as np

from analysis.compute.decision import check_decision_parameters
from analysis.compute.market import CATALOGS
from analysis.compute.report import check_claims_files, select_models
from analysis.core.errors import DataError, ParameterError, TranslationError
from analysis.core.paths import DATA_DIR, LOCALES_DIR, REPO_ROOT, display_path
from analysis.inputs.catalog import ORIGIN_FIELDS, Curated
from analysis.inputs.parameters import DEFAULT_SEED, MAX_TOKENS, TOKEN_PARAMETERS, ReportParameters

#: where builds with other than the default parameters go (``build/<variant>/<lang>/``)
VARIANTS_DIR = REPO_ROOT / "build"
#: external datasets every report reads (the audit prices claims against LiteLLM; Aider's boards
#: give the measured speed), and the ones a catalogue parameter adds
EXTERNAL_DATASETS = ("litellm", "aider_edit", "aider_polyglot")
CATALOG_DATASETS = {"litellm": "litellm", "openrouter": "openrouter"}


def _describe(value: object) -> str:
    if isinstance(value, str):
        return f"the text {value!r}"
    return f"{value!r} ({type(value).__name__})"


def _whole_number(name: str, value: object, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ParameterError(f"parameter {name!r} must be a whole number of tokens, not {_describe(value)}")
    if isinstance(value, (float, np.floating)) and not math.isfinite(value):
        raise ParameterError(f"parameter {name!r} must be a finite whole number, not {value!r}")
    if value > MAX_TOKENS:
        raise ParameterError(f"parameter {name!r} is {value:.3g}, above the sane maximum of 10^15 "
                             f"(a million billion tokens a month)")
    if value < minimum:
        raise ParameterError(f"parameter {name!r} must be at least {minimum}, not {value!r}")
    if isinstance(value, (float, np.floating)) and not float(value).is_integer():
        raise ParameterError(f"parameter {name!r} must be a whole number, not {value!r}")


def check_workload(parameters: Mapping[str, Any]) -> None:
    """Token counts: whole numbers from 0 to 10^15 (``monthly_requests``: None or 1 to 10^15);
    the cached part of the input no larger than the input."""
    defaults = ReportParameters.defaults()
    for name in TOKEN_PARAMETERS:
        _whole_number(name, parameters.get(name, defaults[name]), 0)
    requests = parameters.get("monthly_requests")
    if requests is not None:
        _whole_number("monthly_requests", requests, 1)
    cached = parameters.get("monthly_cached_input_tokens", defaults["monthly_cached_input_tokens"])
    total = parameters.get("monthly_input_tokens", defaults["monthly_input_tokens"])
    if cached > total:
        raise ParameterError(f"parameter 'monthly_cached_input_tokens' ({cached}) is part of the input, so it cannot "
                             f"exceed 'monthly_input_tokens' ({total})")


def check_share(name: str, value: object) -> None:
    """A share of the traffic: a finite number from 0 to 1."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not math.isfinite(value) or not 0 <= value <= 1:
        raise ParameterError(f"parameter {name!r} must be a number from 0 to 1 (a share of the traffic), "
                             f"not {_describe(value)}")


def check_models(models: object, curated: Curated, catalog: str) -> None:
    """``models``: None, or a non-empty list of model ids (known ids, for the curated table)."""
    if models is None:
        return
    if isinstance(models, str) or not isinstance(models, (list, tuple)):
        raise ParameterError(f"parameter 'models' must be a list of model ids, e.g. -p \"models=['gpt-6-luna']\"; "
                             f"got {_describe(models)}")
    bad = [m for m in models if not isinstance(m, str) or not m]
    if bad:
        raise ParameterError(f"parameter 'models' must list model ids as text; got {bad[0]!r}")
    if catalog == "curated":
        select_models(curated.models, list(models))
    elif not models:
        raise ParameterError("parameter 'models' selects no model")


def check_parameters(parameters: Mapping[str, Any], curated: Curated) -> None:
    """Refuse, before a kernel starts, parameter names the notebook does not declare (papermill
    would inject them silently), values of the wrong type or out of range, unknown model ids,
    catalogues and claims files."""
    declared = ReportParameters.names()
    if "lang" in parameters:
        raise ParameterError("give the language with --lang, not as a parameter")
    unknown = sorted(set(parameters) - set(declared))
    if unknown:
        raise ParameterError(f"unknown parameter(s) {', '.join(unknown)}; the report notebook declares: "
                             f"{', '.join(sorted(set(declared) - {'lang'}))}")
    catalog = parameters.get("catalog", "curated")
    if not isinstance(catalog, str) or catalog not in ("curated", *CATALOGS):
        raise ParameterError(f"unknown catalog {catalog!r}; use one of: curated, {', '.join(CATALOGS)}")
    data_dir = parameters.get("data_dir")
    if data_dir is not None and (not isinstance(data_dir, (str, Path)) or not Path(data_dir).is_dir()):
        raise ParameterError(f"parameter 'data_dir' must name a folder; got {_describe(data_dir)}")
    check_workload(parameters)
    check_share("offpeak_share", parameters.get("offpeak_share", 0.0))
    check_models(parameters.get("models"), curated, catalog)
    if "audit_claims_files" in parameters:
        check_claims_files(parameters["audit_claims_files"], data_dir or DATA_DIR)
    check_decision_parameters(parameters.get("weights"), parameters.get("blend_ratio", (3.0, 1.0)),
                              parameters.get("seed", DEFAULT_SEED))


# --- origins ----------------------------------------------------------------------------------
def datasets_used(data_dir: Path, catalog: str = "curated") -> list[str]:
    """Names of the datasets a report reads: every table in the data folder (its file name
    without extension; origins.yaml itself aside) and the external catalogues."""
    local = {p.stem for p in Path(data_dir).iterdir() if p.suffix in (".csv", ".yaml") and p.stem != "origins"}
    external = set(EXTERNAL_DATASETS) | ({CATALOG_DATASETS[catalog]} if catalog in CATALOG_DATASETS else set())
    return sorted(local | external)


def check_origins(origins: Mapping[str, Any], data_dir: Path, catalog: str = "curated") -> None:
    """Every dataset the report uses has an origin record with the required fields (the sources
    appendix lists them; a dataset without one would silently vanish from it)."""
    shown = display_path(Path(data_dir) / "origins.yaml")
    for name in datasets_used(data_dir, catalog):
        record = origins.get(name)
        if not isinstance(record, Mapping):
            raise DataError(f"the report uses the dataset {name!r}, which has no origin record", file=shown,
                            column=name, hint=f"add one with {', '.join(ORIGIN_FIELDS)} (see data/README.md)")
        absent = [f for f in ORIGIN_FIELDS if not record.get(f)]
        if absent:
            raise DataError(f"the origin record of dataset {name!r} lacks {', '.join(absent)}", file=shown,
                            column=name)


# --- translations -----------------------------------------------------------------------------
def check_translations(lang: str, data_dir: Path = DATA_DIR, locales_dir: Path = LOCALES_DIR,
                       shown_lines: int = 12) -> None:
    """Every message of the code and every data text the report shows is translated (not
    fuzzy) in ``lang``; else :class:`TranslationError` naming each msgid and the language. The
    list of problems is kept in the content-hashed cache (key: the language, the data, the
    catalogues, the public catalogues and the code), so an unchanged checkout checks at once."""
    from analysis.core import cache
    from analysis.core.paths import external_dir
    from analysis.present.messages import language_problems

    data_dir, locales_dir = Path(data_dir), Path(locales_dir)
    key = cache.key_of("translations", lang, cache.digest_files([data_dir], data_dir),
                       cache.digest_files([locales_dir], locales_dir), cache.digest_files([external_dir()], external_dir()),
                       cache.code_version())
    problems = cache.cached("translations", key,
                            lambda: language_problems(lang, data_dir=data_dir, locales_dir=locales_dir))
    if problems:
        more = f"\n  ... and {len(problems) - shown_lines} more" if len(problems) > shown_lines else ""
        raise TranslationError(
            f"[{lang}] {len(problems)} translation problem(s); the report would show English or a wrong text:\n  "
            + "\n  ".join(problems[:shown_lines]) + more
            + "\n  run `python -m analysis.present.messages update`, translate the empty entries, then "
              f"`python -m analysis.present.messages check {lang}`")


# --- variants -----------------------------------------------------------------------------------
def _canonical(value: object) -> object:
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (float, np.floating)) and float(value).is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, Path):
        return str(value)
    return value


def changed_parameters(parameters: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters that differ from the defaults (a ``data_dir`` naming data/ is the default),
    in name order."""
    defaults = ReportParameters.defaults()
    changed = {}
    for name in sorted(parameters):
        value = parameters[name]
        if name == "data_dir" and value is not None and Path(value).resolve() == DATA_DIR.resolve():
            continue
        if name in defaults and _canonical(value) == _canonical(defaults[name]):
            continue
        changed[name] = _canonical(value)
    return changed


def _slug(value: object) -> str:
    if isinstance(value, (str, int, float, bool)) or value is None:
        text = re.sub(r"[^a-z0-9.]+", "-", str(value).lower()).strip("-.")
        if text and len(text) <= 24:
            return text
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()[:8]


def variant_name(parameters: Mapping[str, Any]) -> str | None:
    """None for the default report; else a folder name derived from the changed parameters
    (``catalog-litellm``, ``monthly_output_tokens-20000000_models-1a2b3c4d``): the same
    parameters always give the same name."""
    changed = changed_parameters(parameters)
    if not changed:
        return None
    name = "_".join(f"{key}-{_slug(value)}" for key, value in changed.items())
    if len(name) > 80:
        name = "variant-" + hashlib.sha256(json.dumps(changed, sort_keys=True).encode()).hexdigest()[:12]
    return name


def output_dir(parameters: Mapping[str, Any], reports_dir: Path | None, publish: bool,
               published_dir: Path) -> Path:
    """Where a build goes: ``reports_dir`` if given; else ``published_dir`` (``reports/``) for
    the default parameters or with ``publish``, and ``build/<variant>/`` for any other
    parameters. A variant never replaces the published report without ``publish``."""
    variant = variant_name(parameters)
    if reports_dir is not None:
        if variant and not publish and Path(reports_dir).resolve() == Path(published_dir).resolve():
            raise ParameterError(f"parameters {', '.join(changed_parameters(parameters))} differ from the defaults, "
                                 f"so this build would replace the published report in {display_path(published_dir)}; "
                                 f"leave out --reports-dir (it goes to {display_path(VARIANTS_DIR / variant)}) "
                                 f"or pass --publish")
        return Path(reports_dir)
    if variant is None or publish:
        return Path(published_dir)
    return VARIANTS_DIR / variant
