"""ISO 6346 container numbers: owner code, category letter, six-digit serial and a check digit. A wrong
check digit is the cheapest sign of a mistyped or invented container number, so the manifest flags it."""

from __future__ import annotations

import re
from operator import mul

__all__ = ["check_digit", "has_valid_check_digit", "is_well_formed"]

_SHAPE = re.compile(r"[A-Z]{3}[UJZR][0-9]{7}")

# Letter values skip multiples of 11 (11, 22, 33) because those would collide with the modulus.
_LETTER_VALUES: dict[str, int] = {}
_value = 10
for _letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
    if _value % 11 == 0:
        _value += 1
    _LETTER_VALUES[_letter] = _value
    _value += 1
_CHAR_VALUES = {**_LETTER_VALUES, **{str(d): d for d in range(10)}}
_WEIGHTS = tuple(2**position for position in range(10))


def is_well_formed(number: str) -> bool:
    """Three owner letters, a category (U, J, Z or R), six serial digits and one check digit."""
    return _SHAPE.fullmatch(number) is not None


def check_digit(first_ten: str) -> int:
    """Weights 2**position, sum modulo 11, and a remainder of 10 counts as 0 (the standard's rule)."""
    if len(first_ten) != 10:
        raise ValueError(f"need the 10 characters before the check digit, got {first_ten!r}")
    try:
        # map/sum keep the loop in C: this runs for every container of every received bill.
        total: int = sum(map(mul, map(_CHAR_VALUES.__getitem__, first_ten), _WEIGHTS))
    except KeyError as missing:
        raise ValueError(f"{missing.args[0]!r} cannot appear in a container number") from None
    return total % 11 % 10


def has_valid_check_digit(number: str) -> bool:
    """True only for a well-formed number whose last digit matches the computed check digit."""
    if not is_well_formed(number):
        return False
    return check_digit(number[:10]) == int(number[10])
