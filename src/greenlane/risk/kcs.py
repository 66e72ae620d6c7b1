"""Reading customs import declarations in the KCS schema (the public Korea Customs Service benchmark files,
or a user's own file with the same 22 columns) into greenlane's shipment frame. Every file is checked before
it is used: a missing column, an unparsable number or date, or labels that contradict each other stop the
load with a message naming the file, the line and the column, because a silently coerced value would bias
every figure computed from it."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from greenlane.core.errors import ValidationFailed

__all__ = ["DATA_ENV", "KCS_COLUMNS", "KCS_LABEL_COLUMNS", "default_data_dir", "load_kcs", "parse_kcs"]

DATA_ENV = "GREENLANE_KCS_DATA"

# Source column -> canonical shipment column (see greenlane.risk.features for the canonical frame).
KCS_COLUMNS: dict[str, str] = {
    "Declaration ID": "declaration_id",
    "Date": "date",
    "Office ID": "office_id",
    "Process Type": "process_type",
    "Import Type": "import_type",
    "Import Use": "import_use",
    "Payment Type": "payment_type",
    "Mode of Transport": "transport_mode",
    "Declarant ID": "declarant_id",
    "Importer ID": "importer_id",
    "Seller ID": "seller_id",
    "Courier ID": "courier_id",
    "HS6 Code": "hs6",
    "Country of Departure": "departure_country",
    "Country of Origin": "origin_country",
    "Tax Rate": "tax_rate",
    "Tax Type": "tax_type",
    "Country of Origin Indicator": "origin_indicator",
    "Net Mass": "net_mass_kg",
    "Item Price": "value",
}
KCS_LABEL_COLUMNS: dict[str, str] = {"Fraud": "fraud", "Critical Fraud": "critical_fraud"}

_NUMERIC = ("Tax Rate", "Net Mass", "Item Price")
# Identifiers that may be empty in the public files (most declarations have no courier).
_OPTIONAL = ("Seller ID", "Courier ID")


def default_data_dir() -> Path:
    """Where the public files are looked for: $GREENLANE_KCS_DATA if set, else the shared data folder next to
    the repository (<repo>/../shared/data/customs-declarations). The data is never copied into the repo."""
    configured = os.environ.get(DATA_ENV)
    if configured:
        return Path(configured)
    repo = Path(__file__).resolve().parents[3]
    return repo.parent / "shared" / "data" / "customs-declarations"


def load_kcs(paths: str | Path | Sequence[str | Path], *, require_labels: bool = True) -> pl.DataFrame:
    """Several files are concatenated in the order given, so a user can train on more than one period."""
    items = [paths] if isinstance(paths, str | Path) else list(paths)
    if not items:
        raise ValidationFailed("no file given")
    frames = [
        parse_kcs(_read_text_frame(Path(p)), source=str(p), require_labels=require_labels) for p in items
    ]
    return pl.concat(frames, how="vertical_relaxed")


def _read_text_frame(path: Path) -> pl.DataFrame:
    if not path.is_file():
        raise ValidationFailed(f"file not found: {path}")
    try:
        # Everything as text first: numbers are checked below so a bad cell is reported, not guessed.
        return pl.read_csv(path, infer_schema_length=0)
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError, UnicodeDecodeError) as exc:
        raise ValidationFailed(f"{path}: not a readable CSV file ({exc.__class__.__name__})") from None


def parse_kcs(raw: pl.DataFrame, *, source: str = "input", require_labels: bool = True) -> pl.DataFrame:
    """Checks and converts a frame of KCS text columns; the result uses the canonical shipment columns."""
    wanted = list(KCS_COLUMNS) + (list(KCS_LABEL_COLUMNS) if require_labels else [])
    missing = [c for c in wanted if c not in raw.columns]
    if missing:
        raise ValidationFailed(f"{source}: missing column {missing[0]!r}", field=missing[0])
    text = raw.with_columns(pl.col(pl.String).str.strip_chars())
    _check_required_cells(text, source)
    parsed = text.select(
        pl.col("Declaration ID").alias("declaration_id"),
        _checked_date(text, source),
        *[
            pl.col(c).alias(KCS_COLUMNS[c])
            for c in KCS_COLUMNS
            if c not in (*_NUMERIC, "Date", "Declaration ID")
        ],
        *[_checked_number(text, c, source).alias(KCS_COLUMNS[c]) for c in _NUMERIC],
    ).with_columns(pl.col("hs6").str.zfill(6))
    _check_non_negative(parsed, source)
    has_labels = all(c in raw.columns for c in KCS_LABEL_COLUMNS)
    if has_labels:
        parsed = parsed.with_columns(_checked_labels(text, source))
    return parsed.select([*KCS_COLUMNS.values(), *(KCS_LABEL_COLUMNS.values() if has_labels else [])])


def _line_of(mask: pl.Series) -> int:
    """Line number in the file of the first offending row (the header is line 1)."""
    return int(mask.arg_true()[0]) + 2


def _check_required_cells(text: pl.DataFrame, source: str) -> None:
    for column in KCS_COLUMNS:
        if column in _OPTIONAL:
            continue
        empty = text[column].is_null() | (text[column] == "")
        if empty.any():
            raise ValidationFailed(f"{source}, line {_line_of(empty)}: empty value", field=column)


def _checked_number(text: pl.DataFrame, column: str, source: str) -> pl.Series:
    values = text[column].cast(pl.Float64, strict=False)
    bad = values.is_null() | values.is_nan()
    if bad.any():
        line = _line_of(bad)
        raise ValidationFailed(
            f"{source}, line {line}: {text[column][line - 2]!r} is not a number", field=column
        )
    return values


def _checked_date(text: pl.DataFrame, source: str) -> pl.Series:
    values = text["Date"].str.to_date("%Y-%m-%d", strict=False)
    bad = values.is_null()
    if bad.any():
        line = _line_of(bad)
        raise ValidationFailed(
            f"{source}, line {line}: {text['Date'][line - 2]!r} is not a YYYY-MM-DD date", field="Date"
        )
    return values.alias("date")


def _check_non_negative(parsed: pl.DataFrame, source: str) -> None:
    for column in ("net_mass_kg", "value", "tax_rate"):
        negative = parsed[column] < 0
        if negative.any():
            raise ValidationFailed(f"{source}, line {_line_of(negative)}: negative value", field=column)


def _checked_labels(text: pl.DataFrame, source: str) -> list[pl.Series]:
    fraud = text["Fraud"].cast(pl.Int8, strict=False)
    critical = text["Critical Fraud"].cast(pl.Int8, strict=False)
    for name, values, allowed in (("Fraud", fraud, (0, 1)), ("Critical Fraud", critical, (0, 1, 2))):
        bad = values.is_null() | ~values.is_in(list(allowed))
        if bad.any():
            raise ValidationFailed(
                f"{source}, line {_line_of(bad)}: expected one of {list(allowed)}", field=name
            )
    contradiction = fraud != (critical > 0).cast(pl.Int8)
    if contradiction.any():
        raise ValidationFailed(
            f"{source}, line {_line_of(contradiction)}: Fraud must be 1 just when Critical Fraud is 1 or 2",
            field="Fraud",
        )
    return [fraud.alias("fraud"), critical.alias("critical_fraud")]
