"""``data/CHANGES.md``: what a refresh changed, as Markdown tables (English; a log for the people
who keep the data, not part of the report). Prices in USD per 1M tokens, budgets in USD a month
for the default workload (10M input + 5M output tokens).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.compute.rederive import default_workload_mtok
from analysis.inputs.wheels import PACKAGES, LockedWheel

CHANGES_FILE = "CHANGES.md"


def _number(value: object) -> str:
    return "—" if value is None or pd.isna(value) else f"{float(value):g}"


def _tokens(value: object) -> str:
    return "—" if value is None or pd.isna(value) else f"{int(value):,}"


def _percent(value: object) -> str:
    return "" if pd.isna(value) else f" ({float(value):+.1f} %)"


def _table(header: list[str], rows: list[list[str]], empty: str = "None.") -> list[str]:
    if not rows:
        return [empty, ""]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return lines + [""]


def _releases(before: Mapping[str, LockedWheel], after: Mapping[str, LockedWheel]) -> list[str]:
    lines = []
    for package in PACKAGES:
        new, old = after[package], before.get(package)
        if old is None:
            lines.append(f"- {package}: {new.version} (built {new.built}), newly locked")
        elif old.version == new.version:
            lines.append(f"- {package}: {new.version} (built {new.built}), unchanged")
        else:
            lines.append(f"- {package}: {old.version} (built {old.built}) → {new.version} (built {new.built})")
    return lines


def _price_rows(prices: pd.DataFrame) -> list[list[str]]:
    rows = []
    for r in prices.itertuples():
        budget = f"{r.budget_usd_old:.2f} → {r.budget_usd_new:.2f} ({r.budget_effect_usd:+.2f} USD)"
        rows.append([r.model_id, r.provider, r.direction,
                     f"{_number(r.usd_per_mtok_input_old)} → {_number(r.usd_per_mtok_input_new)}"
                     f"{_percent(r.input_change_percent)}",
                     f"{_number(r.usd_per_mtok_output_old)} → {_number(r.usd_per_mtok_output_new)}"
                     f"{_percent(r.output_change_percent)}", budget])
    return rows


def changes_markdown(before: Mapping[str, LockedWheel], after: Mapping[str, LockedWheel],
                     changes: Mapping[str, pd.DataFrame]) -> str:
    """The change log of one refresh (``changes``: the tables of :func:`analysis.build.refresh.run_refresh`)."""
    m_in, m_out = default_workload_mtok()
    litellm = after["litellm"]
    lines = [f"# What changed since the last edition (LiteLLM {litellm.version}, built {litellm.built})", "",
             "Written by `python -m analysis refresh` (`make refresh`); the releases are locked in "
             "`data/catalogues.lock.yaml`.", "", *_releases(before, after), "",
             f"Prices are USD per 1M tokens. Budget: the default workload, {m_in:g}M input + {m_out:g}M output "
             f"tokens a month = {m_in:g} × input + {m_out:g} × output USD.", ""]
    removed = changes["removed"]
    lines += ["## Cited keys removed (the rows are kept as they were)", ""]
    lines += _table(["model", "provider", "catalogue key", "why"],
                    [[r.model_id, r.provider, f"`{r.catalog_key}`", r.reason] for r in removed.itertuples()])
    if len(removed):
        lines += ["**Review these rows**: their figures are those of the previous release; find the model's new "
                  "key (or another source) and update them by hand.", ""]
    lines += ["## Price cuts and raises", ""]
    lines += _table(["model", "provider", "change", "input", "output", "budget a month"],
                    _price_rows(changes["prices"]))
    lines += ["## Provider-page figures the catalogue now contradicts (kept, to check on the page)", ""]
    lines += _table(["model", "provider", "price", "curated", "catalogue"],
                    [[r.model_id, r.provider, r.field, _number(r.curated), _number(r.catalogue)]
                     for r in changes["flagged"].itertuples()])
    lines += ["## Cache-read prices added", ""]
    lines += _table(["model", "provider", "cached input"],
                    [[r.model_id, r.provider, _number(r.new)] for r in changes["cached"].itertuples()])
    lines += ["## Scheduled price changes (dated prices in the catalogues)", ""]
    lines += _table(["model", "provider", "from", "input", "output", "source"],
                    [[r.model_id, r.provider, r.valid_from, _number(r.usd_per_mtok_input_new),
                      _number(r.usd_per_mtok_output_new), f"genai-prices `{r.catalog_key}`"]
                     for r in changes.get("scheduled", pd.DataFrame(columns=["model_id"])).itertuples()])
    lines += ["## Context windows changed (tokens)", ""]
    lines += _table(["model", "provider", "before", "after"],
                    [[r.model_id, r.provider, _tokens(r.old), _tokens(r.new)] for r in changes["context"].itertuples()])
    lines += ["## Verification changed", ""]
    lines += _table(["model", "provider", "verified", "verified by (before → after)"],
                    [[r.model_id, r.provider, f"{str(bool(r.verified_old)).lower()} → {str(bool(r.verified_new)).lower()}",
                      f"{r.verified_by_old or '—'} → {r.verified_by_new or '—'}"]
                     for r in changes["verification"].itertuples()])
    new_models = changes["new_models"]
    proposed = new_models[new_models["proposed"] != ""]
    lines += ["## New models of the covered developers, proposed for the lineup", "",
              "Current general models (coverage rule `not_selected`) that the previous release did not list; the "
              "role is a first guess from the name. Add a model to `data/models.csv` (and its prices) to take it in.",
              ""]
    lines += _table(["developer", "model", "catalogue key", "provider", "proposed role"],
                    [[r.developer, r.model_id, f"`{r.catalog_key}`", r.provider, r.proposed]
                     for r in proposed.itertuples()])
    others = new_models[new_models["proposed"] == ""]
    lines += ["### Other new models (not proposed: the coverage rule that leaves them out)", ""]
    lines += _table(["developer", "model", "catalogue key", "rule"],
                    [[r.developer, r.model_id, f"`{r.catalog_key}`", r.reason] for r in others.itertuples()])
    lines += ["## Still to do by hand", "",
              f"- `data/origins.yaml`: move the `litellm` record (title, citation, url_download, date_published) to "
              f"{litellm.version}, built {litellm.built};",
              "- review the notes of the rows listed above (a note may describe the old price);",
              "- `python -m analysis.present.messages update`, translate the new notes in es and de, then "
              "`python -m analysis.present.messages check`;",
              "- `make reports`, look at what changed, commit.", ""]
    return "\n".join(lines).rstrip("\n") + "\n"
