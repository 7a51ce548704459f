"""Checks before a kernel starts: origins of every dataset used, and where a variant goes."""

from pathlib import Path

import pytest

from analysis.build.preflight import (VARIANTS_DIR, changed_parameters, check_origins, check_parameters, datasets_used,
                                      output_dir, variant_name)
from analysis.core.errors import DataError, ParameterError
from analysis.core.paths import DATA_DIR
from analysis.inputs.catalog import load_curated

REPORTS = Path("/srv/reports")


def test_datasets_used_are_the_data_files_and_the_external_catalogues():
    used = datasets_used(DATA_DIR)
    assert {"models", "prices", "benchmarks", "providers", "gpu_hosting", "use_cases", "model_aliases",
            "aider_runs", "litellm", "aider_edit", "aider_polyglot"} <= set(used)
    assert "origins" not in used and "openrouter" not in used
    assert "openrouter" in datasets_used(DATA_DIR, "openrouter")


def test_every_dataset_used_has_an_origin_record():
    check_origins(load_curated().origins, DATA_DIR, "openrouter")


def test_a_new_data_table_without_origin_is_named(tmp_path):
    (tmp_path / "gpu_hosting.csv").write_text("a\n1\n")
    (tmp_path / "new_table.csv").write_text("a\n1\n")
    origins = {name: {"title": "t", "producer": "p", "citation": "c", "url_main": "u", "date_accessed": "d",
                      "licence": {"name": "MIT"}} for name in ("gpu_hosting", "litellm", "aider_edit", "aider_polyglot")}
    with pytest.raises(DataError, match="the report uses the dataset 'new_table', which has no origin record"):
        check_origins(origins, tmp_path)
    origins["new_table"] = {"title": "t"}
    with pytest.raises(DataError, match="origin record of dataset 'new_table' lacks producer, citation"):
        check_origins(origins, tmp_path)


@pytest.mark.parametrize("parameters", [
    {}, {"catalog": "curated"}, {"monthly_input_tokens": 10_000_000.0}, {"blend_ratio": None},
    {"data_dir": str(DATA_DIR)}, {"models": None},
])
def test_the_default_parameters_are_no_variant(parameters):
    assert variant_name(parameters) is None
    assert output_dir(parameters, None, False, REPORTS) == REPORTS


def test_variant_names_are_derived_from_the_parameters():
    assert variant_name({"catalog": "litellm"}) == "catalog-litellm"
    assert variant_name({"monthly_output_tokens": 2e7, "catalog": "openrouter"}) == \
        "catalog-openrouter_monthly_output_tokens-20000000"
    models = variant_name({"models": ["qwen2.5-coder-32b-instruct", "gpt-4o-mini"]})
    assert models.startswith("models-") and len(models) == len("models-") + 8
    assert models == variant_name({"models": ("qwen2.5-coder-32b-instruct", "gpt-4o-mini")})  # deterministic
    assert models != variant_name({"models": ["gpt-4o-mini", "qwen2.5-coder-32b-instruct"]})  # order matters
    assert changed_parameters({"seed": 1, "catalog": "curated"}) == {"seed": 1}


def test_where_a_build_goes():
    variant = {"catalog": "litellm"}
    assert output_dir(variant, None, False, REPORTS) == VARIANTS_DIR / "catalog-litellm"
    assert output_dir(variant, None, True, REPORTS) == REPORTS  # --publish
    assert output_dir(variant, Path("/elsewhere"), False, REPORTS) == Path("/elsewhere")
    with pytest.raises(ParameterError, match="would replace the published report.*or pass --publish"):
        output_dir(variant, REPORTS, False, REPORTS)


def test_data_dir_must_be_a_folder(tmp_path):
    with pytest.raises(ParameterError, match="parameter 'data_dir' must name a folder"):
        check_parameters({"data_dir": str(tmp_path / "absent")}, load_curated())
