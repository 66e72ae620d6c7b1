from __future__ import annotations

from datetime import date

import numpy as np
import numpy.typing as npt
import polars as pl
import pytest

from greenlane.risk.drift_injection import DriftInjection, week_numbers
from greenlane.risk.estimator import RiskEstimator
from greenlane.risk.online import run_stream
from greenlane.risk.policies import ExamMemory, Policy, Selection, select

TRAIN_DAYS = 60


@pytest.fixture(scope="module")
def frames() -> tuple[pl.DataFrame, pl.DataFrame]:
    from tests.unit.risk.builders import make_shipments

    train = make_shipments(800, seed=21, days=TRAIN_DAYS)
    stream = make_shipments(420, seed=22, start=date(2020, 3, 1), days=28)
    return train, stream


def _quick_fit(history: pl.DataFrame, weights: npt.NDArray[np.float64], seed: int) -> RiskEstimator:
    return RiskEstimator(n_estimators=10, num_leaves=5, calibration="none", random_state=seed).fit(
        history, sample_weight=weights
    )


def test_each_week_examines_the_rounded_share_and_reveals_only_those_labels(
    frames: tuple[pl.DataFrame, pl.DataFrame],
) -> None:
    train, stream = frames
    histories: list[pl.DataFrame] = []

    def spy(history: pl.DataFrame, weights: npt.NDArray[np.float64], seed: int) -> RiskEstimator:
        histories.append(history)
        return _quick_fit(history, weights, seed)

    weeks = run_stream(
        train, stream, rate=0.1, policy=Policy("exploit+random", random_share=0.1), seed=0, fit=spy
    )
    sizes = np.bincount(week_numbers(stream))[1:]
    assert [w["k"] for w in weeks] == [int(np.floor(0.1 * s + 0.5)) for s in sizes]
    assert histories[0].height == train.height  # week 1 learns from the training year only
    for week, history in zip(weeks[:-1], histories[1:], strict=False):
        stream_part = history.slice(train.height)
        examined = stream_part["fraud"].is_not_null().sum()
        assert examined == sum(w["k"] for w in weeks[: week["week"]])
    assert all(0.0 <= w["precision"] <= 1.0 for w in weeks)


def test_random_checks_come_first_and_are_uniform_over_the_batch() -> None:
    rng = np.random.default_rng(0)
    scores = np.linspace(1, 0, 1000)
    hits = np.zeros(1000)
    for _ in range(200):
        selection = select(Policy("p", random_share=0.5), scores, 20, rng)
        assert selection.drawn.sum() == 10
        hits[selection.chosen[selection.drawn]] += 1
        drawn = selection.chosen[selection.drawn]
        left = np.setdiff1d(np.arange(1000), drawn)
        best_left = left[np.argsort(-scores[left], kind="stable")][:10]
        assert set(selection.chosen[~selection.drawn]) == set(best_left)
    assert hits[500:].sum() > 0.4 * hits.sum()  # low scores are drawn as often as high ones


def test_the_drift_is_reproducible_and_starts_in_the_given_week(
    frames: tuple[pl.DataFrame, pl.DataFrame],
) -> None:
    train, stream = frames
    injection = DriftInjection(start_week=3, traffic_share=0.2, min_history=1, clean_ratio=2.0)
    first, scheme = injection.apply(train, stream, seed=5)
    second, _ = injection.apply(train, stream, seed=5)
    assert first.equals(second)
    early = week_numbers(stream) < 3
    assert first.filter(pl.Series(early)).equals(stream.filter(pl.Series(early)))
    assert scheme.any() and not scheme[early].any()
    assert first.drop("fraud", "critical_fraud").equals(stream.drop("fraud", "critical_fraud"))


def test_the_group_correction_draws_the_same_for_the_same_seed_whatever_order_groups_come_in() -> None:
    # Polars may hand groups back in any order; each group's draw must still come from the same place in
    # the generator's sequence, or a seeded run cannot be repeated.
    rows = 3_000
    ids = [f"T{i % 400:03d}" for i in range(rows)]
    seen = pl.DataFrame(
        {
            "declarant_id": ids,
            "importer_id": ids[::-1],
            "hs6": [f"{(i * 7) % 97:02d}0000" for i in range(rows)],
            "origin_country": ["CN" if i % 3 else "VN" for i in range(rows)],
        }
    )
    memory = ExamMemory()
    everyone = Selection(np.arange(rows), np.zeros(rows, dtype=np.int8))
    memory.record(
        seen.with_columns(fraud=pl.Series([i % 5 == 0 for i in range(rows)])), everyone, np.full(rows, 0.2)
    )

    draws = [memory.boost(seen, np.random.default_rng(7), prior=2.0) for _ in range(6)]

    # (Equal up to the last bits of polars' parallel sums, not merely alike: a group given another group's
    # draw would be off by whole tenths.)
    assert all(np.allclose(draws[0], d, rtol=1e-9, atol=1e-12) for d in draws[1:])
