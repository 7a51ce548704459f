"""A claude-code-router configuration chosen from the data, and its rationale.

Format (claude-code-router README and ``config.example.json``, github.com/musistudio/claude-code-router):
``{"Providers": [{"name", "api_base_url", "api_key", "models", "transformer"?}], "Router": {...}}``;
each route is the string ``"provider,model"``; ``longContextThreshold`` (tokens) defaults to 60000;
``image`` is the (beta) route for requests with images. ``api_key`` is left empty: fill it in, or
write ``"$ENV_VAR"`` (the router interpolates environment variables).

Candidates are (model, provider) rows with both prices, a provider ``api_base_url`` without
placeholders (``{LOCATION}``...) and a catalogue key (the API's model name: the key without the
catalogue's ``provider/`` prefix). A row's context window is the provider's, else the model's.
Rules (every price is the row's blended 3:1 price, USD per 1M tokens; value = score minus 10
points per tenfold price, :func:`analysis.compute.pareto.value`):

- ``default``: best value on the ``general`` use case;
- ``think``: best value on ``reasoning`` (quality per dollar that does not just pick the cheapest);
- ``background``: the cheapest *adequate* row: general score >= ``adequate_score`` points;
- ``longContext``: best general value among rows whose known context window exceeds
  ``longContextThreshold``;
- ``image``: best value on ``multimodal`` among rows whose model takes image input
  (``models.input_modalities``); if none of them has a multimodal score, best general value.

Context: claude-code-router sends a request above ``longContextThreshold`` tokens to ``longContext``
before any other rule (``getUseModel`` in its ``src/utils/router.ts``), so ``default``, ``think``,
``background`` and ``image`` receive requests of up to the threshold: their row must serve at
least ``max(longContextThreshold, min_context_tokens)`` tokens, or a request between the two would
overflow. Claude Code sends a long system prompt and tool list with every request, so
``min_context_tokens`` defaults to 32,768. Ties: value (or price), then model id, then provider.
"""

from __future__ import annotations

import json
import re
from typing import Mapping

import numpy as np
import pandas as pd

from analysis.compute.costs import blended_usd_per_mtok
from analysis.compute.pareto import POINTS_PER_TENFOLD_PRICE, value
from analysis.core.errors import ParameterError

ROUTES = ["default", "background", "think", "longContext", "image"]
ROUTER_KEYS = {"default", "background", "think", "longContext", "longContextThreshold", "webSearch", "image"}
PROVIDER_KEYS = {"name", "api_base_url", "api_key", "models", "transformer"}
PROVIDER_REQUIRED = {"name", "api_base_url", "api_key", "models"}
TOP_LEVEL_KEYS = {"Providers", "Router", "APIKEY", "PROXY_URL", "LOG", "LOG_LEVEL", "HOST", "PORT",
                  "NON_INTERACTIVE_MODE", "API_TIMEOUT_MS", "CUSTOM_ROUTER_PATH", "transformers"}
DEFAULT_LONG_CONTEXT_THRESHOLD = 60_000
#: built-in transformers of claude-code-router for providers whose API is not plain OpenAI
TRANSFORMERS = {"openrouter": ["openrouter"], "deepseek": ["deepseek"], "gemini": ["gemini"], "groq": ["groq"]}


def api_model_name(row: Mapping) -> str:
    """The model name a provider's API expects: the catalogue key without a leading
    ``<provider>/`` (LiteLLM style); OpenRouter keys are the API ids as they are."""
    key = str(row.get("catalog_key") or "")
    prefix = f"{row['provider']}/"
    return key[len(prefix):] if row.get("catalog") != "openrouter" and key.startswith(prefix) else key


def candidates(prices: pd.DataFrame, models: pd.DataFrame, providers: pd.DataFrame, scores: pd.DataFrame,
               input_parts: float = 3.0, output_parts: float = 1.0,
               points_per_tenfold_price: float = POINTS_PER_TENFOLD_PRICE) -> pd.DataFrame:
    """Routable rows: ``model_id, provider, api_model, api_base_url, usd_per_mtok_blended,
    context_window_tokens, image_input`` and per use case ``score_<case>`` / ``value_<case>``."""
    rows = prices.dropna(subset=["usd_per_mtok_input", "usd_per_mtok_output"]).copy()
    rows["usd_per_mtok_blended"] = blended_usd_per_mtok(rows, input_parts, output_parts)
    rows["api_model"] = [api_model_name(r) for r in rows.to_dict("records")]
    urls = providers.set_index("provider")["api_base_url"].fillna("")
    rows["api_base_url"] = urls.reindex(rows["provider"]).fillna("").to_numpy()
    rows = rows[(rows["api_model"] != "") & rows["api_base_url"].str.match(r"^https?://[^{}\s]+$")]
    facts = models.set_index("model_id")
    model_context = facts["context_window_tokens"].astype("Float64").astype(float)
    rows["context_window_tokens"] = rows["context_window_tokens"].astype("Float64").astype(float).fillna(
        model_context.reindex(rows["model_id"]).set_axis(rows.index))
    rows["image_input"] = facts["input_modalities"].reindex(rows["model_id"]).str.split("+").apply(
        lambda parts: isinstance(parts, list) and "image" in parts).to_numpy()
    wide = scores.pivot(index="model_id", columns="use_case", values="score")
    for case in wide.columns:
        rows[f"score_{case}"] = wide[case].reindex(rows["model_id"]).to_numpy()
        rows[f"value_{case}"] = value(rows[f"score_{case}"], rows["usd_per_mtok_blended"], points_per_tenfold_price)
    columns = ["model_id", "provider", "api_model", "api_base_url", "usd_per_mtok_blended", "context_window_tokens",
               "image_input", *[c for c in rows if c.startswith(("score_", "value_"))]]
    return rows[columns].sort_values(["model_id", "provider"], kind="mergesort").reset_index(drop=True)


def _pick(rows: pd.DataFrame, by: str, best_high: bool) -> pd.Series | None:
    rows = rows.dropna(subset=[by])
    if not len(rows):
        return None
    return rows.sort_values([by, "model_id", "provider"], ascending=[not best_high, True, True],
                            kind="mergesort").iloc[0]


def choose_routes(table: pd.DataFrame, threshold: int = DEFAULT_LONG_CONTEXT_THRESHOLD,
                  min_context_tokens: int = 32_768, adequate_score: float = 70.0) -> pd.DataFrame:
    """Rationale: one row per route with ``route, rule, model_id, provider, api_model, use_case,
    score, usd_per_mtok_blended, context_window_tokens, candidates`` (rows meeting the rule)."""
    def col(name: str) -> pd.Series:
        return table[name] if name in table else pd.Series(np.nan, index=table.index)

    # every route but longContext receives requests of up to the threshold (module docstring)
    usable = table[table["context_window_tokens"] >= max(min_context_tokens, threshold)]
    images = usable[usable["image_input"]]
    image_case = "multimodal" if col("score_multimodal")[images.index].notna().any() else "general"
    plans = {
        "default": ("best_general_value", usable, "general", "value_general", True),
        "think": ("best_reasoning_value", usable, "reasoning", "value_reasoning", True),
        "background": ("cheapest_adequate", usable[col("score_general")[usable.index] >= adequate_score],
                       "general", "usd_per_mtok_blended", False),
        "longContext": ("best_general_value_above_threshold", table[table["context_window_tokens"] > threshold],
                        "general", "value_general", True),
        "image": (f"best_{image_case}_value_image_input", images, image_case, f"value_{image_case}", True),
    }
    records = []
    for route in ROUTES:
        rule, rows, case, by, high = plans[route]
        eligible = rows.dropna(subset=[by]) if by in rows else rows.iloc[:0]
        chosen = _pick(eligible, by, high)
        records.append({"route": route, "rule": rule, "use_case": case, "candidates": len(eligible),
                        **({} if chosen is None else {
                            "model_id": chosen["model_id"], "provider": chosen["provider"],
                            "api_model": chosen["api_model"], "score": chosen.get(f"score_{case}", np.nan),
                            "usd_per_mtok_blended": chosen["usd_per_mtok_blended"],
                            "context_window_tokens": chosen["context_window_tokens"]})})
    columns = ["route", "rule", "model_id", "provider", "api_model", "use_case", "score", "usd_per_mtok_blended",
               "context_window_tokens", "candidates"]
    return pd.DataFrame(records).reindex(columns=columns)


def build_router_config(prices: pd.DataFrame, models: pd.DataFrame, providers: pd.DataFrame, scores: pd.DataFrame,
                        *, threshold: int = DEFAULT_LONG_CONTEXT_THRESHOLD, min_context_tokens: int = 32_768,
                        adequate_score: float = 70.0, input_parts: float = 3.0, output_parts: float = 1.0,
                        points_per_tenfold_price: float = POINTS_PER_TENFOLD_PRICE) -> tuple[dict, pd.DataFrame]:
    """``(config, rationale)``: the claude-code-router config dict (module docstring) and the
    rationale frame of :func:`choose_routes`. Routes without a candidate are left out of the
    config (their rationale row has no model); no ``default`` candidate raises ParameterError.
    ``Providers`` lists the providers the routes use, each with all its routable models."""
    if int(threshold) <= 0:
        raise ParameterError("longContextThreshold must be a positive number of tokens")
    table = candidates(prices, models, providers, scores, input_parts, output_parts, points_per_tenfold_price)
    rationale = choose_routes(table, int(threshold), min_context_tokens, adequate_score)
    chosen = rationale.dropna(subset=["model_id"])
    if "default" not in set(chosen["route"]):
        raise ParameterError("no model qualifies for the default route (needs a general score, a price, "
                             "a provider with an API URL and enough context)")
    used = sorted(set(chosen["provider"]))
    provider_list = []
    for name in used:
        rows = table[table["provider"] == name]
        entry = {"name": name, "api_base_url": rows["api_base_url"].iloc[0], "api_key": "",
                 "models": sorted(dict.fromkeys(rows["api_model"]))}
        if name in TRANSFORMERS:
            entry["transformer"] = {"use": list(TRANSFORMERS[name])}
        provider_list.append(entry)
    router = {r.route: f"{r.provider},{r.api_model}" for r in chosen.itertuples()}
    router = {key: router[key] for key in ROUTES if key in router}
    router["longContextThreshold"] = int(threshold)
    return {"Providers": provider_list, "Router": router}, rationale


def router_json(config: dict) -> str:
    """The config as the ``~/.claude-code-router/config.json`` text (2-space indent, UTF-8)."""
    return json.dumps(config, indent=2, ensure_ascii=False) + "\n"


def validate_router_config(config: object) -> list[str]:
    """Problems of a claude-code-router config, one line each (empty list = valid): the key sets
    of the file, of each provider and of ``Router``; every route names a listed provider and one
    of its models; ``default`` is present; the threshold is a positive integer."""
    if not isinstance(config, dict):
        return ["config must be a JSON object"]
    problems = [f"unknown top-level key {k!r}" for k in sorted(set(config) - TOP_LEVEL_KEYS)]
    listed: dict[str, set[str]] = {}
    providers = config.get("Providers")
    if not isinstance(providers, list) or not providers:
        problems.append("'Providers' must be a non-empty list")
        providers = []
    for i, entry in enumerate(providers):
        if not isinstance(entry, dict):
            problems.append(f"Providers[{i}] must be an object")
            continue
        problems += [f"Providers[{i}] lacks {k!r}" for k in sorted(PROVIDER_REQUIRED - set(entry))]
        problems += [f"Providers[{i}] has unknown key {k!r}" for k in sorted(set(entry) - PROVIDER_KEYS)]
        name, models = entry.get("name"), entry.get("models")
        if not isinstance(name, str) or not name or "," in name:
            problems.append(f"Providers[{i}].name must be a non-empty string without commas")
            continue
        if name in listed:
            problems.append(f"provider {name!r} is listed twice")
        if not isinstance(entry.get("api_base_url"), str) or not re.match(r"^https?://\S+$", entry.get("api_base_url", "")):
            problems.append(f"provider {name!r}: api_base_url must be an http(s) URL")
        if not isinstance(entry.get("api_key", ""), str):
            problems.append(f"provider {name!r}: api_key must be a string")
        if not isinstance(models, list) or not models or not all(isinstance(m, str) and m for m in models):
            problems.append(f"provider {name!r}: models must be a non-empty list of names")
            models = []
        listed[name] = set(models)
    router = config.get("Router")
    if not isinstance(router, dict):
        return problems + ["'Router' must be an object"]
    problems += [f"unknown Router key {k!r}" for k in sorted(set(router) - ROUTER_KEYS)]
    if "default" not in router:
        problems.append("Router lacks 'default'")
    threshold = router.get("longContextThreshold", DEFAULT_LONG_CONTEXT_THRESHOLD)
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold <= 0:
        problems.append("Router.longContextThreshold must be a positive integer (tokens)")
    for key in sorted(set(router) & (ROUTER_KEYS - {"longContextThreshold"})):
        route = router[key]
        provider, _, model = route.partition(",") if isinstance(route, str) else ("", "", "")
        if not provider or not model:
            problems.append(f"Router.{key} must be 'provider,model', got {route!r}")
        elif provider not in listed:
            problems.append(f"Router.{key} names provider {provider!r}, which is not in Providers")
        elif model not in listed[provider]:
            problems.append(f"Router.{key} names model {model!r}, which provider {provider!r} does not list")
    return problems


def router_labels(rationale: pd.DataFrame, model_ids) -> pd.DataFrame:
    """``model_id, labels`` (tuple of route names in :data:`ROUTES` order; empty if none): the
    router column of the model table, derived from the chosen routes."""
    chosen = rationale.dropna(subset=["model_id"])
    labels = {m: tuple(r for r in ROUTES if ((chosen["route"] == r) & (chosen["model_id"] == m)).any())
              for m in model_ids}
    return pd.DataFrame({"model_id": list(labels), "labels": list(labels.values())}).sort_values(
        "model_id", kind="mergesort").reset_index(drop=True)
