from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from greenlane.cargo.iso6346 import has_valid_check_digit
from greenlane.world.containers import (
    container_number,
    corrupt_check_digit,
    is_valid_container_number,
    iso6346_check_digit,
)

owners = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3)
serials = st.integers(min_value=0, max_value=999_999)


def test_check_digit_matches_the_published_iso6346_example() -> None:
    assert iso6346_check_digit("CSQU305438") == 3
    assert is_valid_container_number("CSQU3054383")


@given(owners, serials)
def test_generated_numbers_are_valid_and_agree_with_the_cargo_library(owner: str, serial: int) -> None:
    number = container_number(owner, serial)
    assert is_valid_container_number(number)
    assert has_valid_check_digit(number)


@given(owners, serials, st.integers(min_value=1, max_value=9))
def test_a_corrupted_check_digit_is_always_invalid(owner: str, serial: int, shift: int) -> None:
    assert not is_valid_container_number(corrupt_check_digit(container_number(owner, serial), shift))


def test_numbers_of_the_wrong_shape_are_invalid() -> None:
    assert not is_valid_container_number("CSQU305438")
    assert not is_valid_container_number("CSQX3054383")
    assert not is_valid_container_number("C5QU3054383")
