"""The report's parameters: one frozen dataclass holds each one's default, type, range and meaning.

Everything that names a parameter derives from :class:`ReportParameters`: the notebook's cell
tagged ``parameters`` (:func:`parameters_cell`; a test checks the notebook holds exactly it), the
checks before a kernel starts (``analysis.build.preflight``), the shared analysis
(``analysis.compute.precompute``), variants files (``analysis.build.variants``) and the README's
table (:func:`readme_table`; tested too). A parameter travels as an attribute of one object,
under one name, from the command line to the computation.
"""

from __future__ import annotations

from dataclasses import MISSING, asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Mapping

#: the languages the report is written in (code -> Babel locale)
LANGUAGES: dict[str, str] = {"en": "en_US", "es": "es_ES", "de": "de_DE"}
#: price tables a report can rank: the curated one or an imported public catalogue
CATALOG_CHOICES = ("curated", "litellm", "openrouter")
#: the claims files audited by default: the two seed reports (files in data/claims/)
SEED_CLAIMS = ("000_1ff9cb8b378b7492.yaml", "001_a198447be540beb1.yaml")
#: seed of the Monte Carlo and the weight draws
DEFAULT_SEED = 20261123
#: a sane ceiling for a monthly token count: a million billion tokens
MAX_TOKENS = 10**15
#: monthly token counts (whole numbers from 0 to :data:`MAX_TOKENS`)
TOKEN_PARAMETERS = ("monthly_input_tokens", "monthly_output_tokens", "monthly_cached_input_tokens")


def _parameter(default: Any, *, type: str, range: str, meaning: str, cell: str, readme: str | None = None,
               readme_default: str | None = None) -> Any:
    """A dataclass field with its documentation: ``type`` and ``range`` (plain words), ``meaning``
    (the README's column), ``cell`` (the comment in the notebook's parameters cell)."""
    docs = {"type": type, "range": range, "meaning": meaning, "cell": cell, "readme": readme or meaning,
            "readme_default": readme_default}
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda: _copy(default), metadata=docs)
    return field(default=default, metadata=docs)


def _copy(value: Any) -> Any:
    """A copy of a mutable default (each instance owns its list)."""
    return list(value) if isinstance(value, list) else dict(value)


@dataclass(frozen=True)
class ReportParameters:
    """Every parameter of the report, with its default. Token counts are per month."""

    lang: str = _parameter(
        "en", type="text", range=", ".join(LANGUAGES), meaning="language of the report",
        cell="en, es or de", readme="language of the report (`make report LANG=de` sets it)")
    monthly_input_tokens: int = _parameter(
        10_000_000, type="whole number", range="0 to 10^15", meaning="input tokens per month (cached ones included)",
        cell="input tokens per month (includes cached ones)")
    monthly_output_tokens: int = _parameter(
        5_000_000, type="whole number", range="0 to 10^15",
        meaning="output tokens per month (reasoning tokens are billed as output)",
        cell="output tokens per month (reasoning tokens count as output)")
    monthly_cached_input_tokens: int = _parameter(
        0, type="whole number", range="0 to monthly_input_tokens",
        meaning="the part of the input served from the provider's cache",
        cell="part of the input tokens served from cache")
    monthly_requests: int | None = _parameter(
        None, type="whole number or None", range="1 to 10^15",
        meaning="requests per month: sets the average prompt length, so long-context tier prices apply "
                "(LiteLLM's rule: a request above the tier threshold pays the tier rate for all its tokens)",
        cell="requests per month; sets the average prompt for long-context tiers")
    offpeak_share: float = _parameter(
        0.0, type="number", range="0 to 1",
        meaning="share of the traffic that can wait for a provider's off-peak hours (priced at the off-peak rate "
                "where the provider has one, e.g. DeepSeek's own API)",
        cell="share of the traffic that can wait for off-peak hours (0 to 1)")
    catalog: str = _parameter(
        "curated", type="text", range=", ".join(CATALOG_CHOICES),
        meaning="price table: curated (data/prices.csv) or an imported catalogue from ../shared/external/",
        cell="curated, litellm or openrouter",
        readme="price table: `curated` (`data/prices.csv`), or an imported catalogue from `../shared/external/`: "
               "`litellm` (about 2,500 chat prices) or `openrouter`; the market overview covers the whole table")
    audit_claims_files: list = _parameter(
        list(SEED_CLAIMS), type="list of file names", range="files in data/claims/",
        meaning="claims files in data/claims/ to audit", cell="files in data/claims",
        readme="claims files in `data/claims/` to audit (add one to audit another published report)",
        readme_default="both seeds")
    weights: dict | None = _parameter(
        None, type="dict or None", range="{use_case: {category: weight}}, weights >= 0, not all 0",
        meaning="use-case weights to add or replace",
        cell="use-case weights to add or replace, as a dict of use case to category weights",
        readme="use-case weights to add or replace, `{\"use_case\": {\"category\": weight}}` (categories: reasoning, "
               "coding, math, multilingual, multimodal, knowledge)")
    blend_ratio: tuple | None = _parameter(
        None, type="two numbers or None", range="each >= 0, not both 0",
        meaning="input and output parts of the blended price used by the ranking, fronts and router",
        cell="input and output parts of blended prices; None means the ratio of the workload",
        readme="input and output parts of the blended price (USD per 1M tokens) used by the ranking, fronts and "
               "router; `None` = the workload's own ratio (10M : 5M = 2 : 1), so value ranks models in the order of "
               "their monthly cost")
    seed: int = _parameter(
        DEFAULT_SEED, type="whole number", range="0 or more", meaning="seed of the Monte Carlo and the weight draws",
        cell="seed of the Monte Carlo and the weight draws",
        readme="seed of the Monte Carlo and the weight draws (same seed, same report)")
    models: list | None = _parameter(
        None, type="list of model ids or None", range="ids in data/models.csv",
        meaning="every curated model the price table has, or a list of canonical model ids",
        cell="every curated model, or a list of model ids",
        readme="`None` = every curated model the price table has, or a list of canonical model ids")
    data_dir: str | None = _parameter(
        None, type="folder or None", range="a folder holding the same tables as data/",
        meaning="another data folder with the same tables (tests use this)",
        cell="the data folder; None means data/ of the project")

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """Every parameter's name, in the notebook's order."""
        return tuple(f.name for f in fields(cls))

    @classmethod
    def analysis_names(cls) -> tuple[str, ...]:
        """The parameters the language-independent analysis depends on (all but ``lang``)."""
        return tuple(name for name in cls.names() if name != "lang")

    @classmethod
    def defaults(cls) -> dict[str, Any]:
        """name -> default value."""
        return asdict(cls())

    @classmethod
    def from_overrides(cls, overrides: Mapping[str, Any]) -> "ReportParameters":
        """The defaults with ``overrides`` applied; :class:`TypeError` names an unknown parameter."""
        unknown = sorted(set(overrides) - set(cls.names()))
        if unknown:
            raise TypeError(f"unknown report parameter(s): {', '.join(unknown)}")
        return replace(cls(), **dict(overrides))

    def analysis_values(self) -> dict[str, Any]:
        """The analysis parameters as a dict (``lang`` left out), for hashing and export."""
        return {name: getattr(self, name) for name in self.analysis_names()}

    @property
    def data_folder(self) -> Path | None:
        """``data_dir`` as a path (None: the project's data/)."""
        return None if self.data_dir is None else Path(self.data_dir)


def _literal(value: Any, name: str = "") -> str:
    """A default as Python source, token counts with digit separators (``10_000_000``)."""
    if name in TOKEN_PARAMETERS and isinstance(value, int):
        return f"{value:_}"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "[" + ", ".join(f'"{v}"' for v in value) + "]"
    return repr(value)


def _default(spec: Any) -> Any:
    """A dataclass field's default value."""
    return spec.default if spec.default is not MISSING else spec.default_factory()


def parameters_cell() -> str:
    """The source of the notebook's cell tagged ``parameters``: one assignment per parameter with
    its default and a comment (papermill injects overrides after this cell)."""
    lines = ["# Parameters (papermill injects overrides after this cell; defaults: analysis.inputs.parameters)"]
    assignments = [(f.name, _literal(_default(f), f.name), f.metadata["cell"])
                   for f in fields(ReportParameters)]
    width = max(len(f"{name} = {value}") for name, value, _ in assignments if len(f"{name} = {value}") <= 36) + 1
    for name, value, comment in assignments:
        code = f"{name} = {value}"
        lines.append(f"{code:<{width}}  # {comment}" if len(code) <= width else f"{code}  # {comment}")
    return "\n".join(lines)


def readme_table() -> str:
    """The README's table of parameters (Markdown): name, default, type and range, meaning."""
    rows = ["| parameter | default | type and range | meaning |", "|---|---|---|---|"]
    for spec in fields(ReportParameters):
        docs = spec.metadata
        default = docs["readme_default"] or f"`{_literal(_default(spec), spec.name)}`"
        rows.append(f"| `{spec.name}` | {default} | {docs['type']}: {docs['range']} | {docs['readme']} |")
    return "\n".join(rows)
