"""U+0000 in any text a request carries (path, query, JSON body or form) is refused as bad input naming the
field, on each database, before anything is written: PostgreSQL text cannot hold it and no field has a use
for it. The same text written out as the six characters backslash-u-0-0-0-0 is ordinary text."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from greenlane.db import Database
from greenlane.partners.tables import PartnerRow
from tests.api.test_partners_api import SIGN_UP
from tests.api.test_web_pages import APPLY_FORM
from tests.integration.partners.support import cheap_password_hashing

pytestmark = [pytest.mark.db, pytest.mark.usefixtures(cheap_password_hashing.__name__)]


def partners(db: Database) -> int:
    with db.transaction() as session:
        return session.scalar(select(func.count()).select_from(PartnerRow)) or 0


def refused(response: Any, field: str) -> None:
    assert response.status_code == 422, response.text
    assert "NUL" in response.text and field in response.text


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"legal_name": "Harbor\x00Goods"}, "legal_name"),
        ({"contacts": [{**SIGN_UP["contacts"][0], "name": "Ada\x00"}]}, "contacts[0].name"),
        ({"identifiers": {"importer_of_record\x00": "12-3456789AB"}}, "identifiers.importer_of_record"),
    ],
)
def test_a_json_body_with_a_nul_character_is_refused_naming_the_field(
    client: TestClient, db: Database, change: dict[str, Any], field: str
) -> None:
    response = client.post("/api/v1/applications", json={**SIGN_UP, **change})

    refused(response, field)
    assert response.json()["field"].startswith(field)
    assert partners(db) == 0


def test_a_path_or_query_with_a_nul_character_is_refused_naming_it(client: TestClient) -> None:
    refused(client.get("/api/v1/public/status/GL-1%00"), "path")
    refused(client.get("/verify", params={"id": "GL-\x00"}), "id")


def test_a_form_with_a_nul_character_is_refused_with_a_page_and_writes_nothing(
    client: TestClient, db: Database
) -> None:
    response = client.post("/apply", data={**APPLY_FORM, "legal_name": "Harbor\x00Goods"})

    refused(response, "legal_name")
    assert "<html" in response.text.lower() and partners(db) == 0


def test_the_text_backslash_u0000_is_ordinary_text(client: TestClient, db: Database) -> None:
    response = client.post("/api/v1/applications", json={**SIGN_UP, "legal_name": "Harbor \\u0000 Goods"})

    assert response.status_code == 201, response.text
    assert partners(db) == 1
