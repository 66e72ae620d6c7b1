"""Turning declarations or manifest shipments into the numbers the risk model reads: the goods (HS chapter,
heading and subheading, value, mass and unit value measured against the norm for that HS code and origin),
the routing (origin differing from the country of departure), the filing codes, and what earlier
declarations of the same parties and goods revealed. Everything that is learned (category codes, unit
value norms, history totals) is learned from the training rows only, so a scored declaration never
shapes its own features.

The shipment frame is the interface for any caller (the KCS benchmark loader, greenlane.targeting for
manifest shipments). One row per declared goods line; column names and meaning:

required
    date (date or YYYY-MM-DD text)  day the declaration was lodged or the shipment arrives
    hs6 (text or integer)           six-digit HS code; shorter codes are left-padded with zeros
    origin_country (text)           ISO 3166 alpha-2 country of origin of the goods
    net_mass_kg (number >= 0)       net mass in kilograms
    value (number >= 0)             declared customs value, in one currency for the whole frame
optional (absent or null means unknown; unknown never lowers risk)
    declaration_id                  the caller's id, carried through to results
    office_id                       customs office or port of entry
    departure_country               country where the goods were loaded (lading)
    declarant_id, importer_id, seller_id, courier_id
                                    filer/broker, importer/consignee, seller/shipper, express courier
    process_type, import_type, import_use, payment_type, transport_mode, tax_type, origin_indicator
                                    filing codes, any text
    tax_rate (number, percent)      duty rate applied
    late_filing, vague_description, bad_container (0/1)
                                    filing flags found at ingest (manifests); rules may test them
labels (training and history only; null means not examined)
    fraud (0/1), critical_fraud (0 none, 1 fraud, 2 critical fraud)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl

from greenlane.core.errors import ValidationFailed
from greenlane.risk.history import (
    DEFAULT_HISTORY_KEYS,
    HistoryKey,
    HistorySnapshot,
    history_features,
    take_snapshot,
)

__all__ = [
    "CATEGORICAL_COLUMNS",
    "LABEL_COLUMNS",
    "NORM_LEVELS",
    "OPTIONAL_NUMBER_COLUMNS",
    "OPTIONAL_TEXT_COLUMNS",
    "REQUIRED_COLUMNS",
    "ShipmentFeatures",
    "prepare_shipments",
]

REQUIRED_COLUMNS = ("date", "hs6", "origin_country", "net_mass_kg", "value")
OPTIONAL_TEXT_COLUMNS = (
    "declaration_id",
    "office_id",
    "departure_country",
    "declarant_id",
    "importer_id",
    "seller_id",
    "courier_id",
    "process_type",
    "import_type",
    "import_use",
    "payment_type",
    "transport_mode",
    "tax_type",
    "origin_indicator",
)
OPTIONAL_NUMBER_COLUMNS = ("tax_rate", "late_filing", "vague_description", "bad_container")
LABEL_COLUMNS = ("fraud", "critical_fraud")
CATEGORICAL_COLUMNS = (
    "office_id",
    "process_type",
    "import_type",
    "import_use",
    "payment_type",
    "transport_mode",
    "tax_type",
    "origin_indicator",
    "origin_country",
    "departure_country",
)
# Unit value norms from the most to the least specific grouping; the deviation from each is a feature.
NORM_LEVELS: dict[str, tuple[str, ...]] = {
    "hs6_origin": ("hs6", "origin_country"),
    "hs6": ("hs6",),
    "hs4": ("hs4",),
}
_NUMERIC_FEATURES = (
    "hs2_code",
    "hs4_code",
    "hs6_code",
    "tax_rate",
    "log_value",
    "log_mass",
    "log_unit_value",
    "log_duty_proxy",
    "origin_differs",
)


def prepare_shipments(data: pl.DataFrame | Sequence[Mapping[str, Any]]) -> pl.DataFrame:
    """Checks the documented columns and types; absent optional columns are added as unknown."""
    frame = data if isinstance(data, pl.DataFrame) else pl.DataFrame(list(data), infer_schema_length=None)
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise ValidationFailed(f"missing column {missing[0]!r}", field=missing[0])
    frame = frame.with_columns(
        [pl.lit(None, dtype=pl.String).alias(c) for c in OPTIONAL_TEXT_COLUMNS if c not in frame.columns]
        + [pl.lit(None, dtype=pl.Float64).alias(c) for c in OPTIONAL_NUMBER_COLUMNS if c not in frame.columns]
        + [pl.lit(None, dtype=pl.Int8).alias(c) for c in LABEL_COLUMNS if c not in frame.columns]
    )
    converted = frame.with_columns(
        _as_date(frame["date"]),
        pl.col("hs6").cast(pl.String).str.strip_chars().str.zfill(6),
        *[pl.col(c).cast(pl.String) for c in OPTIONAL_TEXT_COLUMNS if c != "hs6"],
        pl.col("origin_country").cast(pl.String),
        *[_as_number(frame, c) for c in ("net_mass_kg", "value", *OPTIONAL_NUMBER_COLUMNS)],
        *[pl.col(c).cast(pl.Int8, strict=False) for c in LABEL_COLUMNS],
    )
    for column in ("date", "hs6", "origin_country", "net_mass_kg", "value"):
        empty = converted[column].is_null()
        if empty.any():
            raise ValidationFailed("value missing", field=column, record=_record(converted, empty))
    return converted


def _record(frame: pl.DataFrame, mask: pl.Series) -> str:
    row = int(mask.arg_true()[0])
    ident = frame["declaration_id"][row]
    return f"row {row}" + (f" ({ident})" if ident is not None else "")


def _as_date(values: pl.Series) -> pl.Series:
    if values.dtype == pl.Date:
        return values
    if values.dtype == pl.Datetime:
        return values.dt.date()
    parsed = values.cast(pl.String).str.to_date("%Y-%m-%d", strict=False)
    bad = parsed.is_null() & values.is_not_null()
    if bad.any():
        raise ValidationFailed(
            f"{values[int(bad.arg_true()[0])]!r} is not a YYYY-MM-DD date",
            field="date",
            record=f"row {int(bad.arg_true()[0])}",
        )
    return parsed


def _as_number(frame: pl.DataFrame, column: str) -> pl.Series:
    values = frame[column].cast(pl.Float64, strict=False)
    bad = values.is_null() & frame[column].is_not_null()
    if bad.any():
        raise ValidationFailed(
            f"{frame[column][int(bad.arg_true()[0])]!r} is not a number",
            field=column,
            record=_record(frame, bad),
        )
    negative = values < 0
    if negative.any():
        raise ValidationFailed("negative value", field=column, record=_record(frame, negative))
    return values


def _derived(frame: pl.DataFrame) -> pl.DataFrame:
    """Goods hierarchy and value measures shared by fitting, norms and scoring."""
    unit_value = pl.when(pl.col("net_mass_kg") > 0).then(pl.col("value") / pl.col("net_mass_kg"))
    return frame.with_columns(
        pl.col("hs6").str.slice(0, 4).alias("hs4"),
        pl.col("hs6").str.slice(0, 2).cast(pl.Float64, strict=False).alias("hs2_code"),
        pl.col("hs6").str.slice(0, 4).cast(pl.Float64, strict=False).alias("hs4_code"),
        pl.col("hs6").cast(pl.Float64, strict=False).alias("hs6_code"),
        pl.col("value").log1p().alias("log_value"),
        pl.col("net_mass_kg").log1p().alias("log_mass"),
        pl.when(unit_value > 0).then(unit_value.log()).alias("log_unit_value"),
        (pl.col("value") * pl.col("tax_rate") / 100).log1p().alias("log_duty_proxy"),
        pl.when(pl.col("departure_country").is_null())
        .then(None)
        .otherwise((pl.col("departure_country") != pl.col("origin_country")).cast(pl.Float64))
        .alias("origin_differs"),
    )


class ShipmentFeatures:
    """Learns codes, norms and history totals from training rows, then turns any rows into the model
    matrix."""

    def __init__(
        self,
        *,
        history_keys: Sequence[HistoryKey] = DEFAULT_HISTORY_KEYS,
        min_category_count: int = 3,
        min_norm_support: int = 3,
        smoothing: float = 2.0,
    ) -> None:
        self.history_keys = tuple(history_keys)
        self.min_category_count = min_category_count
        self.min_norm_support = min_norm_support
        self.smoothing = smoothing
        self.categories: dict[str, list[str]] = {}
        self.norms: dict[str, pl.DataFrame] = {}
        self.snapshot: HistorySnapshot | None = None

    @property
    def feature_names(self) -> list[str]:
        history = [name for key in self.history_keys for name in key.feature_names()]
        return [
            *(f"cat_{c}" for c in CATEGORICAL_COLUMNS),
            *_NUMERIC_FEATURES,
            *(f"uv_dev_{level}" for level in NORM_LEVELS),
            *history,
        ]

    @property
    def categorical_features(self) -> list[str]:
        return [f"cat_{c}" for c in CATEGORICAL_COLUMNS]

    def fit_transform(self, history: pl.DataFrame) -> pl.DataFrame:
        """Fits on `history` and returns its matrix, each row's history features taken from earlier days."""
        frame = _derived(prepare_shipments(history))
        self.categories = {c: self._frequent(frame[c]) for c in CATEGORICAL_COLUMNS}
        self.norms = {
            level: frame.drop_nulls(["log_unit_value", *cols])
            .group_by(list(cols))
            .agg(pl.col("log_unit_value").median().alias("norm"), pl.len().alias("support"))
            .filter(pl.col("support") >= self.min_norm_support)
            for level, cols in NORM_LEVELS.items()
        }
        self.snapshot = take_snapshot(frame, self.history_keys, smoothing=self.smoothing)
        past = history_features(frame, keys=self.history_keys, smoothing=self.smoothing)
        return self._matrix(frame, past)

    def transform(self, rows: pl.DataFrame) -> pl.DataFrame:
        """Rows are taken to come after the training period: they see the history as it stood then."""
        return self.transform_prepared(prepare_shipments(rows))

    def transform_prepared(self, frame: pl.DataFrame) -> pl.DataFrame:
        """transform() of a frame that already went through prepare_shipments (not checked again). Every
        row's features depend on that row and the fitted state only, so slices of a frame may be
        transformed apart and give the same rows."""
        if self.snapshot is None:
            raise ValidationFailed("the feature pipeline has not been fitted")
        derived = _derived(frame)
        return self._matrix(derived, history_features(derived, snapshot=self.snapshot))

    def context(self, rows: pl.DataFrame) -> pl.DataFrame:
        """The readable values reasons are worded from (HS code, origin, norms, history counts)."""
        if self.snapshot is None:
            raise ValidationFailed("the feature pipeline has not been fitted")
        frame = _derived(prepare_shipments(rows))
        past = history_features(frame, snapshot=self.snapshot)
        return pl.concat([self._with_norms(frame), past], how="horizontal")

    def _frequent(self, values: pl.Series) -> list[str]:
        counts = values.drop_nulls().value_counts(sort=True)
        kept = counts.filter(pl.col("count") >= self.min_category_count)
        return [str(v) for v in kept[values.name].to_list()]

    def _with_norms(self, frame: pl.DataFrame) -> pl.DataFrame:
        # Order-keeping joins: measured a little cheaper than joining on a row number and sorting back.
        for level, cols in NORM_LEVELS.items():
            table = self.norms[level].select(*cols, pl.col("norm").alias(f"norm_{level}"))
            frame = frame.join(table, on=list(cols), how="left", nulls_equal=False, maintain_order="left")
        deviations = [
            (pl.col("log_unit_value") - pl.col(f"norm_{level}")).alias(f"uv_dev_{level}")
            for level in NORM_LEVELS
        ]
        return frame.with_columns(deviations)

    def _matrix(self, frame: pl.DataFrame, past: pl.DataFrame) -> pl.DataFrame:
        coded = [
            pl.col(c)
            .replace_strict(
                self.categories[c],
                list(range(len(self.categories[c]))),
                default=None,
                return_dtype=pl.Float64,
            )
            .alias(f"cat_{c}")
            for c in CATEGORICAL_COLUMNS
        ]
        with_norms = self._with_norms(frame).with_columns(coded)
        numeric = with_norms.select(
            *(f"cat_{c}" for c in CATEGORICAL_COLUMNS),
            *_NUMERIC_FEATURES,
            *(f"uv_dev_{level}" for level in NORM_LEVELS),
        )
        return pl.concat([numeric, past], how="horizontal").select(self.feature_names).cast(pl.Float64)
