"""ISO 6346 check digits, checked against container numbers published with their check digits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenlane.cargo import Container, check_digit, has_valid_check_digit
from greenlane.cargo.iso6346 import is_well_formed

# Published, correctly numbered containers: the standard's worked example, then examples used by other
# ISO 6346 implementations' own tests.
KNOWN_VALID = ["CSQU3054383", "ZEPU0037255", "MCCU3083637", "MCCU3082728", "DDDU5010600", "TIHU5119122"]


@pytest.mark.parametrize("number", KNOWN_VALID)
def test_known_container_numbers_have_valid_check_digits(number: str) -> None:
    assert has_valid_check_digit(number)
    assert check_digit(number[:10]) == int(number[10])


def test_the_standard_example_computes_check_digit_3() -> None:
    assert check_digit("CSQU305438") == 3


def test_a_remainder_of_ten_counts_as_zero() -> None:
    # DDDU501060 sums to 10 modulo 11, which the standard writes as check digit 0.
    assert check_digit("DDDU501060") == 0


@pytest.mark.parametrize(
    "number", ["CSQU3054384", "CSQU305438", "CSQU30543833", "csqu3054383", "CSQX3054383", "1234567890A"]
)
def test_wrong_digit_or_shape_is_not_valid(number: str) -> None:
    assert not has_valid_check_digit(number)


def test_category_letters_u_j_z_r_are_well_formed() -> None:
    assert all(is_well_formed(f"ABC{c}1234560") for c in "UJZR")


def test_a_character_outside_the_alphabet_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot appear"):
        check_digit("CSQU30543!")


def test_container_knows_whether_its_number_is_valid() -> None:
    assert Container("CSQU3054383").has_valid_check_digit()
    assert not Container("CSQU3054381").has_valid_check_digit()


@given(st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3), st.integers(0, 999_999))
def test_exactly_one_check_digit_fits_each_number(owner: str, serial: int) -> None:
    ten = f"{owner}U{serial:06d}"
    assert [d for d in range(10) if has_valid_check_digit(f"{ten}{d}")] == [check_digit(ten)]
