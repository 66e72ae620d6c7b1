"""The manifest record's natural key and content fingerprint: the store tells a duplicate (same key, same
fingerprint) from a correction (same key, new fingerprint) with nothing else."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

from hypothesis import given, settings

from greenlane.cargo import BillOfLading, ManifestRecord, PartyRole
from tests.unit.cargo.builders import a_bill, a_voyage, bills


def test_natural_key_is_carrier_and_bill_number() -> None:
    assert ManifestRecord.of(a_bill()).natural_key == ("MAEU", "MAEU241234567")


def test_the_same_bill_sent_again_is_a_duplicate() -> None:
    first, again = ManifestRecord.of(a_bill()), ManifestRecord.of(a_bill())
    assert again.is_duplicate_of(first)
    assert not again.is_correction_of(first)


def test_a_changed_goods_line_is_a_correction_of_the_same_filing() -> None:
    bill = a_bill()
    corrected = replace(bill, goods=(replace(bill.goods[0], gross_weight_kg=6200.0), bill.goods[1]))
    first, second = ManifestRecord.of(bill), ManifestRecord.of(corrected)
    assert second.natural_key == first.natural_key
    assert second.is_correction_of(first)
    assert not second.is_duplicate_of(first)


def test_a_different_bill_number_is_neither_duplicate_nor_correction() -> None:
    first, other = ManifestRecord.of(a_bill()), ManifestRecord.of(a_bill(bill_number="MAEU249999999"))
    assert not other.is_duplicate_of(first)
    assert not other.is_correction_of(first)


def test_resending_later_with_a_new_filing_time_is_still_a_duplicate() -> None:
    bill = a_bill()
    resent = replace(bill, filed_at=bill.filed_at + timedelta(hours=3))  # type: ignore[operator]
    assert ManifestRecord.of(resent).is_duplicate_of(ManifestRecord.of(bill))


def test_listing_order_of_parties_goods_and_seals_does_not_change_the_fingerprint() -> None:
    bill = a_bill()
    container = replace(bill.containers[0], seals=("B2", "A1"))
    one = replace(bill, containers=(container,))
    other = replace(
        bill,
        parties=tuple(reversed(bill.parties)),
        goods=tuple(reversed(bill.goods)),
        containers=(replace(container, seals=("A1", "B2")),),
    )
    assert ManifestRecord.of(one).fingerprint == ManifestRecord.of(other).fingerprint


def test_the_same_amount_written_differently_has_the_same_fingerprint() -> None:
    bill = a_bill()
    twelve_fifty = replace(bill, goods=(replace(bill.goods[0], value=Decimal("12.50")),))
    twelve_five = replace(bill, goods=(replace(bill.goods[0], value=Decimal("12.5")),))
    assert ManifestRecord.of(twelve_fifty).fingerprint == ManifestRecord.of(twelve_five).fingerprint


def test_moving_a_value_between_fields_changes_the_fingerprint() -> None:
    bill = a_bill()
    shipper = bill.party(PartyRole.SHIPPER)
    assert shipper is not None
    moved = replace(shipper, name=shipper.name + " 8 Harbour Road,", address=" Ningbo")
    others = tuple(p for p in bill.parties if p is not shipper)
    changed = replace(bill, parties=(moved, *others))
    assert ManifestRecord.of(changed).fingerprint != ManifestRecord.of(bill).fingerprint


def test_a_new_port_of_discharge_is_a_correction() -> None:
    bill = a_bill()
    rerouted = replace(bill, voyage=a_voyage(port_of_discharge="USOAK"))
    assert ManifestRecord.of(rerouted).is_correction_of(ManifestRecord.of(bill))


@settings(deadline=None, max_examples=40)
@given(bills(), bills())
def test_fingerprints_differ_whenever_the_content_differs(one: BillOfLading, other: BillOfLading) -> None:
    first, second = ManifestRecord.of(one), ManifestRecord.of(other)
    same_content = _canonical(first) == _canonical(second)
    assert (first.fingerprint == second.fingerprint) == same_content


def _canonical(record: ManifestRecord) -> object:
    bill = record.bill
    return (
        replace(bill, filed_at=None, parties=(), containers=(), goods=()),
        sorted(map(repr, bill.parties)),
        sorted(repr(replace(c, seals=tuple(sorted(c.seals)))) for c in bill.containers),
        sorted(repr(replace(g, value=None if g.value is None else g.value.normalize())) for g in bill.goods),
    )
