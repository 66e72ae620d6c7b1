"""An officer's working day, done by hand in Chromium: upload the carriers' manifest file, correct the
record that went to quarantine, assign the day's lanes within a red capacity, move a shipment to red with a
reason code, record what an exam found, and score a filing that is not yet stored. A partner user of one
importer sees its own arrivals only and is kept out of the targeting pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from greenlane.bootstrap import Container
from greenlane.cargo import bill_to_json, write_manifests
from greenlane.identity.domain import Role
from greenlane.identity.service import create_user
from tests.browser.support import log_in
from tests.builders import PASSWORD, MutableClock, make_partner
from tests.integration.manifests.support import ACME_IOR, make_bill
from tests.integration.targeting.support import ARMS, DAY, day_bills, install_model, reference_model

pytestmark = pytest.mark.browser


def _manifest_file(folder: Path) -> Path:
    """Twenty-one filings at USLAX: fourteen of outside importers, five of Acme's, one of arms (held by a
    rule) and one without its consignee, which goes to quarantine."""
    bills = [
        *day_bills(14),
        *day_bills(5, start=30, importer_id=ACME_IOR, consignee="Acme Imports LLC"),
        *day_bills(1, start=60, hs_code=ARMS),
        make_bill("OCLN0000099", consignee="", lines=day_bills(1, start=99)[0].goods),
    ]
    path = folder / "carrier-manifest.ndjson"
    write_manifests(bills, path, "ndjson")
    return path


def test_an_officer_works_the_days_cargo_and_lanes_in_the_browser(
    browser: Browser, base_url: str, live_container: Container, tmp_path: Path
) -> None:
    with live_container.db.transaction() as session:
        create_user(session, username="olivia", password=PASSWORD, role=Role.TARGETING_OFFICER)
        acme = make_partner(
            session, legal_name="Acme Imports LLC", identifiers={"importer_of_record": ACME_IOR}
        )
        create_user(session, username="alice", password=PASSWORD, role=Role.PARTNER_USER, partner_id=acme.id)
        install_model(session, reference_model(), MutableClock())

    officer = browser.new_page()
    log_in(officer, base_url, "olivia")
    officer.goto(f"{base_url}/arrivals")
    officer.set_input_files("input[name=file]", str(_manifest_file(tmp_path)))
    officer.select_option("select[name=format]", "ndjson")
    officer.click("form[action='/arrivals/upload'] button")
    expect(officer.get_by_role("status")).to_contain_text("21 received, 20 accepted")
    expect(officer.get_by_test_id("arrivals")).to_contain_text("OCLN0000060")

    # The record without a consignee waits in quarantine, naming the field; corrected, it goes in.
    officer.goto(f"{base_url}/quarantine")
    item = officer.get_by_test_id("quarantine-item").first
    expect(item).to_contain_text("consignee")
    fixed = dict(bill_to_json(make_bill("OCLN0000099", lines=day_bills(1, start=99)[0].goods)))
    item.locator("textarea").fill(json.dumps(fixed))
    item.locator("form[action$=resubmit] button").click()
    expect(officer.get_by_role("status")).to_contain_text("accepted")

    # The day's lanes, assigned from the queue page with two physical exams.
    officer.goto(f"{base_url}/targeting?day={DAY.isoformat()}")
    run_form = officer.get_by_test_id("run-form")
    run_form.locator("input[name=red_capacity]").fill("2")
    run_form.locator("button").click()
    expect(officer.get_by_role("status")).to_contain_text("21 shipments targeted")
    queue = officer.get_by_test_id("queue")
    expect(queue.locator("tr", has_text="by rule")).to_have_count(1)

    # A released shipment moved to red with a reason code and a note.
    green = queue.locator("tr", has_text="released").first
    green.locator("summary", has_text="Override").click()
    green.locator("select[name=lane]").select_option("red")
    green.locator("select[name=reason]").select_option("intelligence")
    green.locator("input[name=note]").fill("tip from the port police")
    green.locator("form[action$=override] button").click()
    expect(officer.get_by_role("status")).to_contain_text("moved to red")

    # What the exam of the arms shipment found.
    held = officer.get_by_test_id("queue").locator("tr", has_text="by rule")
    held.locator("summary", has_text="Exam result").click()
    held.locator("select[name=outcome]").select_option("seizure")
    held.locator("select[name=category]").select_option("weapons")
    held.locator("input[name=note][aria-label='Exam note']").fill("rifles in the second pallet")
    held.locator("form[action$=exam] button").click()
    expect(officer.get_by_role("status")).to_contain_text("Exam result recorded")

    # A filing not yet stored, scored on the spot.
    officer.goto(f"{base_url}/targeting")
    officer.click("text=Score a filing not yet stored")
    pasted = dict(bill_to_json(day_bills(1, start=70, hs_code=ARMS)[0]))
    officer.fill("textarea[name=document]", json.dumps(pasted))
    officer.click("form[action='/targeting/score'] button")
    expect(officer.get_by_test_id("score-result")).to_contain_text("OCLN0000070")
    expect(officer.get_by_test_id("score-result")).to_contain_text("flagged")

    partner = browser.new_page()
    log_in(partner, base_url, "alice")
    partner.goto(f"{base_url}/arrivals")
    arrivals = partner.get_by_test_id("arrivals")
    expect(arrivals).to_contain_text("OCLN0000030")
    expect(arrivals).not_to_contain_text("OCLN0000001")
    response = partner.goto(f"{base_url}/targeting")
    assert response is not None and response.status == 403
