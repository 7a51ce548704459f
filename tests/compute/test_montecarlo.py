"""What the Monte Carlo sections state: the pick's share, its challenger and the steady front
(analysis.compute.montecarlo.pick_stability, most_frequent_pick). Shares are 0-1."""

import math

import numpy as np
import pandas as pd

from analysis.compute.montecarlo import FRONT_OFTEN, most_frequent_pick, pick_stability

NA = np.nan
SUMMARY = pd.DataFrame({
    "use_case": ["c1", "c1", "c1", "c2", "c2", "c3", "c4", "c4"],
    "model_id": ["x", "y", "z", "x", "y", "x", "b", "a"],
    "p_top": [0.7, 0.3, NA, 1.0, 0.0, NA, 0.5, 0.5],
    "p_front": [0.95, 0.9, NA, 1.0, 0.5, NA, 1.0, 1.0],
})
TOP = pd.DataFrame({"use_case": ["c1", "c2", "c3"], "model_id": ["x", "x", "x"]})


def test_pick_stability():
    out = pick_stability(SUMMARY, TOP, FRONT_OFTEN).set_index("use_case")
    assert out.index.tolist() == ["c1", "c2"]          # c3: nothing assessed; c4: no recommended pick
    # c1: x top in 70% (round 0.70 < 0.80: contested), y the challenger at 30%; on the front >= 90%: x, y
    assert out.loc["c1", ["model_id", "p_top", "challenger", "challenger_p_top"]].tolist() == ["x", 0.7, "y", 0.3]
    assert out.loc["c1", "on_front"] == ("x", "y") and out.loc["c1", "confidence"] == "contested"
    # c2: x always on top; y never, so no challenger; only x on the front >= 90%
    assert pd.isna(out.loc["c2", "challenger"]) and math.isnan(out.loc["c2", "challenger_p_top"])
    assert out.loc["c2", "on_front"] == ("x",) and out.loc["c2", "confidence"] == "robust"


def test_most_frequent_pick():
    out = most_frequent_pick(SUMMARY)
    # c1 x (0.7 > 0.3), c2 x (1.0), c3 left out (not assessed), c4 a tie at 0.5: the first id, a
    assert out.values.tolist() == [["c1", "x", 0.7], ["c2", "x", 1.0], ["c4", "a", 0.5]]
