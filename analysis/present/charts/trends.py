"""Charts of the "Prices over time" section: the price steps of the models whose price moved,
and the cheapest price of each fixed score over time with its fitted trend (both log scale).

Time runs along x as a decimal year; its ticks are whole years (digits only, so no locale is
needed); prices on y are ticked by Babel (:func:`~analysis.present.charts.figures.log_ticks`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter, MultipleLocator

from analysis.compute.trends import PriceTrends, changed_models
from analysis.present.charts.figures import (Chart, footnote, label, legend_above, lines_with_end_labels, log_ticks,
                                             new_figure, render, styled, styles_for, title)
from analysis.present.i18n import Localizer
from analysis.present.vocabulary import names_of

#: one colour per threshold, light to dark (the Okabe-Ito blues and a vermilion)
THRESHOLD_COLOURS = ("#56B4E9", "#0072B2", "#D55E00")
#: the price-steps chart draws at most this many models: those whose price moved most
MAX_STEP_MODELS = 10


def biggest_moves(per_model: pd.DataFrame, limit: int) -> list[str]:
    """Up to ``limit`` models whose price changed, the largest moves first by the ratio of their
    dearest to their cheapest price (ties by id), returned sorted by id."""
    changed = per_model[per_model["model_id"].isin(changed_models(per_model))]
    spans = changed.groupby("model_id")["usd_blended"].agg(lambda s: s.max() / s.min())
    ranked = spans.reset_index().sort_values(["usd_blended", "model_id"], ascending=[False, True])
    return sorted(ranked["model_id"].head(limit))


def decimal_year(dates: pd.Series) -> np.ndarray:
    """ISO dates as decimal years (2025-07-02 is about 2025.5)."""
    stamps = pd.to_datetime(dates)
    starts = pd.to_datetime(stamps.dt.year.astype(str) + "-01-01")
    lengths = np.where(stamps.dt.is_leap_year, 366.0, 365.0)
    return (stamps.dt.year + (stamps - starts).dt.days / lengths).to_numpy(dtype=float)


def _year_axis(ax) -> None:
    ax.xaxis.set_major_locator(MultipleLocator(1.0))
    ax.xaxis.set_minor_locator(MultipleLocator(0.25))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: str(int(round(value)))))


@styled
def price_steps_chart(trends: PriceTrends, models: pd.DataFrame, loc: Localizer) -> Chart:
    """One step line per lineup model whose cheapest blended price moved, labelled at its right
    end; the others are counted under the chart."""
    _ = loc.gettext
    names = names_of(models)
    moved = biggest_moves(trends.per_model, MAX_STEP_MODELS)
    frame = trends.per_model[trends.per_model["model_id"].isin(moved)].assign(
        year=lambda f: decimal_year(f["date"]))
    lines = {m: g.sort_values("year") for m, g in frame.groupby("model_id", sort=True)}
    styles = styles_for(models, lines)
    fig, ax = new_figure(max(3.6, 0.24 * len(lines) + 1.8))
    for model_id, group in lines.items():
        ax.step(group["year"], group["usd_blended"], where="post", lw=1.6, color=styles[model_id].colour)
    if lines:
        ax.set_yscale("log")
    log_ticks(ax.yaxis, loc, "money")
    _year_axis(ax)
    ax.set_ylabel(_("USD per 1M tokens (log scale)"))
    title(fig, _("Price steps of the models whose price moved most"))
    others = trends.steps["model_id"].nunique() - len(lines)
    if others:
        footnote(fig, loc.ngettext("{count} other model of the lineup is not drawn: its price did not change, or "
                                   "changed less.",
                                   "{count} other models of the lineup are not drawn: their price did not change, or "
                                   "changed less.", others).format(count=loc.integer(others)))
    lines_with_end_labels(fig, ax, lines, "year", "usd_blended", names, styles, draw=False)
    return render(fig, _steps_alt(trends, lines, names, loc), "price-steps")


def _steps_alt(trends: PriceTrends, lines: dict, names: dict, loc: Localizer) -> str:
    if not lines:
        return loc.gettext("No model of the lineup changed its price in the history.")
    steps = trends.steps.set_index("model_id")
    moves = np.log1p(steps.loc[list(lines), "change_share"].astype(float)).abs()
    biggest = str(moves.sort_index().idxmax())
    return loc.gettext("{count} models changed their price; the largest change is {model}'s, {change} since "
                       "{date}.").format(count=loc.integer(len(changed_models(trends.per_model))),
                                         model=label(names.get(biggest, biggest)),
                                         change=loc.percent(steps.loc[biggest, "change_share"]),
                                         date=loc.date(steps.loc[biggest, "first_listed"]))


@styled
def threshold_chart(trends: PriceTrends, loc: Localizer) -> Chart:
    """Per fixed score, the cheapest blended price at each month end (steps) and the fitted trend
    (dashed); the legend gives each threshold's fall per year."""
    _ = loc.gettext
    fig, ax = new_figure(4.6)
    declines = trends.declines.set_index("threshold")
    drawn = 0
    for colour, (threshold, curve) in zip(THRESHOLD_COLOURS, trends.curves.groupby("threshold", sort=True)):
        curve = curve.dropna(subset=["usd_blended"])
        if curve.empty:
            continue
        years = decimal_year(curve["date"])
        fall = declines.loc[threshold, "factor_per_year"]
        text = _("score {score} or more").format(score=loc.number(threshold, 0))
        if np.isfinite(fall):
            text = _("{what}: falls {factor}× a year").format(what=text, factor=loc.number(fall, 1))
            fitted = curve["usd_blended"].iloc[0] * fall ** -(years - years[0])
            centre = np.exp(np.mean(np.log(curve["usd_blended"])) - np.mean(np.log(fitted)))
            ax.plot(years, fitted * centre, ls="--", lw=1.0, color=colour)
        ax.step(years, curve["usd_blended"], where="post", lw=1.8, color=colour, label=text)
        drawn += 1
    if drawn:
        ax.set_yscale("log")
        legend_above(ax, ncol=1)
    log_ticks(ax.yaxis, loc, "money")
    _year_axis(ax)
    ax.set_ylabel(_("USD per 1M tokens (log scale)"))
    title(fig, _("Cheapest price of a fixed score over time"))
    footnote(fig, _("Dashed: the fitted trend (least squares on the logarithm of the price)."))
    fig.tight_layout()
    return render(fig, _threshold_alt(trends, loc), "price-of-a-score")


def _threshold_alt(trends: PriceTrends, loc: Localizer) -> str:
    fitted = trends.declines.dropna(subset=["factor_per_year"])
    if fitted.empty:
        return loc.gettext("Too few months in the history to fit a trend.")
    parts = [loc.gettext("score {score}: {factor}× a year").format(score=loc.number(r.threshold, 0),
                                                                   factor=loc.number(r.factor_per_year, 1))
             for r in fitted.itertuples()]
    return loc.gettext("The cheapest price of a fixed score falls: {list}.").format(list="; ".join(parts))


def trend_charts(trends: PriceTrends | None, models: pd.DataFrame, loc: Localizer) -> list[Chart]:
    """The section's charts: price steps and the price of a fixed score; none without a history."""
    if trends is None:
        return []
    return [price_steps_chart(trends, models, loc), threshold_chart(trends, loc)]
