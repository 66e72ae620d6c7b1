"""A reproducible change of fraud pattern for the inspection-loop benchmark, so that the value of exploring
can be measured. From a given week a new scheme starts in goods that used to be clean: HS chapters whose
training fraud rate was well below average are drawn by seed until they carry a set share of the traffic,
and their declarations become fraudulent with a set probability. At the same time the known schemes wind
down (fraudsters drop what keeps getting caught): each existing fraud of the stream stays a fraud with a
set probability and is otherwise relabelled clean. Only labels change; declarations stay as filed. (Trader
ids in the public data carry no history, so a scheme tied to traders could not be learned by anyone.)"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

__all__ = ["DriftInjection", "week_numbers"]


def week_numbers(stream: pl.DataFrame) -> npt.NDArray[np.int64]:
    """Week 1 is the first 7 days from the stream's first date, and so on."""
    days = (stream["date"] - stream["date"].min()).dt.total_days().to_numpy()
    return np.asarray(days // 7 + 1, dtype=np.int64)


@dataclass(frozen=True)
class DriftInjection:
    start_week: int = 5
    traffic_share: float = 0.10
    new_fraud_probability: float = 0.7
    old_fraud_retention: float = 0.5
    min_history: int = 20  # training declarations a chapter needs before it can count as "clean"
    clean_ratio: float = 0.5  # at most this share of the average training fraud rate

    def describe(self) -> dict[str, Any]:
        return {
            "start_week": self.start_week,
            "new_scheme": f"HS chapters with >= {self.min_history} training declarations and a training "
            f"fraud rate <= {self.clean_ratio} x the average, drawn by seed until they carry "
            f"{self.traffic_share:.0%} of the stream from week {self.start_week}; their declarations "
            f"become fraud with probability {self.new_fraud_probability}",
            "old_schemes": f"every other fraud from week {self.start_week} stays fraud with probability "
            f"{self.old_fraud_retention}, else is relabelled clean",
        }

    def apply(
        self, train: pl.DataFrame, stream: pl.DataFrame, seed: int
    ) -> tuple[pl.DataFrame, npt.NDArray[np.bool_]]:
        """The stream with drifted labels, and which rows belong to the new scheme."""
        rng = np.random.default_rng([seed, 20_210_105])
        chapter = pl.col("hs6").str.slice(0, 2).alias("chapter")
        record = train.group_by(chapter).agg(pl.len().alias("n"), pl.col("fraud").mean().alias("rate"))
        limit = self.clean_ratio * float(train["fraud"].mean())  # type: ignore[arg-type]
        clean = record.filter((pl.col("n") >= self.min_history) & (pl.col("rate") <= limit))
        after = week_numbers(stream) >= self.start_week
        volume = stream.filter(pl.Series(after)).group_by(chapter).len()
        candidates = clean.join(volume, on="chapter").sort("chapter")
        order = rng.permutation(candidates.height)
        target, chosen, covered = self.traffic_share * int(after.sum()), [], 0
        for i in order:
            if covered >= target:
                break
            chosen.append(candidates["chapter"][int(i)])
            covered += int(candidates["len"][int(i)])
        scheme = after & stream["hs6"].str.slice(0, 2).is_in(chosen).to_numpy()
        draw = rng.random(stream.height)
        fraud = stream["fraud"].to_numpy().astype(np.int8)
        critical = stream["critical_fraud"].to_numpy().astype(np.int8)
        new_fraud = scheme & (draw < self.new_fraud_probability)
        dropped = after & ~scheme & (fraud == 1) & (draw >= self.old_fraud_retention)
        fraud = np.where(scheme, new_fraud.astype(np.int8), np.where(dropped, 0, fraud))
        critical = np.where(scheme, new_fraud.astype(np.int8), np.where(dropped, 0, critical))
        drifted = stream.with_columns(
            pl.Series("fraud", fraud, dtype=pl.Int8), pl.Series("critical_fraud", critical, dtype=pl.Int8)
        )
        return drifted, scheme
