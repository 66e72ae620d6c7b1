"""The risk model: a gradient-boosted classifier trained on exam outcomes that says how likely a declaration
is to be found fraudulent, with an auxiliary model for how likely a fraud is to be critical. It follows the
scikit-learn contract (parameters stored by __init__, fit returns self, fitted state ends in an underscore)
so it can be cloned, compared and tuned like any estimator. The ranking score weighs a critical fraud more
than an ordinary one, because a missed weapon is worse than a missed undervaluation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import lightgbm as lgb
import numpy as np
import numpy.typing as npt
import polars as pl
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from greenlane.core.errors import ValidationFailed
from greenlane.risk.calibration import Calibrator, Method, fit_calibrator
from greenlane.risk.features import ShipmentFeatures, prepare_shipments
from greenlane.risk.history import DEFAULT_HISTORY_KEYS, HistoryKey
from greenlane.risk.metrics import roc_auc, top_share_precision
from greenlane.risk.reasons import Reason, explain_matrix

__all__ = ["CRITICAL_FLOOR", "RiskEstimator"]

FloatArray = npt.NDArray[np.float64]
_MIN_CRITICAL_EXAMPLES = 10
# Below this fraud probability the critical-fraud model is not consulted: its weight could add at most
# critical_weight x CRITICAL_FLOOR (0.0125) to the score, which reorders nothing near the high-risk
# threshold, and asking it about the likely rows only halves its cost (decision 0106).
CRITICAL_FLOOR = 0.05
# A batch this small is predicted on one thread: waking LightGBM's OpenMP team costs more than walking the
# trees for a few rows, and on a busy machine it costs milliseconds (one filing scored on demand paid 6 ms
# for a 25 microsecond walk).
_ONE_THREAD_ROWS = 2_048


def _threads(rows: int) -> dict[str, Any]:
    return {"num_threads": 1} if rows <= _ONE_THREAD_ROWS else {}


class RiskEstimator(ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """Fit on a shipment frame (see greenlane.risk.features) whose `fraud` column holds exam outcomes, null
    for declarations never examined: those still count in the history features but are not learned from."""

    def __init__(
        self,
        *,
        n_estimators: int = 100,
        learning_rate: float = 0.15,
        num_leaves: int = 15,
        min_child_samples: int = 20,
        subsample: float = 0.8,
        colsample_bytree: float = 0.8,
        critical_weight: float = 0.25,
        calibration: Method = "sigmoid",
        calibration_fraction: float = 0.15,
        history_keys: Sequence[HistoryKey] = DEFAULT_HISTORY_KEYS,
        random_state: int | None = None,
        n_jobs: int = 1,
    ) -> None:
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.num_leaves = num_leaves
        self.min_child_samples = min_child_samples
        self.subsample = subsample
        self.colsample_bytree = colsample_bytree
        self.critical_weight = critical_weight
        self.calibration = calibration
        self.calibration_fraction = calibration_fraction
        self.history_keys = history_keys
        self.random_state = random_state
        self.n_jobs = n_jobs

    def fit(
        self,
        X: pl.DataFrame,
        y: Sequence[float] | FloatArray | None = None,
        *,
        sample_weight: FloatArray | None = None,
    ) -> RiskEstimator:
        """`y` overrides the frame's fraud column (NaN = not examined); sample_weight lets a caller correct
        for how the examined rows were selected (random draws stand for more traffic than targeted ones)."""
        frame = self._labelled_frame(X, y)
        self._check_params()
        labelled = frame["fraud"].is_not_null().to_numpy()
        outcome = frame["fraud"].fill_null(0).to_numpy().astype(np.int_)
        if len(np.unique(outcome[labelled])) < 2:
            raise ValidationFailed(
                "training needs examined declarations with and without fraud", field="fraud"
            )
        weight = (
            np.ones(frame.height) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        )
        if weight.shape != (frame.height,):
            raise ValidationFailed("sample_weight needs one weight per row", field="sample_weight")
        self.features_ = ShipmentFeatures(history_keys=self.history_keys)
        matrix = self.features_.fit_transform(frame).to_numpy()
        self.feature_names_ = self.features_.feature_names
        self.classes_ = np.array([0, 1])
        self.n_features_in_ = len(self.feature_names_)
        dates = frame["date"].to_numpy()
        self._fit_calibration(matrix, outcome, weight, labelled, dates)
        self.booster_ = self._train(matrix[labelled], outcome[labelled], weight[labelled], self.n_estimators)
        critical = (frame["critical_fraud"].fill_null(0).to_numpy() == 2) & labelled & (outcome == 1)
        self.critical_booster_ = self._fit_critical(matrix, critical, labelled & (outcome == 1))
        self.training_summary_ = _summary(frame, labelled)
        return self

    def _labelled_frame(self, X: pl.DataFrame, y: Sequence[float] | FloatArray | None) -> pl.DataFrame:
        frame = prepare_shipments(X)
        if y is None:
            return frame
        values = np.asarray(y, dtype=np.float64)
        if values.shape != (frame.height,):
            raise ValidationFailed(f"y has {values.size} labels for {frame.height} rows", field="fraud")
        return frame.with_columns(pl.Series("fraud", values, nan_to_null=True).cast(pl.Int8))

    def _check_params(self) -> None:
        if self.calibration not in ("sigmoid", "isotonic", "none"):
            raise ValidationFailed(f"unknown calibration {self.calibration!r}", field="calibration")
        if not 0.0 <= self.calibration_fraction < 1.0:
            raise ValidationFailed("calibration_fraction must be in [0, 1)", field="calibration_fraction")
        if self.critical_weight < 0:
            raise ValidationFailed("critical_weight must not be negative", field="critical_weight")

    def _params(self, *, leaves: int | None = None) -> dict[str, Any]:
        return {
            "objective": "binary",
            "learning_rate": self.learning_rate,
            "num_leaves": leaves or self.num_leaves,
            "min_data_in_leaf": self.min_child_samples,
            "bagging_fraction": self.subsample,
            "bagging_freq": 1 if self.subsample < 1.0 else 0,
            "feature_fraction": self.colsample_bytree,
            "seed": 0 if self.random_state is None else int(self.random_state),
            "num_threads": self.n_jobs,
            "deterministic": True,
            "force_row_wise": True,
            "verbose": -1,
        }

    def _train(
        self, X: FloatArray, y: npt.NDArray[np.int_], w: FloatArray, rounds: int, *, leaves: int | None = None
    ) -> lgb.Booster:
        data = lgb.Dataset(
            X,
            label=y,
            weight=w,
            feature_name=self.feature_names_,
            categorical_feature=self.features_.categorical_features,
            free_raw_data=True,
        )
        return lgb.train(self._params(leaves=leaves), data, num_boost_round=rounds)

    def _fit_calibration(
        self,
        X: FloatArray,
        y: npt.NDArray[np.int_],
        w: FloatArray,
        labelled: npt.NDArray[np.bool_],
        dates: npt.NDArray[Any],
    ) -> None:
        """The most recent days of training are held out from a preliminary model; its margins on them fit the
        probability map and give the held-out metrics stored with the artifact."""
        self.calibrator_ = Calibrator("none")
        self.metrics_: dict[str, float] = {}
        self.reference_scores_: list[float] = []
        if self.calibration == "none" or self.calibration_fraction == 0.0:
            return
        cutoff = np.quantile(
            dates[labelled].astype("datetime64[D]").astype(np.int64), 1 - self.calibration_fraction
        )
        day = dates.astype("datetime64[D]").astype(np.int64)
        early, held = labelled & (day < cutoff), labelled & (day >= cutoff)
        if len(np.unique(y[early])) < 2 or len(np.unique(y[held])) < 2:
            return
        preliminary = self._train(X[early], y[early], w[early], self.n_estimators)
        margin = np.asarray(preliminary.predict(X[held], raw_score=True), dtype=np.float64)
        self.calibrator_ = fit_calibrator(margin, y[held], self.calibration)
        probability = self.calibrator_.probability(margin)
        self.metrics_ = {
            "heldout_rows": float(held.sum()),
            "heldout_auc": roc_auc(y[held], probability),
            "heldout_precision@5": top_share_precision(y[held], probability, 0.05),
            "heldout_precision@10": top_share_precision(y[held], probability, 0.10),
            "heldout_brier": float(np.mean((probability - y[held]) ** 2)),
        }
        self.reference_scores_ = [float(v) for v in np.quantile(probability, np.linspace(0, 1, 11))]

    def _fit_critical(
        self, X: FloatArray, critical: npt.NDArray[np.bool_], frauds: npt.NDArray[np.bool_]
    ) -> lgb.Booster | None:
        """Which frauds are critical is learned among frauds only; too few examples means no such model."""
        positives = int(critical[frauds].sum())
        if positives < _MIN_CRITICAL_EXAMPLES or int(frauds.sum()) - positives < _MIN_CRITICAL_EXAMPLES:
            return None
        rounds = max(50, self.n_estimators // 2)
        return self._train(
            X[frauds],
            critical[frauds].astype(np.int_),
            np.ones(int(frauds.sum())),
            rounds,
            leaves=max(7, self.num_leaves // 4),
        )

    # scoring
    def transform_features(self, X: pl.DataFrame) -> FloatArray:
        """The model matrix for new shipments, with history as it stood at the end of training."""
        check_is_fitted(self, "booster_")
        return self.transform_prepared(prepare_shipments(X))

    def transform_prepared(self, frame: pl.DataFrame) -> FloatArray:
        """transform_features() of a frame that already went through prepare_shipments."""
        check_is_fitted(self, "booster_")
        return np.asarray(self.features_.transform_prepared(frame).to_numpy(), dtype=np.float64)

    def predict_proba(self, X: pl.DataFrame) -> FloatArray:
        p = self.probability_from_matrix(self.transform_features(X))
        return np.column_stack([1.0 - p, p])

    def predict(self, X: pl.DataFrame) -> npt.NDArray[np.int_]:
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(np.int_)

    def probability_from_matrix(self, matrix: FloatArray) -> FloatArray:
        check_is_fitted(self, "booster_")
        raw = self.booster_.predict(matrix, raw_score=True, **_threads(len(matrix)))
        return self.calibrator_.probability(np.asarray(raw))

    def critical_share_from_matrix(
        self, matrix: FloatArray, probability: FloatArray | None = None
    ) -> FloatArray:
        """Probability that a fraud on this row would be critical (zeros without a critical model). Given the
        rows' fraud probabilities, only rows at or above CRITICAL_FLOOR are asked: below it the weight
        cannot move a shipment anywhere near the examined few, and the walk of the trees is saved."""
        check_is_fitted(self, "booster_")
        share = np.zeros(matrix.shape[0])
        if self.critical_booster_ is None:
            return share
        asked = np.ones(len(share), bool) if probability is None else probability >= CRITICAL_FLOOR
        if asked.any():
            rows = matrix[asked]
            share[asked] = np.asarray(
                self.critical_booster_.predict(rows, **_threads(len(rows))), dtype=np.float64
            )
        return share

    def risk_score_from_matrix(self, matrix: FloatArray) -> FloatArray:
        """Expected harm in units of an ordinary fraud: P(fraud) x (1 + w x P(critical | fraud))."""
        p = self.probability_from_matrix(matrix)
        return p * (1.0 + self.critical_weight * self.critical_share_from_matrix(matrix, p))

    def risk_score(self, X: pl.DataFrame) -> FloatArray:
        """The ranking used for targeting; higher means examine first."""
        return self.risk_score_from_matrix(self.transform_features(X))

    def explain(self, X: pl.DataFrame, *, top: int = 3) -> list[list[Reason]]:
        """Officer-readable reasons for each row of X; pass only the flagged rows, as this costs a tree walk
        per feature."""
        check_is_fitted(self, "booster_")
        matrix = self.transform_features(X)
        contributions = np.asarray(self.booster_.predict(matrix, pred_contrib=True, **_threads(len(matrix))))
        return explain_matrix(
            contributions,
            matrix,
            self.feature_names_,
            self.features_.context(X),
            top=top,
            keys=self.features_.history_keys,
        )


def _summary(frame: pl.DataFrame, labelled: npt.NDArray[np.bool_]) -> dict[str, Any]:
    examined = frame.filter(pl.Series(labelled))
    return {
        "rows": frame.height,
        "examined": examined.height,
        "fraud_rate": float(examined["fraud"].mean() or 0.0),  # type: ignore[arg-type]
        "critical_frauds": int((examined["critical_fraud"].fill_null(0) == 2).sum()),
        "first_date": str(frame["date"].min()),
        "last_date": str(frame["date"].max()),
        "offices": int(frame["office_id"].n_unique()),
        "hs6_codes": int(frame["hs6"].n_unique()),
    }
