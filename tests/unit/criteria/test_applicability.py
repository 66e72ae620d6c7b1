"""Which criteria of the published catalogue apply to which entity types. A company is held to the union of
the criteria of every type it enrols as; each type must have its own realistic set."""

from __future__ import annotations

import pytest

from greenlane.core.types import EntityType
from greenlane.criteria.catalogue import load_catalogue
from greenlane.criteria.domain import Catalogue, Criterion

CARRIERS = [EntityType.US_MEXICO_HIGHWAY_CARRIER, EntityType.RAIL_CARRIER, EntityType.SEA_CARRIER,
            EntityType.AIR_CARRIER]  # fmt: skip
STUFFING_POINTS = [EntityType.FOREIGN_MANUFACTURER, EntityType.EXPORTER, EntityType.CONSOLIDATOR,
                   EntityType.THIRD_PARTY_LOGISTICS]  # fmt: skip


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue("2026.1")


def ids(criteria: list[Criterion], category: str | None = None, must_only: bool = False) -> set[str]:
    return {
        c.id
        for c in criteria
        if (category is None or c.category == category) and (c.is_must or not must_only)
    }


@pytest.mark.parametrize("entity_type", list(EntityType))
def test_every_entity_type_gets_a_set_with_several_musts_and_cybersecurity(
    catalogue: Catalogue, entity_type: EntityType
) -> None:
    applicable = catalogue.applicable_to([entity_type])
    assert len(ids(applicable, must_only=True)) >= 20
    assert len(ids(applicable, "CS", must_only=True)) >= 5
    assert len(applicable) < len(catalogue.criteria)


def test_no_two_entity_types_get_the_same_set(catalogue: Catalogue) -> None:
    sets = {entity_type: frozenset(ids(catalogue.applicable_to([entity_type]))) for entity_type in EntityType}
    assert len(set(sets.values())) == len(EntityType)


@pytest.mark.parametrize("entity_type", [*CARRIERS, *STUFFING_POINTS, EntityType.MARINE_TERMINAL_OPERATOR])
def test_those_who_handle_conveyances_get_conveyance_musts(
    catalogue: Catalogue, entity_type: EntityType
) -> None:
    assert {"CI-01", "CI-04", "CI-05"} <= ids(catalogue.applicable_to([entity_type]), "CI", must_only=True)


@pytest.mark.parametrize("entity_type", [EntityType.CUSTOMS_BROKER, EntityType.PORT_AUTHORITY])
def test_those_who_never_touch_a_conveyance_get_no_conveyance_or_seal_criteria(
    catalogue: Catalogue, entity_type: EntityType
) -> None:
    applicable = catalogue.applicable_to([entity_type])
    assert ids(applicable, "CI") == set()
    assert ids(applicable, "SS") == set()


def test_seals_are_affixed_at_stuffing_points_and_checked_by_carriers(catalogue: Catalogue) -> None:
    affixing = catalogue.criterion("SS-02")
    assert affixing.is_must
    assert affixing.entity_types == frozenset(STUFFING_POINTS)
    hand_over = catalogue.criterion("SS-05")
    assert set(CARRIERS) <= hand_over.entity_types
    assert EntityType.CUSTOMS_BROKER not in hand_over.entity_types


def test_highway_carriers_alone_get_tractor_inspection_and_in_transit_tracking(catalogue: Catalogue) -> None:
    for criterion_id in ("CI-03", "CI-06", "CI-07", "PE-05", "ET-05"):
        assert catalogue.criterion(criterion_id).entity_types == {EntityType.US_MEXICO_HIGHWAY_CARRIER}


@pytest.mark.parametrize(
    ("entity_type", "own_musts"),
    [
        (EntityType.IMPORTER, {"BP-09", "PS-05", "AG-03"}),
        (EntityType.EXPORTER, {"BP-11"}),
        (EntityType.RAIL_CARRIER, {"CI-09"}),
        (EntityType.SEA_CARRIER, {"CI-10", "AC-09"}),
        (EntityType.AIR_CARRIER, {"CI-11", "PE-07"}),
        (EntityType.CUSTOMS_BROKER, {"BP-07", "CS-09", "PS-06", "PH-10"}),
        (EntityType.CONSOLIDATOR, {"PS-08"}),
        (EntityType.THIRD_PARTY_LOGISTICS, {"BP-12"}),
        (EntityType.PORT_AUTHORITY, {"PS-12", "AC-08"}),
        (EntityType.MARINE_TERMINAL_OPERATOR, {"CI-12"}),
        (EntityType.FOREIGN_MANUFACTURER, {"PS-10"}),
    ],
)
def test_each_type_has_musts_of_its_own_trade(
    catalogue: Catalogue, entity_type: EntityType, own_musts: set[str]
) -> None:
    others = set(EntityType) - {entity_type}
    for criterion_id in own_musts:
        criterion = catalogue.criterion(criterion_id)
        assert criterion.is_must
        assert entity_type in criterion.entity_types
        assert not criterion.applies_to(others), criterion_id


def test_agricultural_criteria_reach_wood_packaging_handlers_but_not_brokers(catalogue: Catalogue) -> None:
    assert ids(catalogue.applicable_to([EntityType.CUSTOMS_BROKER]), "AG") == set()
    for entity_type in [*STUFFING_POINTS, EntityType.IMPORTER]:
        assert ids(catalogue.applicable_to([entity_type]), "AG", must_only=True), entity_type


def test_a_company_enrolled_as_several_types_gets_the_union_in_catalogue_order(catalogue: Catalogue) -> None:
    both = catalogue.applicable_to([EntityType.CUSTOMS_BROKER, EntityType.SEA_CARRIER])
    expected = ids(catalogue.applicable_to([EntityType.CUSTOMS_BROKER])) | ids(
        catalogue.applicable_to([EntityType.SEA_CARRIER])
    )
    assert ids(both) == expected
    assert len(both) == len(expected)
    positions = [catalogue.criteria.index(criterion) for criterion in both]
    assert positions == sorted(positions)


def test_criteria_are_ordered_by_category_as_the_catalogue_lists_them(catalogue: Catalogue) -> None:
    order = [category.id for category in catalogue.categories]
    seen = [order.index(criterion.category) for criterion in catalogue.criteria]
    assert seen == sorted(seen)


def test_no_entity_types_means_no_criteria(catalogue: Catalogue) -> None:
    assert catalogue.applicable_to([]) == []
