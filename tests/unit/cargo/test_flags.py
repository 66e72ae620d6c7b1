"""Flags an accepted record carries: late filing under the 24-hour rule, vague goods descriptions and
container numbers with a wrong check digit."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from greenlane.cargo import Container, FlagCode, flags_for, is_vague
from tests.unit.cargo.builders import LOADING_TIME, a_bill


def codes(bill: object) -> list[FlagCode]:
    return [flag.code for flag in flags_for(bill)]  # type: ignore[arg-type]


def test_a_complete_bill_filed_two_days_ahead_has_no_flags() -> None:
    assert flags_for(a_bill()) == ()


def test_late_filing_is_flagged_when_less_than_24_hours_before_loading() -> None:
    flags = flags_for(a_bill(filed_at=LOADING_TIME - timedelta(hours=23, minutes=59)))
    assert [f.code for f in flags] == [FlagCode.LATE_FILING]
    assert "24" in flags[0].detail


def test_filing_exactly_24_hours_before_loading_is_on_time() -> None:
    assert codes(a_bill(filed_at=LOADING_TIME - timedelta(hours=24))) == []


def test_filing_after_loading_is_late() -> None:
    assert codes(a_bill(filed_at=LOADING_TIME + timedelta(hours=2))) == [FlagCode.LATE_FILING]


def test_without_a_filing_time_or_a_loading_time_nothing_is_claimed_about_lateness() -> None:
    bill = a_bill()
    assert codes(replace(bill, filed_at=None)) == []
    assert codes(replace(bill, voyage=replace(bill.voyage, departure=None))) == []


@pytest.mark.parametrize(
    "description",
    [
        "FAK",
        "fak",
        "Freight of all kinds",
        "GENERAL CARGO",
        "said to contain",
        "STC",
        "Chemicals",
        "foodstuffs",
        "parts",
        "consolidated cargo",
        "1 x 40' container STC general cargo",
        "chemicals; parts & accessories",
        "500 cartons of general merchandise",
        "",
    ],
)
def test_descriptions_that_say_nothing_about_the_goods_are_vague(description: str) -> None:
    assert is_vague(description)


@pytest.mark.parametrize(
    "description",
    [
        "men's cotton woven shirts",
        "STC 500 cartons of leather shoes",
        "brake pads, ceramic",
        "FAKE fur collars",  # FAK only as a whole word
        "partsmith lathes",
        "sodium hypochlorite solution",
    ],
)
def test_descriptions_that_name_the_goods_are_not_vague(description: str) -> None:
    assert not is_vague(description)


def test_each_vague_goods_line_gets_its_own_flag_naming_the_line() -> None:
    bill = a_bill()
    vague = replace(bill, goods=(replace(bill.goods[0], description="FAK"), bill.goods[1]))
    flags = flags_for(vague)
    assert [f.code for f in flags] == [FlagCode.VAGUE_DESCRIPTION]
    assert "goods line 1" in flags[0].detail


def test_a_wrong_container_check_digit_is_flagged_with_the_expected_digit() -> None:
    flags = flags_for(a_bill(containers=(Container("CSQU3054384", "45G1"),)))
    assert [f.code for f in flags] == [FlagCode.CONTAINER_CHECK_DIGIT]
    assert "expected 3" in flags[0].detail


def test_a_number_that_is_not_iso_6346_at_all_is_flagged() -> None:
    flags = flags_for(a_bill(containers=(Container("TEMP-001"),)))
    assert [f.code for f in flags] == [FlagCode.CONTAINER_CHECK_DIGIT]
    assert "not an ISO 6346" in flags[0].detail


def test_flags_are_listed_filing_first_then_goods_then_containers() -> None:
    bill = a_bill(
        filed_at=LOADING_TIME,
        containers=(Container("CSQU3054384"),),
    )
    bill = replace(bill, goods=(replace(bill.goods[0], description="general cargo"),))
    assert codes(bill) == [FlagCode.LATE_FILING, FlagCode.VAGUE_DESCRIPTION, FlagCode.CONTAINER_CHECK_DIGIT]


def test_descriptions_can_be_left_unchecked_for_sources_without_descriptions() -> None:
    bill = a_bill()
    blank = replace(bill, goods=(replace(bill.goods[0], description=""),))
    assert flags_for(blank, descriptions=False) == ()
