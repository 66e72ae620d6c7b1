"""Eligibility per entity type: each of the twelve types has its own identifier and, for most, a site
requirement. The test builders' complete details make each type eligible; taking away the type's identifier
or its required site makes it ineligible with a message that names the type."""

from __future__ import annotations

from dataclasses import replace

import pytest

from greenlane.core.errors import ValidationFailed
from greenlane.core.types import EntityType
from greenlane.partners.domain import Site, eligibility_problems, new_application, with_site
from tests.builders import IDENTIFIERS_FOR
from tests.unit.partners.builders import APPLIED, applicant

E = EntityType
# For each type with a site rule, sites that break only that rule (the company still has a site).
SITES_BREAKING_THE_RULE: dict[EntityType, list[Site]] = {
    E.IMPORTER: [Site("Branch", "DE")],
    E.EXPORTER: [Site("Branch", "DE")],
    E.US_MEXICO_HIGHWAY_CARRIER: [Site("Depot", "CA")],
    E.RAIL_CARRIER: [Site("Yard", "DE")],
    E.CUSTOMS_BROKER: [Site("Branch", "GB")],
    E.CONSOLIDATOR: [Site("Warehouse", "NL")],
    E.THIRD_PARTY_LOGISTICS: [Site("Warehouse", "MX")],
    E.PORT_AUTHORITY: [Site("Port", "SG")],
    E.MARINE_TERMINAL_OPERATOR: [Site("Terminal", "CN")],
    E.FOREIGN_MANUFACTURER: [Site("Sales office", "US")],
}
WITHOUT_SITE_RULE = [E.SEA_CARRIER, E.AIR_CARRIER]


def test_every_entity_type_is_covered_by_these_tests() -> None:
    assert set(SITES_BREAKING_THE_RULE) | set(WITHOUT_SITE_RULE) == set(EntityType)
    assert set(IDENTIFIERS_FOR) == set(EntityType)


@pytest.mark.parametrize("entity_type", list(EntityType))
def test_complete_details_make_each_entity_type_eligible(entity_type: EntityType) -> None:
    assert eligibility_problems(applicant([entity_type])) == []


@pytest.mark.parametrize("entity_type", list(EntityType))
def test_without_its_identifier_an_entity_type_is_ineligible_and_the_message_names_the_type(
    entity_type: EntityType,
) -> None:
    partner = applicant([entity_type])
    partner.identifiers = {}

    problems = eligibility_problems(partner)

    assert len(problems) == 1
    assert problems[0].startswith(f"{entity_type.label}: ")
    assert problems[0].endswith("number required")


@pytest.mark.parametrize("entity_type", list(SITES_BREAKING_THE_RULE))
def test_without_its_required_site_an_entity_type_is_ineligible_and_the_message_names_the_type(
    entity_type: EntityType,
) -> None:
    partner = replace(applicant([entity_type]), sites=tuple(SITES_BREAKING_THE_RULE[entity_type]))

    problems = eligibility_problems(partner)

    assert len(problems) == 1
    assert problems[0].startswith(f"{entity_type.label}: needs ")


@pytest.mark.parametrize("entity_type", WITHOUT_SITE_RULE)
def test_sea_and_air_carriers_may_have_their_only_site_abroad(entity_type: EntityType) -> None:
    partner = replace(applicant([entity_type]), sites=(Site("Head office", "GR"),))

    assert eligibility_problems(partner) == []


def test_a_company_enrolled_as_two_types_must_satisfy_both() -> None:
    partner = applicant([E.IMPORTER, E.FOREIGN_MANUFACTURER])
    partner.identifiers = dict(IDENTIFIERS_FOR[E.IMPORTER])

    assert eligibility_problems(partner) == ["Foreign manufacturer: manufacturer id number required"]


def test_a_consolidator_may_show_an_iata_code_instead_of_an_fmc_license() -> None:
    partner = applicant([E.CONSOLIDATOR])
    partner.identifiers = {"iata": "XQ"}

    assert eligibility_problems(partner) == []


def test_the_home_country_decides_where_an_importer_needs_its_office() -> None:
    partner = replace(applicant([E.IMPORTER]), sites=(Site("Head office", "CA"),))

    assert eligibility_problems(partner, home_country="CA") == []
    assert eligibility_problems(partner, home_country="US") == ["Importer: needs an office in US"]


def test_every_company_needs_a_site_and_an_officer_as_primary_contact() -> None:
    partner = replace(applicant([E.SEA_CARRIER]), sites=(), contacts=())

    assert eligibility_problems(partner) == ["add at least one site", "name a primary contact"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"legal_name": "  "}, "legal_name"),
        ({"legal_name": "x" * 201}, "legal_name"),
        ({"entity_types": []}, "entity_types"),
        ({"identifiers": {"passport": "X1"}}, "identifiers"),
    ],
)
def test_an_application_with_bad_fields_is_refused_naming_the_field(
    change: dict[str, object], field: str
) -> None:
    fields: dict[str, object] = {
        "legal_name": "Acme",
        "entity_types": [E.IMPORTER],
        "at": APPLIED,
        "actor": "a",
    }
    fields.update(change)

    with pytest.raises(ValidationFailed) as refused:
        new_application(**fields)  # type: ignore[arg-type]

    assert refused.value.field == field


def test_a_site_needs_a_two_letter_country_code() -> None:
    with pytest.raises(ValidationFailed, match="two-letter") as refused:
        with_site(applicant(), Site("Plant", "USA"))
    assert (refused.value.field, refused.value.record) == ("country", "Plant")
    assert with_site(applicant(), Site("Plant", "mx")).sites[-1].country == "MX"
