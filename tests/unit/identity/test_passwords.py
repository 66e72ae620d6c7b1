"""Passwords are stored as argon2id hashes: the right password verifies, anything else does not, and the
same password never gives the same hash twice."""

from __future__ import annotations

from greenlane.identity.passwords import hash_password, verify_password

PASSWORD = "correct-horse-battery"
HASH = hash_password(PASSWORD)  # hashing is deliberately slow: once for the module


def test_a_hash_is_argon2id_and_does_not_contain_the_password() -> None:
    assert HASH.startswith("$argon2id$")
    assert PASSWORD not in HASH


def test_the_right_password_verifies() -> None:
    assert verify_password(HASH, PASSWORD)


def test_a_wrong_password_does_not_verify() -> None:
    assert not verify_password(HASH, PASSWORD + "!")
    assert not verify_password(HASH, "")
    assert not verify_password(HASH, PASSWORD.upper())


def test_a_damaged_hash_refuses_every_password_instead_of_crashing() -> None:
    assert not verify_password("not-a-hash", PASSWORD)
    assert not verify_password(HASH[:-4], PASSWORD)


def test_the_same_password_is_salted_differently_each_time() -> None:
    again = hash_password(PASSWORD)
    assert again != HASH
    assert verify_password(again, PASSWORD)
