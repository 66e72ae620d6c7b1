"""The static targeting benchmark (docs/benchmarks.md section 1): fit on the training declarations, score
every declaration of the test period, examine the top 1, 2, 5 and 10 %, and report AUC, precision, recall,
critical-fraud recall and a duty-at-stake proxy for greenlane and the baselines, as mean and standard
deviation over seeds, next to the best achievable cap. Methods never see the test labels: they receive the
test rows with the label columns removed, so nothing from the scored split can reach a fit."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from greenlane.core.errors import ValidationFailed
from greenlane.risk.baselines import METHODS, Method
from greenlane.risk.features import LABEL_COLUMNS
from greenlane.risk.metrics import DEFAULT_RATES, cap_metrics, ranking_metrics

__all__ = ["StaticReport", "duty_proxy", "evaluate_static", "summarise_runs"]

Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class StaticReport:
    """`models[name]` holds the mean of each metric and a `<metric>_std` companion over the seeds."""

    models: dict[str, dict[str, float]]
    cap: dict[str, float]
    seeds: tuple[int, ...]
    rates: tuple[float, ...]
    train_rows: int
    test_rows: int
    test_frauds: int
    test_critical_frauds: int
    seconds: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "protocol": "static (docs/benchmarks.md section 1)",
            "models": self.models,
            "cap": self.cap,
            "seeds": list(self.seeds),
            "rates": list(self.rates),
            "data": {
                "train_rows": self.train_rows,
                "test_rows": self.test_rows,
                "test_frauds": self.test_frauds,
                "test_critical_frauds": self.test_critical_frauds,
            },
            "seconds_per_seed": self.seconds,
            "duty_proxy": "a proxy: value x tax rate / 100 over frauds (the data has no revenue label)",
        }


def duty_proxy(frame: pl.DataFrame) -> npt.NDArray[np.float64]:
    """Value x tax rate / 100: what the duty would be, standing in for the revenue at stake."""
    return (frame["value"] * frame["tax_rate"].fill_null(0) / 100).fill_null(0).to_numpy().astype(np.float64)


def summarise_runs(runs: Sequence[Mapping[str, float]]) -> dict[str, float]:
    """Mean of every metric over runs, and its population standard deviation as `<metric>_std`."""
    summary: dict[str, float] = {}
    for name in runs[0]:
        values = np.array([run[name] for run in runs], dtype=np.float64)
        summary[name] = float(np.mean(values))
        summary[f"{name}_std"] = float(np.std(values))
    return summary


def evaluate_static(
    train: pl.DataFrame,
    test: pl.DataFrame,
    *,
    seeds: Sequence[int] = (0, 1, 2),
    rates: Sequence[float] = DEFAULT_RATES,
    methods: Mapping[str, Method] | None = None,
    progress: Progress | None = None,
) -> StaticReport:
    """Both frames are shipment frames with labels (see greenlane.risk.kcs.load_kcs)."""
    for name, frame in (("train", train), ("test", test)):
        if any(c not in frame.columns or frame[c].null_count() for c in LABEL_COLUMNS):
            raise ValidationFailed(
                f"the {name} data needs fraud and critical_fraud on every row", field="fraud"
            )
    if not seeds:
        raise ValidationFailed("give at least one seed", field="seeds")
    chosen = dict(methods or METHODS)
    unlabelled = test.drop(LABEL_COLUMNS)
    outcome = test["fraud"].to_numpy()
    critical = test["critical_fraud"].to_numpy()
    duty = duty_proxy(test)
    runs: dict[str, list[dict[str, float]]] = {}
    seconds: dict[str, list[float]] = {}
    for seed in seeds:
        for name, method in chosen.items():
            started = time.perf_counter()
            rankings = method(train, unlabelled, seed)
            seconds.setdefault(name, []).append(time.perf_counter() - started)
            for ranking, scores in rankings.items():
                if len(scores) != test.height:
                    raise ValidationFailed(f"method {name} scored {len(scores)} of {test.height} rows")
                runs.setdefault(ranking, []).append(ranking_metrics(outcome, critical, duty, scores, rates))
            if progress is not None:
                progress(name, seed)
    return StaticReport(
        models={name: summarise_runs(values) for name, values in runs.items()},
        cap=cap_metrics(outcome, critical, duty, rates),
        seeds=tuple(seeds),
        rates=tuple(rates),
        train_rows=train.height,
        test_rows=test.height,
        test_frauds=int(outcome.sum()),
        test_critical_frauds=int((critical == 2).sum()),
        seconds={name: float(np.mean(values)) for name, values in seconds.items()},
    )
