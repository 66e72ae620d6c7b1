from __future__ import annotations

import pytest

from greenlane.core.errors import ValidationFailed
from greenlane.world import MembershipTargets, ViolationRates
from greenlane.world.calibration import PORT_CONTAINERS_PER_YEAR, US_MARITIME_CONTAINERS_FY2017
from greenlane.world.scales import CONTAINERS_PER_BILL, Scale


def test_membership_targets_default_to_the_2002_figures() -> None:
    targets = MembershipTargets()
    assert targets.importer_value_share == pytest.approx(0.34)
    assert targets.carrier_share == pytest.approx(0.90)


def test_membership_targets_follow_the_published_points_and_interpolate_between_them() -> None:
    assert MembershipTargets.for_year(2002).importer_value_share == pytest.approx(0.34)
    assert MembershipTargets.for_year(2020).importer_value_share == pytest.approx(0.52)
    assert MembershipTargets.for_year(2011).importer_value_share == pytest.approx(0.43)


def test_membership_targets_invent_no_trend_outside_the_published_years() -> None:
    assert MembershipTargets.for_year(1995).importer_value_share == pytest.approx(0.34)
    assert MembershipTargets.for_year(2030).importer_value_share == pytest.approx(0.52)


def test_a_later_year_widens_the_program_for_every_kind_of_party() -> None:
    early, late = MembershipTargets.for_year(2002), MembershipTargets.for_year(2020)
    assert late.broker_share > early.broker_share
    assert late.consolidator_share > early.consolidator_share
    assert late.manufacturer_share > early.manufacturer_share


def test_a_share_outside_zero_to_one_is_refused_naming_the_field() -> None:
    with pytest.raises(ValidationFailed) as raised:
        MembershipTargets(importer_value_share=1.2)
    assert raised.value.field == "importer_value_share"


def test_tier_shares_must_sum_to_one() -> None:
    with pytest.raises(ValidationFailed):
        MembershipTargets(tier_mix=(0.5, 0.5, 0.5))


def test_default_violation_rates_sit_in_the_documented_band() -> None:
    assert 0.01 <= ViolationRates().total <= 0.04


def test_port_scale_is_about_five_million_containers_a_year() -> None:
    yearly = Scale.PORT.profile.bills_per_day * CONTAINERS_PER_BILL * 365
    assert yearly == pytest.approx(PORT_CONTAINERS_PER_YEAR, rel=1e-9)
    assert Scale.PORT.profile.discharge_ports == ("USLAX",)


def test_nation_scale_spreads_the_fy2017_containers_over_every_port() -> None:
    yearly = Scale.NATION.profile.bills_per_day * CONTAINERS_PER_BILL * 365
    assert yearly == pytest.approx(US_MARITIME_CONTAINERS_FY2017, rel=1e-9)
    assert Scale.NATION.profile.discharge_ports == ()


def test_scale_names_parse_case_insensitively_and_unknown_ones_are_refused() -> None:
    assert Scale.parse(" port ") is Scale.PORT
    with pytest.raises(ValueError, match="SMALL, PORT, NATION"):
        Scale.parse("harbour")
