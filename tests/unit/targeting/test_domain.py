"""The officer's rules of selectivity: what an exam result teaches the model (a seizure of weapons,
narcotics or explosives is a critical fraud, any other finding an ordinary one, nothing found no fraud),
which results are complete (a seizure names what was seized, nothing else does), and what an override
must carry (a different lane, a note, and a capacity reason only ever lowering the lane)."""

from __future__ import annotations

import itertools

import pytest

from greenlane.core.errors import ValidationFailed
from greenlane.risk.lanes import Lane
from greenlane.targeting.domain import (
    CRITICAL_CATEGORIES,
    OVERRIDE_LABELS,
    ExamOutcome,
    Label,
    OverrideReason,
    SeizureCategory,
    check_exam,
    check_override,
    label_of,
)

NON_CRITICAL = [c for c in SeizureCategory if c not in CRITICAL_CATEGORIES]
LANE_PAIRS = list(itertools.permutations(Lane, 2))


def test_nothing_found_teaches_no_fraud() -> None:
    assert label_of(ExamOutcome.NOTHING_FOUND, None) == Label(fraud=0, critical_fraud=0)


def test_a_discrepancy_is_an_ordinary_fraud() -> None:
    assert label_of(ExamOutcome.DISCREPANCY, None) == Label(fraud=1, critical_fraud=1)


@pytest.mark.parametrize("category", sorted(CRITICAL_CATEGORIES))
def test_seizing_a_threat_to_safety_is_a_critical_fraud(category: SeizureCategory) -> None:
    assert label_of(ExamOutcome.SEIZURE, category) == Label(fraud=1, critical_fraud=2)


@pytest.mark.parametrize("category", NON_CRITICAL)
def test_seizing_other_goods_is_an_ordinary_fraud(category: SeizureCategory) -> None:
    assert label_of(ExamOutcome.SEIZURE, category) == Label(fraud=1, critical_fraud=1)


def test_weapons_narcotics_and_explosives_are_the_critical_categories() -> None:
    # The model's critical-fraud label (2) follows from this set, so a category added by mistake would
    # silently change what the ranking weighs most.
    assert {
        SeizureCategory.WEAPONS,
        SeizureCategory.NARCOTICS,
        SeizureCategory.EXPLOSIVES,
    } == CRITICAL_CATEGORIES


@pytest.mark.parametrize("category", list(SeizureCategory))
def test_a_seizure_with_its_category_is_a_complete_result(category: SeizureCategory) -> None:
    check_exam(ExamOutcome.SEIZURE, category, record="bill 1")


def test_a_seizure_without_a_category_is_refused_naming_the_category() -> None:
    with pytest.raises(ValidationFailed) as caught:
        check_exam(ExamOutcome.SEIZURE, None, record="bill 7")
    assert (caught.value.field, caught.value.record) == ("category", "bill 7")


@pytest.mark.parametrize(
    ("outcome", "category"),
    list(itertools.product([ExamOutcome.NOTHING_FOUND, ExamOutcome.DISCREPANCY], list(SeizureCategory))),
)
def test_only_a_seizure_may_name_a_category(outcome: ExamOutcome, category: SeizureCategory) -> None:
    with pytest.raises(ValidationFailed) as caught:
        check_exam(outcome, category, record="bill 3")
    assert caught.value.field == "category"


@pytest.mark.parametrize("outcome", [ExamOutcome.NOTHING_FOUND, ExamOutcome.DISCREPANCY])
def test_a_result_other_than_a_seizure_needs_no_category(outcome: ExamOutcome) -> None:
    check_exam(outcome, None, record="bill 3")


@pytest.mark.parametrize("lane", list(Lane))
def test_an_override_to_the_lane_the_shipment_is_already_in_is_refused(lane: Lane) -> None:
    with pytest.raises(ValidationFailed) as caught:
        check_override(lane, lane, OverrideReason.INTELLIGENCE, "tip from the port police", record="d 1")
    assert (caught.value.field, caught.value.record) == ("lane", "d 1")


@pytest.mark.parametrize("note", ["", "   ", "\n\t"])
def test_an_override_without_a_note_is_refused(note: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        check_override(Lane.GREEN, Lane.RED, OverrideReason.INTELLIGENCE, note, record="d 1")
    assert caught.value.field == "note"


@pytest.mark.parametrize(("current", "target"), LANE_PAIRS)
def test_capacity_may_lower_a_lane_but_never_raise_one(current: Lane, target: Lane) -> None:
    if target.severity < current.severity:
        check_override(current, target, OverrideReason.CAPACITY, "two exam teams off sick", record="d 2")
        return
    with pytest.raises(ValidationFailed) as caught:
        check_override(current, target, OverrideReason.CAPACITY, "two exam teams off sick", record="d 2")
    assert caught.value.field == "reason"


@pytest.mark.parametrize("reason", [r for r in OverrideReason if r is not OverrideReason.CAPACITY])
@pytest.mark.parametrize(("current", "target"), LANE_PAIRS)
def test_every_other_reason_may_move_a_lane_either_way(
    reason: OverrideReason, current: Lane, target: Lane
) -> None:
    check_override(current, target, reason, "see the file", record="d 3")


def test_every_reason_code_has_words_an_officer_can_pick_from() -> None:
    assert set(OVERRIDE_LABELS) == set(OverrideReason)
    assert all(text.strip() for text in OVERRIDE_LABELS.values())
