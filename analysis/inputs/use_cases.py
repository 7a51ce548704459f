"""The use cases (``data/use_cases.yaml``): weights over the benchmark categories, the missing
rule (``min_coverage``) and each use case's requirements, read and validated.

A use case's weights are rescaled to sum to 1; a category the file does not name weighs 0. The
scores themselves are computed in :mod:`analysis.compute.scores`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.core.errors import DataError, ParameterError
from analysis.core.iorw import read_yaml
from analysis.core.paths import DATA_DIR, display_path
from analysis.inputs.schemas import BENCHMARK_CATEGORIES

CATEGORIES: list[str] = list(BENCHMARK_CATEGORIES)
USE_CASES_FILE = DATA_DIR / "use_cases.yaml"
#: requirement -> reason code given to a model that does not meet it
REQUIREMENTS = {"image_input": "no_image_input"}


def has_image_input(models: pd.DataFrame) -> pd.Series:
    """True where ``input_modalities`` (``+``-joined) contains ``image``."""
    return models["input_modalities"].fillna("").astype(str).str.split("+").apply(lambda parts: "image" in parts)


@dataclass(frozen=True)
class UseCases:
    """Use cases as weights over :data:`CATEGORIES` (each row sums to 1), plus the missing rule."""

    weights: pd.DataFrame                      #: index ``use_case``, columns :data:`CATEGORIES`
    min_coverage: float = 0.6                  #: share of weight that must have data (0-1)
    descriptions: dict[str, str] = field(default_factory=dict)
    requires: dict[str, tuple[str, ...]] = field(default_factory=dict)   #: use case -> requirements

    @property
    def names(self) -> list[str]:
        return list(self.weights.index)

    def matrix(self) -> np.ndarray:
        """Weights as an array (use cases x categories)."""
        return self.weights.to_numpy(dtype=float)

    def with_weights(self, use_case: str, weights: Mapping[str, float], description: str = "",
                     requires: Sequence[str] = ()) -> "UseCases":
        """A copy with ``use_case`` added or replaced (notebook parameters)."""
        spec = {name: {"weights": row[row > 0].to_dict(), "description": self.descriptions.get(name, ""),
                       "requires": list(self.requires.get(name, ()))}
                for name, row in self.weights.iterrows()}
        spec[use_case] = {"weights": dict(weights), "description": description, "requires": list(requires)}
        return use_cases_from_mapping(spec, self.min_coverage)

    def allowed(self, models: pd.DataFrame | None, model_ids: Sequence[str]) -> np.ndarray:
        """Boolean (models, use cases): True where the model meets the use case's requirements
        (all True without ``models``; a model missing from ``models`` meets none)."""
        mask = np.ones((len(model_ids), len(self.names)), dtype=bool)
        if models is None:
            return mask
        image = has_image_input(models).set_axis(models["model_id"]).reindex(list(model_ids)).fillna(False)
        for u, name in enumerate(self.names):
            if "image_input" in self.requires.get(name, ()):
                mask[:, u] &= image.to_numpy(bool)
        return mask

    def subset(self, names: Sequence[str]) -> "UseCases":
        unknown = [n for n in names if n not in self.weights.index]
        if unknown:
            raise ParameterError(f"unknown use case(s) {unknown}; known: {', '.join(self.names)}")
        return replace(self, weights=self.weights.loc[list(names)])


def _fail(message: str, file: str | None, column: str | None = None, hint: str | None = None):
    if file is None:
        raise ParameterError(message + (f" ({hint})" if hint else ""))
    raise DataError(message, file=file, column=column, hint=hint)


def use_cases_from_mapping(spec: Mapping[str, Mapping], min_coverage: float = 0.6, *,
                           file: str | None = None) -> UseCases:
    """Build :class:`UseCases` from ``{name: {"weights": {category: w}, "description": str}}``.

    Weights must be non-negative numbers over known categories with a positive sum; they are
    rescaled to sum to 1. Errors name the use case (``DataError`` when ``file`` is given, else
    ``ParameterError``)."""
    if not isinstance(min_coverage, (int, float)) or not 0 <= min_coverage <= 1:
        _fail(f"min_coverage must be a number from 0 to 1, got {min_coverage!r}", file, "min_coverage")
    if not spec:
        _fail("no use case defined", file, "use_cases")
    rows, descriptions, needs = {}, {}, {}
    for name, entry in spec.items():
        weights = entry.get("weights") if isinstance(entry, Mapping) else None
        if not isinstance(weights, Mapping) or not weights:
            _fail(f"use case {name!r} has no weights", file, str(name), "weights: {category: weight}")
        unknown = sorted(set(weights) - set(CATEGORIES))
        if unknown:
            _fail(f"use case {name!r}: unknown categories {unknown}", file, str(name),
                  f"categories are {', '.join(CATEGORIES)}")
        values = pd.Series({c: weights.get(c, 0.0) for c in CATEGORIES})
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and np.isfinite(v) and v >= 0
                   for v in values):
            _fail(f"use case {name!r}: weights must be non-negative numbers", file, str(name))
        if values.sum() <= 0:
            _fail(f"use case {name!r}: weights sum to 0", file, str(name))
        requires = entry.get("requires") or []
        if isinstance(requires, str) or not all(r in REQUIREMENTS for r in requires):
            _fail(f"use case {name!r}: requires must be a list of {', '.join(REQUIREMENTS)}", file, str(name))
        rows[str(name)] = values.astype(float) / float(values.sum())
        descriptions[str(name)] = str(entry.get("description", "") or "")
        needs[str(name)] = tuple(requires)
    weights_frame = pd.DataFrame(rows).T[CATEGORIES]
    weights_frame.index.name = "use_case"
    return UseCases(weights=weights_frame, min_coverage=float(min_coverage), descriptions=descriptions,
                    requires={k: v for k, v in needs.items() if v})


def load_use_cases(path: Path = USE_CASES_FILE) -> UseCases:
    """Read ``data/use_cases.yaml`` (see the file's header for the rule)."""
    shown = display_path(path)
    raw = read_yaml(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("use_cases"), dict):
        raise DataError("expected a mapping with 'use_cases'", file=shown, column="use_cases")
    rule = raw.get("missing_rule") or {}
    return use_cases_from_mapping(raw["use_cases"], rule.get("min_coverage", 0.6), file=shown)
