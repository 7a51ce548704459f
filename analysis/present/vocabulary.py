"""The report's vocabulary: the names of use cases, benchmark categories and price parts, shared by
the narrative (:mod:`analysis.present.narrative`) and the charts (:mod:`analysis.present.charts`).

The tables hold English message ids (translated through the :class:`~analysis.present.i18n.Localizer`);
a name the tables do not know (a custom use case, a new category) is shown as its id, passed
through ``escape``: :func:`~analysis.present.i18n.escape_markdown` for the Markdown text (the
default), the chart's own label function for a figure.
"""

from __future__ import annotations

from typing import Callable

import pandas as pd

from analysis.present.i18n import Localizer, escape_markdown
from analysis.present.i18n import message_id as _

#: shipped use cases (data/use_cases.yaml) -> their names
USE_CASE_NAMES = {"reasoning": _("Reasoning"), "coding": _("Coding"), "multilingual": _("Multilingual"),
                  "multimodal": _("Multimodal"), "general": _("General")}
#: shipped use cases -> what each one is for (a custom use case: its description in the data)
USE_CASE_DESCRIPTIONS = {"reasoning": _("Multi-step reasoning, science questions and maths word problems."),
                         "coding": _("Writing, editing and repairing code."),
                         "multilingual": _("Work in languages other than English."),
                         "multimodal": _("Questions about images, charts and documents."),
                         "general": _("A balanced mix for everyday assistant work.")}
#: benchmark categories (data/benchmarks.csv ``category``) -> their names, lower case (they run in a sentence)
CATEGORY_NAMES = {"reasoning": _("reasoning"), "coding": _("coding"), "math": _("math"),
                  "multilingual": _("multilingual"), "multimodal": _("multimodal"),
                  "knowledge": _("knowledge")}
#: price columns (USD per 1M tokens) -> the name of that part of a price
PRICE_COMPONENTS = {"usd_per_mtok_input": _("input price"), "usd_per_mtok_output": _("output price"),
                    "usd_per_mtok_cached_input": _("cached input price")}


def names_of(models: pd.DataFrame) -> dict[str, str]:
    """model_id -> display name."""
    return dict(zip(models["model_id"], models["display_name"]))


def use_case_name(loc: Localizer, case: str, escape: Callable[[object], str] = escape_markdown) -> str:
    """Translated name of a shipped use case; a custom one is shown as its id, through ``escape``."""
    return loc.gettext(USE_CASE_NAMES[case]) if case in USE_CASE_NAMES else escape(case)


def category_name(loc: Localizer, category: str, escape: Callable[[object], str] = escape_markdown,
                  capital: bool = False) -> str:
    """Translated category name (lower case; ``capital``: its first letter upper case, to start a
    label); an unknown category as its id, through ``escape``."""
    name = loc.gettext(CATEGORY_NAMES[category]) if category in CATEGORY_NAMES else escape(category)
    return name[:1].upper() + name[1:] if capital else name


def price_component_name(loc: Localizer, component: str) -> str:
    """Translated name of a price part (``usd_per_mtok_output`` -> "output price")."""
    return loc.gettext(PRICE_COMPONENTS[component])
