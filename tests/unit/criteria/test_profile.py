"""The security profile rules: what may be answered, the gap report, the certification gate, the annual
renewal and the explicit migration to a newer catalogue."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from greenlane.core.errors import InvalidTransition, ValidationFailed
from greenlane.core.types import EntityType
from greenlane.criteria.catalogue import load_catalogue
from greenlane.criteria.domain import AnswerStatus, ProfileAnswer, SecurityProfile
from tests.unit.criteria.builders import (
    BROKER,
    MUST,
    SEA,
    SHOULD,
    WHEN,
    answer_all,
    criterion,
    make_catalogue,
    make_profile,
)

MET, PARTIALLY, NOT_MET, NA = (AnswerStatus.MET, AnswerStatus.PARTIALLY, AnswerStatus.NOT_MET,
                               AnswerStatus.NOT_APPLICABLE)  # fmt: skip


def say(
    profile: SecurityProfile,
    criterion_id: str,
    status: AnswerStatus,
    note: str = "seen",
    at: datetime = WHEN,
    by: str = "officer",
) -> ProfileAnswer | None:
    return profile.answer(criterion_id, status, evidence_note=note, answered_by=by, answered_at=at)


# --- answers ------------------------------------------------------------------------------------------------


def test_a_criterion_unknown_to_the_catalogue_version_is_refused_naming_it_and_the_field() -> None:
    with pytest.raises(ValidationFailed, match=r"ZZ-01.*not in catalogue version 2026\.1") as raised:
        say(make_profile(), "ZZ-01", MET)
    assert (raised.value.record, raised.value.field) == ("ZZ-01", "criterion_id")


def test_a_criterion_that_does_not_apply_to_the_company_is_refused() -> None:
    profile = make_profile(entity_types=SEA)
    with pytest.raises(ValidationFailed, match=r"BB-02.*does not apply.*sea_carrier") as raised:
        say(profile, "BB-02", MET)
    assert raised.value.field == "criterion_id"
    assert profile.answers == {}


def test_a_must_can_be_not_applicable_only_with_a_justification() -> None:
    profile = make_profile()
    with pytest.raises(ValidationFailed, match="justification") as raised:
        say(profile, "AA-01", NA, note="   ")
    assert (raised.value.record, raised.value.field) == ("AA-01", "evidence_note")
    say(profile, "AA-01", NA, note="We never stuff containers: all loading is done by the carrier.")
    assert profile.answers["AA-01"].status is NA


def test_a_should_can_be_not_applicable_without_a_justification() -> None:
    profile = make_profile()
    say(profile, "AA-02", NA, note="")
    assert profile.answers["AA-02"].evidence_note == ""


@pytest.mark.parametrize(("by", "at", "field"), [
    ("  ", WHEN, "answered_by"),
    ("officer", datetime(2026, 3, 2, 9, 30), "answered_at"),
])  # fmt: skip
def test_an_answer_needs_an_author_and_a_time_with_a_zone(by: str, at: datetime, field: str) -> None:
    with pytest.raises(ValidationFailed) as raised:
        say(make_profile(), "AA-01", MET, by=by, at=at)
    assert raised.value.field == field


def test_reanswering_replaces_the_answer_and_keeps_the_previous_one_in_history() -> None:
    profile = make_profile()
    assert say(profile, "AA-01", NOT_MET, note="no policy yet") is None
    first = profile.answers["AA-01"]
    replaced = say(profile, "AA-01", MET, note="policy signed", at=WHEN + timedelta(days=3))
    assert replaced == first
    assert profile.answers["AA-01"].status is MET
    assert profile.history == [first]
    assert [a.status for a in profile.trail("AA-01")] == [NOT_MET, MET]


def test_an_answer_cannot_predate_the_answer_it_replaces() -> None:
    profile = make_profile()
    say(profile, "AA-01", MET)
    with pytest.raises(ValidationFailed, match="predate") as raised:
        say(profile, "AA-01", NOT_MET, at=WHEN - timedelta(seconds=1))
    assert raised.value.field == "answered_at"
    assert profile.history == []


def test_a_restored_profile_holding_an_answer_that_breaks_the_rules_is_refused() -> None:
    bad = ProfileAnswer("BB-02", MET, "", "officer", WHEN)
    with pytest.raises(ValidationFailed, match="BB-02"):
        SecurityProfile(1, make_catalogue(), frozenset(SEA), answers={"BB-02": bad})


def test_a_profile_needs_at_least_one_entity_type() -> None:
    with pytest.raises(ValidationFailed) as raised:
        make_profile(entity_types=[])
    assert raised.value.field == "entity_types"


# --- gap report and certification -----------------------------------------------------------------------


def test_the_gap_report_groups_unanswered_unmet_musts_and_unmet_shoulds_by_category() -> None:
    profile = make_profile(entity_types=SEA)  # AA-01 must, AA-02 should, BB-01 must, BB-03 should
    say(profile, "AA-01", PARTIALLY)
    say(profile, "AA-02", NOT_MET)
    say(profile, "BB-01", MET)
    report = profile.gap_report()
    assert report.catalogue_version == "2026.1"
    alpha, bravo = report.categories
    assert (alpha.category.id, alpha.applicable, alpha.answered) == ("AA", 2, 2)
    assert [gap.criterion.id for gap in alpha.musts_not_met] == ["AA-01"]
    assert alpha.musts_not_met[0].status is PARTIALLY
    assert [gap.criterion.id for gap in alpha.shoulds_not_met] == ["AA-02"]
    assert alpha.unanswered == ()
    assert (bravo.category.id, bravo.applicable, bravo.answered) == ("BB", 2, 1)
    assert [c.id for c in bravo.unanswered] == ["BB-03"]
    assert (bravo.musts_not_met, bravo.shoulds_not_met, bravo.gap_count) == ((), (), 1)
    assert (report.applicable, report.answered, report.completion_percent) == (4, 3, 75.0)
    assert (report.unanswered_count, report.musts_not_met_count, report.shoulds_not_met_count) == (1, 1, 1)


def test_the_gap_report_leaves_out_categories_with_nothing_applicable() -> None:
    catalogue = make_catalogue(criterion("AA-01", MUST, BROKER), criterion("BB-01", MUST, SEA))
    report = make_profile(catalogue, entity_types=SEA).gap_report()
    assert [section.category.id for section in report.categories] == ["BB"]
    assert report.completion_percent == 0.0


def test_one_unmet_must_blocks_certification() -> None:
    profile = answer_all(make_profile())
    say(profile, "BB-01", NOT_MET, at=WHEN + timedelta(hours=1))
    blockers = profile.certification_blockers()
    assert [gap.criterion.id for gap in blockers] == ["BB-01"]
    assert blockers[0].reason == "BB-01 (must) is answered not_met"
    assert not profile.is_ready_for_certification()


@pytest.mark.parametrize("status", [PARTIALLY, None])
def test_a_partially_met_or_unanswered_must_also_blocks(status: AnswerStatus | None) -> None:
    profile = make_profile()
    say(profile, "AA-01", MET)
    if status is not None:
        say(profile, "BB-01", status)
    assert [gap.criterion.id for gap in profile.certification_blockers()] == ["BB-01"]


def test_certification_is_allowed_when_every_must_is_met_even_with_shoulds_unmet() -> None:
    profile = make_profile()
    say(profile, "AA-01", MET)
    say(profile, "BB-01", NA, note="Our vessels never call at ports of entry.")
    say(profile, "AA-02", NOT_MET)
    assert profile.certification_blockers() == []
    assert profile.is_ready_for_certification()
    assert profile.gap_report().shoulds_not_met_count == 1


@settings(max_examples=60, deadline=None)
@given(
    types=st.sets(st.sampled_from(list(EntityType)), min_size=1, max_size=3),
    statuses=st.lists(st.sampled_from([MET, PARTIALLY, NOT_MET, NA, None]), min_size=110, max_size=110),
)
def test_on_the_published_catalogue_a_profile_is_ready_exactly_when_every_must_is_met_or_justified(
    types: set[EntityType], statuses: list[AnswerStatus | None]
) -> None:
    profile = make_profile(load_catalogue("2026.1"), entity_types=types)
    for item, status in zip(profile.applicable_criteria(), statuses, strict=False):
        if status is not None:
            say(profile, item.id, status, note="documented")
    musts = [c for c in profile.applicable_criteria() if c.is_must]
    all_met = all(c.id in profile.answers and profile.answers[c.id].status in (MET, NA) for c in musts)
    assert profile.is_ready_for_certification() is all_met
    report = profile.gap_report()
    assert report.answered == len(profile.answers)
    assert report.musts_not_met_count + sum(1 for c in musts if c.id not in profile.answers) == len(
        profile.certification_blockers()
    )


# --- submission and renewal -----------------------------------------------------------------------------


def test_only_a_complete_profile_can_be_submitted_and_only_once() -> None:
    profile = make_profile()
    say(profile, "AA-01", MET)
    with pytest.raises(ValidationFailed, match="3 applicable criteria are unanswered: AA-02, BB-01, BB-03"):
        profile.submit(at=WHEN)
    answer_all(profile, at=WHEN + timedelta(hours=1))
    profile.submit(at=WHEN + timedelta(days=1))
    with pytest.raises(InvalidTransition, match="renew"):
        profile.submit(at=WHEN + timedelta(days=2))


def test_renewal_falls_due_one_year_after_submission_and_again_a_year_after_renewal() -> None:
    profile = answer_all(make_profile())
    assert profile.renewal_due_date is None
    assert not profile.renewal_due(date(2040, 1, 1))
    profile.submit(at=datetime(2026, 3, 10, 15, 0, tzinfo=UTC))
    assert profile.renewal_due_date == date(2027, 3, 10)
    assert not profile.renewal_due(date(2027, 3, 9))
    assert profile.renewal_due(date(2027, 3, 10))
    profile.renew(at=datetime(2027, 2, 20, tzinfo=UTC))
    assert profile.renewal_due_date == date(2028, 2, 20)
    assert not profile.renewal_due(date(2027, 3, 10))


def test_a_profile_submitted_on_29_february_is_due_on_28_february() -> None:
    profile = answer_all(make_profile(), at=datetime(2028, 2, 1, tzinfo=UTC))
    profile.submit(at=datetime(2028, 2, 29, tzinfo=UTC))
    assert profile.renewal_due_date == date(2029, 2, 28)


def test_renewal_needs_a_prior_submission_and_cannot_go_back_in_time() -> None:
    profile = answer_all(make_profile())
    with pytest.raises(InvalidTransition, match="submit it first"):
        profile.renew(at=WHEN)
    profile.submit(at=WHEN)
    with pytest.raises(ValidationFailed) as raised:
        profile.renew(at=WHEN - timedelta(days=1))
    assert raised.value.field == "renewed_at"


# --- entity types and catalogue versions ----------------------------------------------------------------


def test_enrolling_as_another_type_lists_the_new_criteria_and_retires_answers_that_no_longer_apply() -> None:
    profile = answer_all(make_profile(entity_types=SEA))
    new = profile.change_entity_types(BROKER)
    assert [c.id for c in new] == ["BB-02"]
    assert set(profile.answers) == {"AA-01", "AA-02"}
    assert {a.criterion_id for a in profile.history} == {"BB-01", "BB-03"}


def test_migrating_carries_over_answers_whose_ids_remain_and_lists_the_new_criteria() -> None:
    old = answer_all(make_profile(entity_types=SEA))
    newer = make_catalogue(
        criterion("AA-01"),
        criterion("AA-02", SHOULD),
        criterion("AA-03", MUST),  # new
        criterion("BB-01", MUST, SEA),
        # BB-03 withdrawn
        version="2027.1",
        effective_date=date(2027, 1, 1),
    )
    migration = old.migrate_to(newer)
    assert migration.profile.catalogue_version == "2027.1"
    assert old.catalogue_version == "2026.1"
    assert migration.carried_over == ("AA-01", "AA-02", "BB-01")
    assert [c.id for c in migration.to_answer] == ["AA-03"]
    assert [a.criterion_id for a in migration.dropped] == ["BB-03"]
    assert migration.profile.answers["AA-01"] == old.answers["AA-01"]
    assert [a.criterion_id for a in migration.profile.history] == ["BB-03"]
    assert [gap.criterion.id for gap in migration.profile.certification_blockers()] == ["AA-03"]


def test_a_should_turned_must_is_not_carried_over_when_its_not_applicable_lacks_a_justification() -> None:
    old = make_profile(entity_types=SEA)
    say(old, "AA-02", NA, note="")
    newer = make_catalogue(criterion("AA-01"), criterion("AA-02", MUST), version="2027.1",
                           effective_date=date(2027, 1, 1))  # fmt: skip
    migration = old.migrate_to(newer)
    assert "AA-02" in [c.id for c in migration.to_answer]
    assert migration.carried_over == ()


@pytest.mark.parametrize(
    ("version", "effective"), [("2026.1", date(2027, 1, 1)), ("2025.1", date(2025, 6, 1))]
)
def test_migrating_to_the_same_or_an_older_catalogue_is_refused(version: str, effective: date) -> None:
    with pytest.raises(InvalidTransition, match="not newer"):
        make_profile().migrate_to(make_catalogue(version=version, effective_date=effective))
