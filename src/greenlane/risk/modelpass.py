"""The model's half of scoring a large batch: features, fraud probability and risk score, computed slice by
slice on two worker threads so that building the features of one slice overlaps LightGBM's prediction of
the one before (prediction runs outside the interpreter lock), while the caller's thread evaluates rules
and trust on the whole batch. Every figure of a row depends on that row and the fitted model only, so the
slices give exactly the numbers of one pass over the whole frame; a small batch is scored in one pass on
the caller's thread, without threads at all."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType

import numpy as np
import numpy.typing as npt
import polars as pl

from greenlane.risk.estimator import RiskEstimator

__all__ = ["SLICE_ROWS", "ModelPass", "model_scores"]

FloatArray = npt.NDArray[np.float64]
# Rows per slice: large enough that polars and LightGBM run at full speed on each, small enough that the
# first slice's features (the only part nothing overlaps) are a small share of a million-row batch.
SLICE_ROWS = 125_000


def model_scores(estimator: RiskEstimator, frame: pl.DataFrame) -> tuple[FloatArray, FloatArray]:
    """Fraud probability and risk score P(fraud) x (1 + w x P(critical | fraud)) of a prepared frame."""
    return _scores(estimator, estimator.transform_prepared(frame))


def _scores(estimator: RiskEstimator, matrix: FloatArray) -> tuple[FloatArray, FloatArray]:
    probability = estimator.probability_from_matrix(matrix)
    share = estimator.critical_share_from_matrix(matrix, probability)
    return probability, probability * (1.0 + estimator.critical_weight * share)


def _when_ready(estimator: RiskEstimator, matrix: Future[FloatArray]) -> tuple[FloatArray, FloatArray]:
    return _scores(estimator, matrix.result())


class ModelPass:
    """model_scores() of a prepared frame, started on entering and collected by result(); the caller's
    thread is free in between. Leaving the block waits for the workers, also after an error."""

    def __init__(
        self, estimator: RiskEstimator, frame: pl.DataFrame, *, slice_rows: int = SLICE_ROWS
    ) -> None:
        self.estimator, self.frame, self.slice_rows = estimator, frame, max(1, slice_rows)
        self._pools: list[ThreadPoolExecutor] = []
        self._parts: list[Future[tuple[FloatArray, FloatArray]]] = []
        self._whole: tuple[FloatArray, FloatArray] | None = None

    def __enter__(self) -> ModelPass:
        starts = range(0, self.frame.height, self.slice_rows)
        if len(starts) < 2:
            return self  # scored by result(), on the caller's thread
        features = ThreadPoolExecutor(1, thread_name_prefix="greenlane-features")
        model = ThreadPoolExecutor(1, thread_name_prefix="greenlane-model")
        self._pools = [features, model]
        for start in starts:
            part = self.frame.slice(start, self.slice_rows)
            matrix = features.submit(self.estimator.transform_prepared, part)
            self._parts.append(model.submit(_when_ready, self.estimator, matrix))
        return self

    def result(self) -> tuple[FloatArray, FloatArray]:
        """Fraud probability and risk score of every row, in frame order."""
        if not self._parts:
            if self._whole is None:
                self._whole = model_scores(self.estimator, self.frame)
            return self._whole
        parts = [part.result() for part in self._parts]
        return np.concatenate([p for p, _ in parts]), np.concatenate([s for _, s in parts])

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        for pool in self._pools:
            pool.shutdown(wait=True, cancel_futures=True)
