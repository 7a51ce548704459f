"""Model and provider identity: one canonical id per model across catalogues and providers.

A canonical ``model_id`` is the model's Hugging Face repo name, lower-cased (data/README.md),
e.g. ``qwen2.5-coder-32b-instruct``; for a closed model it is the vendor's own API name.
Catalogues spell the same model many ways; :func:`canonical_model_id` applies, in order:

1. the alias table (``data/model_aliases.csv``), looked up with the raw id lower-cased;
2. the rules below;
3. the alias table again, looked up with the rule result (so one alias row covers every
   provider prefix, e.g. ``qwen25-coder-32b-instruct`` for ``lambda_ai/qwen25-coder-32b-instruct``).

Rules (each one seen in LiteLLM 1.109.1 / OpenRouter 2026-05-01 keys):

- lower-case; keep the last ``/`` segment (drops routes and orgs: ``nscale/Qwen/...``,
  ``fireworks_ai/accounts/fireworks/models/...``, ``cloudflare/@cf/meta/...``), except that a last
  segment which only labels a route (``novita/deepseek/deepseek-v3/community``,
  ``.../moondream3-preview/query``) is kept joined to the one before it;
- drop dot-separated vendor and region prefixes (Bedrock, OCI): ``us.meta.llama...`` ->
  ``llama...``; ``meta.llama-3.2-...`` -> ``llama-3.2-...``;
- Bedrock version tags: ``-v1:0`` is dropped, ``-v0:2`` becomes ``-v0.2`` (Mistral's HF name);
- OpenRouter variant suffixes (``:free``, ``:thinking``, ``:nitro``, ...) are dropped: same model,
  another price or routing (the importer keeps one row per model and provider);
- Vertex AI's ``-maas`` (model as a service) suffix is dropped;
- Fireworks writes dots as ``p`` between digits: ``qwen2p5`` -> ``qwen2.5``, ``v3p2`` -> ``v3.2``;
- Llama family: ``meta-llama-3.1`` / ``llama-v3.2`` / ``llama3-2`` / ``llama-3-2`` -> ``llama-3.1`` /
  ``llama-3.2`` (the ``meta-`` prefix of old HF repo names is dropped so old and new names meet);
- ``qwen-2.5`` -> ``qwen2.5`` (HF writes ``Qwen2.5``, OpenRouter ``qwen-2.5``);
- any character outside ``[a-z0-9._-]`` (``@``, ``:``) becomes ``-``.

Date suffixes (``-2024-08-06``, ``@20240620``, ``-2503``) are **kept**: a dated snapshot is a
separate price point (``gpt-4o-2024-05-13`` costs twice ``gpt-4o``) and HF names carry them
too. Where two spellings are known to be one model, say so in the alias table instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from analysis.core.errors import DataError
from analysis.core.paths import DATA_DIR, display_path

ALIASES_PATH = DATA_DIR / "model_aliases.csv"
ALIAS_COLUMNS = ["raw_id", "model_id", "source_url", "retrieved", "notes"]

_OPENROUTER_VARIANTS = "free|beta|extended|thinking|nitro|floor|online|exacto"
#: last path segments that name a route of the model before them, not a model
_ROUTE_LABELS = frozenset({"community", "query"})

#: (pattern, replacement) applied in order to the last path segment, lower-cased
_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?:[a-z][a-z0-9-]*\.)+(?=[a-z]{2})"), ""),          # us.meta. / meta. / anthropic.
    (re.compile(rf":(?:{_OPENROUTER_VARIANTS})$"), ""),                 # openrouter :free etc.
    (re.compile(r"-maas$"), ""),                                        # vertex model-as-a-service
    (re.compile(r"(?<=\d)p(?=\d)"), "."),                               # fireworks 2p5 -> 2.5
    (re.compile(r"^meta-llama-(?=\d)"), "llama-"),                      # old HF Meta-Llama-3.1
    (re.compile(r"^llama-?v?(?=\d)"), "llama-"),                        # llama3 / llama-v3 -> llama-3
    (re.compile(r"^llama-(\d)-(\d)(?=-)"), r"llama-\1.\2"),             # llama-3-2-90b -> llama-3.2-90b
    (re.compile(r"^qwen-(?=\d)"), "qwen"),                              # qwen-2.5 -> qwen2.5
    (re.compile(r"[^a-z0-9._-]+"), "-"),                                # @ : and others
    (re.compile(r"-{2,}"), "-"),
]
#: per rule, a text every match contains (a rule is skipped when it is absent: same result, less
#: time over thousands of catalogue keys); None = always applied
_RULE_NEEDS: list[str | None] = [".", ":", "-maas", "p", "meta-llama-", "llama", "llama-", "qwen-", None, "--"]
_BEDROCK_VERSION = re.compile(r"-v(\d+):(\d+)$")


def _bedrock_version(match: re.Match[str]) -> str:
    major, minor = match.group(1), match.group(2)
    return "" if minor == "0" and major != "0" else f"-v{major}.{minor}"


def rule_model_id(raw_id: str) -> str:
    """The rules only (no alias table): ``nscale/Qwen/Qwen2.5-Coder-32B-Instruct`` ->
    ``qwen2.5-coder-32b-instruct``."""
    parts = str(raw_id).strip().lower().rstrip("/").split("/")
    text = "-".join(parts[-2:]) if parts[-1] in _ROUTE_LABELS else parts[-1]
    if ":" in text:
        text = _BEDROCK_VERSION.sub(_bedrock_version, text)
    for (pattern, replacement), needs in zip(_RULES, _RULE_NEEDS):
        if needs is None or needs in text:
            text = pattern.sub(replacement, text)
    return text.strip("-._")


def canonical_model_id(raw_id: str, aliases: Mapping[str, str] | None = None) -> str:
    """Canonical ``model_id`` of a catalogue id: alias of the raw id, else the rules, else alias
    of the rule result (see the module docstring). ``aliases`` maps lower-cased raw id ->
    model_id, as returned by :func:`load_aliases`."""
    aliases = aliases or {}
    key = str(raw_id).strip().lower()
    if key in aliases:
        return aliases[key]
    candidate = rule_model_id(key)
    return aliases.get(candidate, candidate)


def canonical_model_ids(raw_ids: pd.Series, aliases: Mapping[str, str] | None = None) -> pd.Series:
    """:func:`canonical_model_id` over a Series (each distinct id is computed once)."""
    unique = pd.unique(raw_ids.to_numpy())
    mapping = {raw: canonical_model_id(raw, aliases) for raw in unique}
    return raw_ids.map(mapping)


def load_aliases(path: Path = ALIASES_PATH) -> dict[str, str]:
    """Alias table -> ``{raw_id lower-cased: model_id}``; every row must cite a source."""
    shown = display_path(path)
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError as exc:
        raise DataError("file not found", file=shown, hint="the model alias table") from exc
    missing = [c for c in ALIAS_COLUMNS if c not in table.columns]
    if missing:
        raise DataError(f"missing column(s) {', '.join(missing)}", file=shown, column=missing[0])
    for column in ("raw_id", "model_id", "source_url", "retrieved"):
        empty = table[column].str.strip() == ""
        if empty.any():
            raise DataError("required value is empty", file=shown, row=int(empty.to_numpy().argmax()) + 1,
                            column=column)
    bad_id = ~table["model_id"].str.fullmatch(r"[a-z0-9][a-z0-9._-]*")
    if bad_id.any():
        row = int(bad_id.to_numpy().argmax())
        raise DataError(f"{table['model_id'].iloc[row]!r} is not a canonical id", file=shown, row=row + 1,
                        column="model_id", hint="lower-case HF repo name: a-z, 0-9, . _ -")
    keys = table["raw_id"].str.strip().str.lower()
    duplicated = keys.duplicated()
    if duplicated.any():
        row = int(duplicated.to_numpy().argmax())
        raise DataError(f"duplicate raw_id {keys.iloc[row]!r}", file=shown, row=row + 1, column="raw_id")
    return dict(zip(keys, table["model_id"].str.strip()))


#: LiteLLM ``litellm_provider`` routes that are one provider under another name
_PROVIDER_NAMES = {
    "azure_text": "azure",
    "bedrock_converse": "bedrock",
    "cohere_chat": "cohere",
}
_PROVIDER_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^text-completion-"), ""),            # text-completion-openai -> openai
    (re.compile(r"-[a-z0-9_-]*models$"), ""),            # vertex_ai-llama_models -> vertex_ai
]


def canonical_provider(litellm_provider: str) -> str:
    """Provider key of a LiteLLM ``litellm_provider``: ``vertex_ai-llama_models`` -> ``vertex_ai``,
    ``text-completion-openai`` -> ``openai``, ``bedrock_converse`` -> ``bedrock``."""
    text = str(litellm_provider).strip().lower()
    for pattern, replacement in _PROVIDER_RULES:
        text = pattern.sub(replacement, text)
    return _PROVIDER_NAMES.get(text, text)
