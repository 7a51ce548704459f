"""Charts of the decision sections: each returns an :class:`analysis.present.charts.figures.Chart`.

Each function takes computed frames, the models table (display names; ``developer`` gives the
colour, see :func:`analysis.present.charts.style.model_styles`) and a :class:`~analysis.present.i18n.Localizer`:
titles and axis labels are translated message ids, ticks are formatted by Babel, and the alt
text states the chart's finding from the same frame. Missing values are not drawn (never as
0); what is left out is named under the chart.
"""

from __future__ import annotations

from typing import Sequence

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from analysis.compute.montecarlo import FRONT_STEADY
from analysis.compute.pareto import ParetoResult
from analysis.compute.scores import UseCases
from analysis.compute.sensitivity import relative_shocks
from analysis.present.charts import style
from analysis.present.charts.figures import (Chart, developer_key, draw_lines, footnote, front_scatter, label,
                                             labelled_height, legend_above, lines_with_end_labels, log_ticks,
                                             new_figure, render, short_name, styled, styles_for, title)
from analysis.present.charts.labels import place_labels, text_size_px
from analysis.present.i18n import Localizer
from analysis.present.vocabulary import category_name, names_of, price_component_name, use_case_name


def _price_axis_label(loc: Localizer, blend: tuple[float, float]) -> str:
    return loc.gettext("Blended price, USD per 1M tokens ({input_parts} input : {output_parts} output, log scale)").format(
        input_parts=loc.number(blend[0], 2), output_parts=loc.number(blend[1], 2))


# --- quality against price ---------------------------------------------------------------------
def _log_limits(values: pd.Series, below: float = 1.8, above: float = 1.8) -> tuple[float, float]:
    return float(values.min()) / below, float(values.max()) * above


def _quality_price(points: pd.DataFrame, models: pd.DataFrame, loc: Localizer, use_case: str,
                   blend: tuple[float, float], highlight: Sequence[str], height: float, chart_title: str, name: str,
                   key: bool = False) -> Chart:
    _ = loc.gettext
    names = names_of(models)
    shown = points[~points["excluded"]] if "excluded" in points else points.dropna(subset=["score", "usd_per_mtok_blended"])
    labels = [short_name(names.get(m, m)) for m in shown["model_id"]]
    fig, ax = new_figure(labelled_height(labels, height))
    styles = styles_for(models, shown["model_id"])
    place = front_scatter(ax, shown, "usd_per_mtok_blended", "score", labels, styles,
                          front_label=_("Pareto front: no other model is both cheaper and better"),
                          other_label=_("beaten on price and score"), highlight=highlight)
    if len(shown):
        ax.set_xscale("log")
        ax.set_xlim(*_log_limits(shown["usd_per_mtok_blended"]))
        low, high = shown["score"].min(), shown["score"].max()
        ax.set_ylim(max(0.0, low - 0.12 * (high - low) - 4), min(100.0, high + 0.12 * (high - low) + 4))
    log_ticks(ax.xaxis, loc, "money")
    ax.yaxis.set_major_formatter(loc.tick_formatter("number"))
    ax.set_xlabel(_price_axis_label(loc, blend))
    ax.set_ylabel(_("Score (0-100 points)"))
    legend_above(ax, ncol=1)
    title(fig, chart_title)
    excluded = points[points["excluded"]] if "excluded" in points else points.iloc[:0]
    if len(excluded):
        footnote(fig, _("Not compared (no score or no price): {models}").format(
            models=", ".join(label(names.get(m, m)) for m in excluded["model_id"])))
    bottom = developer_key(fig, models, shown["model_id"], _("Colour: developer")) if key else 0.0
    fig.tight_layout(rect=(0, bottom, 1, 1))
    place()
    return render(fig, front_alt(shown, names, loc, use_case), name)


def front_alt(points: pd.DataFrame, names: dict, loc: Localizer, use_case: str) -> str:
    """The finding of a quality-price chart: the front's cheapest and best-scoring members."""
    _ = loc.gettext
    front = points[points["on_front"]].sort_values(["usd_per_mtok_blended", "score"])
    case = use_case_name(loc, use_case, label)
    if front.empty:
        return _("{use_case}: no model has both a score and a price.").format(use_case=case)
    cheap, best = front.iloc[0], front.iloc[-1]
    facts = dict(use_case=case, count=loc.integer(len(front)), total=loc.integer(len(points)),
                 cheap_model=label(names.get(cheap["model_id"], cheap["model_id"])), cheap_score=loc.fixed(cheap["score"]),
                 cheap_price=loc.money(cheap["usd_per_mtok_blended"]),
                 top_model=label(names.get(best["model_id"], best["model_id"])), top_score=loc.fixed(best["score"]),
                 top_price=loc.money(best["usd_per_mtok_blended"]))
    if len(front) == 1:
        return _("{use_case}: {cheap_model} is both the cheapest and the best of {total} models: score {cheap_score} "
                 "at {cheap_price} per 1M tokens.").format(**facts)
    return _("{use_case}: {count} of {total} models are on the price-quality front. The cheapest of them is "
             "{cheap_model} (score {cheap_score}, {cheap_price} per 1M tokens); the best is {top_model} "
             "(score {top_score}, {top_price}).").format(**facts)


@styled
def pareto_chart(result: ParetoResult, models: pd.DataFrame, loc: Localizer, use_case: str,
                 blend: tuple[float, float] = (3.0, 1.0)) -> Chart:
    """Score (y) against blended price (x, log; ``blend`` = input:output parts): the front
    joined by a line, every model labelled without overlap."""
    return _quality_price(result.points, models, loc, use_case, blend, (), 4.4,
                          loc.gettext("Price against quality: {use_case}").format(
                              use_case=use_case_name(loc, use_case, label)),
                          f"pareto-{use_case}")


@styled
def headline_chart(points: pd.DataFrame, models: pd.DataFrame, loc: Localizer, use_case: str, *,
                   blend: tuple[float, float] = (3.0, 1.0), highlight: Sequence[str] = ()) -> Chart:
    """The report's first chart: quality (use-case score, 0-100) against blended price (USD per
    1M tokens, log), the front marked, every model labelled. ``points``: the ``points`` of
    :func:`analysis.compute.pareto.quality_price_fronts` for ``use_case`` (``model_id, score,
    usd_per_mtok_blended, on_front, excluded``); ``highlight``: model ids to ring (the picks)."""
    return _quality_price(points, models, loc, use_case, blend, tuple(highlight), 4.9,
                          loc.gettext("Quality against price: {use_case}").format(
                              use_case=use_case_name(loc, use_case, label)),
                          f"headline-{use_case}", key=True)


# --- lines per model ----------------------------------------------------------------------------
@styled
def ratio_sweep_chart(sweep: pd.DataFrame, models: pd.DataFrame, loc: Localizer) -> Chart:
    """Cost of 1M tokens (log y) against the output share (x), one line per model."""
    _ = loc.gettext
    names = names_of(models)
    priced = sweep.dropna(subset=["usd_per_mtok"])
    lines = {m: g.sort_values("output_share") for m, g in priced.groupby("model_id", sort=True)}
    fig, ax = new_figure(max(4.0, 0.19 * len(lines) + 1.4))
    if lines:
        ax.set_yscale("log")
    ax.xaxis.set_major_formatter(loc.tick_formatter("percent"))
    log_ticks(ax.yaxis, loc, "money")
    ax.set_xlabel(_("Share of output tokens"))
    ax.set_ylabel(_("USD per 1M tokens (log scale)"))
    title(fig, _("Cost of 1M tokens as the output share grows"))
    lines_with_end_labels(fig, ax, lines, "output_share", "usd_per_mtok", names, styles_for(models, lines))
    return render(fig, _ratio_alt(priced, names, loc), "ratio-sweep")


def _ratio_alt(priced: pd.DataFrame, names: dict, loc: Localizer) -> str:
    if priced.empty:
        return loc.gettext("No model has both an input and an output price.")
    ends, winners = [], []
    for share in (priced["output_share"].min(), priced["output_share"].max()):
        row = priced[priced["output_share"] == share].sort_values(["usd_per_mtok", "model_id"]).iloc[0]
        winners.append(row["model_id"])
        ends += [loc.percent(share), label(names.get(row["model_id"], row["model_id"])), loc.money(row["usd_per_mtok"])]
    if winners[0] == winners[1] and ends[2] == ends[5]:
        return loc.gettext("{model} is the cheapest at every output share: {cost} per 1M tokens.").format(
            model=ends[1], cost=ends[2])
    if winners[0] == winners[1]:
        return loc.gettext("{model} is the cheapest at every output share, from {low_cost} to {high_cost} per 1M "
                           "tokens.").format(model=ends[1], low_cost=ends[2], high_cost=ends[5])
    return loc.gettext("With {low_share} output tokens the cheapest model is {low_model} ({low_cost} per 1M tokens); "
                       "with {high_share} it is {high_model} ({high_cost}).").format(
        **dict(zip(["low_share", "low_model", "low_cost", "high_share", "high_model", "high_cost"], ends)))


@styled
def volume_chart(volumes: pd.DataFrame, break_even: pd.DataFrame, models: pd.DataFrame, loc: Localizer) -> Chart:
    """Monthly bill against monthly tokens (log-log): API (solid) and rented GPUs (dashed) for
    each model that can be self-hosted; break-even volumes marked and labelled."""
    _ = loc.gettext
    names = names_of(models)
    hosted = volumes.dropna(subset=["usd_self_hosted", "usd_api"])
    groups = {m: g.sort_values("monthly_tokens") for m, g in hosted.groupby("model_id", sort=True)}
    styles = styles_for(models, groups)
    fig, ax = new_figure(max(4.2, 0.19 * len(groups) + 1.6))
    for model_id, group in groups.items():
        ax.plot(group["monthly_tokens"], group["usd_self_hosted"], color=styles[model_id].colour, lw=1.2, ls="--")
    ax.plot([], [], color=style.GREY, lw=1.4, label=_("API, cheapest provider"))
    ax.plot([], [], color=style.GREY, lw=1.2, ls="--", label=_("rented GPUs, around the clock"))
    marks = break_even.dropna(subset=["break_even_monthly_tokens"])
    marks = marks[marks["model_id"].isin(groups)]
    for r in marks.itertuples():
        ax.scatter([r.break_even_monthly_tokens], [r.usd_per_month_one_replica], zorder=5, **styles[r.model_id].scatter(40))
    draw_lines(ax, groups, "monthly_tokens", "usd_api", styles)
    if groups:
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.autoscale_view()
        ax.set_ylim(top=ax.get_ylim()[1] * 4)          # room above the lines for the break-even labels
    log_ticks(ax.xaxis, loc, "tokens")
    log_ticks(ax.yaxis, loc, "money")
    ax.set_xlabel(_("Tokens per month (log scale)"))
    ax.set_ylabel(_("USD per month (log scale)"))
    legend_above(ax)
    title(fig, _("Paying per token against renting GPUs around the clock"))
    skipped = sorted({label(names.get(m, m)) for m in set(break_even["model_id"]) - set(groups)})
    if skipped:
        footnote(fig, _("Not self-hostable with the listed set-ups: {models}").format(models=", ".join(skipped)))
    lines_with_end_labels(fig, ax, groups, "monthly_tokens", "usd_api", names, styles, draw=False)
    place_labels(ax, marks["break_even_monthly_tokens"].to_numpy(float), marks["usd_per_month_one_replica"].to_numpy(float),
                 [loc.tokens(v) for v in marks["break_even_monthly_tokens"]], marker_px=14)
    return render(fig, _volume_alt(break_even, set(groups), names, loc), "volume")


def _volume_alt(break_even: pd.DataFrame, hosted: set, names: dict, loc: Localizer) -> str:
    _ = loc.gettext
    marks = break_even.dropna(subset=["break_even_monthly_tokens"])
    marks = marks[marks["model_id"].isin(hosted)].sort_values(["break_even_monthly_tokens", "model_id"])
    if len(marks):
        first = marks.iloc[0]
        return _("Renting GPUs around the clock becomes cheaper than the API first for {model}, from {tokens} tokens "
                 "a month. Break-even within the volumes shown: {count} of {total} self-hostable models.").format(
            model=label(names.get(first["model_id"], first["model_id"])), tokens=loc.tokens(first["break_even_monthly_tokens"]),
            count=loc.integer(len(marks)), total=loc.integer(len(hosted)))
    if hosted:
        return _("For every self-hostable model the API stays cheaper than renting GPUs, even at full load.")
    return _("No model can be self-hosted with the listed GPU set-ups.")


@styled
def tornado_chart(shocks: pd.DataFrame, models: pd.DataFrame, loc: Localizer, top: int = 12) -> Chart:
    """Relative change of the monthly budget when one price moves down/up, largest swings on top."""
    _ = loc.gettext
    names = names_of(models)
    frame = relative_shocks(shocks).head(top).iloc[::-1]
    fig, ax = new_figure(0.27 * max(len(frame), 1) + 1.5)
    y = np.arange(len(frame))
    ax.barh(y, frame["change_low"], color=style.HUES[0], height=0.7, label=_("price lower"))
    ax.barh(y, frame["change_high"], color=style.HUES[1], height=0.7, label=_("price higher"))
    ax.axvline(0, color="0.2", lw=0.8)
    ax.set_yticks(y, [f"{short_name(names.get(r.model_id, r.model_id))} · {price_component_name(loc, r.component)}"
                      for r in frame.itertuples()])
    ax.grid(axis="y", visible=False)
    ax.xaxis.set_major_formatter(loc.tick_formatter("percent"))
    ax.set_xlabel(_("Change of the monthly budget"))
    legend_above(ax)
    title(fig, _("Which prices the budget depends on"))
    fig.tight_layout()
    if frame.empty:
        alt = _("No priced model to test.")
    else:
        r = frame.iloc[-1]
        alt = _("The budget depends most on the {component} of {model}: it changes by {low} to {high} when that "
                "price moves.").format(component=price_component_name(loc, r["component"]),
                                       model=label(names.get(r["model_id"], r["model_id"])),
                                       low=loc.percent(r["change_low"]), high=loc.percent(r["change_high"]))
    return render(fig, alt, "tornado")


@styled
def reasoning_chart(sweep: pd.DataFrame, models: pd.DataFrame, loc: Localizer) -> Chart:
    """Cost per task (log y) against the reasoning multiplier: reasoning models solid, others dashed."""
    _ = loc.gettext
    names = names_of(models)
    priced = sweep.dropna(subset=["usd_per_task"])
    lines = {m: g.sort_values("multiplier") for m, g in priced.groupby("model_id", sort=True)}
    plain = [m for m, g in lines.items() if not bool(g["reasoning_model"].iloc[0])]
    fig, ax = new_figure(max(4.2, 0.19 * len(lines) + 1.6))
    if lines:
        ax.set_yscale("log")
    ax.xaxis.set_major_formatter(loc.tick_formatter("number"))
    log_ticks(ax.yaxis, loc, "money")
    ax.set_xlabel(_("Billed output as a multiple of the visible output"))
    ax.set_ylabel(_("USD per task (log scale)"))
    title(fig, _("Cost per task as hidden reasoning tokens grow"))
    footnote(fig, _("Dashed: models without hidden reasoning tokens (their cost does not move)."))
    lines_with_end_labels(fig, ax, lines, "multiplier", "usd_per_task", names, styles_for(models, lines), dashed=plain)
    if priced.empty:
        alt = _("No model has a price for a task.")
    else:
        last = priced[priced["multiplier"] == priced["multiplier"].max()].sort_values(["usd_per_task", "model_id"])
        alt = _("With {multiplier} times the visible output billed, a task costs from {low_cost} ({low_model}) to "
                "{high_cost} ({high_model}).").format(
            multiplier=loc.number(last["multiplier"].iloc[0]), low_cost=loc.money(last["usd_per_task"].iloc[0]),
            low_model=label(names.get(last["model_id"].iloc[0], last["model_id"].iloc[0])),
            high_cost=loc.money(last["usd_per_task"].iloc[-1]),
            high_model=label(names.get(last["model_id"].iloc[-1], last["model_id"].iloc[-1])))
    return render(fig, alt, "reasoning")


# --- simulations and weights ---------------------------------------------------------------------
@styled
def montecarlo_heatmap(summary: pd.DataFrame, models: pd.DataFrame, loc: Localizer, column: str = "p_top") -> Chart:
    """Models (rows, most often chosen first) x use cases (columns): share of simulations in
    which the model is the top pick (or, ``column="p_front"``, on the front). Models at 0% in
    every use case are named under the chart instead of taking a row."""
    _ = loc.gettext
    names = names_of(models)
    cases = list(dict.fromkeys(summary["use_case"]))
    grid = summary.pivot(index="model_id", columns="use_case", values=column)[cases]
    never = grid.fillna(0).max(axis=1) <= 0
    rows = grid[~never]
    rows = rows.assign(_mean=rows.fillna(0).mean(axis=1), _name=[names.get(m, m).casefold() for m in rows.index])
    rows = rows.sort_values(["_mean", "_name"], ascending=[False, True])[cases]
    fig, ax = new_figure(0.27 * max(len(rows), 1) + 1.9)
    values = rows.to_numpy(float)
    cmap = matplotlib.colormaps["Blues"].with_extremes(bad="#EEEEEE")
    ax.imshow(np.ma.masked_invalid(values), cmap=cmap, vmin=0, vmax=1.25, aspect="auto")
    for (i, j), v in np.ndenumerate(values):
        ax.text(j, i, loc.percent(v), ha="center", va="center", fontsize=style.FONT_PT,
                color="white" if v > 0.6 else style.INK)
    ax.set_xticks(range(len(cases)), [use_case_name(loc, c, label) for c in cases])
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(rows)), [short_name(names.get(m, m)) for m in rows.index])
    ax.grid(False)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    title(fig, _("Share of simulations in which the model is the top pick") if column == "p_top"
          else _("Share of simulations in which the model is on the Pareto front"))
    if never.any():
        footnote(fig, _("In no simulation: {models}").format(
            models=", ".join(sorted(label(names.get(m, m)) for m in grid.index[never]))))
    fig.tight_layout()
    column_px = ax.get_window_extent().width / max(len(cases), 1)
    if max((text_size_px(fig, use_case_name(loc, c, label), style.FONT_PT)[0] for c in cases), default=0) > 0.9 * column_px:
        for tick in ax.get_xticklabels():                # headers would touch: tilt them
            tick.set(rotation=25, ha="left", rotation_mode="anchor")
        fig.tight_layout()
    return render(fig, _heatmap_alt(grid, column, names, loc), f"montecarlo-{column.replace('p_', '')}")


def _heatmap_alt(grid: pd.DataFrame, column: str, names: dict, loc: Localizer) -> str:
    _ = loc.gettext
    parts = []
    for case in grid.columns:
        shares = grid[case].dropna()
        if shares.empty:
            continue
        if column == "p_top":
            best = shares.sort_values(ascending=False, kind="mergesort").index[0]
            parts.append(f"{use_case_name(loc, case, label)}: {label(names.get(best, best))} ({loc.percent(shares[best])})")
        else:
            steady = sorted(label(names.get(m, m)) for m in shares[shares >= FRONT_STEADY].index)
            parts.append(f"{use_case_name(loc, case, label)}: {', '.join(steady) or '—'}")
    if column == "p_top":
        return _("Most frequent top pick per use case: {parts}.").format(parts="; ".join(parts))
    return _("Models on the price-quality front in at least {share} of the simulations: {parts}.").format(
        share=loc.percent(FRONT_STEADY), parts="; ".join(parts))


@styled
def weight_sensitivity_chart(sweep: pd.DataFrame, models: pd.DataFrame, loc: Localizer, use_case: str,
                             use_cases: UseCases | None = None) -> Chart:
    """For one use case: one row per category, coloured by the top pick as that category's
    weight moves from 0 to 100% (the others keeping their proportions), each stretch marked with
    the pick's marker; with ``use_cases`` the chosen weight of each category is a black tick."""
    _ = loc.gettext
    names = names_of(models)
    frame = sweep[sweep["use_case"] == use_case]
    categories = list(dict.fromkeys(frame["category"]))
    picks = sorted({m for m in frame["top_model"] if m}, key=lambda m: names.get(m, m).casefold())
    styles = styles_for(models, picks)
    fig, ax = new_figure(0.42 * max(len(categories), 1) + 1.15 + 0.22 * ((len(picks) + 2) // 3))
    journeys = []
    for row, category in enumerate(categories):
        group = frame[frame["category"] == category].sort_values("weight")
        weights = group["weight"].to_numpy(float)
        edges = np.concatenate([[weights[0]], (weights[1:] + weights[:-1]) / 2, [weights[-1]]])
        runs = (group["top_model"] != group["top_model"].shift()).cumsum().to_numpy()
        journey = []
        for run in np.unique(runs):
            members = np.flatnonzero(runs == run)
            model_id = group["top_model"].iloc[members[0]]
            left, right = edges[members[0]], edges[members[-1] + 1]
            s = styles.get(model_id)
            ax.barh(row, right - left, left=left, height=0.72, color=s.colour if s else "#EEEEEE",
                    alpha=0.85 if s and s.filled else 0.35, edgecolor="white", linewidth=0.8)
            if s:
                ax.scatter([(left + right) / 2], [row], marker=s.marker, s=34, facecolors="white",
                           edgecolors=style.INK, linewidths=0.9, zorder=3)
                journey.append(label(names.get(model_id, model_id)))
        journeys.append(f"{category_name(loc, category, label, capital=True)}: {' → '.join(journey) or '—'}")
        if use_cases is not None:
            ax.plot([use_cases.weights.loc[use_case, category]] * 2, [row - 0.42, row + 0.42], color="black", lw=2.2)
    ax.set_yticks(range(len(categories)), [category_name(loc, c, label, capital=True) for c in categories])
    ax.set_ylim(len(categories) - 0.5, -0.5)
    ax.set_xlim(-0.03, 1.03)
    ax.grid(False)
    ax.xaxis.set_major_formatter(loc.tick_formatter("percent"))
    ax.set_xlabel(_("Weight of the category"))
    title(fig, _("Top pick as one weight moves: {use_case}").format(use_case=use_case_name(loc, use_case, label)))
    handles = [Line2D([], [], ls="none", marker=styles[m].marker, markersize=7, markerfacecolor="white",
                      markeredgecolor=style.INK, label=short_name(names.get(m, m))) for m in picks]
    for handle, m in zip(handles, picks):
        handle.set_markerfacecolor(styles[m].colour)
    if handles:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, -0.22), ncol=3, handletextpad=0.3,
                  columnspacing=1.2, borderaxespad=0)
    fig.tight_layout()
    alt = _("Top pick for {use_case} as one category's weight moves from 0% to 100%: {parts}.").format(
        use_case=use_case_name(loc, use_case, label), parts="; ".join(journeys))
    return render(fig, alt, f"weights-{use_case}")
