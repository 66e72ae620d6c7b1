"""Every operation of the published OpenAPI schema, fed inputs Schemathesis generates from the schema itself
(valid ones and deliberately broken ones), on each database: whatever arrives, the API answers with a
refusal or a result, never a server error. It runs as an administrator, who may call everything, over a
small program (a partner, filings and a trained model) so that ids in the paths can find something."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from greenlane.app import create_app
from greenlane.bootstrap import Container
from greenlane.identity.domain import Role
from greenlane.identity.service import create_user
from greenlane.identity.tokens import issue_token
from tests.builders import PASSWORD, MutableClock, make_partner
from tests.integration.manifests.support import ACME_IOR
from tests.integration.targeting.support import day_bills, ingest_bills, install_model, reference_model

pytestmark = pytest.mark.db
EXAMPLES = 20


@pytest.fixture
def api_schema(container: Container, clock: MutableClock, tmp_path: Path) -> Any:
    with container.db.transaction() as session:
        make_partner(session, legal_name="Acme Imports LLC", identifiers={"importer_of_record": ACME_IOR})
        install_model(session, reference_model(), clock)
    ingest_bills(container.db, tmp_path, day_bills(5, importer_id=ACME_IOR, consignee="Acme Imports LLC"))
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(container))


@pytest.fixture
def admin_headers(container: Container, clock: MutableClock) -> dict[str, str]:
    with container.db.transaction() as session:
        user = create_user(session, username="fuzz-admin", password=PASSWORD, role=Role.ADMIN, clock=clock)
    assert user.id is not None
    token = issue_token(
        user_id=user.id, secret=container.settings.resolved_secret_key(), now=clock(), minutes=60
    )
    return {"Authorization": f"Bearer {token}"}


def test_no_input_makes_the_api_fail(api_schema: Any, admin_headers: dict[str, str]) -> None:
    failures: list[str] = []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def no_server_error(case: Any) -> None:
            response = case.call(headers=admin_headers)
            assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text[:300]}"

        try:
            no_server_error()
        except Exception as failure:  # a server error, or an exception the app let escape
            failures.append(f"{operation.label}: {type(failure).__name__}: {str(failure).splitlines()[0]}")

    assert len(operations) > 40
    assert not failures, "\n".join(failures)
