"""Variants files and the batch: process pool and Dask, skip on re-run, failure isolation.

The real builds (about 40 s each on 2 cores) are few: one module-wide batch of 2 variants plus a
failing one on 2 local processes, whose output the re-run and the Dask test reuse."""

import shutil
from pathlib import Path

import pytest

from analysis.__main__ import main
from analysis.build.batch import VariantResult, is_current, run_batch, summary, usable_cores
from analysis.build.variants import STAMP_NAME, Variant, clear_digests, load_variants, variant_key
from analysis.core.errors import DataError, ParameterError
from analysis.core.paths import REPO_ROOT

# Two curated models that the router's default route accepts keep a build short (HTML only);
# "broken" names a model that does not exist and fails its parameter check before any kernel.
TINY = """
pdf: false
workloads:
  small: {monthly_input_tokens: 1_000_000, monthly_output_tokens: 200_000}
model_sets:
  two: [gpt-6-luna, deepseek-v4-flash]
  bad: [no-such-model]
matrix: {lang: [en, de], workload: [small], models: [two]}
variants:
  - {name: broken, lang: es, workload: small, models: bad}
"""
NAMES = ["en-small-two-curated", "de-small-two-curated", "broken"]


@pytest.fixture(autouse=True)
def fresh_digests():
    """Digests are memoised per process; a test that changes files or LLM_COST_EXTERNAL_DIR must
    not leave its digests to the next."""
    yield
    clear_digests()


def write(folder: Path, text: str) -> Path:
    path = folder / "variants.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_matrix_and_listed_variants(tmp_path):
    path = write(tmp_path, """
pdf: false
parameters: {seed: 7}
workloads:
  chat: {monthly_input_tokens: 2_000_000, monthly_output_tokens: 500_000}
model_sets: {all: null, pair: [gpt-6-luna, qwen3.8-flash]}
matrix: {lang: [en, de], workload: [chat], models: [all, pair]}
variants:
  - {name: en-litellm, lang: en, workload: chat, catalog: litellm, pdf: true, parameters: {data_dir: mydata}}
""")
    variants = load_variants(path)
    # 2 languages x 1 workload x 2 model sets = 4, plus 1 listed = 5
    assert [v.name for v in variants] == ["en-chat-all-curated", "en-chat-pair-curated", "de-chat-all-curated",
                                          "de-chat-pair-curated", "en-litellm"]
    pair = variants[3]
    assert pair.lang == "de" and not pair.pdf
    assert pair.parameters == {"seed": 7, "monthly_input_tokens": 2_000_000, "monthly_output_tokens": 500_000,
                               "models": ["gpt-6-luna", "qwen3.8-flash"], "catalog": "curated"}
    assert variants[0].parameters["models"] is None  # "all": every curated model
    listed = variants[-1]
    assert listed.pdf and listed.parameters["catalog"] == "litellm"
    assert listed.parameters["data_dir"] == str(tmp_path.resolve() / "mydata")  # relative to the variants file


def test_the_benchmark_file_has_24_variants():
    variants = load_variants(REPO_ROOT / "bench" / "variants-24.yaml")
    # 3 languages x 4 workloads x 2 model sets
    assert len(variants) == 24 and len({v.name for v in variants}) == 24
    assert {v.lang for v in variants} == {"en", "es", "de"} and not any(v.pdf for v in variants)


@pytest.mark.parametrize("text, fragment", [
    ("variants: [{lang: xx}]", "unsupported language 'xx'"),
    ("variants: [{lang: en, workload: nope}]", "unknown workload 'nope'"),
    ("variants: [{lang: en, models: nope}]", "unknown model set 'nope'"),
    ("variants: [{lang: en, catalog: nope}]", "unknown catalog 'nope'"),
    ("variants: [{lang: en, colour: red}]", "unknown key(s) colour"),
    ("colour: red\nvariants: [{lang: en}]", "the file: unknown key(s) colour"),
    ("matrix: {lang: [en], size: [1]}", "matrix: unknown key(s) size"),
    ("variants: [{name: a, lang: en}, {name: a, lang: de}]", "two variants are named 'a'"),
    ("variants: [{name: ../up, lang: en}]", "variant name '../up'"),
    ("workloads: {w: {tokens: 3}}\nvariants: [{lang: en}]", "workload 'w': unknown key(s) tokens"),
    ("model_sets: {s: gpt-6-luna}\nvariants: [{lang: en}]", "model set 's' must be a list"),
    ("parameters: {temperature: 1}\nvariants: [{lang: en}]", "unknown parameter(s) temperature"),
    ("variants: [{lang: en, parameters: {lang: de}}]", "unknown parameter(s) lang"),
    ("pdf: false", "no variant"),
    ("- a\n- b", "the file must be a mapping"),
])
def test_malformed_variants_files_name_the_file_and_the_problem(tmp_path, text, fragment):
    with pytest.raises(ParameterError) as error:
        load_variants(write(tmp_path, text))
    assert fragment in str(error.value) and "variants.yaml" in str(error.value)


def test_bad_yaml_is_a_data_error_naming_the_file(tmp_path):
    with pytest.raises(DataError, match="variants.yaml: not valid YAML"):
        load_variants(write(tmp_path, "variants: [{lang: en"))


def test_variant_key_follows_language_parameters_pdf_and_files(tmp_path, monkeypatch):
    base = Variant("v", "en", {"monthly_input_tokens": 1})
    assert variant_key(base) == variant_key(Variant("other-name", "en", {"monthly_input_tokens": 1}))
    assert variant_key(base) != variant_key(Variant("v", "de", {"monthly_input_tokens": 1}))
    assert variant_key(base) != variant_key(Variant("v", "en", {"monthly_input_tokens": 2}))
    assert variant_key(base) != variant_key(Variant("v", "en", {"monthly_input_tokens": 1}, pdf=True))
    # a data folder: same bytes, same key; one changed byte, a new key
    data = tmp_path / "data"
    shutil.copytree(REPO_ROOT / "data", data)
    with_data = Variant("v", "en", {"data_dir": str(data)})
    before = variant_key(with_data)
    clear_digests()
    assert variant_key(with_data) == before
    prices = data / "prices.csv"
    prices.write_bytes(prices.read_bytes() + b"\n")
    assert variant_key(with_data) == before  # digests are computed once per batch ...
    clear_digests()  # ... (run_batch clears them at its start)
    assert variant_key(with_data) != before
    # the public catalogues
    external = tmp_path / "external"
    external.mkdir()
    (external / "catalogue.json").write_text("{}", encoding="utf-8")
    monkeypatch.setenv("LLM_COST_EXTERNAL_DIR", str(external))
    clear_digests()
    first = variant_key(base)
    (external / "catalogue.json").write_text('{"a": 1}', encoding="utf-8")
    clear_digests()
    assert variant_key(base) != first


def test_is_current_needs_the_same_key_and_the_report(tmp_path):
    variant = Variant("v", "de")
    (tmp_path / "v" / "de").mkdir(parents=True)
    (tmp_path / "v" / STAMP_NAME).write_text("abc\n", encoding="utf-8")
    assert not is_current(variant, "abc", tmp_path)  # no report.html
    (tmp_path / "v" / "de" / "report.html").write_text("<html></html>", encoding="utf-8")
    assert is_current(variant, "abc", tmp_path)
    assert not is_current(variant, "abd", tmp_path)


def test_summary_counts_each_status():
    results = [VariantResult("a", "built"), VariantResult("b", "skipped"), VariantResult("c", "failed"),
               VariantResult("d", "built")]
    assert summary(results, 12.34) == "2 built, 1 skipped, 1 failed in 12.3 s"
    assert usable_cores() >= 1


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """One real batch on 2 local processes: 2 variants that build and one that fails."""
    folder = tmp_path_factory.mktemp("batch")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LLM_COST_CACHE_DIR", str(folder / "cache"))
        path = write(folder, TINY)
        lines: list[str] = []
        results = run_batch(load_variants(path), folder / "out", workers=2, bar=False, log=lines.append)
        yield {"folder": folder, "path": path, "output": folder / "out", "results": results, "lines": lines}


def test_process_pool_builds_each_variant_and_isolates_the_failure(batch):
    results, output = batch["results"], batch["output"]
    assert [(r.name, r.status) for r in results] == [(NAMES[0], "built"), (NAMES[1], "built"), (NAMES[2], "failed")]
    assert "unknown model(s) 'no-such-model' in parameter 'models'" in results[2].error
    for result, lang in zip(results[:2], ["en", "de"]):
        folder = output / result.name
        html = (folder / lang / "report.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}">' in html and "DeepSeek-V4-Flash" in html
        assert (folder / lang / "appendix.html").is_file() and not (folder / lang / "report.pdf").exists()
        assert (folder / "router-config.json").is_file() and (folder / "data").is_dir()
        assert (folder / STAMP_NAME).read_text().strip() == result.key
        assert result.seconds > 0 and result.worker.startswith("pid ")
    assert not (output / "broken" / STAMP_NAME).exists()
    assert len({r.worker for r in results[:2]}) == 2  # the two builds ran in two processes
    text = "\n".join(batch["lines"])
    assert "3 variant(s): 3 to render, 0 unchanged; on 2 local process(es)" in text
    for name in NAMES:
        assert f"[{name}] started (pid " in text
    assert f"[{NAMES[0]}] built in " in text and "[broken] FAILED after " in text
    assert not any((REPO_ROOT / "build" / name).exists() for name in NAMES)  # only the given output


def test_a_rerun_skips_the_unchanged_variants_and_reports_the_failure_again(batch, capsys):
    output = batch["output"]
    html = output / NAMES[0] / "en" / "report.html"
    built_at = html.stat().st_mtime_ns
    assert main(["batch", str(batch["path"]), "--output", str(output), "--workers", "2"]) == 2
    out, err = capsys.readouterr()
    assert f"[{NAMES[0]}] unchanged, skipped" in out and f"[{NAMES[1]}] unchanged, skipped" in out
    assert "[broken] FAILED" in out and "FAILED broken: unknown model(s) 'no-such-model'" in err
    assert out.strip().splitlines()[-1].startswith("0 built, 2 skipped, 1 failed in ")
    assert html.stat().st_mtime_ns == built_at


def test_the_command_refuses_a_bad_file_the_published_reports_and_a_bad_scheduler(tmp_path, capsys):
    assert main(["batch", str(write(tmp_path, "variants: [{lang: xx}]"))]) == 2
    assert "unsupported language 'xx'" in capsys.readouterr().err
    good = write(tmp_path, "variants: [{lang: en}]")
    assert main(["batch", str(good), "--output", str(REPO_ROOT / "reports")]) == 2
    assert "never go into the published reports" in capsys.readouterr().err
    assert main(["batch", str(good), "--output", str(tmp_path / "out"), "--scheduler", "nonsense"]) == 2
    assert "cannot reach the Dask scheduler 'nonsense': ValueError: missing port number" in capsys.readouterr().err


def test_dask_local_cluster_builds_skips_and_isolates_the_failure(batch, tmp_path):
    distributed = pytest.importorskip("distributed")
    output = tmp_path / "out"
    shutil.copytree(batch["output"], output)
    (output / NAMES[1] / STAMP_NAME).write_text("an input changed\n", encoding="utf-8")  # de is stale: rebuilt
    lines: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LLM_COST_CACHE_DIR", str(batch["folder"] / "cache"))
        with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                      dashboard_address=None) as cluster:
            results = run_batch(load_variants(batch["path"]), output, scheduler=cluster.scheduler_address,
                                bar=False, log=lines.append)
            worker = next(iter(cluster.scheduler_info["workers"]))
    assert [(r.name, r.status) for r in results] == [(NAMES[0], "skipped"), (NAMES[1], "built"), (NAMES[2], "failed")]
    assert "no-such-model" in results[2].error and results[1].worker == worker
    assert '<html lang="de">' in (output / NAMES[1] / "de" / "report.html").read_text(encoding="utf-8")
    assert (output / NAMES[1] / STAMP_NAME).read_text().strip() == results[1].key
    text = "\n".join(lines)
    assert f"on Dask scheduler {cluster.scheduler_address}" in text and f"[{NAMES[1]}] started ({worker})" in text
