"""claude-code-router config: the documented key set, the routing rules, validation and labels."""

import json

import pandas as pd
import pytest

from analysis.compute.router import (PROVIDER_REQUIRED, ROUTER_KEYS, api_model_name, build_router_config, router_json,
                                     router_labels, validate_router_config)
from analysis.core.errors import ParameterError

MODELS = pd.DataFrame({
    "model_id": ["g", "r", "v", "s"],
    "context_window_tokens": pd.array([131_072, 65_536, 131_072, 16_000], dtype="Int64"),
    "input_modalities": ["text", "text", "text+image", "text"],
})
PROVIDERS = pd.DataFrame({
    "provider": ["openrouter", "deepseek", "noapi", "tmpl"],
    "display_name": ["OpenRouter", "DeepSeek", "No API", "Templated"],
    "api_base_url": ["https://openrouter.ai/api/v1/chat/completions", "https://api.deepseek.com/chat/completions", "",
                     "https://{RESOURCE}.example.com/v1/chat/completions"],
})
PRICES = pd.DataFrame({
    "model_id": ["g", "g", "g", "r", "v", "s"],
    "provider": ["openrouter", "noapi", "tmpl", "deepseek", "openrouter", "openrouter"],
    "usd_per_mtok_input": [0.2, 0.1, 0.1, 1.0, 0.5, 0.05],
    "usd_per_mtok_output": [0.2, 0.1, 0.1, 1.0, 0.5, 0.05],
    "context_window_tokens": pd.array([131_072, 131_072, 131_072, 65_536, 131_072, 16_000], dtype="Int64"),
    "catalog": ["openrouter", "litellm", "litellm", "litellm", "openrouter", "openrouter"],
    "catalog_key": ["vendor/g", "noapi/g", "tmpl/g", "deepseek/r-model", "vendor/v", "vendor/s"],
})
SCORES = pd.DataFrame([
    ["g", "general", 80.0], ["r", "general", 75.0], ["v", "general", 65.0], ["s", "general", 85.0],
    ["g", "reasoning", 60.0], ["r", "reasoning", 90.0], ["s", "reasoning", 50.0], ["v", "multimodal", 70.0],
], columns=["model_id", "use_case", "score"])


def build(**kwargs):
    return build_router_config(PRICES, MODELS, PROVIDERS, SCORES, **kwargs)


def test_config_has_the_documented_keys_and_validates():
    config, _ = build()
    assert set(config) == {"Providers", "Router"}
    assert set(config["Router"]) <= ROUTER_KEYS
    assert config["Router"]["longContextThreshold"] == 60_000
    for provider in config["Providers"]:
        assert PROVIDER_REQUIRED <= set(provider) and provider["api_key"] == ""
    assert validate_router_config(config) == []
    assert json.loads(router_json(config)) == config


def test_routing_rules():
    # values (score - 10*log10(price)), general: g 80 + 6.99 = 86.99 (at $0.20), r 75 (at $1), v 65 + 3.01;
    # s (85 points, $0.05) is left out everywhere: 16,000 tokens < 32,768 minimum context
    config, rationale = build()
    router = config["Router"]
    assert router["default"] == "openrouter,vendor/g"
    # reasoning values: g 60 + 6.99 = 66.99, r 90 - 0 = 90 -> r; DeepSeek key "deepseek/r-model" -> "r-model"
    assert router["think"] == "deepseek,r-model"
    # background: adequate = general >= 70 and context >= 32,768: g ($0.20) and r ($1) -> cheapest g
    assert router["background"] == "openrouter,vendor/g"
    # longContext: context > 60,000: g, r, v -> best general value g
    assert router["longContext"] == "openrouter,vendor/g"
    # image: only v takes images -> v (multimodal score 70)
    assert router["image"] == "openrouter,vendor/v"
    # the provider without a URL and the templated one are never used
    assert {p["name"] for p in config["Providers"]} == {"deepseek", "openrouter"}
    openrouter = next(p for p in config["Providers"] if p["name"] == "openrouter")
    assert openrouter["models"] == ["vendor/g", "vendor/s", "vendor/v"]
    assert openrouter["transformer"] == {"use": ["openrouter"]}
    why = rationale.set_index("route")
    assert why.loc["background", "rule"] == "cheapest_adequate"
    assert why.loc["image", "rule"] == "best_multimodal_value_image_input"


def test_long_context_rule_respects_the_threshold():
    # no row has more than 131,072 tokens of context: the route is left out, the rationale says so
    config, rationale = build(threshold=131_072)
    assert "longContext" not in config["Router"]
    assert config["Router"]["longContextThreshold"] == 131_072
    assert pd.isna(rationale.set_index("route").loc["longContext", "model_id"])
    assert validate_router_config(config) == []


# A hand-made price table: R1-like "r1" is the best reasoning value at "cheap", which serves 32,768
# tokens; "roomy" serves its full 131,072 for more. "g" is a general model everywhere.
CTX_MODELS = pd.DataFrame({"model_id": ["g", "r1"], "context_window_tokens": pd.array([131_072, 131_072], dtype="Int64"),
                           "input_modalities": ["text", "text"]})
CTX_PROVIDERS = pd.DataFrame({"provider": ["cheap", "roomy"], "display_name": ["Cheap", "Roomy"],
                              "api_base_url": ["https://cheap.example/v1/chat/completions",
                                               "https://roomy.example/v1/chat/completions"]})
CTX_PRICES = pd.DataFrame({
    "model_id": ["g", "r1", "r1"], "provider": ["roomy", "cheap", "roomy"],
    "usd_per_mtok_input": [1.0, 0.5, 2.0], "usd_per_mtok_output": [1.0, 0.5, 2.0],
    "context_window_tokens": pd.array([131_072, 32_768, 131_072], dtype="Int64"),
    "catalog": ["litellm"] * 3, "catalog_key": ["roomy/g", "cheap/r1", "roomy/r1"],
})
CTX_SCORES = pd.DataFrame([["g", "general", 80.0], ["r1", "general", 70.0], ["g", "reasoning", 50.0],
                           ["r1", "reasoning", 90.0]], columns=["model_id", "use_case", "score"])


@pytest.mark.parametrize("threshold", [60_000, 32_768, 100_000])
def test_every_route_serves_the_context_it_can_receive(threshold):
    """claude-code-router sends requests above the threshold to longContext; every other route
    gets up to `threshold` tokens, so its provider must serve at least that much."""
    config, rationale = build_router_config(CTX_PRICES, CTX_MODELS, CTX_PROVIDERS, CTX_SCORES, threshold=threshold)
    served = CTX_PRICES.set_index(["provider", "catalog_key"])["context_window_tokens"]
    for route, target in config["Router"].items():
        if route == "longContextThreshold":
            continue
        provider, model = target.split(",")
        context = served[(provider, f"{provider}/{model}")]
        assert context > threshold if route == "longContext" else context >= threshold, (route, target)
    # reasoning value r1: 90 - 10*log10(blended price); at "cheap" ($0.50) 93.0 beats "roomy" ($2) 87.0,
    # but "cheap" serves 32,768 tokens: from a threshold above that, think must go to "roomy"
    expected = "cheap,r1" if threshold <= 32_768 else "roomy,r1"
    assert config["Router"]["think"] == expected
    assert rationale.set_index("route").loc["think", "context_window_tokens"] >= threshold


def test_no_default_candidate_is_an_error():
    with pytest.raises(ParameterError, match="default"):
        build(min_context_tokens=10_000_000)


def test_validation_finds_problems():
    config, _ = build()
    bad = json.loads(router_json(config))
    bad["Router"]["think"] = "nowhere,r-model"
    bad["Router"]["image"] = "openrouter,not-listed"
    bad["Router"]["fast"] = "openrouter,vendor/g"
    bad["Router"]["longContextThreshold"] = -1
    bad["Extra"] = True
    del bad["Providers"][0]["api_key"]
    problems = validate_router_config(bad)
    text = "\n".join(problems)
    assert "unknown top-level key 'Extra'" in text
    assert "unknown Router key 'fast'" in text
    assert "provider 'nowhere'" in text
    assert "'not-listed'" in text
    assert "longContextThreshold" in text
    assert "lacks 'api_key'" in text
    del bad["Router"]["default"]
    assert "Router lacks 'default'" in validate_router_config(bad)
    assert validate_router_config([]) == ["config must be a JSON object"]


def test_router_labels_replace_the_hand_written_column():
    _, rationale = build()
    labels = router_labels(rationale, ["g", "r", "s", "v"]).set_index("model_id")["labels"].to_dict()
    assert labels == {"g": ("default", "background", "longContext"), "r": ("think",), "s": (), "v": ("image",)}


def test_api_model_name():
    assert api_model_name({"provider": "fireworks_ai", "catalog": "litellm",
                           "catalog_key": "fireworks_ai/accounts/fireworks/models/x"}) == "accounts/fireworks/models/x"
    assert api_model_name({"provider": "openai", "catalog": "litellm", "catalog_key": "gpt-4o"}) == "gpt-4o"
    assert api_model_name({"provider": "openrouter", "catalog": "openrouter",
                           "catalog_key": "openrouter/auto"}) == "openrouter/auto"
