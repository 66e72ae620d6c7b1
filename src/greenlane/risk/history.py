"""What earlier declarations say about a new one: how often the same importer, declarant, seller, goods line
(same HS code, mass and value) or HS code from the same origin was seen, how many of those were examined and
how many were found fraudulent or critically fraudulent. A declaration may only learn from what customs knew
before its day: training rows see strictly earlier days, and a new row sees the snapshot taken when the
model was trained. Unexamined declarations count as seen but carry no outcome, so the same code serves the
fully labelled benchmark and the real loop where only the inspected get a label."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

__all__ = ["DEFAULT_HISTORY_KEYS", "HistoryKey", "HistorySnapshot", "history_features", "take_snapshot"]

_STATS = ("seen", "labelled", "fraud", "critical")


@dataclass(frozen=True)
class HistoryKey:
    """A way of grouping declarations whose past outcomes say something about the next one."""

    name: str
    columns: tuple[str, ...]
    label: str  # officer words for the group, used in reasons ("importer", "identical goods line")

    def feature_names(self) -> list[str]:
        """Model inputs; history_features also returns hist_<name>_examined and _frauds for reasons."""
        return [f"hist_{self.name}_{s}" for s in ("seen", "fraud_rate", "critical")]


DEFAULT_HISTORY_KEYS: tuple[HistoryKey, ...] = (
    HistoryKey(
        "goods_line", ("hs6", "net_mass_kg", "value"), "identical goods line (same HS code, mass and value)"
    ),
    HistoryKey("mass_value", ("net_mass_kg", "value"), "same mass and value"),
    HistoryKey("hs6_origin", ("hs6", "origin_country"), "same HS code from the same origin"),
    HistoryKey("hs6", ("hs6",), "same HS code"),
    HistoryKey("declarant", ("declarant_id",), "declarant"),
    HistoryKey("importer", ("importer_id",), "importer"),
    HistoryKey("seller", ("seller_id",), "seller"),
    HistoryKey("declarant_importer", ("declarant_id", "importer_id"), "declarant and importer pair"),
)


@dataclass(frozen=True)
class HistorySnapshot:
    """Per-key totals at the end of the training period, the only history a scored row may see."""

    keys: tuple[HistoryKey, ...]
    tables: dict[str, pl.DataFrame]
    prior: float  # fraud rate among the labelled rows, the value a key with little history shrinks to
    smoothing: float


def _labelled_stats(frame: pl.DataFrame) -> list[pl.Expr]:
    """Unlabelled rows (fraud is null: not examined) are seen but add no outcome."""
    return [
        pl.len().alias("seen"),
        pl.col("fraud").is_not_null().sum().alias("labelled"),
        pl.col("fraud").fill_null(0).sum().alias("fraud"),
        (pl.col("critical_fraud").fill_null(0) == 2).sum().alias("critical"),
    ]


def _usable(frame: pl.DataFrame, key: HistoryKey) -> pl.DataFrame:
    """Rows with an unknown key part (no seller on file) have no history for that key."""
    return frame.drop_nulls(list(key.columns))


def take_snapshot(
    history: pl.DataFrame, keys: Sequence[HistoryKey] = DEFAULT_HISTORY_KEYS, *, smoothing: float = 2.0
) -> HistorySnapshot:
    """Totals per key over the whole history; `fraud` may be null for declarations never examined."""
    labelled = history["fraud"].drop_nulls()
    prior = float(labelled.mean()) if labelled.len() else 0.0  # type: ignore[arg-type]
    tables = {
        key.name: _usable(history, key).group_by(list(key.columns)).agg(_labelled_stats(history))
        for key in keys
    }
    return HistorySnapshot(tuple(keys), tables, prior, smoothing)


def history_features(
    rows: pl.DataFrame,
    *,
    snapshot: HistorySnapshot | None = None,
    keys: Sequence[HistoryKey] | None = None,
    smoothing: float = 2.0,
) -> pl.DataFrame:
    """With a snapshot, each row sees the snapshot (scoring after training). Without one, `rows` is its own
    history and each row sees only rows of strictly earlier days (training), so an outcome recorded on or
    after a row's day can never reach that row's features."""
    if snapshot is not None:
        return _from_snapshot(rows, snapshot)
    chosen = tuple(keys) if keys is not None else DEFAULT_HISTORY_KEYS
    return _as_of_earlier_days(rows, chosen, smoothing=smoothing)


def _finish_exprs(
    key: HistoryKey, prior: float | pl.Expr, smoothing: float, prefix: str = ""
) -> list[pl.Expr]:
    """Counts become the three model features (a rate with no examined precedent stays missing), plus the
    raw counts that reasons quote. `prefix` names the joined count columns of this key."""
    seen, fraud_rate, critical = key.feature_names()
    labelled = pl.col(f"{prefix}labelled").fill_null(0)
    frauds = pl.col(f"{prefix}fraud").fill_null(0)
    rate = (frauds + smoothing * prior) / (labelled + smoothing)
    return [
        pl.col(f"{prefix}seen").fill_null(0).cast(pl.Float64).alias(seen),
        pl.when(labelled > 0).then(rate).otherwise(None).alias(fraud_rate),
        pl.col(f"{prefix}critical").fill_null(0).cast(pl.Float64).alias(critical),
        labelled.cast(pl.Float64).alias(f"hist_{key.name}_examined"),
        frauds.cast(pl.Float64).alias(f"hist_{key.name}_frauds"),
    ]


def _finish(stats: pl.DataFrame, key: HistoryKey, prior: float | pl.Expr, smoothing: float) -> pl.DataFrame:
    return stats.select(_finish_exprs(key, prior, smoothing))


def _from_snapshot(rows: pl.DataFrame, snapshot: HistorySnapshot) -> pl.DataFrame:
    # One eager join per key keeping the rows' order: measured a sixth cheaper than joining on a row number
    # and sorting back, and well under half the cost of the same joins as one lazy plan.
    out = []
    for key in snapshot.keys:
        table = snapshot.tables[key.name]
        joined = rows.select(*key.columns).join(
            table, on=list(key.columns), how="left", nulls_equal=False, maintain_order="left"
        )
        out.append(_finish(joined, key, snapshot.prior, snapshot.smoothing))
    return pl.concat(out, how="horizontal") if out else pl.DataFrame()


def _daily_totals(frame: pl.DataFrame, cols: list[str]) -> pl.DataFrame:
    """Running totals per key up to and including each day."""
    return (
        frame.group_by([*cols, "date"])
        .agg(_labelled_stats(frame))
        .sort("date")
        .with_columns([pl.col(s).cum_sum().over(cols) if cols else pl.col(s).cum_sum() for s in _STATS])
    )


def _join_earlier_day(rows: pl.DataFrame, totals: pl.DataFrame, cols: list[str]) -> pl.DataFrame:
    """Each row gets the totals of the last day strictly before its own."""
    return (
        rows.sort("date")
        .join_asof(
            totals,
            on="date",
            by=cols or None,
            strategy="backward",
            allow_exact_matches=False,
            check_sortedness=False,
        )
        .sort("_row")
    )


def _as_of_earlier_days(
    rows: pl.DataFrame, keys: tuple[HistoryKey, ...], *, smoothing: float
) -> pl.DataFrame:
    indexed = rows.with_row_index("_row")
    # The fraud rate a thin key shrinks to is itself taken from earlier days only.
    overall = _join_earlier_day(indexed.select("_row", "date"), _daily_totals(indexed, []), [])
    prior = (
        (overall["fraud"].cast(pl.Float64) / overall["labelled"].cast(pl.Float64))
        .fill_null(0.0)
        .fill_nan(0.0)
    )
    out = []
    for key in keys:
        cols = list(key.columns)
        joined = _join_earlier_day(
            indexed.select("_row", "date", *cols), _daily_totals(_usable(indexed, key), cols), cols
        )
        out.append(_finish(joined.with_columns(prior.alias("_prior")), key, pl.col("_prior"), smoothing))
    return pl.concat(out, how="horizontal") if out else pl.DataFrame()
