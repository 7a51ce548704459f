"""Claims files (``data/claims/*.yaml``): every numeric claim a published report makes, with
the quoted text, section, language, stated value and unit, and the report's own stated inputs;
and its qualitative claims (kind ``qualitative``, no value).

A claim that our data cannot check may carry ``evidence``: the verdict (``supported``,
``unsupported``, ``contradicted``) of a cited source, with its URL, retrieval date, a verbatim
quote from it (``source_quote``, in the source's language) and our ``finding`` in English (shown
translated, through the ``data`` catalogue).

Loading and validation only; :mod:`analysis.compute.audit` checks the claims.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from analysis.core.errors import DataError
from analysis.core.iorw import read_yaml
from analysis.core.paths import display_path
from analysis.inputs.units import per_token_to_per_mtok


@dataclass(frozen=True)
class KindSpec:
    """What a kind of claim is: its family (claims of one family about the same subject must
    agree), allowed units and components, and why it cannot be checked against data (if so)."""

    family: str
    units: frozenset[str]
    components: frozenset[str] = frozenset({"total"})
    unchecked: str = ""


_PRICE_UNITS = {"input", "output", "total"}
KINDS: dict[str, KindSpec] = {
    "price_per_token": KindSpec("price", frozenset({"usd_per_token"}), frozenset(_PRICE_UNITS)),
    "price_per_mtok": KindSpec("price", frozenset({"usd_per_mtok"}), frozenset(_PRICE_UNITS)),
    "budget_total": KindSpec("budget", frozenset({"usd_per_month"})),
    "budget_line": KindSpec("budget", frozenset({"usd_per_month"}), frozenset({"input", "output"})),
    "token_total": KindSpec("tokens", frozenset({"tokens"}), unchecked="not_in_our_data"),
    "context_window": KindSpec("context", frozenset({"kilotokens", "tokens"})),
    "rank_cheapest": KindSpec("rank", frozenset({"rank"})),
    "count": KindSpec("count", frozenset({"count"}), unchecked="not_in_our_data"),
    "markup": KindSpec("markup", frozenset({"percent"}), unchecked="not_in_our_data"),
    "relative_cost": KindSpec("relative_cost", frozenset({"percent"}), unchecked="unnamed_comparison"),
    "relative_latency": KindSpec("relative_latency", frozenset({"times"}), unchecked="unnamed_comparison"),
    "qualitative": KindSpec("qualitative", frozenset({"none"}), unchecked="not_in_our_data"),
}
#: stated unit -> (canonical unit, conversion)
UNITS = {
    "usd_per_token": ("usd_per_mtok", per_token_to_per_mtok),
    "usd_per_mtok": ("usd_per_mtok", float), "usd_per_month": ("usd_per_month", float),
    "tokens": ("tokens", float), "kilotokens": ("tokens", lambda v: float(v) * 1000),
    "percent": ("fraction", lambda v: float(v) / 100), "times": ("times", float),
    "count": ("count", float), "rank": ("rank", float), "none": ("none", float),
}
#: input key in the claims file -> (column, conversion to USD per 1M or tokens)
INPUTS = {
    "input_tokens": ("input_tokens", float), "output_tokens": ("output_tokens", float),
    "usd_per_token_input": ("usd_per_mtok_input", per_token_to_per_mtok),
    "usd_per_token_output": ("usd_per_mtok_output", per_token_to_per_mtok),
    "usd_per_mtok_input": ("usd_per_mtok_input", float), "usd_per_mtok_output": ("usd_per_mtok_output", float),
    "usd_per_mtok_total": ("usd_per_mtok_total", float),
}
HEADER_FIELDS = ("seed", "date", "language", "title", "claims")
REQUIRED = ("id", "section", "quote", "kind", "stated_value", "unit")
OPTIONAL = ("language", "column", "model_id", "provider", "component", "stated_high", "inputs", "note", "evidence")
#: verdicts a cited source can give a claim our data cannot check
EVIDENCE_VERDICTS = ("supported", "unsupported", "contradicted")
EVIDENCE_FIELDS = ("verdict", "source_url", "retrieved", "source_quote", "finding")
INPUT_COLUMNS = ["input_tokens", "output_tokens", "usd_per_mtok_input", "usd_per_mtok_output"]
EVIDENCE_COLUMNS = [f"evidence_{field}" for field in EVIDENCE_FIELDS]
CLAIM_COLUMNS = ["file", "seed", "seed_date", "seed_title", "position", "claim_id", "section", "column",
                 "language", "quote", "kind", "model_id", "provider", "component", "stated_value",
                 "stated_high", "unit", "note", *INPUT_COLUMNS, *EVIDENCE_COLUMNS]

# --- loading ---------------------------------------------------------------------------------
def _number(value: object, fail, field: str) -> float:
    """A YAML number (or numeric string: YAML 1.1 reads ``5e-06`` as text) as float."""
    if isinstance(value, bool) or value is None:
        fail(field, f"{value!r} is not a number")
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        fail(field, f"{value!r} is not a number", "write numbers without units, e.g. 5.0e-06")
    if not math.isfinite(number) or number < 0:
        fail(field, f"{value!r} is not a non-negative finite number")
    return number


def _parse_claim(raw: object, position: int, header: dict, shown: str, known: set[str] | None) -> dict:
    claim_id = raw.get("id") if isinstance(raw, dict) else None

    def fail(field: str, message: str, hint: str | None = None) -> None:
        raise DataError(f"claim {position} ({claim_id!r}): {message}", file=shown, row=position, column=field,
                        hint=hint)

    if not isinstance(raw, dict):
        fail("(claim)", "is not a mapping of field -> value")
    if raw.get("kind") == "qualitative":  # a statement, not a figure
        raw = {"unit": "none", **raw}
        if raw.get("stated_value") is not None:
            fail("stated_value", "a qualitative claim states no value", "leave stated_value out")
        raw["stated_value"] = math.nan
    for field in REQUIRED:
        if raw.get(field) is None or raw.get(field) == "":
            fail(field, f"missing field {field!r}", f"every claim needs {', '.join(REQUIRED)}")
    unknown = sorted(set(raw) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        fail(unknown[0], f"unknown field {unknown[0]!r}", f"allowed: {', '.join(REQUIRED + OPTIONAL)}")
    for field in ("id", "section", "quote", "column", "model_id", "provider", "note", "language"):
        if raw.get(field) is not None and not isinstance(raw[field], str):
            fail(field, f"{raw[field]!r} is not text", "quote text that YAML would read as a number")
    spec = KINDS.get(raw["kind"])
    if spec is None:
        fail("kind", f"unknown kind {raw['kind']!r}", f"one of {', '.join(KINDS)}")
    if raw["unit"] not in spec.units:
        fail("unit", f"unit {raw['unit']!r} does not fit kind {raw['kind']!r}", f"use {', '.join(sorted(spec.units))}")
    component = raw.get("component") or ("total" if "total" in spec.components else None)
    if component not in spec.components:
        fail("component", f"component {component!r} does not fit kind {raw['kind']!r}",
             f"use {', '.join(sorted(spec.components))}")
    if known is not None and raw.get("model_id") is not None and raw["model_id"] not in known:
        fail("model_id", f"unknown model {raw['model_id']!r}", "use a model_id of data/models.csv")
    inputs = raw.get("inputs") or {}
    if not isinstance(inputs, dict):
        fail("inputs", "is not a mapping of input -> number")
    values = dict.fromkeys(INPUT_COLUMNS, np.nan)
    for key, value in inputs.items():
        if key not in INPUTS:
            fail("inputs", f"unknown input {key!r}", f"allowed: {', '.join(INPUTS)}")
        column, convert = INPUTS[key]
        values[column] = convert(_number(value, fail, f"inputs.{key}"))
    total = values.pop("usd_per_mtok_total", np.nan)
    if not np.isnan(total):  # one stated price for every token
        values["usd_per_mtok_input"] = values["usd_per_mtok_output"] = total
    high = raw.get("stated_high")
    stated = raw["stated_value"] if raw["kind"] == "qualitative" else _number(raw["stated_value"], fail, "stated_value")
    return {
        "file": shown, "seed": header["seed"], "seed_date": str(header["date"]), "seed_title": header["title"],
        "position": position, "claim_id": raw["id"], "section": raw["section"], "column": raw.get("column") or "",
        "language": raw.get("language") or header["language"], "quote": raw["quote"], "kind": raw["kind"],
        "model_id": raw.get("model_id") or "", "provider": raw.get("provider") or "", "component": component,
        "stated_value": stated,
        "stated_high": np.nan if high is None else _number(high, fail, "stated_high"),
        "unit": raw["unit"], "note": raw.get("note") or "", **values, **_evidence(raw.get("evidence"), fail),
    }


def _evidence(raw: object, fail) -> dict:
    """The ``evidence`` block of a claim as ``evidence_*`` columns ("" when absent)."""
    if raw is None:
        return dict.fromkeys(EVIDENCE_COLUMNS, "")
    if not isinstance(raw, dict):
        fail("evidence", f"is not a mapping of {', '.join(EVIDENCE_FIELDS)}")
    for field in EVIDENCE_FIELDS:
        if not isinstance(raw.get(field), (str, dt.date)) or not str(raw[field]).strip():
            fail(f"evidence.{field}", f"missing or empty evidence field {field!r}", f"evidence needs {', '.join(EVIDENCE_FIELDS)}")
    unknown = sorted(set(raw) - set(EVIDENCE_FIELDS))
    if unknown:
        fail(f"evidence.{unknown[0]}", f"unknown evidence field {unknown[0]!r}", f"allowed: {', '.join(EVIDENCE_FIELDS)}")
    if raw["verdict"] not in EVIDENCE_VERDICTS:
        fail("evidence.verdict", f"unknown verdict {raw['verdict']!r}", f"one of {', '.join(EVIDENCE_VERDICTS)}")
    if not re.match(r"^https?://\S+$", str(raw["source_url"])):
        fail("evidence.source_url", f"{raw['source_url']!r} is not an http(s) URL")
    try:
        retrieved = dt.date.fromisoformat(str(raw["retrieved"])).isoformat()
    except ValueError:
        fail("evidence.retrieved", f"{raw['retrieved']!r} is not a date", "YYYY-MM-DD")
    return {"evidence_verdict": raw["verdict"], "evidence_source_url": str(raw["source_url"]),
            "evidence_retrieved": retrieved, "evidence_source_quote": str(raw["source_quote"]).strip(),
            "evidence_finding": " ".join(str(raw["finding"]).split())}


def load_claims(path: Path | str, known_models: Iterable[str] | None = None) -> pd.DataFrame:
    """Read one claims file: one row per claim (:data:`CLAIM_COLUMNS`), in file order
    (``position`` = 1-based index of the claim). Input prices are converted to USD per 1M
    tokens. Raises :class:`DataError` naming the file, the claim (``row``) and the field on
    invalid YAML, a missing or malformed field, a duplicate id, or (with ``known_models``) an
    unknown ``model_id``."""
    shown = display_path(Path(path))
    document = read_yaml(path)
    if not isinstance(document, dict):
        raise DataError("expected a mapping with " + ", ".join(HEADER_FIELDS), file=shown)
    for field in HEADER_FIELDS:
        if not document.get(field):
            raise DataError(f"missing header field {field!r}", file=shown, column=field)
    if not isinstance(document["claims"], list):
        raise DataError("'claims' must be a list", file=shown, column="claims")
    known = None if known_models is None else set(known_models)
    rows = [_parse_claim(raw, i, document, shown, known) for i, raw in enumerate(document["claims"], start=1)]
    frame = pd.DataFrame(rows, columns=CLAIM_COLUMNS)
    duplicated = frame["claim_id"].duplicated()
    if duplicated.any():
        position = int(frame.loc[duplicated, "position"].iloc[0])
        raise DataError(f"claim {position}: duplicate id {frame.loc[duplicated, 'claim_id'].iloc[0]!r}",
                        file=shown, row=position, column="id")
    return frame


def missing_quotes(claims: pd.DataFrame, seed_texts: Mapping[str, str]) -> list[str]:
    """``seed: claim_id (field)`` of every quote or table column not found verbatim in its seed
    (``seed_texts``: seed file name -> text); empty when all are found."""
    missing = []
    for claim in claims.itertuples():
        text = seed_texts.get(claim.seed, "")
        missing += [f"{claim.seed}: {claim.claim_id} ({field})" for field, value in
                    (("quote", claim.quote), ("column", claim.column)) if value and value not in text]
    return missing
