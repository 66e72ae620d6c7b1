from __future__ import annotations

from datetime import date

import numpy as np
import numpy.typing as npt
import polars as pl
import pytest

from greenlane.core.errors import ValidationFailed
from greenlane.risk.baselines import METHODS, label_encoded
from greenlane.risk.evaluation import evaluate_static, summarise_runs
from tests.unit.risk.builders import make_shipments

TRAIN = make_shipments(900, seed=11)
TEST = make_shipments(300, seed=12, start=date(2020, 6, 1), days=40)


def test_methods_never_see_the_labels_of_the_scored_rows() -> None:
    seen: list[list[str]] = []

    def spy(train: pl.DataFrame, rows: pl.DataFrame, seed: int) -> dict[str, npt.NDArray[np.float64]]:
        seen.append(rows.columns)
        return {"spy": np.zeros(rows.height)}

    evaluate_static(TRAIN, TEST, seeds=(0, 1), methods={"spy": spy})
    assert len(seen) == 2
    assert all("fraud" not in cols and "critical_fraud" not in cols for cols in seen)


def test_the_report_has_every_metric_for_every_method_with_its_spread() -> None:
    methods = {name: METHODS[name] for name in ("random", "highest-value-first", "lightgbm-baseline")}
    report = evaluate_static(TRAIN, TEST, seeds=(0, 1), methods=methods)
    for name in methods:
        for metric in ("auc", "precision@1", "recall@5", "critical_recall@10", "duty_proxy_recall@2"):
            assert isinstance(report.models[name][metric], float)
            assert report.models[name][metric + "_std"] >= 0.0
    assert report.models["highest-value-first"]["auc_std"] == 0.0  # no randomness in that ranking
    assert report.models["lightgbm-baseline"]["auc"] > report.models["random"]["auc"]
    assert report.cap["precision@1"] == 1.0
    assert set(report.to_json()) >= {"models", "cap", "seeds", "data"}


def test_the_summary_is_the_mean_and_population_spread_over_seeds() -> None:
    assert summarise_runs([{"auc": 0.8}, {"auc": 0.9}]) == pytest.approx({"auc": 0.85, "auc_std": 0.05})


def test_label_encoding_is_learned_on_train_and_unseen_values_are_minus_one() -> None:
    rows = TEST.head(3).with_columns(pl.lit("NEVER").alias("declarant_id"))
    fit, use = label_encoded(TRAIN, rows)
    column = [c for c in TRAIN.columns if c not in ("declaration_id", "date", "fraud", "critical_fraud")]
    assert fit.shape == (TRAIN.height, len(column))
    assert (use[:, column.index("declarant_id")] == -1).all()


def test_data_without_labels_cannot_be_evaluated() -> None:
    with pytest.raises(ValidationFailed, match="test data needs fraud"):
        evaluate_static(TRAIN, TEST.drop("fraud"), seeds=(0,))
