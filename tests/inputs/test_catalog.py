"""Loading the curated tables: the real data loads; every kind of bad row stops the load with
the file, the row and the column named."""

import datetime as dt
import shutil

import pandas as pd
import pytest

from analysis.core.errors import DataError
from analysis.core.paths import DATA_DIR
from analysis.inputs.catalog import load_curated


def test_real_data_loads_and_is_linked():
    curated = load_curated()
    assert {"deepseek-r1-distill-llama-8b", "llama-3.2-90b-vision-instruct",
            "qwen2.5-coder-32b-instruct"} <= set(curated.models["model_id"])
    assert set(curated.prices["model_id"]) <= set(curated.models["model_id"])
    for frame in (curated.models, curated.prices, curated.benchmarks, curated.providers):
        assert frame["source_url"].str.startswith("http").all()
        assert (frame["retrieved"] != "").all()


def test_missing_prices_stay_missing():
    prices = load_curated().prices
    # a price cell is either missing (NaN) or a plausible USD-per-1M figure, never 0
    for column in ("usd_per_mtok_input", "usd_per_mtok_output"):
        values = prices[column]
        assert ((values >= 0.001) | values.isna()).all()
    # the seeds' providers that list no price are kept as rows with NaN and a reason
    unpriced = prices[prices["usd_per_mtok_input"].isna()]
    assert (unpriced["notes"] != "").all()


@pytest.fixture
def data_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def edit_csv(path, change):
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame = change(frame)
    frame.to_csv(path, index=False)


def set_cell(column, value, row=1):
    def change(frame):
        frame.loc[row, column] = value
        return frame
    return change


def drop_column(column):
    return lambda frame: frame.drop(columns=[column])


def duplicate_row(row=0):
    return lambda frame: pd.concat([frame, frame.iloc[[row]]], ignore_index=True)


# (table, change, expected fragments of the message)
BAD_ROWS = [
    ("prices", set_cell("usd_per_mtok_input", "-0.5"), ["prices.csv", "row 2", "usd_per_mtok_input", "negative"]),
    ("prices", set_cell("usd_per_mtok_output", "1.6e-05"), ["prices.csv", "row 2", "usd_per_mtok_output", "per-token", "16.0"]),
    ("prices", set_cell("usd_per_mtok_input", "0"), ["prices.csv", "row 2", "usd_per_mtok_input", "placeholder"]),
    ("prices", set_cell("usd_per_mtok_input", "NaN"), ["prices.csv", "row 2", "usd_per_mtok_input", "empty"]),
    ("prices", set_cell("usd_per_mtok_input", "cheap"), ["prices.csv", "row 2", "usd_per_mtok_input", "'cheap'"]),
    ("prices", set_cell("model_id", "no-such-model"), ["prices.csv", "row 2", "model_id", "unknown"]),
    ("prices", duplicate_row(0), ["prices.csv", "duplicate", "provider"]),
    ("prices", drop_column("usd_per_mtok_output"), ["prices.csv", "usd_per_mtok_output", "missing column"]),
    ("prices", set_cell("retrieved", "2026-13-01"), ["prices.csv", "row 2", "retrieved"]),
    ("prices", set_cell("source_url", ""), ["prices.csv", "row 2", "source_url", "empty"]),
    ("models", set_cell("context_window_tokens", "128k"), ["models.csv", "row 2", "context_window_tokens"]),
    ("models", set_cell("input_modalities", "image"), ["models.csv", "row 2", "input_modalities"]),
    ("models", set_cell("status", "preview"), ["models.csv", "row 2", "status"]),
    ("models", set_cell("lineup_role", "hero"), ["models.csv", "row 2", "lineup_role"]),
    ("models", set_cell("released", "Sept 2026"), ["models.csv", "row 2", "released"]),
    ("models", set_cell("superseded_by", "no-such-model"), ["models.csv", "row 2", "superseded_by", "names no model_id"]),
    ("models", set_cell("superseded_by", "gpt-6-astra"), ["models.csv", "row 2", "superseded_by", "current model"]),
    ("models", set_cell("status", "superseded"), ["models.csv", "row 2", "superseded_by", "empty on a superseded"]),
    # prices row 2 = claude-fable-5-1 at azure_ai: read from LiteLLM only (verified_by 'litellm', not verified)
    ("prices", set_cell("source_kind", "rumour"), ["prices.csv", "row 2", "source_kind"]),
    ("prices", set_cell("verified", "true"), ["prices.csv", "row 2", "verified", "'litellm'"]),
    ("prices", set_cell("verified_by", "provider_page;litellm"), ["prices.csv", "row 2", "verified_by", "provider_page"]),
    ("prices", set_cell("verified_by", "litellm;rumours"), ["prices.csv", "row 2", "verified_by"]),
    ("benchmarks", set_cell("score_percent", "105"), ["benchmarks.csv", "row 2", "score_percent"]),
    ("benchmarks", set_cell("category", "vibes"), ["benchmarks.csv", "row 2", "category"]),
    ("providers", set_cell("source_url", "not a url"), ["providers.csv", "row 2", "source_url"]),
]


@pytest.mark.parametrize("table,change,fragments", BAD_ROWS, ids=[f"{t}-{'-'.join(f[2:])}" for t, _c, f in BAD_ROWS])
def test_bad_rows_name_file_row_and_column(data_copy, table, change, fragments):
    edit_csv(data_copy / f"{table}.csv", change)
    with pytest.raises(DataError) as caught:
        load_curated(data_copy)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, message


def test_malformed_csv(data_copy):
    with (data_copy / "prices.csv").open("a") as handle:
        handle.write('x,"unterminated\n')
    with pytest.raises(DataError, match=r"prices\.csv.*(readable CSV|row)"):
        load_curated(data_copy)


def test_malformed_origins_yaml(data_copy):
    (data_copy / "origins.yaml").write_text("models: [unclosed\n")
    with pytest.raises(DataError, match=r"origins\.yaml.*YAML"):
        load_curated(data_copy)


def test_origin_record_needs_licence(data_copy):
    import yaml
    origins = yaml.safe_load((data_copy / "origins.yaml").read_text())
    del origins["prices"]["licence"]
    (data_copy / "origins.yaml").write_text(yaml.safe_dump(origins))
    with pytest.raises(DataError, match=r"origins\.yaml.*prices.*licence"):
        load_curated(data_copy)


def _genai_price_on(provider_id: str, model_id: str, day: dt.date):
    """genai-prices' flat price of one model in force on ``day`` (its dated list holds price changes)."""
    from genai_prices.data import providers
    model = next(m for p in providers if p.id == provider_id for m in p.models if m.id == model_id)
    prices = model.prices
    if isinstance(prices, list):
        prices = [c for c in prices if c.constraint is None or c.constraint.start_date <= day][-1].prices
    return prices


def test_curated_prices_equal_their_catalogue_entries():
    """Every curated price read from a catalogue equals the entry's own per-token field x 1e6."""
    import json

    from analysis.core.paths import external_dir
    from analysis.inputs.units import per_token_to_per_mtok
    from analysis.inputs.wheels import litellm_map

    litellm = json.loads(litellm_map()[0].read_text())  # the release data/catalogues.lock.yaml names
    openrouter = {m["id"]: m for m in json.loads((external_dir() / "openrouter_models.json").read_text())}
    checked = 0
    for row in load_curated().prices.itertuples():
        if pd.isna(row.usd_per_mtok_input) or not row.catalog_key:
            continue
        if row.catalog == "litellm" and row.catalog_key not in litellm:
            # a key the locked release dropped: the row is kept as it was and listed in CHANGES.md
            assert f"`{row.catalog_key}` | key removed |" in (DATA_DIR / "CHANGES.md").read_text(encoding="utf-8")
            continue
        if row.catalog == "litellm":
            entry = litellm[row.catalog_key]
            if "input_cost_per_token" not in entry:
                # Dashscope style: prices only in ``tiered_pricing`` ranges; the base price is the
                # range starting at 0 (dashscope/qwen3.7-plus: [0, 256000] -> 4e-07 / 1.6e-06)
                entry = next(t for t in entry["tiered_pricing"] if t["range"][0] == 0)
            source_in, source_out = entry["input_cost_per_token"], entry["output_cost_per_token"]
        elif row.catalog == "genai-prices":
            # genai-prices gives USD per 1M already, as dated prices: the one in force on the row's
            # retrieved date (the package's data date, 2026-11-10) is the one read
            provider_id, model_id = row.catalog_key.split("/", 1)
            prices = _genai_price_on(provider_id, model_id, dt.date.fromisoformat(row.retrieved))
            assert row.usd_per_mtok_input == float(prices.input_mtok), row.catalog_key
            assert row.usd_per_mtok_output == float(prices.output_mtok), row.catalog_key
            checked += 1
            continue
        else:
            entry = openrouter[row.catalog_key]["pricing"]
            source_in, source_out = entry["prompt"], entry["completion"]
        assert row.usd_per_mtok_input == per_token_to_per_mtok(source_in), row.catalog_key
        assert row.usd_per_mtok_output == per_token_to_per_mtok(source_out), row.catalog_key
        checked += 1
    assert checked >= 10


@pytest.mark.parametrize("change,column,message", [
    ({"valid_from": "2026-12-01", "valid_until": "2026-11-30"}, "valid_until", "ends"),
    ({"valid_until": "", "usd_per_mtok_input_after": "4.0"}, "valid_until", "needs the window's last day"),
    ({"usd_per_mtok_input_offpeak": "0.5", "usd_per_mtok_output_offpeak": ""}, "usd_per_mtok_output_offpeak",
     "both its input and its output"),
])
def test_a_bad_price_window_names_row_and_column(tmp_path, change, column, message):
    import csv
    import io
    import shutil

    from analysis.core.paths import DATA_DIR
    from analysis.inputs.catalog import read_table

    shutil.copy(DATA_DIR / "prices.csv", tmp_path / "prices.csv")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "prices.csv").read_text(encoding="utf-8"))))
    rows[2].update(change)  # data row 3
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (tmp_path / "prices.csv").write_text(out.getvalue(), encoding="utf-8")
    with pytest.raises(DataError, match=message) as caught:
        read_table(tmp_path / "prices.csv", "prices")
    assert (caught.value.row, caught.value.column) == (3, column)
