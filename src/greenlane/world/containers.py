"""ISO 6346 container numbers and seal numbers for the synthetic manifests.

A container number is a three-letter owner code, the equipment category U, a six-digit serial and a check
digit computed from the other ten characters (letters valued 10 to 38 skipping multiples of 11, each
character weighted by 2 to the power of its position, sum modulo 11, with 10 written as 0). Manifests with
a wrong check digit exist in real data (keying errors, and sometimes a sign of a made-up number), so the
generator can deliberately corrupt a small share of them; the ingest side flags those.
"""

from __future__ import annotations

import string

__all__ = ["container_number", "corrupt_check_digit", "is_valid_container_number", "iso6346_check_digit"]

# Letter values skip 11, 22 and 33 because those are multiples of the modulus.
_LETTER_VALUES: dict[str, int] = {}
_value = 10
for _letter in string.ascii_uppercase:
    if _value % 11 == 0:
        _value += 1
    _LETTER_VALUES[_letter] = _value
    _value += 1


def iso6346_check_digit(first_ten: str) -> int:
    """Check digit of owner code + category + serial (ten characters)."""
    if len(first_ten) != 10:
        raise ValueError(f"expected 10 characters before the check digit, got {first_ten!r}")
    total = 0
    for position, char in enumerate(first_ten.upper()):
        value = int(char) if char.isdigit() else _LETTER_VALUES[char]
        total += value << position
    return total % 11 % 10


def container_number(owner: str, serial: int) -> str:
    """A valid number for an owner prefix (three letters) and a serial below one million."""
    body = f"{owner.upper()}U{serial:06d}"
    return f"{body}{iso6346_check_digit(body)}"


def corrupt_check_digit(number: str, shift: int) -> str:
    """The same number with a wrong check digit (shift in 1..9), as a keying error would produce."""
    digit = (int(number[-1]) + (shift % 9 or 1)) % 10
    return f"{number[:-1]}{digit}"


def is_valid_container_number(number: str) -> bool:
    """Four letters ending in U/J/Z, six digits and a matching check digit."""
    if len(number) != 11 or not number[:4].isalpha() or not number[4:].isdigit() or number[3] not in "UJZ":
        return False
    return iso6346_check_digit(number[:10]) == int(number[10])
