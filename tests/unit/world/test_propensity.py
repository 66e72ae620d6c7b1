from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from greenlane.world.propensity import scale_to_mean

raw_values = arrays(np.float64, st.integers(2, 60), elements=st.one_of(st.just(0.0), st.floats(1e-3, 5.0)))


@settings(max_examples=60, deadline=None)
@given(raw_values, st.floats(0.0005, 0.05), st.integers(0, 2**32 - 1))
def test_scaled_propensities_hit_the_target_mean_and_respect_the_cap(
    raw: np.ndarray, target: float, seed: int
) -> None:
    weights = np.random.default_rng(seed).uniform(0.01, 1.0, len(raw))
    shares = weights / weights.sum()
    scaled = scale_to_mean(raw, weights, target)
    assert float(scaled.max(initial=0.0)) <= 0.5
    attainable = 0.5 * float(shares[raw > 0].sum())
    if attainable > target * 1.001:
        assert abs(float(np.dot(scaled, shares)) - target) < 1e-9


def test_scaling_keeps_the_order_of_the_raw_propensities() -> None:
    raw = np.array([0.1, 0.4, 0.2, 0.0])
    scaled = scale_to_mean(raw, np.ones(4), 0.02)
    assert list(np.argsort(scaled, kind="stable")) == list(np.argsort(raw, kind="stable"))
    assert scaled[3] == 0.0


def test_a_zero_target_gives_zero_propensities() -> None:
    assert not scale_to_mean(np.array([0.3, 0.2]), np.ones(2), 0.0).any()
