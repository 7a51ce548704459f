"""The "Prices over time" section: each lineup model's price at first listing and today, the
cheapest price of a fixed score over time with its fitted decline per year beside Epoch AI's
published figures, and what waiting would save (a projection, labelled as one)."""

from __future__ import annotations

import math

import pandas as pd

from analysis.compute.trends import DECLINE_CONFIDENCE, PriceTrends
from analysis.present.i18n import MISSING, Localizer, escape_markdown
from analysis.present.markdown import bullets, link, table
from analysis.present.vocabulary import names_of, use_case_name


def _factor(loc: Localizer, value: float) -> str:
    """A decline factor as "4.2×" (the language's number format); missing as "—"."""
    if value is None or not math.isfinite(value):
        return MISSING
    return loc.gettext("{factor}×").format(factor=loc.number(value, 1))


def _steps_table(trends: PriceTrends, names: dict[str, str], loc: Localizer) -> str:
    _ = loc.gettext
    rows = [[escape_markdown(names.get(r.model_id, r.model_id)), loc.date(r.first_listed), loc.money(r.usd_first),
             loc.money(r.usd_now), loc.percent(r.change_share)] for r in trends.steps.itertuples()]
    return table([_("Model"), _("First listed"), _("Then"), _("Today"),
                  _("Change")], rows, align=["l", "l", "r", "r", "r"])


def _declines_table(trends: PriceTrends, names: dict[str, str], loc: Localizer) -> str:
    _ = loc.gettext
    today = trends.curves[trends.curves["date"] == trends.last].set_index("threshold")
    rows = []
    for r in trends.declines.itertuples():
        cheapest = today.loc[r.threshold] if r.threshold in today.index else None
        model = MISSING if cheapest is None or pd.isna(cheapest["model_id"]) else \
            escape_markdown(names.get(cheapest["model_id"], cheapest["model_id"]))
        price = MISSING if cheapest is None else loc.money(cheapest["usd_blended"])
        interval = MISSING if not math.isfinite(r.factor_per_year) else \
            _("{low} to {high}").format(low=_factor(loc, r.low), high=_factor(loc, r.high))
        rows.append([loc.number(r.threshold, 0), model, price, _factor(loc, r.factor_per_year), interval,
                     loc.integer(r.points)])
    return table([_("Score at least"), _("Cheapest today"), _("USD per 1M tokens"), _("Fall per year"),
                  _("{level} interval").format(level=loc.percent(DECLINE_CONFIDENCE)), _("Months fitted")],
                 rows, align=["r", "l", "r", "r", "r", "r"])


def _wait_lines(trends: PriceTrends, loc: Localizer) -> list[str]:
    _ = loc.gettext
    lines = []
    for w in trends.waits.itertuples():
        then = _("no model reached it a year ago in the history") if not math.isfinite(w.usd_then) else \
            _("{usd} a month a year ago").format(usd=loc.money(w.usd_then))
        projected = _("too few months for a trend") if not math.isfinite(w.usd_projected) else \
            _("projected {usd} ({low} to {high}) in {months} months if the fitted trend holds").format(
                usd=loc.money(w.usd_projected), low=loc.money(w.usd_projected_low),
                high=loc.money(w.usd_projected_high), months=loc.integer(w.months_ahead))
        lines.append(_("**Score {score} or more**: {then}; {now} today; {projected}.").format(
            score=loc.number(w.threshold, 0), then=then, now=loc.money(w.usd_now), projected=projected))
    return lines


def prices_over_time_section(trends: PriceTrends | None, references: pd.DataFrame, models: pd.DataFrame,
                             loc: Localizer) -> str:
    """The section as Markdown (``trends`` None: the data folder has no price history).
    ``references``: the published declines to compare with (data/published_trends.csv)."""
    _ = loc.gettext
    if trends is None:
        return "\n\n".join(["## " + _("Prices over time"),
                             _("This data folder has no price history (data/price_history.csv).")])
    names = names_of(models)
    parts = ["## " + _("Prices over time"),
             _("From the price history in data/price_history.csv: what each catalogue entry cost in the monthly "
               "LiteLLM releases from {first} to {last}, dated by the release that first lists a price. A model "
               "keeps today's score; what changes over time is the price of reaching it. Prices are blended USD "
               "per 1M tokens at the workload's ratio.").format(first=loc.date(trends.first),
                                                                last=loc.date(trends.last))]
    if trends.steps.empty:
        parts.append(_("The price history lists no model of the lineup."))
        return "\n\n".join(parts)
    parts += ["### " + _("Price at first listing and today"), _steps_table(trends, names, loc)]
    if trends.use_case is not None and len(trends.declines):
        parts += ["### " + _("The cheapest price of a fixed score"),
                  _("Scores of the use case {use_case} (the one with the most scored models); for each month end, "
                    "the cheapest model of the lineup that reaches the score. The fall per year is fitted on the "
                    "logarithm of that price.").format(use_case=use_case_name(loc, trends.use_case)),
                  _declines_table(trends, names, loc)]
        parts.append(_reference_text(references, loc))
        parts += ["### " + _("Commit now or wait?"),
                  _("What this workload costs at the cheapest model that reaches each score. A projection is not a "
                    "price: it assumes the fitted trend goes on."),
                  bullets(_wait_lines(trends, loc))]
    return "\n\n".join(parts)


def _reference_text(references: pd.DataFrame, loc: Localizer) -> str:
    _ = loc.gettext
    sentences = []
    for r in references.itertuples():
        if pd.isna(r.price_fall_factor_per_year):
            figure = _("{low} to {high} a year").format(low=_factor(loc, r.price_fall_factor_per_year_low),
                                                         high=_factor(loc, r.price_fall_factor_per_year_high))
        else:
            figure = _("{factor} a year").format(factor=_factor(loc, r.price_fall_factor_per_year))
        sentences.append(_("{producer} ({date}): {figure} for {measure} ({source}).").format(
            producer=escape_markdown(r.producer), date=loc.date(r.date_published), figure=figure,
            measure=loc.data(r.measure), source=link(r.source_url, _("source"))))
    return _("For comparison, published measurements of the same kind:") + "\n\n" + bullets(sentences)
