"""The shared vocabulary: translated names, and unknown ids shown through the caller's escape."""

from __future__ import annotations

import pandas as pd

from analysis.present.i18n import Localizer
from analysis.present.vocabulary import category_name, names_of, price_component_name, use_case_name


def test_shipped_names_are_translated_and_custom_ones_escaped():
    de = Localizer("de")
    assert use_case_name(de, "coding") == de.gettext("Coding") != "Coding"
    assert use_case_name(de, "my_case") == r"my\_case"                  # Markdown escape by default
    assert use_case_name(de, "my_case", escape=str) == "my_case"         # a chart label: as it is


def test_category_capitalised_for_a_label_only():
    en = Localizer("en")
    assert category_name(en, "math") == "math"
    assert category_name(en, "math", capital=True) == "Math"
    assert category_name(en, "new_thing", str, capital=True) == "New_thing"


def test_price_parts_and_model_names():
    assert price_component_name(Localizer("en"), "usd_per_mtok_output") == "output price"
    models = pd.DataFrame({"model_id": ["a", "b"], "display_name": ["Alpha", "Beta"]})
    assert names_of(models) == {"a": "Alpha", "b": "Beta"}
