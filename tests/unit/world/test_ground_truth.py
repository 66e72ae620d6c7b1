from __future__ import annotations

import dataclasses

import pytest

from greenlane.core.errors import ValidationFailed
from greenlane.world import DriftScheme, GroundTruth, Mechanism, Shipment, ViolationKind, WorldParams
from greenlane.world.products import misclassified_code
from tests.unit.world.conftest import Generated, generate


def pairs(generated: Generated) -> list[tuple[Shipment, GroundTruth]]:
    return [pair for batch in generated.batches for pair in zip(batch.shipments, batch.truths, strict=True)]


def with_mechanism(generated: Generated, mechanism: Mechanism) -> list[tuple[Shipment, GroundTruth]]:
    found = [(s, t) for s, t in pairs(generated) if mechanism in t.mechanisms]
    assert found, f"no {mechanism} in the generated month"
    return found


def test_every_bill_has_exactly_one_truth_record_with_the_same_document(month_2002: Generated) -> None:
    for batch in month_2002.batches:
        assert [s.transport_document for s in batch.shipments] == [t.transport_document for t in batch.truths]


def test_nothing_on_a_shipment_record_reveals_the_truth() -> None:
    names = {field.name for field in dataclasses.fields(Shipment)}
    assert not names & {"mechanisms", "violation", "contraband", "scheme", "true_value_usd"}


def test_every_mechanism_belongs_to_one_kind_of_violation() -> None:
    assert {m.kind for m in Mechanism} == set(ViolationKind)


def test_undervalued_bills_declare_well_below_the_true_value(month_2002: Generated) -> None:
    for shipment, truth in with_mechanism(month_2002, Mechanism.UNDERVALUATION):
        assert shipment.declared_value_usd < 0.7 * truth.true_value_usd


def test_misclassified_bills_declare_the_neighbouring_tariff_line(month_2002: Generated) -> None:
    for shipment, truth in with_mechanism(month_2002, Mechanism.TARIFF_MISCLASSIFICATION):
        assert misclassified_code(truth.true_hs6) in {item.hs6 for item in shipment.goods}


def test_laundered_bills_declare_the_hub_country_as_origin_and_load_at_the_hub(month_2002: Generated) -> None:
    for shipment, truth in with_mechanism(month_2002, Mechanism.ORIGIN_LAUNDERING):
        declared = shipment.goods[0].country_of_origin
        assert declared != truth.true_origin
        assert shipment.port_of_loading[:2] == declared
        assert shipment.security_filing.country_of_origin == declared


def test_an_unknown_stuffing_point_appears_only_on_the_security_filing(month_2002: Generated) -> None:
    world = month_2002.world
    for shipment, _ in with_mechanism(month_2002, Mechanism.UNKNOWN_STUFFING_POINT):
        site = shipment.security_filing.stuffing_site
        assert not site.known and site.site_id not in world.sites


def test_a_rip_on_in_transit_always_breaks_the_seal_and_needs_a_transshipment(month_2002: Generated) -> None:
    for shipment, truth in pairs(month_2002):
        if Mechanism.RIP_ON_IN_TRANSIT in truth.mechanisms:
            assert truth.security_breach and Mechanism.TAMPERED_SEAL in truth.mechanisms
            world_chain = next(c for c in month_2002.world.chains if c.chain_id == shipment.chain_id)
            assert world_chain.transshipment_port is not None


def test_violations_name_a_responsible_party_unless_they_happened_in_transit(month_2002: Generated) -> None:
    for _, truth in pairs(month_2002):
        if truth.violation and truth.mechanisms[0] is not Mechanism.RIP_ON_IN_TRANSIT:
            assert truth.responsible_party_id in month_2002.world.parties


def test_drift_begins_on_its_start_day_among_previously_clean_importers() -> None:
    scheme = DriftScheme("test-scheme", 6, Mechanism.UNDERVALUATION, importer_share=0.05, rate=0.5)
    generated = generate(WorldParams(seed=4, days=12, drift=(scheme,)))
    hits = [(s, t) for s, t in pairs(generated) if t.scheme == "test-scheme"]
    assert hits and min(t.day for _, t in hits) >= 6
    recruits = set(generated.world.drift_importers["test-scheme"])
    assert {s.consignee_id for s, _ in hits} <= recruits
    compliance = sorted(b.compliance for pid, b in generated.world.behaviour.items() if pid.startswith("IMP"))
    median = compliance[len(compliance) // 2]
    assert all(generated.world.behaviour[pid].compliance >= median for pid in recruits)


def test_without_drift_no_bill_belongs_to_a_scheme() -> None:
    generated = generate(WorldParams(seed=4, days=3, drift=()))
    assert not any(t.scheme for _, t in pairs(generated))


def test_a_scheme_cannot_start_before_the_first_day() -> None:
    with pytest.raises(ValidationFailed):
        DriftScheme("bad", -1, Mechanism.UNDERVALUATION)
