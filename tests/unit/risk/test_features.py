from __future__ import annotations

import math
from datetime import date

import polars as pl
import pytest

from greenlane.core.errors import ValidationFailed
from greenlane.risk.features import ShipmentFeatures, prepare_shipments
from tests.unit.risk.builders import make_shipment, make_shipments


def test_a_minimal_manifest_shipment_needs_only_the_five_required_columns() -> None:
    frame = prepare_shipments(
        [{"date": "2024-05-01", "hs6": 71080, "origin_country": "CN", "net_mass_kg": 12, "value": 900}]
    )
    assert frame["hs6"].to_list() == ["071080"]
    assert frame["date"].to_list() == [date(2024, 5, 1)]
    assert frame["importer_id"].to_list() == [None]
    assert frame["fraud"].to_list() == [None]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("value", "lots", "'lots' is not a number"),
        ("date", "01/05/2024", "not a YYYY-MM-DD date"),
        ("net_mass_kg", -3, "negative value"),
    ],
)
def test_a_bad_shipment_value_is_refused_naming_the_field(field: str, value: object, message: str) -> None:
    row = {"date": "2024-05-01", "hs6": "847130", "origin_country": "CN", "net_mass_kg": 1.0, "value": 10.0}
    with pytest.raises(ValidationFailed, match=message) as caught:
        prepare_shipments([{**row, field: value}])
    assert caught.value.field == field


def test_a_frame_without_a_required_column_is_refused() -> None:
    with pytest.raises(ValidationFailed, match="missing column 'origin_country'"):
        prepare_shipments(
            pl.DataFrame(
                {"date": [date(2024, 1, 1)], "hs6": ["847130"], "net_mass_kg": [1.0], "value": [2.0]}
            )
        )


def test_unit_value_norms_and_codes_are_learned_from_training_rows_only() -> None:
    train = make_shipments(500, seed=1)
    features = ShipmentFeatures()
    features.fit_transform(train)
    norms_before = {k: v.clone() for k, v in features.norms.items()}
    strange = pl.DataFrame([make_shipment(date=date(2021, 1, 1), value=1e9, office_id="99")])
    matrix = features.transform(strange)
    assert all(features.norms[k].equals(norms_before[k]) for k in norms_before)
    assert "99" not in features.categories["office_id"]
    assert math.isnan(matrix["cat_office_id"].to_numpy()[0])  # an office never seen in training is unknown


def test_unit_value_deviation_measures_how_far_a_line_is_below_its_norm() -> None:
    train = pl.DataFrame(
        [
            make_shipment(
                date=date(2020, 1, d), hs6="847130", origin_country="CN", net_mass_kg=10.0, value=1000.0
            )
            for d in range(1, 6)
        ]
    )
    features = ShipmentFeatures()
    features.fit_transform(train)
    cheap = pl.DataFrame([make_shipment(date=date(2021, 1, 1), net_mass_kg=10.0, value=250.0)])
    deviation = features.transform(cheap)["uv_dev_hs6_origin"][0]
    assert math.exp(deviation) == pytest.approx(0.25)


def test_the_matrix_has_the_same_columns_in_the_same_order_for_training_and_scoring() -> None:
    train = make_shipments(300)
    features = ShipmentFeatures()
    fitted = features.fit_transform(train)
    scored = features.transform(make_shipments(20, seed=9, start=date(2021, 1, 1)))
    assert fitted.columns == scored.columns == features.feature_names
