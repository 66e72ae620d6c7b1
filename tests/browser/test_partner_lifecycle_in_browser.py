"""The lifecycle a newcomer does by hand: a company signs up in the browser, answers its profile, asks for
review; a specialist certifies, suspends and reinstates it; anyone verifies it publicly. Each role sees only
what it should."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from greenlane.bootstrap import Container
from greenlane.criteria import service as criteria
from greenlane.identity.domain import SYSTEM, Role
from greenlane.identity.service import create_user
from tests.browser.support import log_in
from tests.builders import PASSWORD, make_partner

pytestmark = pytest.mark.browser


def _answer_remaining_musts(container: Container, partner_id: int) -> None:
    """Answering a hundred criteria by hand proves nothing more than answering one does."""
    with container.db.transaction() as session:
        profile = criteria.get_profile(session, actor=SYSTEM, partner_id=partner_id)
        for criterion in profile.applicable_criteria():
            if criterion.id not in profile.answers:
                criteria.answer_criterion(
                    session,
                    actor=SYSTEM,
                    partner_id=partner_id,
                    criterion_id=criterion.id,
                    status="met",
                    evidence_note="documented procedure",
                )


def test_partner_and_specialist_run_the_lifecycle_in_the_browser(
    browser: Browser, base_url: str, live_container: Container
) -> None:
    with live_container.db.transaction() as session:
        create_user(session, username="spec", password=PASSWORD, role=Role.SECURITY_SPECIALIST)
        other = make_partner(session, legal_name="Other Importer LLC")

    partner_page = browser.new_page()
    partner_page.goto(f"{base_url}/apply")
    partner_page.fill("#legal_name", "Browser Imports LLC")
    partner_page.check("input[value=importer]")
    partner_page.select_option("#identifier_kind", "importer_of_record")
    partner_page.fill("input[name=identifier_value]", "12-9998887AB")
    partner_page.fill("#contact_name", "Ada Officer")
    partner_page.fill("#contact_title", "CEO")
    partner_page.fill("#contact_email", "ada@browser.example")
    partner_page.fill("#username", "browserco")
    partner_page.fill("#password", PASSWORD)
    partner_page.click("button[type=submit]")
    expect(partner_page.get_by_role("status")).to_contain_text("Application received")

    log_in(partner_page, base_url, "browserco")
    expect(partner_page.get_by_test_id("status")).to_have_text("applicant")
    expect(partner_page.get_by_test_id("who")).to_contain_text("partner user")
    partner_id = int(re.search(r"/partners/(\d+)", partner_page.url).group(1))  # type: ignore[union-attr]

    # One answer through the HTMX form; the row updates in place.
    partner_page.goto(f"{base_url}/partners/{partner_id}/profile")
    first_row = partner_page.locator("tr[data-testid^=criterion-]").first
    first_row.locator("select[name=status]").select_option("met")
    first_row.locator("input[name=evidence_note]").fill("site security plan v3")
    first_row.locator("button").click()
    expect(partner_page.locator("tr[data-testid^=criterion-]").first).to_contain_text("site security plan v3")
    _answer_remaining_musts(live_container, partner_id)

    partner_page.goto(f"{base_url}/partners/{partner_id}")
    partner_page.select_option("select[name=to]", "under_review")
    partner_page.fill("input[name=reason]", "profile complete")
    partner_page.click("form[action$=transition] button")
    expect(partner_page.get_by_test_id("status")).to_have_text("under review")
    # A partner user cannot reach another company's record: it does not exist for them.
    partner_page.goto(f"{base_url}/partners/{other.id}")
    expect(partner_page.get_by_test_id("error")).to_contain_text("not found")

    specialist = browser.new_page()
    log_in(specialist, base_url, "spec")
    specialist.goto(f"{base_url}/partners")
    expect(specialist.get_by_test_id("partners")).to_contain_text("Other Importer LLC")
    expect(specialist.get_by_test_id("partners")).to_contain_text("Browser Imports LLC")
    specialist.goto(f"{base_url}/partners/{partner_id}")
    for target, reason, shown in (
        ("certified", "profile reviewed", "certified"),
        ("suspended", "seal breach at exam", "suspended"),
        ("reinstated", "corrective action accepted", "certified"),
    ):
        specialist.select_option("select[name=to]", target)
        specialist.fill("input[name=reason]", reason)
        specialist.click("form[action$=transition] button")
        expect(specialist.get_by_test_id("status")).to_have_text(shown)
    expect(specialist.get_by_test_id("history")).to_contain_text("corrective action accepted")
    verification_id = specialist.get_by_test_id("verification-id").inner_text().strip()

    public = browser.new_page()
    public.goto(f"{base_url}/verify?id={verification_id}")
    expect(public.get_by_test_id("verify-result")).to_contain_text("Browser Imports LLC")
    expect(public.get_by_test_id("verify-result")).to_contain_text("tier 1")
