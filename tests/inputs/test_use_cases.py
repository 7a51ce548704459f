"""data/use_cases.yaml: the shipped file loads, a bad one names the file and the use case."""

import numpy as np
import pytest

from analysis.core.errors import DataError
from analysis.inputs.use_cases import load_use_cases


def test_shipped_use_cases_file():
    cases = load_use_cases()
    assert cases.names == ["reasoning", "coding", "multilingual", "multimodal", "general"]
    assert cases.min_coverage == pytest.approx(0.6)
    assert cases.requires == {"multimodal": ("image_input",)}
    assert cases.weights.sum(axis=1).to_numpy() == pytest.approx(np.ones(5))


def test_bad_use_cases_file_names_the_file(tmp_path):
    path = tmp_path / "use_cases.yaml"
    path.write_text("use_cases:\n  x:\n    weights: {poetry: 1}\n", encoding="utf-8")
    with pytest.raises(DataError, match="unknown categories") as info:
        load_use_cases(path)
    assert info.value.column == "x"
