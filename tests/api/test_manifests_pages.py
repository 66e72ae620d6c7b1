"""The cargo pages: arrivals with flags and an upload form for officers (not for analysts), the form ingests a
file and says what came in, a filing shows every version, the quarantine is corrected and dismissed from its
page with the outcome shown either way, bad filters are refused without a server error, and a partner sees
only its own filings."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from greenlane.bootstrap import Container
from greenlane.cargo import BillOfLading
from greenlane.identity.domain import SYSTEM, Actor
from greenlane.manifests.ingest import ingest
from tests.builders import MutableClock
from tests.integration.manifests.support import (
    DEPARTURE,
    Cast,
    bill_row,
    box,
    build_cast,
    cookies,
    corrected,
    goods,
    make_bill,
    quarantine_rows,
    row_counts,
    write,
)

pytestmark = pytest.mark.db


@pytest.fixture
def cast(container: Container, clock: MutableClock) -> Cast:
    return build_cast(container.db, clock)


@pytest.fixture
def as_user(client: TestClient, container: Container, cast: Cast) -> Iterator[TestClient]:
    """The client logged in as the officer; tests switch with `login(...)`."""
    client.cookies.update(cookies(container, cast, "olivia"))
    yield client
    client.cookies.clear()


def login(client: TestClient, container: Container, cast: Cast, username: str) -> None:
    client.cookies.clear()
    client.cookies.update(cookies(container, cast, username))


def page(client: TestClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.text
    return unescape(response.text)


def post(client: TestClient, url: str, **kwargs: object) -> str:
    """Posts a form, checks the redirect, and returns the page it leads to."""
    response = client.post(url, follow_redirects=False, **kwargs)  # type: ignore[arg-type]
    assert response.status_code == 303, response.text
    return page(client, response.headers["location"])


def store(container: Container, folder: Path, *shipments: BillOfLading, actor: Actor = SYSTEM) -> None:
    path = write(folder, shipments, "ndjson", f"m{len(list(folder.iterdir()))}")
    ingest(container.db, actor=actor, source=path, format="ndjson")


def test_the_arrivals_page_shows_filings_with_their_flags_and_an_upload_form_for_officers(
    as_user: TestClient, container: Container, cast: Cast, tmp_path: Path
) -> None:
    late = make_bill("OCLN0000001", filed_at=DEPARTURE - timedelta(hours=3), lines=[goods("FAK")])
    store(container, tmp_path, late, make_bill("OCLN0000002", consignee=""))

    html = page(as_user, "/arrivals")

    assert "OCLN0000001" in html and "CNSHA → USLAX" in html
    assert "late filing" in html and "vague description" in html
    assert 'action="/arrivals/upload"' in html
    assert 'data-testid="arrivals"' in html and "records in quarantine" in html
    login(as_user, container, cast, "ana")
    assert 'action="/arrivals/upload"' not in page(as_user, "/arrivals")


def test_the_arrivals_page_filters_by_day_port_and_flags(
    as_user: TestClient, container: Container, tmp_path: Path
) -> None:
    store(
        container,
        tmp_path,
        make_bill("OCLN0000001"),
        make_bill("OCLN0000002", discharge="USNYC"),
        make_bill("OCLN0000003", containers=[box(3, valid=False)]),
    )
    day = (DEPARTURE + timedelta(days=14)).date().isoformat()

    by_port = page(as_user, f"/arrivals?day={day}&port=USNYC")
    flagged = page(as_user, "/arrivals?flagged=true")

    assert "OCLN0000002" in by_port and "OCLN0000001" not in by_port
    assert "OCLN0000003" in flagged and "OCLN0000001" not in flagged


def test_a_file_uploaded_through_the_form_is_ingested_and_summarised(
    as_user: TestClient, container: Container, tmp_path: Path
) -> None:
    path = write(tmp_path, [make_bill("OCLN0000001"), make_bill("OCLN0000002", shipper="")], "csv")

    html = post(
        as_user,
        "/arrivals/upload",
        files={"file": ("ships.csv", path.read_bytes(), "text/csv")},
        data={"format": "csv"},
    )

    assert "ships.csv: 2 received, 1 accepted (0 corrections), 0 duplicates, 1 quarantined." in html
    assert "OCLN0000001" in html and "upload:ships.csv" in html


def test_a_refused_upload_is_explained_on_the_page_and_stores_nothing(
    as_user: TestClient, container: Container, tmp_path: Path
) -> None:
    path = write(tmp_path, [make_bill("OCLN0000001")], "csv")

    html = post(
        as_user, "/arrivals/upload", files={"file": ("x.csv", path.read_bytes())}, data={"format": "xml"}
    )
    latin = post(
        as_user,
        "/arrivals/upload",
        files={"file": ("y.csv", "Ünï".encode("latin-1"))},
        data={"format": "csv"},
    )

    assert "unknown format 'xml'" in html and 'class="flash error"' in html
    assert "not UTF-8" in latin
    assert row_counts(container.db)["manifest_bills"] == 0


def test_a_filing_page_shows_its_parties_goods_flags_and_every_version(
    as_user: TestClient, container: Container, tmp_path: Path
) -> None:
    original = make_bill("OCLN0000001", containers=[box(1, valid=False)])
    store(container, tmp_path, original)
    store(container, tmp_path, corrected(original))
    with container.db.transaction() as session:
        bill_id = bill_row(session, "OCLN0000001").id

    html = page(as_user, f"/manifests/{bill_id}")

    assert "OCLN OCLN0000001" in html and "version 2" in html
    assert "Ningbo Tools Co" in html and "cordless power drills, 20 V" in html
    assert "container check digit" in html and "MSKU000001" in html
    versions = html[html.index('data-testid="versions"') :]
    assert versions.count("<tr><td>") == 2
    assert as_user.get("/manifests/999999").status_code == 404


def test_the_quarantine_page_corrects_and_dismisses_items_and_shows_why_a_correction_failed(
    as_user: TestClient, container: Container, tmp_path: Path
) -> None:
    store(container, tmp_path, make_bill("OCLN0000001", consignee=""), make_bill("OCLN0000002", loading=""))
    first, second = quarantine_rows(container.db)

    html = page(as_user, "/quarantine")
    assert "consignee is missing" in html and "port of loading is missing" in html
    assert f'action="/quarantine/{first.id}/resubmit"' in html

    refused = post(as_user, f"/quarantine/{first.id}/resubmit", data={"text": first.raw})
    assert f"Item {first.id}: " in refused and "still not acceptable: consignee is missing" in refused

    fixed = write(tmp_path, [make_bill("OCLN0000001")], "ndjson", "fixed").read_text(encoding="utf-8")
    done = post(as_user, f"/quarantine/{first.id}/resubmit", data={"text": fixed})
    assert f"Item {first.id} corrected: 1 record(s) accepted." in done

    dismissed = post(as_user, f"/quarantine/{second.id}/dismiss", data={"reason": "withdrawn by the carrier"})
    assert f"Item {second.id} dismissed." in dismissed and "Nothing here." in dismissed
    twice = post(as_user, f"/quarantine/{second.id}/dismiss", data={"reason": "again"})
    assert "already dismissed" in twice
    closed = page(as_user, "/quarantine?status=all")
    assert "withdrawn by the carrier" in closed and "resubmitted" in closed


def test_bad_filters_are_refused_without_a_server_error(as_user: TestClient) -> None:
    for url in ("/arrivals?day=yesterday", "/quarantine?status=closed"):
        response = as_user.get(url)
        assert response.status_code in (400, 422), (url, response.status_code)


def test_a_partner_sees_only_its_own_filings_and_quarantine(
    as_user: TestClient, container: Container, cast: Cast, tmp_path: Path
) -> None:
    store(
        container,
        tmp_path,
        make_bill("OCLN0000001"),
        make_bill("OCLN0000002", consignee=""),
        actor=cast.actor("cara"),
    )
    store(
        container, tmp_path, make_bill("MAEU0000003", carrier="MAEU", consignee=""), actor=cast.actor("bob")
    )
    with container.db.transaction() as session:
        theirs = bill_row(session, "OCLN0000001").id
    their_item = next(q for q in quarantine_rows(container.db) if q.partner_id == cast.carrier)

    login(as_user, container, cast, "bob")
    arrivals = page(as_user, "/arrivals")
    quarantine = page(as_user, "/quarantine")

    assert "OCLN0000001" not in arrivals and "No filing matches." in arrivals
    assert "MAEU0000003" in quarantine and "OCLN0000002" not in quarantine
    assert as_user.get(f"/manifests/{theirs}").status_code == 404
    response = as_user.post(
        f"/quarantine/{their_item.id}/dismiss", data={"reason": "mine"}, follow_redirects=False
    )
    assert response.status_code == 404
    assert next(q for q in quarantine_rows(container.db) if q.id == their_item.id).status == "open"
