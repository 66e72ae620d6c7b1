"""The manifests API: files are uploaded in every format and one bill can be submitted as JSON, with counts
that add up; arrivals are listed by day and port; a filing is read with its versions; the quarantine is
listed, corrected and dismissed, with a closed item refused a second resolution (409); bad input is 422
naming the field with nothing stored; an analyst reads but may not file (403); a partner reaches only its own
filings and gets 404 for the rest."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from greenlane.bootstrap import Container
from greenlane.cargo import bill_to_json, write_manifests
from tests.builders import MutableClock
from tests.integration.manifests.support import (
    ARRIVAL,
    BRAVO_IOR,
    Cast,
    bills,
    build_cast,
    edit,
    headers,
    kcs_row,
    make_bill,
    row_counts,
    write,
    write_kcs,
)

pytestmark = pytest.mark.db
Auth = Callable[[str], dict[str, str]]


@pytest.fixture
def cast(container: Container, clock: MutableClock) -> Cast:
    return build_cast(container.db, clock)


@pytest.fixture
def auth(container: Container, cast: Cast) -> Auth:
    return lambda username: headers(container, cast, username)


def upload(client: TestClient, who: dict[str, str], path: Path, fmt: str) -> Any:
    with open(path, "rb") as stream:
        return client.post(
            "/api/v1/manifests/files",
            params={"format": fmt},
            files={"file": (path.name, stream.read(), "text/plain")},
            headers=who,
        )


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


@pytest.mark.parametrize("fmt", ["csv", "ndjson", "cuscar"])
def test_an_officer_uploads_a_file_and_gets_counts_that_add_up(
    client: TestClient, auth: Auth, tmp_path: Path, fmt: str
) -> None:
    path = write(tmp_path, [*bills(3), make_bill("OCLN0000004", consignee="")], fmt)

    body = ok(upload(client, auth("olivia"), path, fmt), 201)

    assert (body["received"], body["accepted"], body["quarantined"], body["duplicates"]) == (4, 3, 1, 0)
    assert body["format"] == fmt and body["source"] == f"upload:{path.name}"
    again = ok(upload(client, auth("olivia"), path, fmt), 201)
    assert (again["received"], again["duplicates"]) == (4, 4)
    listed = ok(client.get("/api/v1/ingest-batches", headers=auth("olivia")))
    assert [(b["id"], b["status"], b["received"]) for b in listed] == [
        (again["batch_id"], "complete", 4),
        (body["batch_id"], "complete", 4),
    ]


def test_customs_declarations_are_uploaded_as_kcs(client: TestClient, auth: Auth, tmp_path: Path) -> None:
    path = write_kcs(tmp_path, [kcs_row("DEC0001"), kcs_row("DEC0002", HS6_Code="85171")])

    body = ok(upload(client, auth("olivia"), path, "kcs"), 201)

    assert (body["received"], body["accepted"], body["quarantined"]) == (2, 1, 1)


@pytest.mark.parametrize("charset", ["UNOC", "UNOW"])
def test_an_interchange_is_uploaded_in_the_character_set_it_declares(
    client: TestClient, auth: Auth, tmp_path: Path, charset: str
) -> None:
    path = tmp_path / f"{charset}.cuscar"
    write_manifests([make_bill(shipper="Société Générale Ningbo")], path, "cuscar", charset=charset)

    body = ok(upload(client, auth("olivia"), path, "cuscar"), 201)

    assert body["accepted"] == 1
    (arrival,) = ok(client.get("/api/v1/arrivals", headers=auth("olivia")))["items"]
    assert arrival["shipper"] == "Société Générale Ningbo"


def test_an_unknown_format_is_refused_naming_the_field_and_nothing_is_stored(
    client: TestClient, container: Container, auth: Auth, tmp_path: Path
) -> None:
    response = upload(client, auth("olivia"), write(tmp_path, bills(1), "csv"), "xml")

    assert response.status_code == 422
    assert response.json()["field"] == "format" and "'xml'" in response.json()["detail"]
    assert set(row_counts(container.db).values()) == {0}


def test_a_file_that_is_not_utf8_is_refused_and_leaves_no_batch_running(
    client: TestClient, container: Container, auth: Auth
) -> None:
    text = "carrier,bill_number\nOCLN,Ünïcode\n".encode("latin-1")

    response = client.post(
        "/api/v1/manifests/files",
        params={"format": "csv"},
        files={"file": ("latin1.csv", text, "text/csv")},
        headers=auth("olivia"),
    )

    assert response.status_code == 422 and response.json()["field"] == "file"
    assert "UTF-8" in response.json()["detail"]
    batches = ok(client.get("/api/v1/ingest-batches", headers=auth("olivia")))
    assert [b["status"] for b in batches] in ([], ["failed"])
    assert row_counts(container.db)["manifest_bills"] == 0


def test_a_truncated_interchange_upload_is_refused_and_stores_nothing(
    client: TestClient, container: Container, auth: Auth, tmp_path: Path
) -> None:
    path = write(tmp_path, bills(4), "cuscar")
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("CNI+3")], encoding="utf-8")

    response = upload(client, auth("olivia"), path, "cuscar")

    assert response.status_code == 422 and response.json()["field"] == "interchange"
    assert set(row_counts(container.db).values()) == {0}


def test_one_bill_is_submitted_as_json_and_a_bad_one_is_quarantined(client: TestClient, auth: Auth) -> None:
    good = bill_to_json(make_bill("OCLN0000001"))
    bad = bill_to_json(make_bill("OCLN0000002", discharge=""))

    stored = ok(client.post("/api/v1/manifests", json=good, headers=auth("olivia")), 201)
    held = ok(client.post("/api/v1/manifests", json=bad, headers=auth("olivia")), 201)
    not_an_object = client.post("/api/v1/manifests", json=[good], headers=auth("olivia"))

    assert (stored["accepted"], held["quarantined"]) == (1, 1)
    assert not_an_object.status_code == 422
    (item,) = ok(client.get("/api/v1/quarantine", headers=auth("olivia")))["items"]
    assert (item["field"], item["locator"], item["format"]) == (
        "voyage.port_of_discharge",
        "line 1",
        "ndjson",
    )


def test_arrivals_are_listed_by_day_and_port(client: TestClient, auth: Auth) -> None:
    later = ARRIVAL + timedelta(days=1)
    for bill in (
        make_bill("OCLN0000001"),
        make_bill("OCLN0000002", discharge="USNYC"),
        make_bill("OCLN0000003", arrival=later),
    ):
        ok(client.post("/api/v1/manifests", json=bill_to_json(bill), headers=auth("olivia")), 201)

    def numbers(**params: str) -> list[str]:
        page = ok(client.get("/api/v1/arrivals", params=params, headers=auth("ana")))
        assert page["total"] == len(page["items"])
        return [item["bill_number"] for item in page["items"]]

    day = ARRIVAL.date().isoformat()
    assert numbers(day=day, port="USLAX") == ["OCLN0000001"]
    assert numbers(day=day, port="uslax") == ["OCLN0000001"]
    assert numbers(day=day) == ["OCLN0000001", "OCLN0000002"]
    assert numbers(port="USLAX") == ["OCLN0000001", "OCLN0000003"]
    assert numbers(day="2030-01-01") == []
    refused = client.get("/api/v1/arrivals", params={"day": "03/02/2026"}, headers=auth("ana"))
    assert refused.status_code == 422 and refused.json()["problems"][0]["field"] == "query.day"


def test_a_filing_is_read_with_its_versions(client: TestClient, auth: Auth) -> None:
    first = bill_to_json(make_bill("OCLN0000001"))
    second = json.loads(json.dumps(first))
    second["goods"][0]["description"] = "cordless power drills, 20 V"
    for document in (first, second):
        ok(client.post("/api/v1/manifests", json=document, headers=auth("olivia")), 201)
    (arrival,) = ok(client.get("/api/v1/arrivals", headers=auth("ana")))["items"]

    filing = ok(client.get(f"/api/v1/manifests/{arrival['id']}", headers=auth("ana")))

    assert (
        filing["version"] == 2 and filing["body"]["goods"][0]["description"] == "cordless power drills, 20 V"
    )
    assert [v["version"] for v in filing["versions"]] == [1, 2]
    assert filing["versions"][0]["body"]["goods"][0]["description"] == "cordless power drills, 18 V"
    assert client.get("/api/v1/manifests/999999", headers=auth("ana")).status_code == 404


def quarantined(client: TestClient, auth: Auth, tmp_path: Path, count: int = 2) -> list[dict[str, Any]]:
    shipments = [make_bill(f"OCLN000000{n}", consignee="") for n in range(1, count + 1)]
    ok(upload(client, auth("olivia"), write(tmp_path, shipments, "ndjson"), "ndjson"), 201)
    items: list[dict[str, Any]] = ok(client.get("/api/v1/quarantine", headers=auth("ana")))["items"]
    return items


def test_the_quarantine_is_corrected_and_dismissed_once_each(
    client: TestClient, auth: Auth, tmp_path: Path
) -> None:
    first, second = quarantined(client, auth, tmp_path)
    fixed = json.dumps(bill_to_json(make_bill("OCLN0000001")))
    officer = auth("olivia")

    still_bad = client.post(
        f"/api/v1/quarantine/{first['id']}/resubmit", json={"text": first["raw"]}, headers=officer
    )
    assert still_bad.status_code == 422 and still_bad.json()["field"] == "parties[consignee]"
    done = ok(
        client.post(f"/api/v1/quarantine/{first['id']}/resubmit", json={"text": fixed}, headers=officer)
    )
    dismissed = ok(
        client.post(f"/api/v1/quarantine/{second['id']}/dismiss", json={"reason": "test"}, headers=officer)
    )

    assert done["accepted"] == 1 and dismissed["status"] == "dismissed" and dismissed["resolution"] == "test"
    for item_id in (first["id"], second["id"]):
        again = client.post(f"/api/v1/quarantine/{item_id}/dismiss", json={"reason": "x"}, headers=officer)
        assert again.status_code == 409
        again = client.post(f"/api/v1/quarantine/{item_id}/resubmit", json={"text": fixed}, headers=officer)
        assert again.status_code == 409
    shown = ok(client.get(f"/api/v1/quarantine/{first['id']}", headers=auth("ana")))
    assert shown["status"] == "resubmitted" and shown["resolved_by"] == "olivia"
    assert ok(client.get("/api/v1/quarantine", headers=officer))["total"] == 0
    assert (
        ok(client.get("/api/v1/quarantine", params={"status": "resubmitted"}, headers=officer))["total"] == 1
    )


def test_quarantine_actions_refuse_bad_input_with_422(client: TestClient, auth: Auth, tmp_path: Path) -> None:
    (item,) = quarantined(client, auth, tmp_path, count=1)
    url = f"/api/v1/quarantine/{item['id']}"
    officer = auth("olivia")

    for response, field in (
        (client.post(f"{url}/dismiss", json={"reason": ""}, headers=officer), "reason"),
        (client.post(f"{url}/dismiss", json={"reason": "   "}, headers=officer), "reason"),
        (client.post(f"{url}/resubmit", json={"text": ""}, headers=officer), "text"),
        (client.post(f"{url}/resubmit", json={"text": "x", "format": "xml"}, headers=officer), "format"),
    ):
        assert response.status_code == 422, response.text
        body = response.json()
        assert body.get("field") == field or body["problems"][0]["field"] == field
    assert client.get("/api/v1/quarantine", params={"status": "closed"}, headers=officer).status_code == 422
    assert ok(client.get(url, headers=officer))["status"] == "open"


def test_an_analyst_reads_but_may_not_file_or_resolve(
    client: TestClient, container: Container, auth: Auth, tmp_path: Path
) -> None:
    (item,) = quarantined(client, auth, tmp_path, count=1)
    analyst = auth("ana")
    tables = row_counts(container.db)

    assert upload(client, analyst, write(tmp_path, bills(1), "csv"), "csv").status_code == 403
    assert (
        client.post("/api/v1/manifests", json=bill_to_json(make_bill()), headers=analyst).status_code == 403
    )
    for action, body in (("resubmit", {"text": "{}"}), ("dismiss", {"reason": "no"})):
        assert (
            client.post(f"/api/v1/quarantine/{item['id']}/{action}", json=body, headers=analyst).status_code
            == 403
        )
    for url in ("/api/v1/arrivals", "/api/v1/quarantine", "/api/v1/ingest-batches"):
        assert client.get(url, headers=analyst).status_code == 200
        assert client.get(url).status_code == 401
    assert row_counts(container.db) == tables


def test_a_partner_reaches_only_its_own_filings(
    client: TestClient, cast: Cast, auth: Auth, tmp_path: Path
) -> None:
    ok(
        upload(
            client,
            auth("cara"),
            write(tmp_path, [*bills(1), make_bill("OCLN0000002", consignee="")], "csv"),
            "csv",
        ),
        201,
    )
    mine = make_bill("MAEU0000009", carrier="MAEU", importer_id=BRAVO_IOR)
    body = ok(client.post("/api/v1/manifests", json=bill_to_json(mine), headers=auth("bob")), 201)
    assert body["accepted"] == 1
    everything = ok(client.get("/api/v1/arrivals", headers=auth("olivia")))["items"]
    theirs = next(a for a in everything if a["bill_number"] == "OCLN0000001")
    (their_item,) = ok(client.get("/api/v1/quarantine", headers=auth("olivia")))["items"]
    bob = auth("bob")

    assert [a["bill_number"] for a in ok(client.get("/api/v1/arrivals", headers=bob))["items"]] == [
        "MAEU0000009"
    ]
    assert client.get(f"/api/v1/manifests/{theirs['id']}", headers=bob).status_code == 404
    assert client.get(f"/api/v1/quarantine/{their_item['id']}", headers=bob).status_code == 404
    assert ok(client.get("/api/v1/quarantine", headers=bob))["total"] == 0
    for action, payload in (("resubmit", {"text": "{}"}), ("dismiss", {"reason": "mine now"})):
        response = client.post(f"/api/v1/quarantine/{their_item['id']}/{action}", json=payload, headers=bob)
        assert response.status_code == 404
    assert [b["actor"] for b in ok(client.get("/api/v1/ingest-batches", headers=bob))] == ["bob"]
    assert ok(client.get("/api/v1/quarantine", headers=auth("cara")))["total"] == 1


def test_a_spoiled_number_in_an_upload_is_quarantined_and_the_rest_goes_in(
    client: TestClient, auth: Auth, tmp_path: Path
) -> None:
    path = edit(write(tmp_path, bills(3), "csv"), "1200.5", "12OO.5")

    body = ok(upload(client, auth("olivia"), path, "csv"), 201)

    assert (body["accepted"], body["quarantined"]) == (2, 1)
    (item,) = ok(client.get("/api/v1/quarantine", headers=auth("olivia")))["items"]
    assert (item["locator"], item["field"]) == ("line 2", "gross_weight_kg")
