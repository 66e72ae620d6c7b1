"""Keyword-override builders for tests: each makes a valid object with sensible defaults so a test states only
what matters to it, e.g. make_partner(session, entity_types=[EntityType.SEA_CARRIER])."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from greenlane.core.types import EntityType
from greenlane.identity.domain import SYSTEM, Actor, Role
from greenlane.identity.service import create_user
from greenlane.partners import service as partners
from greenlane.partners.domain import Contact, Partner, Site

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
PASSWORD = "correct-horse-battery"


@dataclass
class MutableClock:
    """A clock that tests move forward explicitly."""

    now: datetime = field(default=START)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


IDENTIFIERS_FOR = {
    EntityType.IMPORTER: {"importer_of_record": "12-3456789AB"},
    EntityType.EXPORTER: {"employer_id": "98-7654321"},
    EntityType.US_MEXICO_HIGHWAY_CARRIER: {"scac": "HWYC"},
    EntityType.RAIL_CARRIER: {"scac": "RAIL"},
    EntityType.SEA_CARRIER: {"scac": "SEAC"},
    EntityType.AIR_CARRIER: {"iata": "GA"},
    EntityType.CUSTOMS_BROKER: {"broker_license": "B-20931"},
    EntityType.CONSOLIDATOR: {"fmc_license": "FMC-0231"},
    EntityType.THIRD_PARTY_LOGISTICS: {"employer_id": "45-1112223"},
    EntityType.PORT_AUTHORITY: {"port_code": "USLAX"},
    EntityType.MARINE_TERMINAL_OPERATOR: {"firms_code": "Y123"},
    EntityType.FOREIGN_MANUFACTURER: {"manufacturer_id": "CNACMFAC123SHE"},
}


def complete_details(entity_types: list[EntityType]) -> dict[str, Any]:
    """Identifiers, sites and an officer contact that make an application eligible for review."""
    identifiers: dict[str, str] = {}
    for entity_type in entity_types:
        identifiers.update(IDENTIFIERS_FOR[entity_type])
    sites = [Site(name="Head office", country="US", kind="office")]
    if EntityType.FOREIGN_MANUFACTURER in entity_types:
        sites.append(Site(name="Factory", country="CN", kind="factory"))
    contacts = [
        Contact(name="Ada Officer", email="ada@example.com", title="CFO", is_officer=True, is_primary=True)
    ]
    return {"identifiers": identifiers, "sites": sites, "contacts": contacts}


def make_partner(
    session: Session,
    *,
    legal_name: str = "Acme Imports LLC",
    entity_types: list[EntityType] | None = None,
    complete: bool = True,
    actor: Actor = SYSTEM,
    clock: MutableClock | None = None,
    **overrides: Any,
) -> Partner:
    types = entity_types or [EntityType.IMPORTER]
    details = complete_details(types) if complete else {}
    details.update(overrides)
    return partners.apply_partner(
        session,
        actor=actor,
        legal_name=legal_name,
        entity_types=types,
        clock=clock or MutableClock(),
        **details,
    )


def make_user(
    session: Session, *, username: str, role: Role, partner_id: int | None = None, password: str = PASSWORD
) -> Actor:
    return create_user(
        session, username=username, password=password, role=role, partner_id=partner_id
    ).as_actor()


def login(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    response = client.post("/api/v1/auth/token", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}
