"""Coverage and price-check sections: both catalogue dates shown, every left-out model listed."""

from dataclasses import replace

import pytest

from analysis.compute.report import prepare
from analysis.core.paths import DATA_DIR
from analysis.inputs.wheels import read_lock
from analysis.present.i18n import SUPPORTED_LANGUAGES, Localizer
from analysis.present.narrative import coverage as nc
from analysis.present.narrative import prices as npr


@pytest.fixture(scope="module")
def data():
    return prepare(monthly_input_tokens=10_000_000, monthly_output_tokens=5_000_000)


@pytest.mark.parametrize("lang", sorted(SUPPORTED_LANGUAGES))
def test_coverage_shows_each_catalogue_date_and_every_left_out_model(data, lang):
    loc = Localizer(lang)
    text = nc.coverage_section(data, loc)
    # LiteLLM and OpenRouter describe different days: both dates appear, not one "as of" date
    litellm_day = read_lock(DATA_DIR / "catalogues.lock.yaml")["litellm"].built  # the locked release's
    for day in (litellm_day, "2026-05-01", "2026-11-10", "2026-05-21"):
        assert loc.date(day) in text
    assert loc.integer(len(data.coverage.left_out)) in text
    appendix = nc.left_out_section(data, loc)
    for model_id in data.coverage.left_out["model_id"]:
        assert model_id.replace("_", "\\_") in appendix or model_id in appendix


@pytest.mark.parametrize("lang", sorted(SUPPORTED_LANGUAGES))
def test_price_checks_list_every_discrepancy_of_the_selected_models(data, lang):
    loc = Localizer(lang)
    found = data.checks.discrepancies.merge(data.models[["model_id"]], on="model_id")
    text = npr.price_checks_section(data, loc)
    assert text.count("\n| ") - 2 == len(found)         # one table row each (minus header and rule lines)
    assert loc.integer(int(data.costs["verified"].fillna(False).sum())) in npr.verification_point(data, loc)




@pytest.mark.parametrize("lang", sorted(SUPPORTED_LANGUAGES))
def test_the_agreement_tolerance_is_a_value_the_text_receives(data, lang):
    loc = Localizer(lang)
    intro = npr.price_checks_section(data, loc).split("\n\n")[1]
    # the shipped tolerance 0.01 reads "1%" (Babel: "1 %" with a no-break space in es and de), twice
    assert data.checks.tolerance == 0.01 and intro.count(loc.percent(0.01)) == 2
    # checks made with another tolerance say so: 0.37 -> "37%" in the rule and in the key point
    wider = replace(data, checks=replace(data.checks, tolerance=0.37))
    assert npr.price_checks_section(wider, loc).split("\n\n")[1].count(loc.percent(0.37)) == 2
    assert loc.percent(0.37) in npr.verification_point(wider, loc)
    assert loc.percent(0.37) not in npr.verification_point(data, loc)
