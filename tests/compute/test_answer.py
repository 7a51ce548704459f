"""The answer box: one ranking rule, roles derived by hand from the decision fixtures."""

import math

import numpy as np
import pytest
from decision_fixtures import BENCHMARKS, EVIL, MODELS, PRICES, PROVIDERS, USE_CASES

from analysis.compute.answer import answers
from analysis.compute.costs import Workload
from analysis.compute.scores import use_case_scores
from analysis.present.i18n import SUPPORTED_LANGUAGES, Localizer
from analysis.present.narrative.answer import answer_boxes, how_to_read

# workload 1M input + 1M output tokens: monthly cost = input price + output price
COSTS = PRICES.assign(usd_total=[0.1 + 0.3, 0.2 + 0.2, 0.5 + 1.5, 1.0 + 4.0])


def table():
    scores = use_case_scores(BENCHMARKS, USE_CASES, MODELS["model_id"], models=MODELS)
    return answers(scores, PRICES, MODELS, COSTS, input_parts=3.0, output_parts=1.0)


def test_roles_follow_the_value_rule():
    out = table().set_index(["use_case", "role"])
    # blended 3:1 at the cheapest provider: alpha p1 (3*0.1 + 0.3)/4 = 0.15, beta (3*0.5 + 1.5)/4 = 0.75,
    # gamma (3*1.0 + 4.0)/4 = 1.75. Reasoning scores 60, 75, 90; value = score - 10*log10(price):
    # alpha 60 + 8.24 = 68.24, beta 75 + 1.25 = 76.25, gamma 90 - 2.43 = 87.57 -> gamma, then beta
    assert out.loc[("reasoning", "best_value"), "model_id"] == "gamma"
    assert out.loc[("reasoning", "best_value"), "value"] == pytest.approx(90 - 10 * math.log10(1.75))
    assert out.loc[("reasoning", "runner_up"), "model_id"] == "beta"
    assert out.loc[("reasoning", "best_quality"), "model_id"] == "gamma"
    # acceptable: at least 90 - 10 = 80 points -> only gamma
    assert out.loc[("reasoning", "cheapest_acceptable"), "model_id"] == "gamma"
    assert out.loc[("reasoning", "best_value"), "usd_month"] == pytest.approx(5.0)   # 1.0 + 4.0
    # general = mean of reasoning and coding: alpha 57.5, beta 77.5, gamma 87.5; floor 87.5 - 10 = 77.5, so
    # beta (exactly 77.5) is acceptable and cheaper than gamma
    assert out.loc[("general", "cheapest_acceptable"), "model_id"] == "beta"
    assert out.loc[("general", "cheapest_acceptable"), "acceptable_min_score"] == pytest.approx(77.5)
    assert out.loc[("general", "cheapest_acceptable"), "usd_month"] == pytest.approx(2.0)   # 0.5 + 1.5
    # alpha's cheapest blended provider is p1 (0.15 < p2's (0.6 + 0.2)/4 = 0.2)
    general = table()
    assert set(general[general["model_id"] == "alpha"]["provider"]) <= {"p1"}


def test_multimodal_needs_image_input_and_has_no_runner_up():
    out = table()
    multimodal = out[out["use_case"] == "multimodal"]
    # only beta has image input, so it fills every role but the runner-up
    assert multimodal["role"].tolist() == ["best_value", "best_quality", "cheapest_acceptable"]
    assert set(multimodal["model_id"]) == {"beta"}


@pytest.mark.parametrize("lang", sorted(SUPPORTED_LANGUAGES))
def test_boxes_render_in_every_language_with_escaped_names(lang):
    loc = Localizer(lang)
    text = answer_boxes(table(), MODELS, PROVIDERS, loc)
    assert text.count('<div class="answer-box">') == 3
    assert EVIL not in text and loc.money(5.0) in text
    intro = how_to_read(loc, (3.0, 1.0), Workload(1_000_000, 1_000_000))
    assert loc.percent(0.75) in intro and intro.startswith("## ")


def test_no_price_no_answer():
    scores = use_case_scores(BENCHMARKS, USE_CASES, MODELS["model_id"], models=MODELS)
    empty = answers(scores, PRICES.iloc[0:0], MODELS, COSTS.iloc[0:0], input_parts=1.0, output_parts=1.0)
    assert empty.empty


def test_every_section_names_the_same_pick_on_the_real_data():
    """The answer box, the recommendations, the router (default = general, think = reasoning,
    image = multimodal best value) and the top pick with all scores name the same model."""
    from analysis.compute.decision import prepare_decision, top_of
    from analysis.compute.report import prepare

    data = prepare(monthly_input_tokens=10_000_000, monthly_output_tokens=5_000_000)
    d = prepare_decision(data, data.workload, n_draws=200)
    picks = top_of(d.recommendations)
    best = d.answers[d.answers["role"] == "best_value"]
    assert dict(zip(best["use_case"], best["model_id"])) == picks
    assert dict(zip(d.by_reporting["use_case"], d.by_reporting["top_all"])) == picks
    assert list(d.first_picks["model_id"]) == [picks[c] for c in d.first_picks["use_case"]]
    routes = dict(zip(d.router_rationale["rule"], d.router_rationale["model_id"]))
    for rule, case in (("best_general_value", "general"), ("best_reasoning_value", "reasoning"),
                       ("best_multimodal_value_image_input", "multimodal")):
        if rule in routes:
            assert routes[rule] == picks[case], (rule, routes[rule], picks[case])
    assert d.headline_use_case == "general" and picks["general"] in d.answer_models("general")
