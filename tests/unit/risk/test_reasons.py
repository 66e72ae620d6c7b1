from __future__ import annotations

import math

import numpy as np
import polars as pl

from greenlane.risk.reasons import explain_matrix, feature_sentence
from tests.unit.risk.builders import make_shipment

LABELS = {"goods_line": "identical goods line", "importer": "importer", "mass_value": "same mass and value"}


def test_a_unit_value_far_below_its_norm_reads_as_a_multiple_of_the_norm() -> None:
    row = make_shipment(hs6="847130", origin_country="CN")
    text = feature_sentence("uv_dev_hs6_origin", {"uv_dev_hs6_origin": math.log(1 / 4.1)}, row, LABELS)
    assert text == "unit value 4.1x below the norm for HS 847130 from CN"


def test_a_unit_value_norm_at_heading_level_names_the_heading() -> None:
    row = make_shipment(hs6="847130")
    text = feature_sentence("uv_dev_hs4", {"uv_dev_hs4": math.log(3.0)}, row, LABELS)
    assert text == "unit value 3.0x above the norm for HS heading 8471"


def test_history_reasons_quote_the_exam_counts() -> None:
    row = make_shipment() | {"hist_goods_line_examined": 4.0, "hist_goods_line_frauds": 3.0}
    values = {"hist_goods_line_fraud_rate": 0.7, "hist_goods_line_seen": 5.0}
    text = feature_sentence("hist_goods_line_fraud_rate", values, row, LABELS)
    assert text == "identical goods line: fraud found in 3 of 4 earlier examinations"


def test_a_first_time_importer_is_said_so() -> None:
    text = feature_sentence("hist_importer_seen", {"hist_importer_seen": 0.0}, make_shipment(), LABELS)
    assert text == "importer never seen before"


def test_only_features_that_raised_the_risk_are_reasons_and_echoes_are_told_once() -> None:
    names = [
        "hist_goods_line_fraud_rate",
        "hist_goods_line_seen",
        "hist_mass_value_fraud_rate",
        "hist_mass_value_seen",
        "log_mass",
    ]
    matrix = np.array([[0.9, 3.0, 0.9, 3.0, 1.0]])
    contributions = np.array([[2.0, 0.5, 1.5, 0.0, -1.0, -0.3]])  # last column: the base value
    context = pl.DataFrame(
        [make_shipment() | {"hist_goods_line_examined": 3.0, "hist_goods_line_frauds": 3.0}]
    )
    [reasons] = explain_matrix(contributions, matrix, names, context, top=3)
    assert [r.feature for r in reasons] == ["hist_goods_line_fraud_rate", "hist_goods_line_seen"]
    assert all(r.contribution > 0 for r in reasons)
