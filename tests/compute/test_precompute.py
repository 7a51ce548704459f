"""compute_inputs honours ``data_dir`` for every table: use_cases.yaml and gpu_hosting.csv come from
the folder the report was asked for, not from the project's data/."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from analysis.compute import precompute
from analysis.core.paths import DATA_DIR
from analysis.inputs.parameters import ReportParameters

MODELS = ["gpt-6-luna", "qwen3.8-flash", "deepseek-v4-flash"]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> precompute.ReportInputs:
    """The report inputs of a copy of data/ whose general use case weighs coding only and whose
    GPUs all rent at 10.00 USD per GPU-hour."""
    folder = tmp_path_factory.mktemp("other") / "data"
    shutil.copytree(DATA_DIR, folder)
    cases = folder / "use_cases.yaml"
    text = cases.read_text(encoding="utf-8")
    general = "weights: {knowledge: 0.25, reasoning: 0.25, coding: 0.2, math: 0.15, multilingual: 0.15}"
    assert general in text
    cases.write_text(text.replace(general, "weights: {coding: 1}"), encoding="utf-8")
    gpus = pd.read_csv(folder / "gpu_hosting.csv", dtype=str, keep_default_na=False)
    gpus["usd_per_gpu_hour"] = "10.00"
    gpus.to_csv(folder / "gpu_hosting.csv", index=False)
    return precompute.compute_inputs(ReportParameters(monthly_input_tokens=1_000_000, monthly_output_tokens=200_000,
                                                      models=MODELS, data_dir=str(folder)))


def test_the_use_cases_come_from_the_data_folder(inputs):
    weights = inputs.decision.use_cases.weights
    assert weights.loc["general", "coding"] == 1.0 and weights.loc["general"].sum() == 1.0
    # general = 1.0 x the coding category = the mean of the model's coding benchmarks (percent)
    bench = inputs.data.benchmarks
    scores = inputs.decision.scores.set_index(["model_id", "use_case"])["score"]
    checked = 0
    for model_id in MODELS:
        coding = bench[(bench["model_id"] == model_id) & (bench["category"] == "coding")]["score_percent"]
        if len(coding):
            assert scores[(model_id, "general")] == pytest.approx(coding.mean())
            checked += 1
    assert checked


def test_the_gpu_set_ups_come_from_the_data_folder(inputs):
    assert (inputs.decision.gpu_hosting["usd_per_gpu_hour"] == 10.0).all()
    hosted = inputs.decision.break_even.dropna(subset=["setup_id"])
    assert len(hosted)
    # one replica around the clock: GPUs per replica x 730 hours x 10.00 USD per GPU-hour
    assert (hosted["usd_per_month_one_replica"] == hosted["gpus_per_replica"] * 730 * 10.0).all()
