"""The section "What changed since the last edition": the price cuts and raises of the curated rows
between two catalogue releases (with the default workload's budget before and after), the cited
catalogue entries that disappeared, the cache prices added and the new models proposed for the
lineup, from data/edition_changes.csv (written by ``python -m analysis refresh``)."""

from __future__ import annotations

import pandas as pd

from analysis.compute.rederive import default_workload_mtok
from analysis.present.i18n import Localizer
from analysis.present.i18n import escape_markdown as esc
from analysis.present.i18n import message_id as _
from analysis.present.markdown import bullets, table
from analysis.present.narrative.decision import model_name
from analysis.present.vocabulary import names_of

#: lineup roles (data/models.csv ``lineup_role``) as a reader reads them
ROLE_NAMES = {"flagship": _("flagship"), "mid": _("mid-range"), "small": _("small"), "open-weight": _("open-weight"),
              "seed": _("seed report model")}


def _price(loc: Localizer, old: float, new: float, percent: float) -> str:
    return _arrow(loc, loc.money(old), loc.money(new)) + f" ({loc.percent(percent / 100, 1)})"


def _arrow(loc: Localizer, old: str, new: str) -> str:
    return loc.gettext("{old} → {new}").format(old=old, new=new)


def edition_changes_section(changes: pd.DataFrame | None, models: pd.DataFrame, providers: pd.DataFrame,
                            loc: Localizer) -> str:
    """The section as Markdown; ``changes`` None: the data folder records no earlier edition."""
    _ = loc.gettext
    heading = "## " + _("What changed since the last edition")
    if changes is None or changes.empty:
        return "\n\n".join([heading, _("No change is recorded since the last edition.")])
    names = names_of(models)
    provider_names = dict(zip(providers["provider"], providers["display_name"]))
    who = lambda r: _("{model} via {provider}").format(  # noqa: E731
        model=model_name(names, r.model_id), provider=esc(provider_names.get(r.provider, r.provider)))
    kinds = changes["kind"]
    first = changes.iloc[0]
    parts = [heading, _("The curated prices were read again from LiteLLM {new} (the last edition read {old}). "
                        "Price cuts: {cuts}; raises: {raises}; cited catalogue entries gone: {removed}; cache prices "
                        "added: {cached}.").format(
        new=esc(first["to_version"]), old=esc(first["from_version"]), cuts=loc.integer((kinds == "price_cut").sum()),
        raises=loc.integer(kinds.isin(["price_raise", "price_mixed"]).sum()),
        removed=loc.integer((kinds == "key_removed").sum()), cached=loc.integer((kinds == "cached_added").sum()))]
    moved = changes[kinds.str.startswith("price_")]
    if len(moved):
        rows = [[who(r), _price(loc, r.usd_per_mtok_input_old, r.usd_per_mtok_input_new, r.input_change_percent),
                 _price(loc, r.usd_per_mtok_output_old, r.usd_per_mtok_output_new, r.output_change_percent),
                 _arrow(loc, loc.money(r.budget_usd_old), loc.money(r.budget_usd_new))] for r in moved.itertuples()]
        input_mtok, output_mtok = default_workload_mtok()
        parts += [_("Prices in USD per 1M tokens; the budget is for the report's default workload, {input} input and "
                    "{output} output tokens a month.").format(input=loc.tokens(input_mtok * 1e6),
                                                              output=loc.tokens(output_mtok * 1e6)),
                  table([_("Model and provider"), _("Input"), _("Output"), _("Budget a month")], rows,
                        align=["l", "r", "r", "r"])]
    gone = changes[kinds == "key_removed"]
    if len(gone):
        parts.append(bullets(_("**{who}**: its entry in the new release is gone (the key is in "
                               "data/edition_changes.csv); the figure shown is the previous release's.").format(
            who=who(r)) for r in gone.itertuples()))
    scheduled = changes[kinds == "scheduled"]
    if len(scheduled):
        parts.append(_("Scheduled in the catalogues (dated prices):") + "\n\n" + bullets(
            _("**{who}**: from {date}, {input} input and {output} output per 1M tokens.").format(
                who=who(r), date=loc.date(r.valid_from), input=loc.money(r.usd_per_mtok_input_new),
                output=loc.money(r.usd_per_mtok_output_new)) for r in scheduled.itertuples()))
    proposed = changes[kinds == "new_model"]
    if len(proposed):
        parts.append(_("New models of the covered developers, proposed for the lineup: {models}.").format(
            models="; ".join(_("{model} ({role})").format(model=esc(r.model_id),
                                                           role=_(ROLE_NAMES.get(r.proposed_role, r.proposed_role)))
                             for r in proposed.itertuples())))
    return "\n\n".join(parts)
