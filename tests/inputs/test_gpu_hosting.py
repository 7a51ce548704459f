"""data/gpu_hosting.csv: the shipped file loads, a bad cell names its row and column."""

import pytest

from analysis.core.errors import DataError
from analysis.inputs.gpu_hosting import load_gpu_hosting


def test_shipped_gpu_hosting_file_loads():
    table = load_gpu_hosting()
    assert {"H100 SXM", "A100 SXM 80GB"} <= set(table["gpu"])
    assert (table["usd_per_gpu_hour"] > 0).all()
    assert table["source_url"].str.startswith("https://").all()


def test_gpu_hosting_bad_number_names_the_row(tmp_path):
    text = load_gpu_hosting().to_csv(index=False).splitlines()
    header = text[0].split(",")
    row = text[1].split(",")
    row[header.index("usd_per_gpu_hour")] = "0"
    path = tmp_path / "gpu_hosting.csv"
    path.write_text("\n".join([text[0], ",".join(row)]) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_gpu_hosting(path)
    assert info.value.row == 1 and info.value.column == "usd_per_gpu_hour"
