"""Pareto fronts on hand-made points: dominance, ties, duplicates, NaN, the dominator chosen."""

import numpy as np
import pandas as pd
import pytest

from analysis.compute.pareto import (cheapest_blended, dominance, non_dominated, oriented, pareto, quality_price_fronts,
                                     value)
from analysis.core.errors import ParameterError


def points(rows):
    return pd.DataFrame(rows, columns=["model_id", "score", "usd"])


OBJ = {"score": "max", "usd": "min"}


def test_simple_dominance():
    # a (80, $1) beats c (70, $2) on both; b (90, $3) is dearer but better: a and b on the front
    result = pareto(points([["a", 80, 1.0], ["b", 90, 3.0], ["c", 70, 2.0]]), OBJ)
    front = dict(zip(result.points["model_id"], result.points["on_front"]))
    assert front == {"a": True, "b": True, "c": False}
    assert result.dominated[["model_id", "dominated_by"]].values.tolist() == [["c", "a"]]


def test_tie_on_one_objective_is_decided_by_the_other():
    # same score 80: the cheaper (a, $1) dominates b ($2); same price $5: higher score d dominates c
    result = pareto(points([["a", 80, 1.0], ["b", 80, 2.0], ["c", 60, 5.0], ["d", 70, 5.0]]), OBJ)
    on = result.points.set_index("model_id")["on_front"]
    assert on["a"] and not on["b"]
    # d (70, $5) is itself beaten by a (80, $1); c is beaten by a and d; the nearest front member is a
    assert not on["c"] and not on["d"]
    assert set(result.dominated["dominated_by"]) == {"a"}


def test_exact_duplicates_are_both_on_the_front():
    # x and y are identical: neither is strictly better, so neither dominates the other
    result = pareto(points([["y", 80, 1.0], ["x", 80, 1.0], ["z", 70, 2.0]]), OBJ)
    on = result.points.set_index("model_id")["on_front"]
    assert on["x"] and on["y"] and not on["z"]
    # z is dominated by both; the nearest tie goes to the first id in sorted order (x)
    assert result.dominated.set_index("model_id").loc["z", "dominated_by"] == "x"


def test_nan_points_are_excluded_and_reported():
    result = pareto(points([["a", 80, 1.0], ["b", np.nan, 0.5], ["c", 90, np.nan]]), OBJ)
    excluded = result.excluded.set_index("model_id")["missing"].to_dict()
    assert excluded == {"b": "score", "c": "usd"}
    on = result.points.set_index("model_id")["on_front"]
    assert on["a"] and not on["b"] and not on["c"]
    assert result.dominated.empty


def test_nearest_dominator_is_named():
    # p (50, $4) is dominated by q (60, $3.90) and r (100, $3.95), both on the front.
    # Scaled to 0-1 (score 50..100, usd 3.90..4.00): p (0, 1), q (0.2, 0), r (1, 0.5);
    # |p-q| = sqrt(0.04 + 1) = 1.02 < |p-r| = sqrt(1 + 0.25) = 1.118, so q is named
    result = pareto(points([["p", 50, 4.0], ["q", 60, 3.9], ["r", 100, 3.95]]), OBJ)
    assert result.dominated.set_index("model_id").loc["p", "dominated_by"] == "q"


def test_n_dimensional_front():
    # three objectives: score max, usd min, latency min
    frame = pd.DataFrame({"model_id": list("abcd"), "score": [80, 80, 70, 90], "usd": [1, 1, 1, 5],
                          "latency": [2, 3, 1, 9]})
    result = pareto(frame, {"score": "max", "usd": "min", "latency": "min"})
    on = result.points.set_index("model_id")["on_front"]
    # b is dominated by a (same score and price, slower); c is faster (latency 1), d is best score
    assert on.to_dict() == {"a": True, "b": False, "c": True, "d": True}


def test_vectorised_mask_over_draws():
    values = np.array([[[1, 1], [2, 0]], [[1, 1], [1, 1]]], dtype=float)   # 2 draws x 2 points x (max, min)
    mask = non_dominated(values, ("max", "min"))
    assert mask.tolist() == [[False, True], [True, True]]


@pytest.mark.parametrize("objectives", [1, 2, 3])
def test_front_mask_equals_the_all_pairs_definition(objectives):
    # small integers make many ties and exact duplicates; inf and NaN cells are mixed in; the mask
    # must equal ~dominance(...).any() (j dominates i: >= on all, > on one) single and over draws
    rng = np.random.default_rng(objectives)
    for trial in range(60):
        values = rng.integers(-3, 4, size=(int(rng.integers(1, 12)), int(rng.integers(0, 80)), objectives)).astype(float)
        values[values == 3] = np.inf if trial % 4 == 0 else 3.0
        values[values == -2] = -np.inf if trial % 3 == 0 else -2.0                 # -inf: the worst, tied
        values[values == -3] = np.nan if trial % 5 == 0 else -3.0
        senses = tuple(rng.choice(["min", "max"], objectives))
        for batch in (values, values[0]):
            expected = ~dominance(oriented(batch, senses)).any(axis=-2)
            assert np.array_equal(non_dominated(batch, senses), expected)
    # the best first objective with the worst possible second: nothing beats it on the first
    lonely = np.array([[5.0, -np.inf, -np.inf], [1.0, 0.0, 0.0], [1.0, 0.0, 0.0]])[:, :objectives]
    assert non_dominated(lonely, ("max",) * objectives).tolist() == [True, objectives > 1, objectives > 1]


def test_nearest_dominator_among_many_points_is_the_brute_force_one():
    # price rises with score (plus 0-11 quarter dollars), so the front is long (23 of 300 points,
    # many tied or duplicated) and 19 different members are named
    rng = np.random.default_rng(7)
    score = rng.integers(0, 30, 300)
    frame = pd.DataFrame({"model_id": [f"m{i:03d}" for i in range(300)], "score": score.astype(float),
                          "usd": (score + rng.integers(0, 12, 300)) / 4})
    result = pareto(frame, OBJ)
    assert result.points["on_front"].sum() > 10 and result.dominated["dominated_by"].nunique() > 10
    points = result.points
    kept = points[["score", "usd"]].to_numpy(float)
    dom = dominance(oriented(kept, ("max", "min")))                        # [j, i]
    scaled = (kept - kept.min(axis=0)) / (kept.max(axis=0) - kept.min(axis=0))
    distance = np.sqrt(((scaled[:, None, :] - scaled[None, :, :]) ** 2).sum(axis=-1))
    front = points["on_front"].to_numpy()
    assert np.array_equal(front, ~dom.any(axis=0))
    named = result.dominated.set_index("model_id")["dominated_by"]
    for i in np.flatnonzero(~front):
        near = np.where(dom[:, i] & front, distance[:, i], np.inf)
        assert named[points["model_id"][i]] == points["model_id"][int(np.argmin(near))]   # ties: first id


def test_bad_arguments():
    with pytest.raises(ParameterError):
        pareto(points([["a", 1, 1]]), {"score": "best"})
    with pytest.raises(ParameterError, match="duplicate"):
        pareto(points([["a", 1, 1], ["a", 2, 2]]), OBJ)


def test_quality_price_front_uses_cheapest_blended_price():
    prices = pd.DataFrame({
        "model_id": ["m", "m", "n"], "provider": ["p1", "p2", "p1"],
        "usd_per_mtok_input": [1.0, 0.5, 2.0], "usd_per_mtok_output": [4.0, 8.0, 2.0],
    })
    # blended 3:1: m/p1 = (3*1 + 4)/4 = 1.75; m/p2 = (1.5 + 8)/4 = 2.375; n/p1 = (6 + 2)/4 = 2.0
    best = cheapest_blended(prices).set_index("model_id")
    assert best.loc["m", "provider"] == "p1" and best.loc["m", "usd_per_mtok_blended"] == pytest.approx(1.75)
    scores = pd.DataFrame({"model_id": ["m", "n"], "use_case": ["x", "x"], "score": [70.0, 60.0]})
    result = quality_price_fronts(scores, prices)["x"]
    # m is better (70 > 60) and cheaper (1.75 < 2.0): n is dominated by m
    assert result.dominated[["model_id", "dominated_by"]].values.tolist() == [["n", "m"]]


def test_value_utility():
    # 80 points at $1 -> 80; 80 points at $10 -> 80 - 10*1 = 70; 80 at $0.1 -> 90; price NaN -> NaN
    out = value([80, 80, 80, 80], [1.0, 10.0, 0.1, np.nan])
    assert out[:3] == pytest.approx([80.0, 70.0, 90.0])
    assert np.isnan(out[3])
