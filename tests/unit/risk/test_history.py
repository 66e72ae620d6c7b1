from __future__ import annotations

from datetime import date

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from greenlane.risk.history import HistoryKey, history_features, take_snapshot
from tests.unit.risk.builders import make_shipment, make_shipments

IMPORTER = (HistoryKey("importer", ("importer_id",), "importer"),)


def _rows(*rows: dict[str, object]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema_overrides={"fraud": pl.Int8, "critical_fraud": pl.Int8})


def test_changing_a_later_label_does_not_change_any_earlier_rows_features() -> None:
    frame = make_shipments(600, seed=3)
    before = history_features(frame)
    cut = frame["date"].to_list()[400]
    flipped = frame.with_columns(
        pl.when(pl.col("date") >= cut).then(1 - pl.col("fraud")).otherwise(pl.col("fraud")).alias("fraud")
    )
    after = history_features(flipped)
    earlier = (frame["date"] <= cut).to_numpy()
    assert before.filter(pl.Series(earlier)).equals(after.filter(pl.Series(earlier)))
    assert not before.equals(after)  # later rows did learn from the changed outcomes


@settings(max_examples=25, deadline=None)
@given(row=st.integers(0, 299), seed=st.integers(0, 50))
def test_no_row_ever_sees_outcomes_from_its_own_day_or_later(row: int, seed: int) -> None:
    frame = make_shipments(300, seed=seed)
    day = frame["date"][row]
    changed = frame.with_columns(
        pl.when(pl.col("date") >= day).then(1 - pl.col("fraud")).otherwise(pl.col("fraud")).alias("fraud")
    )
    assert history_features(frame)[row].equals(history_features(changed)[row])


def test_a_row_counts_only_earlier_days_of_the_same_importer() -> None:
    frame = _rows(
        make_shipment(date=date(2020, 1, 1), importer_id="A", fraud=1, critical_fraud=2),
        make_shipment(date=date(2020, 1, 1), importer_id="A", fraud=0),
        make_shipment(date=date(2020, 1, 2), importer_id="A", fraud=0),
        make_shipment(date=date(2020, 1, 3), importer_id="B", fraud=1, critical_fraud=1),
        make_shipment(date=date(2020, 1, 4), importer_id="A", fraud=0),
    )
    features = history_features(frame, keys=IMPORTER, smoothing=0.0)
    assert features["hist_importer_seen"].to_list() == [0, 0, 2, 0, 3]
    assert features["hist_importer_critical"].to_list() == [0, 0, 1, 0, 1]
    assert features["hist_importer_fraud_rate"].to_list()[2] == 0.5
    assert features["hist_importer_fraud_rate"].to_list()[0] is None  # no examined precedent


def test_unexamined_declarations_count_as_seen_but_carry_no_outcome() -> None:
    history = _rows(
        make_shipment(importer_id="A", fraud=None, critical_fraud=None),
        make_shipment(importer_id="A", fraud=1, critical_fraud=1),
    )
    snapshot = take_snapshot(history, IMPORTER, smoothing=0.0)
    features = history_features(
        _rows(make_shipment(date=date(2020, 6, 1), importer_id="A")), snapshot=snapshot
    )
    assert features["hist_importer_seen"].to_list() == [2]
    assert features["hist_importer_examined"].to_list() == [1]
    assert features["hist_importer_fraud_rate"].to_list() == [1.0]


def test_a_row_with_an_unknown_party_gets_no_history_for_that_party() -> None:
    history = _rows(make_shipment(importer_id=None, fraud=1, critical_fraud=1))
    snapshot = take_snapshot(history, IMPORTER)
    rows = _rows(make_shipment(date=date(2020, 6, 1), importer_id=None))
    assert history_features(rows, snapshot=snapshot)["hist_importer_seen"].to_list() == [0]


def test_the_snapshot_gives_a_later_row_what_the_as_of_computation_would() -> None:
    frame = make_shipments(400, seed=5)
    later = frame.tail(1).with_columns(pl.lit(date(2021, 1, 1)).alias("date"))
    as_of = history_features(pl.concat([frame, later]))[-1]
    from_snapshot = history_features(later, snapshot=take_snapshot(frame))
    assert as_of.equals(from_snapshot)
