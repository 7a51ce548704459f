"""The first screen of the report: how to read it, then one answer box per use case.

Every term the boxes use (value, blended price, acceptable, the frontier) is defined in
:func:`how_to_read`, which comes before them. Numbers come from :mod:`analysis.compute.answer` (the same
ranking as the recommendations, the router and the Monte Carlo) and are formatted here.
"""

from __future__ import annotations

import pandas as pd

from analysis.compute.answer import ACCEPTABLE_GAP_POINTS
from analysis.compute.costs import Workload, blend_shares
from analysis.compute.montecarlo import confidence
from analysis.compute.pareto import POINTS_PER_TENFOLD_PRICE
from analysis.compute.reconcile import PRICE_AGREEMENT_TOLERANCE
from analysis.compute.report import ReportData
from analysis.compute.windows import PRICE_ENDS_HORIZON_DAYS
from analysis.present.i18n import Localizer
from analysis.present.i18n import escape_markdown as esc
from analysis.present.i18n import message_id as _
from analysis.present.narrative.decision import model_name
from analysis.present.narrative.sections import price_marks
from analysis.present.vocabulary import names_of, use_case_name

ROLE_LABELS = {
    "best_value": _("Best value"),
    "runner_up": _("Runner-up"),
    "best_quality": _("Best quality, whatever the price"),
    "cheapest_acceptable": _("Cheapest acceptable (score {floor} or more)"),
}


def how_to_read(loc: Localizer, blend: tuple[float, float], workload: Workload,
                points_per_tenfold_price: float = POINTS_PER_TENFOLD_PRICE,
                acceptable_gap_points: float = ACCEPTABLE_GAP_POINTS,
                tolerance: float = PRICE_AGREEMENT_TOLERANCE) -> str:
    """The definitions the answer boxes rely on, in the reader's language (``tolerance``: the price
    agreement of two catalogues, a fraction of the smaller price)."""
    _ = loc.gettext
    input_share, output_share = blend_shares(blend)
    items = [
        _("**Score**: a model's quality for the use case, 0 to 100 points: the weighted mean of its benchmark "
          "scores (the weights and every score are in the appendix)."),
        _("**Blended price**: US dollars per 1 million tokens at the model's cheapest provider, mixing input and "
          "output prices in the workload's proportion ({input_share} input, {output_share} output), so it ranks "
          "models in the same order as their monthly cost.").format(
              input_share=loc.percent(input_share), output_share=loc.percent(output_share)),
        _("**Value**: the score minus {points} points for every tenfold blended price (a model ten times "
          "dearer must score {points} points more to rank the same). The best value is the highest value; "
          "the same rule orders the recommendations, the router and the simulations.").format(
              points=loc.number(points_per_tenfold_price, 1)),
        _("**Acceptable**: at most {gap} points below the best score of the use case.").format(
            gap=loc.number(acceptable_gap_points, 1)),
        _("**Frontier** (Pareto front): the models that no other model beats on both score and price at once."),
        _("**Cost a month**: for the workload of {workload} at that provider.").format(
            workload=_("{input} input and {output} output tokens").format(
                input=loc.tokens(workload.input_tokens), output=loc.tokens(workload.output_tokens))),
        _("**Verified price**: confirmed by the provider's own price page or by two independent price catalogues "
          "that agree within {tolerance}. Models are priced at their cheapest verified provider; a figure marked † "
          "rests on one catalogue only (the model has no verified price).").format(tolerance=loc.percent(tolerance)),
        _("**Price ending soon**: a figure marked ‡ is a price that ends within {days} days of the data date; "
          "the box below the answers says what follows.").format(days=loc.integer(PRICE_ENDS_HORIZON_DAYS)),
    ]
    return "\n\n".join(["## " + _("How to read the answer"), "\n".join(f"- {item}" for item in items)])


def _line(loc: Localizer, role: str, r, names: dict[str, str], provider_names: dict[str, str]) -> str:
    _ = loc.gettext
    label = _(ROLE_LABELS[role]).format(floor=loc.fixed(r.acceptable_min_score, 1))
    text = _("{model} via {provider}: {cost} a month, score {score}, value {value}").format(
        model=model_name(names, r.model_id), provider=esc(provider_names.get(r.provider, r.provider)),
        cost=loc.money(r.usd_month) + price_marks(r.verified, r.price_ends), score=loc.fixed(r.score, 1), value=loc.fixed(r.value, 1))
    strong = role in ("best_value",)
    return f"- **{label}:** " + (f"**{text}**" if strong else text)


def answer_boxes(answers: pd.DataFrame, models: pd.DataFrame, providers: pd.DataFrame, loc: Localizer) -> str:
    """One boxed block per use case: best value and runner-up, best quality, cheapest acceptable."""
    _ = loc.gettext
    names = names_of(models)
    provider_names = dict(zip(providers["provider"], providers["display_name"]))
    boxes = []
    for case, group in answers.groupby("use_case", sort=False):
        lines = [_line(loc, r.role, r, names, provider_names) for r in group.itertuples()]
        boxes.append('<div class="answer-box">\n\n' + "### " + use_case_name(loc, case) + "\n\n"
                     + "\n".join(lines) + "\n\n</div>")
    if not boxes:
        return "\n\n".join(["## " + _("The answer, by use case"),
                             _("No model has both a score and a price for any use case.")])
    return "\n\n".join(["## " + _("The answer, by use case"), '<div class="answer-grid">', *boxes, "</div>"])


def confidence_point(first_picks: pd.DataFrame, models: pd.DataFrame, loc: Localizer, n_draws: int) -> str:
    """One key point: for which use cases the best-value pick is robust or contested in the
    simulations (``first_picks``: rank-1 recommendation rows with ``p_top``)."""
    _ = loc.gettext
    names = names_of(models)
    words = {"robust": [], "contested": []}
    for r in first_picks.itertuples():
        word = confidence(r.p_top)
        if word:
            words[word].append(_("{use_case}: {model}, {share}").format(
                use_case=use_case_name(loc, r.use_case), model=model_name(names, r.model_id), share=loc.percent(r.p_top)))
    parts = []
    if words["robust"]:
        parts.append(_("robust for {items}").format(items="; ".join(words["robust"])))
    if words["contested"]:
        parts.append(_("contested for {items}").format(items="; ".join(words["contested"])))
    return _("How sure the best-value picks are (share of {draws} simulations in which each stays on top): {verdicts}.").format(
        draws=loc.integer(n_draws), verdicts="; ".join(parts) or "—")


def before_you_buy(data: ReportData, loc: Localizer, offpeak_share: float) -> str:
    """A box of what will change: prices that end within the horizon (and the monthly cost after)
    and off-peak rates (and what the month costs wholly off-peak); "" when there is nothing."""
    _ = loc.gettext
    names = names_of(data.models)
    providers = dict(zip(data.providers["provider"], data.providers["display_name"]))
    items = []
    for r in data.changes_ahead.itertuples():
        who = _("{model} via {provider}").format(model=model_name(names, r.model_id),
                                                 provider=esc(providers.get(r.provider, r.provider)))
        if pd.isna(r.usd_month_after):
            items.append(_("**{who}**: this price ends on {date}; the price after it is not announced.").format(
                who=who, date=loc.date(r.valid_until)))
        else:
            items.append(_("**{who}**: this price ends on {date}; then {input} input and {output} output per 1M "
                           "tokens, so the month costs {after} instead of {now}.").format(
                who=who, date=loc.date(r.valid_until), input=loc.money(r.usd_per_mtok_input_after),
                output=loc.money(r.usd_per_mtok_output_after), after=loc.money(r.usd_month_after),
                now=loc.money(r.usd_month)))
    for r in data.offpeak_offers.itertuples():
        who = _("{model} via {provider}").format(model=model_name(names, r.model_id),
                                                 provider=esc(providers.get(r.provider, r.provider)))
        items.append(_("**{who}**: off-peak hours cost {input} input and {output} output per 1M tokens; with all "
                       "traffic off-peak the month costs {offpeak} instead of {now}. This report counts {share} of "
                       "the traffic as off-peak (parameter offpeak_share).").format(
            who=who, input=loc.money(r.usd_per_mtok_input_offpeak), output=loc.money(r.usd_per_mtok_output_offpeak),
            offpeak=loc.money(r.usd_month_offpeak), now=loc.money(r.usd_month), share=loc.percent(offpeak_share)))
    if not items:
        return ""
    return '<div class="answer-box">\n\n### ' + _("Before you buy") + "\n\n" + "\n".join(f"- {i}" for i in items) \
        + "\n\n</div>"
