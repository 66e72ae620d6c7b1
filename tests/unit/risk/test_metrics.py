from __future__ import annotations

import numpy as np
import pytest

from greenlane.risk.metrics import cap_metrics, inspected_count, ranking_metrics, roc_auc

# Ten declarations, scored from most to least suspicious. Frauds at ranks 1, 2, 4 and 7; the one at rank 4 is
# critical; the duty proxies are 10, 20, 30 and 40 on the frauds.
OUTCOME = np.array([1, 1, 0, 1, 0, 0, 1, 0, 0, 0])
CRITICAL = np.array([1, 1, 0, 2, 0, 0, 1, 0, 0, 0])
DUTY = np.array([10, 20, 99, 30, 99, 99, 40, 99, 99, 99], dtype=float)
SCORES = np.linspace(1.0, 0.1, 10)


def test_precision_recall_and_critical_recall_at_a_share_inspected() -> None:
    figures = ranking_metrics(OUTCOME, CRITICAL, DUTY, SCORES, rates=(0.2, 0.5))
    assert figures["precision@20"] == 1.0  # top 2: both frauds
    assert figures["recall@20"] == 0.5
    assert figures["critical_recall@20"] == 0.0
    assert figures["precision@50"] == 0.6  # top 5: three frauds
    assert figures["recall@50"] == 0.75
    assert figures["critical_recall@50"] == 1.0
    assert figures["duty_proxy_recall@50"] == pytest.approx(
        60 / 100
    )  # clean declarations carry no duty at stake


def test_auc_counts_tied_scores_as_half() -> None:
    assert roc_auc([1, 0], [0.5, 0.5]) == 0.5
    assert roc_auc(OUTCOME, SCORES) == pytest.approx(1 - 4 / 24)  # 4 of 24 fraud/clean pairs misordered


def test_the_cap_is_the_best_any_ranking_could_do() -> None:
    cap = cap_metrics(OUTCOME, CRITICAL, DUTY, rates=(0.2, 0.5))
    assert cap["precision@50"] == pytest.approx(4 / 5)
    assert cap["recall@20"] == 0.5
    assert cap["critical_recall@20"] == 1.0
    assert cap["duty_proxy_recall@20"] == pytest.approx(70 / 100)


@pytest.mark.parametrize(
    ("rows", "rate", "k"), [(8134, 0.05, 407), (8134, 0.01, 81), (10, 0.05, 1), (0, 0.1, 0)]
)
def test_the_number_inspected_is_the_rounded_share(rows: int, rate: float, k: int) -> None:
    assert inspected_count(rows, rate) == k
