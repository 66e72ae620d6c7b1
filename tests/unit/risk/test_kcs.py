from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from greenlane.core.errors import ValidationFailed
from greenlane.risk.kcs import DATA_ENV, default_data_dir, load_kcs
from tests.unit.risk.builders import make_shipments, write_kcs


def _csv(tmp_path: Path, frame: pl.DataFrame | None = None) -> Path:
    return write_kcs(frame if frame is not None else make_shipments(50), tmp_path / "decl.csv")


def test_a_kcs_file_becomes_a_shipment_frame_with_zero_padded_hs_codes(tmp_path: Path) -> None:
    original = make_shipments(50).with_columns(pl.lit("071080").alias("hs6"))
    frame = load_kcs(_csv(tmp_path, original))
    assert frame.height == 50
    assert frame.schema["date"] == pl.Date
    assert set(frame["hs6"].to_list()) == {"071080"}
    assert frame["value"].to_list() == original["value"].to_list()


def test_several_training_files_are_concatenated_in_order(tmp_path: Path) -> None:
    first = write_kcs(make_shipments(30, seed=1), tmp_path / "a.csv")
    second = write_kcs(make_shipments(20, seed=2), tmp_path / "b.csv")
    assert load_kcs([first, second]).height == 50


def test_a_missing_column_is_named_in_the_error(tmp_path: Path) -> None:
    path = _csv(tmp_path)
    text = pl.read_csv(path, infer_schema_length=0).drop("Net Mass")
    text.write_csv(path)
    with pytest.raises(ValidationFailed, match="missing column 'Net Mass'") as caught:
        load_kcs(path)
    assert caught.value.field == "Net Mass"


def test_a_bad_number_is_reported_with_its_line_and_column(tmp_path: Path) -> None:
    path = _csv(tmp_path)
    text = pl.read_csv(path, infer_schema_length=0)
    text = text.with_columns(
        pl.when(pl.int_range(pl.len()) == 6)
        .then(pl.lit("12kg"))
        .otherwise(pl.col("Net Mass"))
        .alias("Net Mass")
    )
    text.write_csv(path)
    with pytest.raises(ValidationFailed, match=r"line 8: '12kg' is not a number"):
        load_kcs(path)


def test_labels_that_contradict_each_other_are_refused(tmp_path: Path) -> None:
    frame = make_shipments(20).with_columns(
        pl.lit(0, dtype=pl.Int8).alias("fraud"), pl.lit(2, dtype=pl.Int8).alias("critical_fraud")
    )
    with pytest.raises(ValidationFailed, match="line 2: Fraud must be 1"):
        load_kcs(_csv(tmp_path, frame))


def test_a_file_to_score_may_come_without_labels(tmp_path: Path) -> None:
    path = _csv(tmp_path, make_shipments(10).drop("fraud", "critical_fraud"))
    assert "fraud" not in load_kcs(path, require_labels=False).columns
    with pytest.raises(ValidationFailed, match="missing column 'Fraud'"):
        load_kcs(path)


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed, match="file not found"):
        load_kcs(tmp_path / "nope.csv")


def test_the_data_folder_can_be_set_by_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(DATA_ENV, str(tmp_path))
    assert default_data_dir() == tmp_path
    monkeypatch.delenv(DATA_ENV)
    assert default_data_dir().parts[-3:] == ("shared", "data", "customs-declarations")
