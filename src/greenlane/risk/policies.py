"""How an inspection service spends a week's k examinations when it also wants to keep learning. Pure
exploitation takes the top scores; the classic hedge adds a fixed share of random checks. greenlane's policy
keeps a smaller random control sample (the unbiased measure of the hit rate), corrects the scores of each
group an officer watches (broker, importer, goods chapter, chapter from an origin) by how past exams of that
group beat or missed the model's expectation, drawn from the group's posterior so a thinly examined group
is explored rather than trusted, and lets recent exam outcomes weigh more than the training year when the
model is retrained, so a changed scheme is learned in weeks rather than drowned by a year of history."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import polars as pl

from greenlane.risk.metrics import inspected_count

__all__ = ["GROUPS", "POLICIES", "ExamMemory", "Policy", "Selection"]

FloatArray = npt.NDArray[np.float64]
# The groups an officer watches: broker, importer, goods chapter, and chapter from a given origin.
GROUPS: dict[str, pl.Expr] = {
    "declarant": pl.col("declarant_id"),
    "importer": pl.col("importer_id"),
    "chapter": pl.col("hs6").str.slice(0, 2),
    "origin_chapter": pl.concat_str(pl.col("origin_country"), pl.col("hs6").str.slice(0, 2), separator="/"),
}
RANDOM, TARGET = 1, 0  # why a declaration was examined


@dataclass(frozen=True)
class Policy:
    """`random_share` is a share of k drawn uniformly (members included); `learn_groups` turns on the group
    correction; the weights say how much a stream exam counts in retraining against a training row."""

    name: str
    random_share: float = 0.0
    learn_groups: bool = False
    random_weight: float = 1.0  # weight of a random check's outcome in retraining
    recent_weight: float = 1.0  # weight of any exam from the stream in retraining (training rows weigh 1)
    group_prior: float = 2.0  # strength, in exams, of the model's expectation in each group's posterior


POLICIES: tuple[Policy, ...] = (
    Policy("exploit"),
    Policy("exploit+random", random_share=0.10),
    Policy("greenlane", random_share=0.05, learn_groups=True, random_weight=3.0, recent_weight=5.0),
)


@dataclass(frozen=True)
class Selection:
    chosen: npt.NDArray[np.intp]
    why: npt.NDArray[np.int8]  # TARGET or RANDOM per chosen row

    @property
    def drawn(self) -> npt.NDArray[np.bool_]:
        return np.asarray(self.why == RANDOM, dtype=np.bool_)


@dataclass
class ExamMemory:
    """Past examinations from the stream: group ids, the model's probability at the time, the outcome."""

    groups: dict[str, list[str | None]] = field(default_factory=lambda: {name: [] for name in GROUPS})
    probability: list[float] = field(default_factory=list)
    outcome: list[float] = field(default_factory=list)

    def boost(self, batch: pl.DataFrame, rng: np.random.Generator, prior: float) -> FloatArray:
        """Per group, a draw of its fraud rate minus the rate the model expected (e). The posterior is
        Beta(prior x e + frauds, prior x (1 - e) + clean): a group examined a few times stays near the
        model's view, a group that keeps surprising moves away from it."""
        total = np.zeros(batch.height)
        if not self.outcome:
            return total
        seen = pl.DataFrame({**self.groups, "p": self.probability, "y": self.outcome})
        keys = batch.select(**GROUPS)
        for column in GROUPS:
            stats = (
                seen.drop_nulls(column)
                .group_by(column)
                .agg(pl.len().alias("n"), pl.col("y").sum().alias("f"), pl.col("p").sum().alias("e"))
                # Groups come back from polars in any order; sorted, each takes the same draw every run.
                .sort(column)
            )
            n, f = stats["n"].to_numpy(), stats["f"].to_numpy()
            expected = np.clip(stats["e"].to_numpy() / n, 0.01, 0.99)
            draw = rng.beta(prior * expected + f, prior * (1 - expected) + n - f) - expected
            joined = keys.select(column).join(
                stats.select(column).with_columns(pl.Series("boost", draw)),
                on=column,
                how="left",
                maintain_order="left",
            )
            total += joined["boost"].fill_null(0.0).to_numpy()
        return total

    def record(self, batch: pl.DataFrame, selection: Selection, probability: FloatArray) -> None:
        chosen = selection.chosen
        keys = batch.select(**GROUPS)
        for column in GROUPS:
            self.groups[column].extend(keys[column][chosen].to_list())
        self.probability.extend(probability[chosen].tolist())
        self.outcome.extend(batch["fraud"].cast(pl.Float64).to_numpy()[chosen].tolist())


def select(
    policy: Policy, scores: FloatArray, k: int, rng: np.random.Generator, boost: FloatArray | None = None
) -> Selection:
    """Random checks first (uniform over the batch, members included), then the top corrected scores."""
    n = len(scores)
    draws = min(inspected_count(k, policy.random_share), k, n)
    drawn = rng.choice(n, size=draws, replace=False) if draws else np.empty(0, np.intp)
    ranked = (scores + (boost if boost is not None else 0.0)).astype(np.float64)
    ranked[drawn] = -np.inf
    targeted = np.argsort(-ranked, kind="stable")[: k - draws]
    why = np.concatenate([np.full(draws, RANDOM), np.full(len(targeted), TARGET)]).astype(np.int8)
    return Selection(np.concatenate([drawn, targeted]).astype(np.intp), why)
