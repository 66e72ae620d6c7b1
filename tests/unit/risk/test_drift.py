from __future__ import annotations

import numpy as np

from greenlane.risk.drift import DriftReference, check_drift, population_stability


def _reference() -> DriftReference:
    return DriftReference.from_scores(np.random.default_rng(0).beta(2, 5, 5000), base_rate=0.2)


def test_scores_from_the_same_distribution_are_stable() -> None:
    recent = np.random.default_rng(1).beta(2, 5, 2000)
    assert population_stability(_reference(), recent) < 0.02


def test_shifted_scores_call_for_retraining() -> None:
    report = check_drift(_reference(), np.random.default_rng(2).beta(5, 2, 2000))
    assert report.psi > 0.25
    assert report.retrain
    assert "scores have shifted" in report.reasons[0]


def test_a_rising_hit_rate_among_random_checks_calls_for_retraining() -> None:
    rng = np.random.default_rng(3)
    probability = rng.beta(2, 5, 2000)
    outcomes = np.full(2000, np.nan)
    drawn = np.zeros(2000, bool)
    drawn[:200] = True
    outcomes[:200] = rng.random(200) < 0.45  # 45 % found where training saw 20 %
    report = check_drift(_reference(), probability, outcomes, random_draw=drawn)
    assert report.retrain
    assert report.random_examined == 200
    assert any("random checks" in reason for reason in report.reasons)


def test_a_model_that_still_matches_its_exams_is_left_alone() -> None:
    rng = np.random.default_rng(4)
    probability = rng.beta(2, 5, 2000)
    outcomes = (rng.random(2000) < probability).astype(float)
    report = check_drift(_reference(), probability, outcomes)
    assert not report.retrain
    assert report.reasons == (f"no drift detected (PSI {report.psi:.2f})",)


def test_the_reference_stored_with_a_model_reads_back_as_deciles() -> None:
    reference = DriftReference.from_quantiles([0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0], 0.2)
    assert len(reference.shares) == 10
    assert population_stability(reference, np.linspace(0.0, 0.999, 1000)) < 0.01
