"""Machine-readable exports: every column documented with its unit, CSV and JSON agree, atomic swap."""

import json
from types import SimpleNamespace

import numpy as np
import pandas as pd
from decision_fixtures import BENCHMARKS, GPUS, MODELS, PRICES, PROVIDERS, USE_CASES

from analysis.compute.costs import Workload, monthly_cost
from analysis.compute.decision import prepare_decision
from analysis.compute.exports import COLUMN_DOCS, readme, report_tables, undocumented, write_tables


def tables():
    workload = Workload(10_000_000, 5_000_000)
    costs = monthly_cost(PRICES, workload).merge(MODELS[["model_id", "display_name"]], on="model_id")
    costs = costs.merge(PROVIDERS[["provider", "display_name"]].rename(columns={"display_name": "provider_name"}),
                        on="provider")
    data = SimpleNamespace(workload=workload, costs=costs)
    tables_ = SimpleNamespace(models=MODELS, prices=costs, benchmarks=BENCHMARKS, providers=PROVIDERS)
    decision = prepare_decision(tables_, workload, n_draws=200, use_cases=USE_CASES, gpu_hosting=GPUS)
    return report_tables(data, decision)


def test_every_exported_column_is_documented_and_has_units():
    out = tables()
    assert list(out) == ["budgets", "prices", "scores", "pareto_fronts", "recommendations", "answers"]
    assert undocumented(out) == []
    assert "score" not in out["scores"].columns and "score_points" in out["scores"].columns
    budgets = out["budgets"].set_index(["model_id", "provider"])
    # alpha at p1: 10 x $0.10 + 5 x $0.30 = $2.50 a month
    assert budgets.loc[("alpha", "p1"), "usd_per_month_total"] == 2.5
    assert budgets.loc[("alpha", "p1"), "monthly_input_tokens"] == 10_000_000


def test_written_csv_and_json_agree_and_readme_lists_every_column(tmp_path):
    out = tables()
    target = tmp_path / "data"
    text = readme(out, snapshot_date="2026-11-12", parameters={"models": None})
    write_tables(out, target, text)
    write_tables(out, target, text)       # a second build replaces the folder, leaving nothing behind
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]
    for name, frame in out.items():
        csv = pd.read_csv(target / f"{name}.csv")
        records = json.loads((target / f"{name}.json").read_text(encoding="utf-8"))
        assert len(csv) == len(records) == len(frame) and list(csv.columns) == list(frame.columns)
        for column in frame.columns:
            assert f"`{column}` | {COLUMN_DOCS[column]}" in text
    prices = json.loads((target / "prices.json").read_text(encoding="utf-8"))
    # a missing cached-input price is null in JSON, not 0 or NaN
    assert all(r["usd_per_mtok_cached_input"] is None for r in prices)
    assert oct((target / "budgets.csv").stat().st_mode & 0o777) == "0o644"
    assert not np.isnan(pd.read_csv(target / "budgets.csv")["usd_per_month_total"]).any()
