"""The sensitivity sections of the report as Markdown, each with a plain-language conclusion
computed from its numbers (see :mod:`analysis.present.narrative.decision` for the conventions)."""

from __future__ import annotations

import pandas as pd

from analysis.compute.montecarlo import FRONT_OFTEN, ROBUST_P_TOP, MonteCarloResult, most_frequent_pick, pick_stability
from analysis.compute.sensitivity import (HOURS_PER_MONTH, output_price_led, ratio_summary, reasoning_costs,
                                          reasoning_outcomes, relative_shocks)
from analysis.present.i18n import Localizer
from analysis.present.i18n import escape_markdown as esc
from analysis.present.i18n import message_id as _
from analysis.present.markdown import bullets, table
from analysis.present.narrative.decision import join_names, model_name
from analysis.present.vocabulary import category_name, names_of, price_component_name, use_case_name

SELF_HOST_REASONS = {"closed_weights": _("closed weights"), "no_parameter_count": _("parameter count not disclosed"),
                     "does_not_fit": _("too large for the GPU set-ups listed"),
                     "no_api_price": _("no API price to compare"),
                     "api_cheaper_at_full_load": _("the API is cheaper even at full GPU load")}


def _conclusion(loc: Localizer, text: str) -> str:
    return "**" + loc.gettext("In short:") + "** " + text


# --- input/output ratio ---------------------------------------------------------------------------
def ratio_section(sweep: pd.DataFrame, models: pd.DataFrame, loc: Localizer) -> str:
    """Cost per 1M tokens at three output shares, and who is cheapest as the share moves."""
    _ = loc.gettext
    names = names_of(models)
    summary = ratio_summary(sweep)
    shown, wide, ranks, lead = summary.shares, summary.usd_per_mtok, summary.rank, summary.leaders
    rows = [[model_name(names, m), *(loc.money(wide.loc[m, s]) for s in shown),
             *(loc.integer(ranks.loc[m, s]) for s in (shown[0], shown[-1]))] for m in wide.index]
    headers = [_("Model"), *(_("{share} output").format(share=loc.percent(s)) for s in shown),
               _("Rank, input only") if shown[0] == 0 else _("Rank, first share"),
               _("Rank, output only") if shown[-1] == 1 else _("Rank, last share")]
    parts = ["## " + _("Input against output tokens"),
             _("The price of 1M tokens depends on how many of them are output, which most providers charge more "
               "for. Each model is priced at its cheapest provider for each mix (USD per 1M tokens)."),
             table(headers, rows, ["l", *["r"] * (len(headers) - 1)])]
    if not len(lead):
        return "\n\n".join(parts)
    first, last, switch = lead.iloc[0], lead.iloc[-1], summary.switch
    if summary.flat:
        text = _("{model} is the cheapest at every mix, at {price} per 1M tokens whatever the mix.").format(
            model=model_name(names, first.model_id), price=loc.money(first.usd_per_mtok))
    elif switch is None:
        text = _("{model} is the cheapest at every mix, from {low} to {high} per 1M tokens.").format(
            model=model_name(names, first.model_id), low=loc.money(lead["usd_per_mtok"].min()),
            high=loc.money(lead["usd_per_mtok"].max()))
    else:
        text = _("With {low_share} output {first} is the cheapest; from {switch_share} output on, {other} is; "
                 "at {high_share} output the cheapest is {last}.").format(
            low_share=loc.percent(first.output_share), first=model_name(names, first.model_id),
            switch_share=loc.percent(switch.output_share), other=model_name(names, switch.model_id),
            high_share=loc.percent(last.output_share), last=model_name(names, last.model_id))
    mover = summary.mover
    if mover is not None:
        text += " " + _("The largest move is {model}: rank {before} with input only, rank {after} with output only.").format(
            model=model_name(names, mover), before=loc.integer(ranks.loc[mover, shown[0]]),
            after=loc.integer(ranks.loc[mover, shown[-1]]))
    parts.append(_conclusion(loc, text))
    return "\n\n".join(parts)


# --- self-hosting ---------------------------------------------------------------------------------
def volume_section(break_even: pd.DataFrame, gpu_hosting: pd.DataFrame, models: pd.DataFrame, loc: Localizer,
                   output_share: float = 0.25) -> str:
    """Renting GPUs against paying per token: assumptions, break-even table, conclusion."""
    _ = loc.gettext
    names = names_of(models)
    gpus = gpu_hosting.drop_duplicates("gpu")
    prices = "; ".join(_("{gpu}: {price} per GPU-hour ({cloud})").format(
        gpu=esc(g.gpu), price=loc.money(g.usd_per_gpu_hour), cloud=esc(g.cloud)) for g in gpus.itertuples())
    parts = ["## " + _("Renting GPUs instead of paying per token"),
             _("A rented GPU costs the same whether it is busy or idle. We size open-weight models on the GPU "
               "set-up whose measured vLLM throughput fits their size, rent it around the clock ({hours} hours a "
               "month) and compare with the cheapest API provider, {share} of the tokens being output. GPU prices: "
               "{prices}.").format(hours=loc.integer(HOURS_PER_MONTH), share=loc.percent(output_share), prices=prices)]
    rows = []
    for r in break_even.itertuples():
        setup = "—" if pd.isna(r.setup_id) else _("{count} × {gpu}").format(count=loc.integer(r.gpus_per_replica),
                                                                          gpu=esc(r.gpu))
        note = _(SELF_HOST_REASONS[r.reason]) if r.reason in SELF_HOST_REASONS else ""
        rows.append([model_name(names, r.model_id), setup, loc.money(r.usd_per_month_one_replica),
                     loc.tokens(r.capacity_monthly_tokens), loc.money(r.usd_per_mtok_api),
                     loc.tokens(r.break_even_monthly_tokens), note])
    parts.append(table([_("Model"), _("GPUs"), _("USD per month, 24x7"), _("Capacity, tokens per month"),
                        _("API, USD per 1M"), _("Break-even, tokens per month"), _("Note")], rows,
                       ["l", "l", "r", "r", "r", "r", "l"]))
    paying = break_even.dropna(subset=["break_even_monthly_tokens"]).sort_values("break_even_monthly_tokens")
    if len(paying):
        items = [_("{model} from {volume} tokens a month ({usd} a month)").format(
            model=model_name(names, r.model_id), volume=loc.tokens(r.break_even_monthly_tokens),
            usd=loc.money(r.usd_per_month_one_replica)) for r in paying.itertuples()]
        text = _("Renting GPUs pays off only at high volume: {items}. Below that, paying per token is cheaper.").format(
            items="; ".join(items))
    else:
        text = _("For none of the models does a rented GPU set-up beat the cheapest API price, even fully used: "
                 "at these prices, paying per token is cheaper at any volume.")
    parts.append(_conclusion(loc, text))
    return "\n\n".join(parts)


# --- price shocks ---------------------------------------------------------------------------------
def shocks_section(shocks: pd.DataFrame, models: pd.DataFrame, loc: Localizer, shock: float = 0.5, top: int = 10) -> str:
    """The prices the monthly budget depends on most (relative swing), and a conclusion."""
    _ = loc.gettext
    names = names_of(models)
    frame = relative_shocks(shocks)
    rows = [[model_name(names, r.model_id), price_component_name(loc, r.component), loc.money(r.usd_low),
             loc.money(r.usd_base), loc.money(r.usd_high), loc.percent(r.relative_swing)]
            for r in frame.head(top).itertuples()]
    parts = ["## " + _("Price shocks"),
             _("Each price is moved down and up by {shock} on its own, the monthly budget recomputed (the cheapest "
               "provider may change).").format(shock=loc.percent(shock)),
             table([_("Model"), _("Price moved"), _("USD per month, lower"), _("USD per month, base"),
                    _("USD per month, higher"), _("Swing")], rows, ["l", "l", "r", "r", "r", "r"])]
    if len(frame):
        r = frame.iloc[0]
        output_led, total = output_price_led(shocks)
        text = _("The budget of {model} reacts most: {shock} on its {component} moves it between {low} and {high} a "
                 "month. For {count} of {total} models the output price matters more than the input price for this "
                 "workload.").format(model=model_name(names, r.model_id), shock=loc.percent(shock),
                                     component=price_component_name(loc, r.component), low=loc.money(r.usd_low),
                                     high=loc.money(r.usd_high), count=loc.integer(output_led),
                                     total=loc.integer(total))
        parts.append(_conclusion(loc, text))
    return "\n\n".join(parts)


# --- reasoning tokens -----------------------------------------------------------------------------
def reasoning_section(sweep: pd.DataFrame, crossover: pd.DataFrame, models: pd.DataFrame, loc: Localizer,
                      input_tokens_per_task: float = 2_000, output_tokens_per_task: float = 500) -> str:
    """Cost per task of reasoning models as hidden tokens multiply the output."""
    _ = loc.gettext
    names = names_of(models)
    thinking = reasoning_costs(sweep)
    low, high = thinking.columns[0], thinking.columns[-1]
    parts = ["## " + _("Hidden reasoning tokens"),
             _("Reasoning models think in tokens that are billed as output but not shown. For a task of {input} input "
               "and {output} visible output tokens, the cost per task as the billed output grows from {low}× to "
               "{high}× the visible output:").format(input=loc.tokens(input_tokens_per_task),
                                                    output=loc.tokens(output_tokens_per_task),
                                                    low=loc.number(low, 1), high=loc.number(high, 1))]
    rows = [[model_name(names, m), loc.money(thinking.loc[m, low], 6), loc.money(thinking.loc[m, high], 6)]
            for m in thinking.index]
    parts.append(table([_("Model"), _("USD per task at {times}×").format(times=loc.number(low, 1)),
                        _("USD per task at {times}×").format(times=loc.number(high, 1))], rows, ["l", "r", "r"]))
    lines = []
    for r in reasoning_outcomes(crossover, low).itertuples():
        if r.outcome == "overtaken":
            lines.append(_("{model} becomes dearer per task than {plain} at {times}×.").format(
                model=model_name(names, r.model_id), plain=model_name(names, r.plain_model),
                times=loc.number(r.multiplier_dearer, 1)))
        elif r.outcome == "cheaper":
            lines.append(_("{model} stays cheaper per task than every non-reasoning model up to {times}×.").format(
                model=model_name(names, r.model_id), times=loc.number(high, 1)))
        else:
            lines.append(_("{model} already costs more per task than {count} non-reasoning models at {times}×.").format(
                model=model_name(names, r.model_id), count=loc.integer(r.dearer_count), times=loc.number(low, 1)))
    if lines:
        parts.append(_conclusion(loc, " ".join(lines)))
    return "\n\n".join(parts)


# --- Monte Carlo and weights ------------------------------------------------------------------------
def montecarlo_section(mc: MonteCarloResult, top: pd.DataFrame, models: pd.DataFrame, loc: Localizer) -> str:
    """How often the recommended pick (``top``: rank-1 rows of the recommendations) stays the top
    pick when prices and scores move around the values the ranking uses, worded by one threshold."""
    _ = loc.gettext
    names = names_of(models)
    parts = ["## " + _("How sure is the top pick?"),
             _("{draws} simulations move every model's price around the price the ranking uses (its cheapest "
               "provider; a log-normal error of a factor of {factor} per standard deviation) and every benchmark "
               "score by a normal error of {sd} points (standard deviation). In each draw the model with the best "
               "value is the top pick. We call the recommended pick robust when it stays on top in at least {robust} "
               "of the draws, else contested.").format(
                 draws=loc.integer(mc.n_draws), factor=loc.number(10 ** mc.price_sd_log10, 2),
                 sd=loc.number(mc.score_sd_points, 1), robust=loc.percent(ROBUST_P_TOP))]
    rows, verdicts = [], []
    for r in pick_stability(mc.summary, top, FRONT_OFTEN).itertuples():
        case, pick, share = use_case_name(loc, r.use_case), model_name(names, r.model_id), r.p_top
        challenger = None if pd.isna(r.challenger) else r.challenger
        rows.append([case, pick, loc.percent(share),
                     "—" if challenger is None else f"{model_name(names, challenger)} ({loc.percent(r.challenger_p_top)})",
                     ", ".join(model_name(names, m) for m in r.on_front) or "—"])
        if r.confidence == "robust":
            verdicts.append(_("{use_case}: {model} is a robust choice ({share} of the draws).").format(
                use_case=case, model=pick, share=loc.percent(share)))
        else:
            verdicts.append(_("{use_case}: contested between {first} ({first_share}) and {second} ({second_share}).").format(
                use_case=case, first=pick, first_share=loc.percent(share),
                second=model_name(names, challenger) if challenger is not None else "—",
                second_share=loc.percent(r.challenger_p_top) if challenger is not None else "—"))
    parts.append(table([_("Use case"), _("Recommended pick"), _("Top pick in"), _("Strongest challenger"),
                        _("On the front in {share} of draws or more").format(share=loc.percent(FRONT_OFTEN))],
                       rows, ["l", "l", "r", "l", "l"]))
    parts.append(_conclusion(loc, "") + "\n\n" + bullets(verdicts))
    return "\n\n".join(parts)


def weights_section(dirichlet: pd.DataFrame, switches: pd.DataFrame, models: pd.DataFrame, loc: Localizer) -> str:
    """Top pick under random weights, and the category weights at which it changes."""
    _ = loc.gettext
    names = names_of(models)
    parts = ["## " + _("How much do the weights matter?"),
             _("The weights of each use case are a judgement. We draw them at random around the chosen ones and "
               "also move one category's weight at a time from {low} to {high}, the others keeping their "
               "proportions.").format(low=loc.percent(0), high=loc.percent(1))]
    lines = []
    for best in most_frequent_pick(dirichlet).itertuples():
        case = best.use_case
        line = _("{use_case}: {model} stays the top pick in {share} of the weight draws.").format(
            use_case=use_case_name(loc, case), model=model_name(names, best.model_id), share=loc.percent(best.p_top))
        moves = []
        for r in switches[switches["use_case"] == case].itertuples():
            if r.up_model:
                moves.append(_("{model} takes over when the weight of {category} rises to {weight}").format(
                    model=model_name(names, r.up_model), category=category_name(loc, r.category),
                    weight=loc.percent(r.up_weight)))
            if r.down_model:
                moves.append(_("{model} takes over when the weight of {category} falls to {weight}").format(
                    model=model_name(names, r.down_model), category=category_name(loc, r.category),
                    weight=loc.percent(r.down_weight)))
        line += " " + (_("Otherwise: {changes}.").format(changes=join_names(loc, moves)) if moves
                       else _("No single weight change alters it."))
        lines.append(line)
    parts.append(_conclusion(loc, "") + "\n\n" + bullets(lines))
    return "\n\n".join(parts)
