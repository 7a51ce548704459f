"""The decision sections of the report as Markdown: quality per use case, Pareto fronts, the
sensitivity analyses, recommendations and the router configuration.

Every function takes computed frames (from :mod:`analysis.compute.scores`, :mod:`analysis.compute.pareto`,
:mod:`analysis.compute.sensitivity`, :mod:`analysis.compute.montecarlo`, :mod:`analysis.compute.recommend`,
:mod:`analysis.compute.router`) and a :class:`~analysis.present.i18n.Localizer`. Message ids are English with
``str.format`` named placeholders; every number goes through the Localizer and every data string
through :func:`~analysis.present.i18n.escape_markdown`. Each sensitivity section ends with a conclusion
computed from its numbers. Section functions for the sensitivity analyses live in
:mod:`analysis.present.narrative.sensitivity`; the names of use cases, categories and price parts
are in :mod:`analysis.present.vocabulary`.
"""

from __future__ import annotations

import pandas as pd

from analysis.compute.pareto import POINTS_PER_TENFOLD_PRICE, ParetoResult
from analysis.compute.recommend import Recommendations
from analysis.compute.scores import COVERAGE_TOLERANCE, UseCases
from analysis.present.i18n import Localizer
from analysis.present.i18n import escape_markdown as esc
from analysis.present.i18n import message_id as _
from analysis.present.markdown import bullets, table
from analysis.present.vocabulary import USE_CASE_DESCRIPTIONS, category_name, names_of, use_case_name

SCORE_REASONS = {"low_coverage": _("too little of the weight has benchmark data"),
                 "no_benchmarks": _("no benchmark reported"),
                 "no_image_input": _("no image input")}
LIMIT_NAMES = {
    "text_only": _("text input only"),
    "reasoning_tokens": _("hidden reasoning tokens are billed as output"),
    "provider_context_below_model": _("this provider serves a shorter context than the model has"),
    "provider_context_unknown": _("this provider lists no context window"),
    "single_provider": _("only one provider lists a price"),
    "closed_weights": _("closed weights (no self-hosting)"),
    "partial_coverage": _("score based on part of the benchmark weight"),
}
ROUTE_RULES = {
    "best_general_value": _("best value for general use"),
    "best_reasoning_value": _("best value for reasoning"),
    "cheapest_adequate": _("cheapest model with a general score of at least {score} points"),
    "best_general_value_above_threshold": _("best general value with a context window above {threshold} tokens"),
    "best_multimodal_value_image_input": _("best multimodal value among models with image input"),
    "best_general_value_image_input": _("best general value among models with image input"),
}


def model_name(names: dict[str, str], model_id: str) -> str:
    """The escaped display name of a model (its id if unknown)."""
    return esc(names.get(model_id, model_id))


def join_names(loc: Localizer, items: list[str]) -> str:
    """Already formatted items joined with commas and the language's "and"."""
    if len(items) <= 1:
        return "".join(items)
    return loc.gettext("{first} and {last}").format(first=", ".join(items[:-1]), last=items[-1])


# --- quality per use case -------------------------------------------------------------------
def scores_section(use_cases: UseCases, scores: pd.DataFrame, models: pd.DataFrame, loc: Localizer) -> str:
    """Weights of each use case and the score table (model x use case, coverage when partial)."""
    _ = loc.gettext
    names = names_of(models)
    parts = ["## " + _("Quality by use case"),
             _("Each use case weights the benchmark categories as shown. A benchmark counts with its score "
               "as reported ({low} to {high}); a category is the mean of the model's benchmarks in it; a use case "
               "is the weighted mean of the categories the model has, the weights rescaled to them. When the "
               "categories with data carry less than {threshold} of the weight, the score is left out (—), "
               "never counted as zero.").format(low=loc.integer(0), high=loc.integer(100),
                                                threshold=loc.percent(use_cases.min_coverage))]
    rows = []
    for case, weights in use_cases.weights.iterrows():
        used = weights[weights > 0].sort_values(ascending=False)
        mix = ", ".join(f"{category_name(loc, c)} {loc.percent(w)}" for c, w in used.items())
        described = _(USE_CASE_DESCRIPTIONS[case]) if case in USE_CASE_DESCRIPTIONS else esc(use_cases.descriptions.get(case, ""))
        if "image_input" in use_cases.requires.get(case, ()):
            described += " " + _("Only models with image input.")
        rows.append([use_case_name(loc, case), mix, described])
    parts.append(table([_("Use case"), _("Weights"), _("What it covers")], rows))
    cases = list(dict.fromkeys(scores["use_case"]))
    cells = []
    for model_id, group in scores.groupby("model_id", sort=True):
        by_case = group.set_index("use_case")
        row = [model_name(names, model_id)]
        for case in cases:
            r = by_case.loc[case]
            text = loc.fixed(r["score"], 1)
            if pd.notna(r["score"]) and r["coverage"] < 1 - COVERAGE_TOLERANCE:
                text += " " + _("({coverage} of weight)").format(coverage=loc.percent(r["coverage"]))
            row.append(text)
        cells.append(row)
    parts.append(table([_("Model"), *(use_case_name(loc, c) for c in cases)], cells, ["l", *["r"] * len(cases)]))
    missing = scores[scores["score"].isna()]
    if len(missing):
        lines = [_("{model}, {use_case}: {reason}").format(model=model_name(names, r.model_id),
                                                            use_case=use_case_name(loc, r.use_case),
                                                            reason=_(SCORE_REASONS.get(r.reason, r.reason)))
                 for r in missing.itertuples()]
        parts.append(_("Scores left out and why:") + "\n\n" + bullets(lines))
    return "\n\n".join(parts)


# --- Pareto fronts --------------------------------------------------------------------------
def _point(loc: Localizer, names: dict[str, str], model_id: str, score: float, price: float) -> str:
    return loc.gettext("{model} ({score} points, {price} per 1M tokens)").format(
        model=model_name(names, model_id), score=loc.fixed(score, 1), price=loc.money(price))


def pareto_section(fronts: dict[str, ParetoResult], models: pd.DataFrame, loc: Localizer,
                   blend: tuple[float, float] = (3.0, 1.0)) -> str:
    """Per use case: the front (cheapest first), each dominated model with one model that beats
    it on both counts, and the models left out for a missing score or price. ``blend``: the
    input:output parts the prices were blended with."""
    _ = loc.gettext
    names = names_of(models)
    parts = ["## " + _("Price against quality: the Pareto front"),
             _("A model is on the front when no other model is at least as good and at least as cheap while "
               "better on one of the two. Prices are blended ({input_parts} input : {output_parts} output tokens) "
               "at the cheapest provider. A model off the front is beaten on both counts by the model named next "
               "to it.").format(input_parts=loc.number(blend[0], 2), output_parts=loc.number(blend[1], 2))]
    for case, result in fronts.items():
        parts.append("### " + use_case_name(loc, case))
        front = result.points[result.points["on_front"]].sort_values(["usd_per_mtok_blended", "model_id"])
        parts.append(_("On the front, cheapest first: {models}.").format(
            models="; ".join(_point(loc, names, r.model_id, r.score, r.usd_per_mtok_blended)
                             for r in front.itertuples()) or "—"))
        if len(result.dominated):
            rows = [[model_name(names, r.model_id), loc.fixed(r.score, 1), loc.money(r.usd_per_mtok_blended),
                     model_name(names, r.dominated_by), loc.fixed(r.score_dominating, 1),
                     loc.money(r.usd_per_mtok_blended_dominating)] for r in result.dominated.itertuples()]
            parts.append(table([_("Model"), _("Score"), _("USD per 1M"), _("Beaten by"), _("Its score"),
                                _("Its USD per 1M")], rows, ["l", "r", "r", "l", "r", "r"]))
        excluded = result.excluded
        if len(excluded):
            parts.append(_("Not compared (no score or no price): {models}.").format(
                models=", ".join(model_name(names, m) for m in excluded["model_id"])))
    return "\n\n".join(parts)


# --- recommendations --------------------------------------------------------------------------
def _pick_line(loc: Localizer, r, names: dict[str, str], provider_names: dict[str, str], limits: list[str]) -> str:
    _ = loc.gettext
    text = _("**{model}**: value {value} ({score} points, {price} per 1M tokens via {provider}), context {context} tokens.").format(
        model=model_name(names, r.model_id), value=loc.fixed(r.value, 1), score=loc.fixed(r.score, 1),
        price=loc.money(r.usd_per_mtok_blended), provider=esc(provider_names.get(r.provider, r.provider)),
        context=loc.tokens(r.context_window_tokens))
    if pd.notna(r.p_top):
        text += " " + _("Top pick in {share} of the simulations.").format(share=loc.percent(r.p_top))
    if r.on_front:
        text += " " + _("On the Pareto front.")
    if limits:
        text += " " + _("Limits: {limits}.").format(limits="; ".join(_(LIMIT_NAMES[c]) for c in limits))
    return text


def recommendations_section(recs: Recommendations, models: pd.DataFrame, providers: pd.DataFrame,
                            loc: Localizer, points_per_tenfold_price: float = POINTS_PER_TENFOLD_PRICE) -> str:
    """Top picks per use case with their rationale, then one "best for" line per model."""
    _ = loc.gettext
    names = names_of(models)
    provider_names = dict(zip(providers["provider"], providers["display_name"]))
    parts = ["## " + _("Recommendations"),
             _("Models are ranked by value: the score minus {points} points for every tenfold price, so a model "
               "ten times dearer must score {points} points more to rank the same.").format(
                 points=loc.number(points_per_tenfold_price, 1))]
    limits = recs.limits.groupby(["use_case", "model_id"])["limit"].apply(list).to_dict()
    for case in dict.fromkeys(recs.top["use_case"]):
        picks = recs.for_use_case(case)
        parts.append("### " + use_case_name(loc, case))
        parts.append("\n".join(f"{int(r.rank)}. " + _pick_line(loc, r, names, provider_names,
                                                               limits.get((case, r.model_id), []))
                               for r in picks.itertuples()))
    parts.append("### " + _("Best for"))
    lines = []
    for model_id, group in recs.best_for.groupby("model_id", sort=True):
        cases = [_("{use_case} (no. {rank})").format(use_case=use_case_name(loc, r.use_case), rank=loc.integer(r.rank))
                 for r in group.itertuples()]
        lines.append(_("{model}: {use_cases}").format(model=model_name(names, model_id), use_cases=", ".join(cases)))
    parts.append(bullets(lines))
    return "\n\n".join(parts)


# --- router -----------------------------------------------------------------------------------
def router_section(config: dict, rationale: pd.DataFrame, models: pd.DataFrame, providers: pd.DataFrame,
                   loc: Localizer, adequate_score: float = 70.0) -> str:
    """Each claude-code-router route, the model chosen and why; routes without a candidate."""
    _ = loc.gettext
    names = names_of(models)
    provider_names = dict(zip(providers["provider"], providers["display_name"]))
    threshold = config.get("Router", {}).get("longContextThreshold")
    parts = ["## " + _("A claude-code-router configuration"),
             _("The configuration routes each kind of Claude Code request to the model that suits it, among the "
               "providers with an OpenAI-compatible address. Requests above {threshold} tokens go to the long-context "
               "route. API keys are left empty: fill them in before use.").format(threshold=loc.integer(threshold))]
    rows, missing = [], []
    for r in rationale.itertuples():
        if pd.isna(r.model_id):
            missing.append(f"`{r.route}`")
            continue
        why = _(ROUTE_RULES.get(r.rule, r.rule)).format(score=loc.number(adequate_score, 1),
                                                         threshold=loc.integer(threshold))
        rows.append([f"`{r.route}`", model_name(names, r.model_id), esc(provider_names.get(r.provider, r.provider)),
                     why, loc.fixed(r.score, 1), loc.money(r.usd_per_mtok_blended), loc.tokens(r.context_window_tokens)])
    parts.append(table([_("Route"), _("Model"), _("Provider"), _("Why"), _("Score"), _("USD per 1M"),
                        _("Context (tokens)")], rows, ["l", "l", "l", "l", "r", "r", "r"]))
    if missing:
        parts.append(_("No model qualifies for: {routes}; the router then uses the default route.").format(
            routes=", ".join(missing)))
    return "\n\n".join(parts)


def router_config_block(config_json: str) -> str:
    """The config as a fenced JSON block. Code blocks are shown verbatim (no Markdown, HTML or
    TeX interpretation), so the JSON is not escaped; backtick fences inside are broken up."""
    return "```json\n" + config_json.replace("```", "` ` `").rstrip("\n") + "\n```"
