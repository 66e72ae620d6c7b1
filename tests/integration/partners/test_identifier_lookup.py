"""Finding the partner a filing names, on each database: the whole index (what ingest reads once per file)
and the single lookup (what scoring one filing asks) agree, match numbers whatever their case and spacing,
and find nobody for a number no partner holds."""

from __future__ import annotations

import pytest

from greenlane.db import Database
from greenlane.partners import service as partners
from tests.builders import MutableClock, make_partner

pytestmark = pytest.mark.db


def test_the_single_lookup_agrees_with_the_index_whatever_the_case_and_spacing(
    db: Database, clock: MutableClock
) -> None:
    with db.transaction() as session:
        acme = make_partner(
            session, legal_name="Acme", identifiers={"importer_of_record": " 11-111aa "}, clock=clock
        )
        bravo = make_partner(
            session, legal_name="Bravo", identifiers={"importer_of_record": "22-222BB"}, clock=clock
        )
        make_partner(session, legal_name="Carrier", identifiers={"scac": "11-111AA"}, clock=clock)

    with db.transaction() as session:
        index = partners.identifier_index(session, kinds=("importer_of_record",))
        found = partners.partner_with_identifier(session, kind="importer_of_record", values=["11-111AA"])
        second = partners.partner_with_identifier(
            session, kind="importer_of_record", values=["99-NOBODY", "22-222bb "]
        )
        nobody = partners.partner_with_identifier(
            session, kind="importer_of_record", values=["99-NOBODY", " "]
        )

    assert found == index[("importer_of_record", "11-111AA")] == acme.id
    assert second == index[("importer_of_record", "22-222BB")] == bravo.id
    assert nobody is None
