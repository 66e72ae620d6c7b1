"""A generated world must land near the public figures it is calibrated to (docs/world-calibration.md)."""

from __future__ import annotations

import numpy as np
import pytest

from greenlane.core.types import EntityType
from greenlane.world import VIOLATION_BAND, ViolationRates
from greenlane.world.scales import CONTAINERS_PER_BILL
from tests.unit.world.conftest import Generated


def test_members_import_about_34_percent_of_value_by_default(month_2002: Generated) -> None:
    assert month_2002.summary.member_value_share == pytest.approx(0.34, abs=0.05)


def test_members_import_about_52_percent_of_value_with_the_2020_setting(month_2020: Generated) -> None:
    assert month_2020.summary.member_value_share == pytest.approx(0.52, abs=0.05)


def test_about_90_percent_of_ocean_carriers_are_enrolled(month_2002: Generated) -> None:
    assert month_2002.summary.carrier_enrolment_share == pytest.approx(0.90, abs=0.05)


def test_membership_reaches_further_by_value_than_by_count(month_2002: Generated) -> None:
    importers = month_2002.world.parties_of(EntityType.IMPORTER)
    by_count = sum(p.is_member for p in importers) / len(importers)
    assert by_count < month_2002.summary.member_value_share


def test_violations_stay_in_the_documented_band(month_2002: Generated) -> None:
    low, high = VIOLATION_BAND
    assert low <= month_2002.summary.violation_rate <= high


def test_members_violate_less_often_than_non_members_but_not_never(month_2002: Generated) -> None:
    summary = month_2002.summary
    assert 0 < summary.member_violation_rate < summary.non_member_violation_rate


def test_contraband_is_the_rarest_finding_and_misdeclaration_the_commonest(month_2002: Generated) -> None:
    kinds = month_2002.summary.by_kind
    assert 0 < kinds["contraband"] < kinds["security_breach"] < kinds["misdeclaration"]


def test_calibrated_chain_propensities_average_exactly_to_the_configured_rates(month_2002: Generated) -> None:
    world, rates = month_2002.world, ViolationRates()
    weights = np.array([chain.frequency for chain in world.chains])
    weights = weights / weights.sum()
    assert float(np.dot(world.propensity.misdeclaration, weights)) == pytest.approx(rates.misdeclaration)
    assert float(np.dot(world.propensity.contraband, weights)) == pytest.approx(rates.contraband)
    assert float(np.dot(world.propensity.security_breach, weights)) == pytest.approx(rates.security_breach)


def test_filing_flags_are_a_few_percent_of_bills(month_2002: Generated) -> None:
    summary = month_2002.summary
    for count in (summary.late_manifests, summary.late_security_filings, summary.vague_descriptions):
        assert 0.005 < count / summary.bills < 0.08
    assert 0 < summary.invalid_container_numbers / summary.containers < 0.01


def test_containers_per_bill_match_the_figure_used_to_size_the_scales(month_2002: Generated) -> None:
    summary = month_2002.summary
    assert summary.containers / summary.bills == pytest.approx(CONTAINERS_PER_BILL, rel=0.2)
