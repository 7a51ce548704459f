"""Charts of the decision sections, as deterministic PNG bytes (see :mod:`analysis.plots`).

Each function takes computed frames, the models table (for display names) and a
:class:`~analysis.i18n.Localizer`: titles and axis labels are translated message ids, ticks are
formatted by Babel, data strings go through :func:`analysis.plots.label`. Missing values are not
drawn (never as 0); what is left out is named under the chart.
"""

from __future__ import annotations

import textwrap

import analysis.plots  # noqa: F401  (first: it selects the Agg backend before seaborn loads pyplot)
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.patches import Patch

from analysis.i18n import Localizer
from analysis.narrative import CATEGORY_NAMES
from analysis.narrative_decision import USE_CASE_NAMES, names_of
from analysis.narrative_sensitivity import PRICE_COMPONENTS
from analysis.pareto import ParetoResult
from analysis.plots import PALETTE, label, new_figure, to_png
from analysis.scores import UseCases


def _name(names: dict[str, str], model_id: str) -> str:
    return label(names.get(model_id, model_id))


def _case(loc: Localizer, case: str) -> str:
    """Translated use-case name (a custom use case: its id, made safe for matplotlib)."""
    return loc.gettext(USE_CASE_NAMES[case]) if case in USE_CASE_NAMES else label(case)


def _category(loc: Localizer, category: str) -> str:
    return loc.gettext(CATEGORY_NAMES[category]) if category in CATEGORY_NAMES else label(category)


def _colours(keys) -> dict:
    """A stable, distinct colour per key (sorted): the report palette up to its 10 colours,
    evenly spaced hues beyond (so no two lines share a colour)."""
    ordered = sorted(dict.fromkeys(keys))
    palette = sns.color_palette(PALETTE) if len(ordered) <= 10 else sns.color_palette("husl", len(ordered))
    return {key: palette[i] for i, key in enumerate(ordered)}


def _footnote(fig, text: str) -> None:
    """A note under the chart, wrapped to the figure width; ``supxlabel`` so that the layout
    leaves room for it."""
    width = int(fig.get_figwidth() * 19)          # about 19 characters per inch at 7 pt
    fig.supxlabel(textwrap.fill(text, width), fontsize=7, x=0.01, ha="left")


def pareto_chart(result: ParetoResult, models: pd.DataFrame, loc: Localizer, use_case: str,
                 blend: tuple[float, float] = (3.0, 1.0)) -> bytes:
    """Score (y) against blended price (x, log; ``blend`` = input:output parts): front members
    joined by a step line, every model labelled."""
    _ = loc.gettext
    names = names_of(models)
    points = result.points[~result.points["excluded"]]
    front = points[points["on_front"]].sort_values(["usd_per_mtok_blended", "score"])
    fig, ax = new_figure(7.5, 4.6)
    colours = sns.color_palette(PALETTE)
    off = points[~points["on_front"]]
    ax.scatter(off["usd_per_mtok_blended"], off["score"], s=30, color="0.6", label=_("beaten on price and score"))
    ax.scatter(front["usd_per_mtok_blended"], front["score"], s=45, color=colours[0], label=_("Pareto front"), zorder=3)
    if len(front):
        ax.step(front["usd_per_mtok_blended"], front["score"], where="post", color=colours[0], lw=1.2)
    for r in points.itertuples():
        ax.annotate(_name(names, r.model_id), (r.usd_per_mtok_blended, r.score), xytext=(4, 3),
                    textcoords="offset points", fontsize=7, color="0.15" if r.on_front else "0.45")
    if len(points):
        ax.set_xscale("log")
        ax.set_xlim(points["usd_per_mtok_blended"].min() / 2, points["usd_per_mtok_blended"].max() * 3)
    ax.xaxis.set_major_formatter(loc.tick_formatter("money"))
    ax.yaxis.set_major_formatter(loc.tick_formatter("number"))
    ax.set_xlabel(_("Blended price, USD per 1M tokens ({input_parts} input : {output_parts} output, log scale)").format(
        input_parts=loc.number(blend[0], 2), output_parts=loc.number(blend[1], 2)))
    ax.set_ylabel(_("Score (points)"))
    ax.set_title(_("Price against quality: {use_case}").format(use_case=_case(loc, use_case)))
    ax.legend(loc="lower right", fontsize=8)
    if len(result.excluded):
        _footnote(fig, _("Not compared (no score or no price): {models}").format(
            models=", ".join(_name(names, m) for m in result.excluded["model_id"])))
    return to_png(fig)


def ratio_sweep_chart(sweep: pd.DataFrame, models: pd.DataFrame, loc: Localizer) -> bytes:
    """Cost of 1M tokens (log y) against the output share (x), one line per model."""
    _ = loc.gettext
    names = names_of(models)
    fig, ax = new_figure(7.5, 4.4)
    colours = _colours(sweep["model_id"])
    for model_id, group in sweep.dropna(subset=["usd_per_mtok"]).groupby("model_id", sort=True):
        group = group.sort_values("output_share")
        ax.plot(group["output_share"], group["usd_per_mtok"], color=colours[model_id], lw=1.4,
                label=_name(names, model_id))
    ax.set_yscale("log")
    ax.xaxis.set_major_formatter(loc.tick_formatter("percent"))
    ax.yaxis.set_major_formatter(loc.tick_formatter("money"))
    ax.set_xlabel(_("Share of output tokens"))
    ax.set_ylabel(_("USD per 1M tokens (log scale)"))
    ax.set_title(_("Cost of 1M tokens as the output share grows"))
    if sweep["usd_per_mtok"].notna().any():
        ax.legend(fontsize=6, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return to_png(fig)


def volume_chart(volumes: pd.DataFrame, break_even: pd.DataFrame, models: pd.DataFrame, loc: Localizer) -> bytes:
    """Monthly bill against monthly tokens (log-log): API (solid) and rented GPUs (dashed) for
    each model that can be self-hosted; break-even volumes marked."""
    _ = loc.gettext
    names = names_of(models)
    hosted = volumes.dropna(subset=["usd_self_hosted", "usd_api"])
    colours = _colours(hosted["model_id"])
    fig, ax = new_figure(7.5, 4.6)
    for model_id, group in hosted.groupby("model_id", sort=True):
        group = group.sort_values("monthly_tokens")
        ax.plot(group["monthly_tokens"], group["usd_api"], color=colours[model_id], lw=1.4,
                label=_("{model}, API").format(model=_name(names, model_id)))
        ax.plot(group["monthly_tokens"], group["usd_self_hosted"], color=colours[model_id], lw=1.2, ls="--",
                label=_("{model}, rented GPUs").format(model=_name(names, model_id)))
    marks = break_even.dropna(subset=["break_even_monthly_tokens"])
    for r in marks.itertuples():
        if r.model_id in colours:
            ax.plot(r.break_even_monthly_tokens, r.usd_per_month_one_replica, "o", color=colours[r.model_id], ms=6)
            ax.annotate(loc.tokens(r.break_even_monthly_tokens), (r.break_even_monthly_tokens, r.usd_per_month_one_replica),
                        xytext=(4, -10), textcoords="offset points", fontsize=7)
    if len(hosted):
        ax.set_xscale("log")
        ax.set_yscale("log")
    ax.xaxis.set_major_formatter(loc.tick_formatter("tokens"))
    ax.yaxis.set_major_formatter(loc.tick_formatter("money"))
    ax.set_xlabel(_("Tokens per month (log scale)"))
    ax.set_ylabel(_("USD per month (log scale)"))
    ax.set_title(_("Paying per token against renting GPUs around the clock"))
    if len(hosted):
        ax.legend(fontsize=6, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    skipped = sorted(set(break_even["model_id"]) - set(colours))
    if skipped:
        _footnote(fig, _("Not self-hostable with the listed set-ups: {models}").format(
            models=", ".join(_name(names, m) for m in skipped)))
    return to_png(fig)


def tornado_chart(shocks: pd.DataFrame, models: pd.DataFrame, loc: Localizer, top: int = 12) -> bytes:
    """Relative change of the monthly budget when one price moves down/up, largest swings on top."""
    _ = loc.gettext
    names = names_of(models)
    frame = shocks.dropna(subset=["usd_base"]).copy()
    frame = frame[frame["usd_base"] > 0]
    frame["low"] = frame["usd_low"] / frame["usd_base"] - 1
    frame["high"] = frame["usd_high"] / frame["usd_base"] - 1
    frame["relative"] = frame["high"] - frame["low"]
    frame = frame.sort_values(["relative", "model_id", "component"], ascending=[False, True, True],
                              kind="mergesort").head(top).iloc[::-1]
    fig, ax = new_figure(7.5, 0.32 * max(len(frame), 1) + 1.6)
    y = np.arange(len(frame))
    colours = sns.color_palette(PALETTE)
    ax.barh(y, frame["low"], color=colours[0], label=_("price lower"))
    ax.barh(y, frame["high"], color=colours[3], label=_("price higher"))
    ax.axvline(0, color="0.2", lw=0.8)
    ax.set_yticks(y, [f"{_name(names, r.model_id)} · {_(PRICE_COMPONENTS[r.component])}" for r in frame.itertuples()],
                  fontsize=7)
    ax.xaxis.set_major_formatter(loc.tick_formatter("percent"))
    ax.set_xlabel(_("Change of the monthly budget"))
    ax.set_title(_("Which prices the budget depends on"))
    ax.legend(fontsize=7, loc="lower right")
    return to_png(fig)


def reasoning_chart(sweep: pd.DataFrame, models: pd.DataFrame, loc: Localizer) -> bytes:
    """Cost per task (log y) against the reasoning multiplier: reasoning models solid, others dashed."""
    _ = loc.gettext
    names = names_of(models)
    priced = sweep.dropna(subset=["usd_per_task"])
    colours = _colours(priced["model_id"])
    fig, ax = new_figure(7.5, 4.4)
    for model_id, group in priced.groupby("model_id", sort=True):
        group = group.sort_values("multiplier")
        thinking = bool(group["reasoning_model"].iloc[0])
        ax.plot(group["multiplier"], group["usd_per_task"], color=colours[model_id], lw=1.6 if thinking else 1.0,
                ls="-" if thinking else "--", label=_name(names, model_id))
    if len(priced):
        ax.set_yscale("log")
    ax.xaxis.set_major_formatter(loc.tick_formatter("number"))
    ax.yaxis.set_major_formatter(loc.tick_formatter("money"))
    ax.set_xlabel(_("Billed output as a multiple of the visible output"))
    ax.set_ylabel(_("USD per task (log scale)"))
    ax.set_title(_("Cost per task as hidden reasoning tokens grow"))
    if len(priced):
        ax.legend(fontsize=6, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    _footnote(fig, _("Dashed: models without hidden reasoning tokens (their cost does not move)."))
    return to_png(fig)


def montecarlo_heatmap(summary: pd.DataFrame, models: pd.DataFrame, loc: Localizer, column: str = "p_top") -> bytes:
    """Models (rows) x use cases (columns): probability of being the top pick (or ``p_front``);
    cells of models without a score or price are left blank with a dash."""
    _ = loc.gettext
    names = names_of(models)
    cases = list(dict.fromkeys(summary["use_case"]))
    grid = summary.pivot(index="model_id", columns="use_case", values=column)[cases].sort_index()
    fig, ax = new_figure(7.5, 0.34 * max(len(grid), 1) + 1.8)
    values = grid.to_numpy(float)
    masked = np.ma.masked_invalid(values)
    cmap = sns.color_palette("Blues", as_cmap=True).with_extremes(bad="0.93")
    ax.imshow(masked, cmap=cmap, vmin=0, vmax=1, aspect="auto")
    for (i, j), v in np.ndenumerate(values):
        ax.text(j, i, loc.percent(v), ha="center", va="center", fontsize=7, color="white" if v > 0.6 else "0.1")
    ax.set_xticks(range(len(cases)), [_case(loc, c) for c in cases], fontsize=8)
    ax.set_yticks(range(len(grid)), [_name(names, m) for m in grid.index], fontsize=7)
    ax.grid(False)
    ax.set_title(_("Share of simulations in which the model is the top pick") if column == "p_top"
                 else _("Share of simulations in which the model is on the Pareto front"))
    return to_png(fig)


def weight_sensitivity_chart(sweep: pd.DataFrame, models: pd.DataFrame, loc: Localizer, use_case: str,
                             use_cases: UseCases | None = None) -> bytes:
    """For one use case: one row per category, coloured by the top pick as that category's
    weight moves from 0 to 100% (the others keeping their proportions); with ``use_cases`` the
    chosen weight of each category is marked with a black tick."""
    _ = loc.gettext
    names = names_of(models)
    frame = sweep[sweep["use_case"] == use_case]
    categories = list(dict.fromkeys(frame["category"]))
    colours = _colours(m for m in frame["top_model"] if m)
    fig, ax = new_figure(7.5, 0.45 * max(len(categories), 1) + 1.9)
    for row, category in enumerate(categories):
        group = frame[frame["category"] == category].sort_values("weight")
        weights = group["weight"].to_numpy(float)
        edges = np.concatenate([[weights[0]], (weights[1:] + weights[:-1]) / 2, [weights[-1]]])
        for left, right, model_id in zip(edges[:-1], edges[1:], group["top_model"]):
            ax.barh(row, right - left, left=left, color=colours.get(model_id, "0.9"), edgecolor="none")
        if use_cases is not None:
            ax.plot([use_cases.weights.loc[use_case, category]] * 2, [row - 0.45, row + 0.45], color="0.1", lw=2)
    ax.set_yticks(range(len(categories)), [_category(loc, c) for c in categories], fontsize=8)
    ax.set_xlim(-0.05, 1.05)
    ax.xaxis.set_major_formatter(loc.tick_formatter("percent"))
    ax.set_xlabel(_("Weight of the category"))
    ax.set_title(_("Top pick as one weight moves: {use_case}").format(use_case=_case(loc, use_case)))
    handles = [Patch(color=c, label=_name(names, m)) for m, c in colours.items()]
    if handles:
        ax.legend(handles=handles, fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return to_png(fig)
