from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from greenlane.core.errors import ValidationFailed
from greenlane.risk.estimator import CRITICAL_FLOOR, RiskEstimator
from greenlane.risk.metrics import roc_auc
from tests.unit.risk.builders import make_shipments

FAST = {"n_estimators": 30, "num_leaves": 7, "random_state": 0}


@pytest.fixture(scope="module")
def train() -> pl.DataFrame:
    return make_shipments(1500, seed=1)


@pytest.fixture(scope="module")
def test_rows() -> pl.DataFrame:
    return make_shipments(400, seed=2, start=date(2020, 6, 1), days=30)


@pytest.fixture(scope="module")
def fitted(train: pl.DataFrame) -> RiskEstimator:
    return RiskEstimator(**FAST).fit(train)


def test_fit_returns_the_estimator_itself(train: pl.DataFrame) -> None:
    estimator = RiskEstimator(**FAST)
    assert estimator.fit(train) is estimator


def test_init_only_stores_parameters_so_the_estimator_can_be_cloned() -> None:
    estimator = RiskEstimator(n_estimators=7, critical_weight=0.0, random_state=3)
    copy = clone(estimator)
    assert copy.get_params() == estimator.get_params()
    assert not hasattr(copy, "booster_")


def test_predicting_before_fitting_is_refused(test_rows: pl.DataFrame) -> None:
    with pytest.raises(NotFittedError):
        RiskEstimator().predict_proba(test_rows)


def test_the_model_learns_the_undervaluation_signal(fitted: RiskEstimator, test_rows: pl.DataFrame) -> None:
    probability = fitted.predict_proba(test_rows.drop("fraud", "critical_fraud"))[:, 1]
    assert probability.min() >= 0.0 and probability.max() <= 1.0
    assert roc_auc(test_rows["fraud"].to_numpy(), probability) > 0.8


def test_calibration_is_fitted_on_the_latest_days_of_training_and_reported(fitted: RiskEstimator) -> None:
    assert fitted.calibrator_.method == "sigmoid"
    assert 0 < fitted.metrics_["heldout_rows"] < 1500 * 0.3
    assert fitted.metrics_["heldout_auc"] > 0.7
    assert len(fitted.reference_scores_) == 11


def test_the_same_seed_gives_the_same_model(train: pl.DataFrame, test_rows: pl.DataFrame) -> None:
    first = RiskEstimator(**FAST, subsample=0.7).fit(train).risk_score(test_rows)
    second = RiskEstimator(**FAST, subsample=0.7).fit(train).risk_score(test_rows)
    assert np.array_equal(first, second)


def test_unexamined_rows_inform_history_but_are_not_learned_from(train: pl.DataFrame) -> None:
    labels = train["fraud"].to_numpy().astype(float)
    labels[::2] = np.nan
    estimator = RiskEstimator(**FAST).fit(train, labels)
    assert estimator.training_summary_["examined"] == (~np.isnan(labels)).sum()
    assert estimator.training_summary_["rows"] == train.height


def test_training_without_both_outcomes_is_refused(train: pl.DataFrame) -> None:
    with pytest.raises(ValidationFailed, match="with and without fraud"):
        RiskEstimator(**FAST).fit(train, np.zeros(train.height))


def test_the_score_weighs_a_likely_critical_fraud_above_a_plain_one(
    fitted: RiskEstimator, test_rows: pl.DataFrame
) -> None:
    matrix = fitted.transform_features(test_rows)
    plain = fitted.probability_from_matrix(matrix)
    weighted = fitted.risk_score_from_matrix(matrix)
    share = fitted.critical_share_from_matrix(matrix)
    asked = plain >= CRITICAL_FLOOR
    assert asked.any() and (~asked).any()
    assert np.allclose(weighted[asked], plain[asked] * (1 + fitted.critical_weight * share[asked]))
    assert np.array_equal(weighted[~asked], plain[~asked])  # too unlikely to be fraud to ask the second model


def test_contributions_behind_the_reasons_add_up_to_the_margin(
    fitted: RiskEstimator, test_rows: pl.DataFrame
) -> None:
    matrix = fitted.transform_features(test_rows)
    contributions = fitted.booster_.predict(matrix, pred_contrib=True)
    margin = fitted.booster_.predict(matrix, raw_score=True)
    assert np.allclose(contributions.sum(axis=1), margin)


def test_reasons_are_sentences_for_the_rows_asked_only(
    fitted: RiskEstimator, test_rows: pl.DataFrame
) -> None:
    top = np.argsort(-fitted.risk_score(test_rows))[:5]
    reasons = fitted.explain(test_rows[top], top=3)
    assert len(reasons) == 5
    assert all(0 < len(r) <= 3 for r in reasons)
    assert all(reason.contribution > 0 and reason.text for row in reasons for reason in row)
    assert all(r[0].contribution >= r[-1].contribution for r in reasons)
