"""prepare_decision: one call computes every table, seeded, for a model subset and custom weights."""

from types import SimpleNamespace

import pandas as pd
import pytest
from decision_fixtures import BENCHMARKS, GPUS, MODELS, PRICES, PROVIDERS, USE_CASES

from analysis.compute.costs import Workload
from analysis.compute.decision import prepare_decision
from analysis.core.errors import ParameterError

TABLES = SimpleNamespace(models=MODELS, prices=PRICES, benchmarks=BENCHMARKS, providers=PROVIDERS)


def prepare(**kwargs):
    return prepare_decision(TABLES, Workload(3_000_000, 1_000_000), use_cases=USE_CASES, gpu_hosting=GPUS,
                            n_draws=300, **kwargs)


def test_same_seed_same_tables():
    one, two = prepare(seed=5), prepare(seed=5)
    pd.testing.assert_frame_equal(one.monte_carlo.summary, two.monte_carlo.summary)
    pd.testing.assert_frame_equal(one.weight_draws, two.weight_draws)
    assert one.output_share == pytest.approx(0.25)        # 1M output of 4M tokens
    assert one.router_config == two.router_config


def test_model_subset_and_custom_weights():
    data = prepare(models=["alpha", "gamma"], weights={"coding_only": {"coding": 1}})
    assert data.models["model_id"].tolist() == ["alpha", "gamma"]
    assert set(data.scores["model_id"]) == {"alpha", "gamma"}
    assert "coding_only" in data.use_cases.names
    # coding_only: alpha 55, gamma 85 (the coding benchmark C)
    coding = data.scores[data.scores["use_case"] == "coding_only"].set_index("model_id")["score"]
    assert coding.to_dict() == {"alpha": 55.0, "gamma": 85.0}
    with pytest.raises(ParameterError):
        prepare(models=["nope"])


def test_the_blend_defaults_to_the_workload_ratio():
    from analysis.compute.costs import Workload, workload_blend

    # 10M : 5M -> 2 : 1; 1M : 3M -> 1 : 3; input only -> 1 : 0; nothing -> the 3 : 1 convention
    assert workload_blend(Workload(10_000_000, 5_000_000)) == (2.0, 1.0)
    assert workload_blend(Workload(1_000_000, 3_000_000)) == (1.0, 3.0)
    assert workload_blend(Workload(1_000_000, 0)) == (1.0, 0.0)
    assert workload_blend(Workload(0, 0)) == (3.0, 1.0)


def test_the_use_cases_and_gpu_set_ups_come_with_the_tables_or_are_asked_for():
    # no loading in compute: tables without them and no argument is a plain parameter error
    with pytest.raises(ParameterError, match="use_cases.yaml"):
        prepare_decision(TABLES, Workload(3_000_000, 1_000_000), n_draws=50)
    # tables that carry them (as Curated and ReportData do) need no argument; the GPU rent reaches break-even:
    # one replica around the clock = GPUs per replica x 730 hours x USD per GPU-hour
    carried = SimpleNamespace(**vars(TABLES), use_cases=USE_CASES, gpu_hosting=GPUS)
    d = prepare_decision(carried, Workload(3_000_000, 1_000_000), n_draws=50)
    assert d.use_cases is USE_CASES and d.gpu_hosting is GPUS
    hosted = d.break_even.dropna(subset=["setup_id"]).merge(GPUS[["setup_id", "usd_per_gpu_hour"]], on="setup_id")
    assert len(hosted)
    assert (hosted["usd_per_month_one_replica"] == hosted["gpus_per_replica"] * 730 * hosted["usd_per_gpu_hour"]).all()
