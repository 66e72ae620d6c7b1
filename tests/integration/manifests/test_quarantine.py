"""Working the quarantine, on SQLite and PostgreSQL: items are listed and inspected with the record as
received; a corrected record is stored and closes its item; a record still wrong is refused with the reason
and changes nothing; an item is dismissed only with a reason; a closed item cannot be resolved again; and
only filers in scope may act on an item."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from greenlane.bootstrap import Container
from greenlane.cargo import bill_to_json
from greenlane.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from greenlane.db import Database
from greenlane.identity.domain import SYSTEM, Actor
from greenlane.manifests import service
from greenlane.manifests.domain import QuarantineStatus
from greenlane.manifests.tables import QuarantineRow
from tests.builders import MutableClock
from tests.integration.manifests.support import (
    Cast,
    bill_row,
    build_cast,
    corrected,
    make_bill,
    quarantine_rows,
    row_counts,
    run,
    store_state,
    write,
)

pytestmark = pytest.mark.db


@pytest.fixture
def cast(container: Container, clock: MutableClock) -> Cast:
    return build_cast(container.db, clock)


def held_back(db: Database, folder: Path, fmt: str = "csv", *, actor: Actor = SYSTEM) -> QuarantineRow:
    """One good bill and one without a consignee; returns the quarantine item of the bad one."""
    shipments = [make_bill("OCLN0000001"), make_bill("OCLN0000002", consignee="")]
    run(db, write(folder, shipments, fmt), fmt, actor=actor)
    (item,) = quarantine_rows(db)
    return item


def resubmit(
    db: Database, item_id: int, text: str, *, actor: Actor = SYSTEM, clock: MutableClock | None = None
) -> service.Resubmission:
    return service.resubmit_quarantined(
        db, actor=actor, item_id=item_id, text=text, clock=clock or MutableClock()
    )


def item(db: Database, item_id: int) -> QuarantineRow:
    with db.transaction() as session:
        return service.get_quarantine_item(session, actor=SYSTEM, item_id=item_id)


def test_open_items_are_listed_and_shown_with_the_record_as_received(db: Database, tmp_path: Path) -> None:
    held = held_back(db, tmp_path)

    with db.transaction() as session:
        listed, total = service.list_quarantine(session, actor=SYSTEM)
        shown = service.get_quarantine_item(session, actor=SYSTEM, item_id=held.id)
    assert total == 1 and [i.id for i in listed] == [held.id]
    assert (shown.format, shown.locator, shown.field, shown.reason) == (
        "csv",
        "line 3",
        "consignee_name",
        "consignee is missing",
    )
    assert shown.raw.startswith("carrier,bill_number,") and "OCLN0000002" in shown.raw
    assert shown.status == QuarantineStatus.OPEN.value and shown.batch_id is not None


def test_a_corrected_record_is_stored_and_closes_its_item(
    db: Database, tmp_path: Path, clock: MutableClock
) -> None:
    held = held_back(db, tmp_path)
    fixed = _with_consignee(held.raw)
    clock.advance(hours=1)

    done = resubmit(db, held.id, fixed, clock=clock)

    assert (done.result.counts.received, done.result.counts.accepted) == (1, 1)
    closed = item(db, held.id)
    assert closed.status == QuarantineStatus.RESUBMITTED.value
    assert (closed.resolved_by, closed.resolved_at) == ("system", clock())
    assert closed.resolution == f"corrected and resubmitted in batch {done.result.batch_id}"
    with db.transaction() as session:
        assert bill_row(session, "OCLN0000002").consignee == "Acme Imports LLC"
        assert service.list_quarantine(session, actor=SYSTEM)[1] == 0


def _with_consignee(raw: str) -> str:
    """The quarantined CSV bill with the consignee filled in, as the filer would correct it."""
    header, row = list(csv.reader(io.StringIO(raw)))[:2]
    row[header.index("consignee_name")] = "Acme Imports LLC"
    out = io.StringIO()
    csv.writer(out).writerows([header, row])
    return out.getvalue()


def test_a_cuscar_item_is_corrected_as_one_ndjson_line(db: Database, tmp_path: Path) -> None:
    held = held_back(db, tmp_path, "cuscar")
    assert held.locator.startswith("message ") and held.field == "NAD+CN"

    text = json.dumps(bill_to_json(make_bill("OCLN0000002")))
    done = resubmit(db, held.id, text)

    assert done.result.format == "ndjson" and done.result.counts.accepted == 1
    assert item(db, held.id).status == QuarantineStatus.RESUBMITTED.value


def test_a_record_still_wrong_is_refused_with_the_reason_and_changes_nothing(
    db: Database, tmp_path: Path
) -> None:
    held = held_back(db, tmp_path)
    before, tables = store_state(db), row_counts(db)

    with pytest.raises(ValidationFailed) as refused:
        resubmit(db, held.id, held.raw)

    assert refused.value.field == "consignee_name" and "still not acceptable: consignee is missing" in str(
        refused.value
    )
    assert store_state(db) == before and row_counts(db) == tables
    assert item(db, held.id).status == QuarantineStatus.OPEN.value


def test_a_correction_holding_no_record_is_refused(db: Database, tmp_path: Path) -> None:
    held = held_back(db, tmp_path)
    header = held.raw.splitlines()[0] + "\n"

    with pytest.raises(ValidationFailed, match="holds no record"):
        resubmit(db, held.id, header)

    assert item(db, held.id).status == QuarantineStatus.OPEN.value


def test_an_item_is_dismissed_only_with_a_reason(db: Database, tmp_path: Path, clock: MutableClock) -> None:
    held = held_back(db, tmp_path)
    with db.transaction() as session, pytest.raises(ValidationFailed, match="reason is required"):
        service.dismiss_quarantined(session, actor=SYSTEM, item_id=held.id, reason="  ", clock=clock)
    assert item(db, held.id).status == QuarantineStatus.OPEN.value

    with db.transaction() as session:
        service.dismiss_quarantined(
            session, actor=SYSTEM, item_id=held.id, reason=" test message ", clock=clock
        )

    dismissed = item(db, held.id)
    assert (dismissed.status, dismissed.resolution, dismissed.resolved_by) == (
        "dismissed",
        "test message",
        "system",
    )
    with db.transaction() as session:
        assert service.list_quarantine(session, actor=SYSTEM, status=QuarantineStatus.DISMISSED)[1] == 1
        assert service.list_quarantine(session, actor=SYSTEM)[1] == 0


def test_a_closed_item_cannot_be_resolved_again(db: Database, tmp_path: Path, clock: MutableClock) -> None:
    held = held_back(db, tmp_path)
    resubmit(db, held.id, _with_consignee(held.raw))
    tables = row_counts(db)

    with pytest.raises(Conflict, match="already resubmitted"):
        resubmit(db, held.id, _with_consignee(held.raw))
    with db.transaction() as session, pytest.raises(Conflict, match="already resubmitted"):
        service.dismiss_quarantined(session, actor=SYSTEM, item_id=held.id, reason="late", clock=clock)

    assert row_counts(db) == tables


def test_only_a_filer_in_scope_may_act_on_an_item(db: Database, cast: Cast, tmp_path: Path) -> None:
    held = held_back(db, tmp_path, actor=cast.actor("cara"))
    fixed = _with_consignee(held.raw)

    with pytest.raises(NotFound):
        resubmit(db, held.id, fixed, actor=cast.actor("bob"))
    with pytest.raises(PermissionDenied):
        resubmit(db, held.id, fixed, actor=cast.actor("ana"))
    assert item(db, held.id).status == QuarantineStatus.OPEN.value

    assert resubmit(db, held.id, fixed, actor=cast.actor("cara")).result.counts.accepted == 1


def test_a_resubmission_the_store_holds_back_again_leaves_the_item_open(
    db: Database, cast: Cast, tmp_path: Path
) -> None:
    original = make_bill("OCLN0000001")
    run(db, write(tmp_path, [original], "csv", "carrier"), "csv", actor=cast.actor("cara"))
    run(db, write(tmp_path, [corrected(original)], "csv", "bob"), "csv", actor=cast.actor("bob"))
    (held,) = quarantine_rows(db)
    assert held.format == "ndjson" and json.loads(held.raw)["bill_number"] == "OCLN0000001"
    before = store_state(db)

    with pytest.raises(ValidationFailed, match="filed by another party"):
        resubmit(db, held.id, held.raw, actor=cast.actor("bob"))

    assert item(db, held.id).status == QuarantineStatus.OPEN.value
    assert store_state(db) == before
