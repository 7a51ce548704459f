"""The section "What changed since the last edition", from the committed data/edition_changes.csv
(litellm 1.109.1 -> 1.110.2), in every language and strict."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.compute.rederive import EDITION_COLUMNS, edition_table
from analysis.inputs.catalog import load_curated
from analysis.inputs.history_table import load_edition_changes
from analysis.present.i18n import SUPPORTED_LANGUAGES, Localizer
from analysis.present.narrative.changes import edition_changes_section

CURATED = load_curated()
CHANGES = load_edition_changes()


@pytest.mark.parametrize("lang", sorted(SUPPORTED_LANGUAGES))
def test_the_section_shows_the_cuts_and_raises_with_their_budgets(lang):
    loc = Localizer(lang, strict=True)
    text = edition_changes_section(CHANGES, CURATED.models, CURATED.providers, loc)
    assert text.startswith("## " + loc.gettext("What changed since the last edition"))
    # Mistral Large 4: 10 x 1.36 + 5 x 4.18 = 34.50 -> 10 x 0.70 + 5 x 2.10 = 17.50 USD a month
    assert loc.gettext("{old} → {new}").format(old=loc.money(34.5), new=loc.money(17.5)) in text
    assert "1.109.1" in text and "1.110.2" in text and "gemini-4-hydrogen" in text


def test_no_recorded_edition_says_so():
    text = edition_changes_section(None, CURATED.models, CURATED.providers, Localizer("en"))
    assert "No change is recorded since the last edition." in text


def test_the_edition_table_orders_cuts_raises_removals_additions():
    changes = {
        "prices": pd.DataFrame([["b", "p", "k2", 1.0, 2.0, 1.0, 2.0, 100.0, 100.0, 15.0, 30.0, 15.0, "raise"],
                                ["a", "p", "k1", 2.0, 1.0, 2.0, 1.0, -50.0, -50.0, 30.0, 15.0, -15.0, "cut"]],
                               columns=["model_id", "provider", "catalog_key", "usd_per_mtok_input_old",
                                        "usd_per_mtok_input_new", "usd_per_mtok_output_old", "usd_per_mtok_output_new",
                                        "input_change_percent", "output_change_percent", "budget_usd_old",
                                        "budget_usd_new", "budget_effect_usd", "direction"]),
        "removed": pd.DataFrame({"model_id": ["c"], "provider": ["p"], "catalog_key": ["k3"], "reason": ["gone"]}),
        "cached": pd.DataFrame({"model_id": ["d"], "provider": ["p"], "catalog_key": ["k4"]}),
        "new_models": pd.DataFrame({"developer": ["X", "Y"], "model_id": ["e", "f"], "catalog_key": ["k5", "k6"],
                                    "provider": ["p", "p"], "reason": ["not_selected", "specialised"],
                                    "proposed": ["mid", ""]}),
    }
    table = edition_table(changes, "1.0", "1.1")
    assert list(table.columns) == EDITION_COLUMNS
    # cut before raise, then the removed key, the cache price, and only the proposed new model
    assert table["kind"].tolist() == ["price_cut", "price_raise", "key_removed", "cached_added", "new_model"]
    assert table["model_id"].tolist() == ["a", "b", "c", "d", "e"] and (table["to_version"] == "1.1").all()


def test_scheduled_catalogue_prices_after_the_release_for_curated_rows():
    from analysis.compute.rederive import scheduled_changes
    dated = pd.DataFrame({"catalog_key": ["g/a", "g/a", "g/b", "g/c"], "model_id": ["a", "a", "b", "c"],
                          "provider": ["gemini"] * 4, "usd_per_mtok_input": [2.0, 4.0, 1.0, 9.0],
                          "usd_per_mtok_output": [10.0, 20.0, 5.0, 9.0],
                          "valid_from": ["", "2026-12-01", "2026-10-01", "2027-01-01"]})
    prices = pd.DataFrame({"model_id": ["a", "b"], "provider": ["gemini", "gemini"]})
    # a's 4/20 from 2026-12-01 is after the release (2026-11-20); b's change is past; c is not curated
    out = scheduled_changes(dated, prices, "2026-11-20")
    assert out[["model_id", "valid_from", "usd_per_mtok_input_new", "usd_per_mtok_output_new"]].values.tolist() == [
        ["a", "2026-12-01", 4.0, 20.0]]


def test_the_committed_edition_lists_the_scheduled_gemini_prices():
    scheduled = CHANGES[CHANGES["kind"] == "scheduled"].set_index("model_id")
    # genai-prices 0.2.3: Gemini 4 Argon 4/20 from 2026-12-01, Gemini 3.8 Flash 1.50/7.50 from 2027-01-01
    assert scheduled.loc["gemini-4-argon", ["valid_from", "usd_per_mtok_input_new"]].tolist() == ["2026-12-01", 4.0]
    assert scheduled.loc["gemini-3.8-flash", ["valid_from", "usd_per_mtok_output_new"]].tolist() == ["2027-01-01", 7.5]
