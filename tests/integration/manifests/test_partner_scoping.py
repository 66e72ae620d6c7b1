"""Partner scoping of advance cargo data, on SQLite and PostgreSQL: a partner user's upload is its partner's
filing; it sees its own filings and those naming it as importer of record, nothing else exists for it (not
found, not forbidden), and it cannot overwrite a bill another party filed: that record is quarantined with
the reason while the filer's version stays current."""

from __future__ import annotations

from pathlib import Path

import pytest

from greenlane.bootstrap import Container
from greenlane.core.errors import NotFound
from greenlane.db import Database
from greenlane.identity.domain import SYSTEM
from greenlane.manifests import service
from tests.builders import MutableClock
from tests.integration.manifests.support import (
    ACME_IOR,
    BRAVO_IOR,
    Cast,
    batches,
    bill_row,
    build_cast,
    corrected,
    first_description,
    make_bill,
    quarantine_rows,
    run,
    store_state,
    write,
)

pytestmark = pytest.mark.db


@pytest.fixture
def cast(container: Container, clock: MutableClock) -> Cast:
    return build_cast(container.db, clock)


def visible(db: Database, cast: Cast, username: str) -> list[str]:
    with db.transaction() as session:
        rows, total = service.list_arrivals(session, actor=cast.actor(username))
        assert total == len(rows)
        return sorted(r.bill_number for r in rows)


def test_a_partner_users_upload_is_its_partners_filing(db: Database, cast: Cast, tmp_path: Path) -> None:
    run(
        db,
        write(tmp_path, [make_bill("MAEU0000001", carrier="MAEU")], "csv"),
        "csv",
        actor=cast.actor("alice"),
    )

    with db.transaction() as session:
        row = bill_row(session, "MAEU0000001", carrier="MAEU")
        assert row.filer_partner_id == cast.acme
    (batch,) = batches(db)
    assert (batch.partner_id, batch.actor) == (cast.acme, "alice")


def test_an_operators_upload_is_matched_to_the_carrier_and_the_importer_of_record(
    db: Database, cast: Cast, tmp_path: Path
) -> None:
    shipments = [make_bill("OCLN0000001", importer_id=ACME_IOR), make_bill("MAEU0000002", carrier="MAEU")]
    run(db, write(tmp_path, shipments, "ndjson"), "ndjson")

    with db.transaction() as session:
        ours = bill_row(session, "OCLN0000001")
        assert (ours.filer_partner_id, ours.consignee_partner_id) == (cast.carrier, cast.acme)
        theirs = bill_row(session, "MAEU0000002", carrier="MAEU")
        assert (theirs.filer_partner_id, theirs.consignee_partner_id) == (None, None)


@pytest.mark.parametrize("fmt", ["csv", "ndjson"])
def test_an_importer_number_written_in_lower_case_still_names_the_partner(
    db: Database, cast: Cast, tmp_path: Path, fmt: str
) -> None:
    run(db, write(tmp_path, [make_bill("OCLN0000001", importer_id=ACME_IOR.lower())], fmt), fmt)

    with db.transaction() as session:
        assert bill_row(session, "OCLN0000001").consignee_partner_id == cast.acme


def test_a_partner_sees_its_own_filings_and_those_naming_it_as_importer_only(
    db: Database, cast: Cast, tmp_path: Path
) -> None:
    run(db, write(tmp_path, [make_bill("OCLN0000001", importer_id=ACME_IOR)], "csv", "carrier"), "csv")
    bob_files = [make_bill("MAEU0000002", carrier="MAEU", importer_id=BRAVO_IOR)]
    run(db, write(tmp_path, bob_files, "csv", "bob"), "csv", actor=cast.actor("bob"))
    run(db, write(tmp_path, [make_bill("MAEU0000003", carrier="MAEU")], "csv", "other"), "csv")

    assert visible(db, cast, "cara") == ["OCLN0000001"]
    assert visible(db, cast, "alice") == ["OCLN0000001"]
    assert visible(db, cast, "bob") == ["MAEU0000002"]
    assert visible(db, cast, "olivia") == ["MAEU0000002", "MAEU0000003", "OCLN0000001"]
    with db.transaction() as session:
        counts = service.manifest_counts(session, actor=cast.actor("bob"))
        assert counts["bills"] == 1
        batches_seen = service.recent_batches(session, actor=cast.actor("bob"))
        assert [b.actor for b in batches_seen] == ["bob"]


def test_another_partners_bill_and_quarantine_item_do_not_exist_for_a_partner(
    db: Database, cast: Cast, tmp_path: Path
) -> None:
    shipments = [make_bill("OCLN0000001"), make_bill("OCLN0000002", consignee="")]
    run(db, write(tmp_path, shipments, "csv"), "csv", actor=cast.actor("cara"))
    (item,) = quarantine_rows(db)
    with db.transaction() as session:
        bill_id = bill_row(session, "OCLN0000001").id

    with db.transaction() as session:
        for call in (
            lambda: service.get_manifest(session, actor=cast.actor("bob"), bill_id=bill_id),
            lambda: service.get_quarantine_item(session, actor=cast.actor("bob"), item_id=item.id),
        ):
            with pytest.raises(NotFound):
                call()
        listed, total = service.list_quarantine(session, actor=cast.actor("bob"))
        assert (listed, total) == ([], 0)
        row, _ = service.get_manifest(session, actor=cast.actor("cara"), bill_id=bill_id)
        assert row.bill_number == "OCLN0000001"
        assert service.get_quarantine_item(session, actor=cast.actor("cara"), item_id=item.id).id == item.id


def test_a_partner_cannot_overwrite_a_bill_another_party_filed(
    db: Database, cast: Cast, tmp_path: Path
) -> None:
    original = make_bill("OCLN0000001")
    run(db, write(tmp_path, [original], "csv", "carrier"), "csv", actor=cast.actor("cara"))
    before = store_state(db).bills

    counts = run(db, write(tmp_path, [corrected(original)], "csv", "bob"), "csv", actor=cast.actor("bob"))

    assert (counts.received, counts.accepted, counts.quarantined) == (1, 0, 1)
    (held,) = quarantine_rows(db)
    assert held.reason == "this bill was filed by another party; only its filer may correct it"
    assert (held.field, held.locator, held.partner_id) == ("bill_number", "line 2", cast.bravo)
    with db.transaction() as session:
        row = bill_row(session, "OCLN0000001")
        assert row.filer_partner_id == cast.carrier
        assert first_description(row.body) == "cordless power drills, 18 V"
    assert store_state(db).bills == before


def test_the_filer_and_staff_may_correct_a_partners_bill_and_the_filer_stays_its_owner(
    db: Database, cast: Cast, tmp_path: Path
) -> None:
    original = make_bill("MAEU0000001", carrier="MAEU")
    run(db, write(tmp_path, [original], "csv", "first"), "csv", actor=cast.actor("alice"))

    mine = run(db, write(tmp_path, [corrected(original)], "csv", "second"), "csv", actor=cast.actor("alice"))
    staff = run(
        db, write(tmp_path, [corrected(original, "drills, 24 V")], "csv", "third"), "csv", actor=SYSTEM
    )

    assert (mine.corrections, staff.corrections) == (1, 1)
    with db.transaction() as session:
        row = bill_row(session, "MAEU0000001", carrier="MAEU")
        assert (row.version, row.filer_partner_id) == (3, cast.acme)
    assert visible(db, cast, "alice") == ["MAEU0000001"]
