"""How strong each link is on the day of the report, and what makes it weak: an unknown party, a greenlane
partner that is suspended, removed, withdrawn, rejected, not yet certified or gone, or a foreign program that
is no longer recognised. Each weak link carries its reason and each chain names its weakest link."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenlane.supplychain.domain import (
    LinkState,
    MapAssessment,
    NodeRole,
    StatusLink,
    assess_chain,
    assess_link,
)
from tests.unit.supplychain.builders import PROGRAMS, make_chain, make_node, standing

STANDINGS = {
    10: standing(10, "certified", "tier_1"),
    11: standing(11, "validated", "tier_2"),
    12: standing(12, "tier_3", "tier_3"),
    20: standing(20, "suspended"),
    21: standing(21, "removed"),
    22: standing(22, "withdrawn"),
    23: standing(23, "rejected"),
    30: standing(30, "applicant"),
    31: standing(31, "under_review"),
}


def judged(link: StatusLink, recognised: frozenset[str] = PROGRAMS) -> tuple[LinkState, str | None]:
    assessment = assess_link(make_node(id=1, link=link), standings=STANDINGS, recognised=recognised)
    return assessment.state, assessment.reason


@pytest.mark.parametrize(
    ("partner_id", "label"), [(10, "Tier I member"), (11, "Tier II member"), (12, "Tier III member")]
)
def test_a_certified_greenlane_partner_is_a_strong_link_labelled_with_its_tier(
    partner_id: int, label: str
) -> None:
    assessment = assess_link(
        make_node(id=1, link=StatusLink.member(partner_id)), standings=STANDINGS, recognised=PROGRAMS
    )
    assert (assessment.state, assessment.weak, assessment.label) == (LinkState.MEMBER, False, label)


def test_a_recognised_foreign_program_member_is_a_strong_link() -> None:
    assert judged(StatusLink.foreign("AEO-EU", "DE123")) == (LinkState.MUTUAL_RECOGNITION, None)


def test_an_unknown_party_is_weak_because_nobody_vouches_for_it() -> None:
    assert judged(StatusLink()) == (
        LinkState.UNKNOWN,
        "no greenlane or mutual-recognition membership is recorded for this party",
    )


def test_a_suspended_partner_is_weak() -> None:
    assert judged(StatusLink.member(20)) == (LinkState.SUSPENDED, "greenlane partner 20 is suspended")


@pytest.mark.parametrize(("partner_id", "status"), [(21, "removed"), (22, "withdrawn"), (23, "rejected")])
def test_a_partner_that_left_the_program_is_weak(partner_id: int, status: str) -> None:
    assert judged(StatusLink.member(partner_id)) == (
        LinkState.ENDED,
        f"greenlane partner {partner_id} is no longer a member ({status})",
    )


@pytest.mark.parametrize(("partner_id", "status"), [(30, "applicant"), (31, "under review")])
def test_a_partner_not_yet_certified_is_weak(partner_id: int, status: str) -> None:
    assert judged(StatusLink.member(partner_id)) == (
        LinkState.NOT_YET_CERTIFIED,
        f"greenlane partner {partner_id} is not yet certified ({status})",
    )


def test_a_link_to_a_partner_that_no_longer_exists_is_weak() -> None:
    assert judged(StatusLink.member(404)) == (
        LinkState.MISSING_PARTNER,
        "greenlane partner 404 does not exist",
    )


def test_a_program_dropped_from_the_recognised_list_turns_its_links_weak() -> None:
    assert judged(StatusLink.foreign("AEO-EU", "DE1"), recognised=frozenset({"AEO-JP"})) == (
        LinkState.UNRECOGNISED_PROGRAM,
        "program AEO-EU is not recognised under a mutual-recognition arrangement",
    )


def test_the_weakest_link_is_a_known_failure_before_an_unknown_party() -> None:
    chain = make_chain(
        make_node(name="Unknown factory"),
        make_node(name="Carrier", role=NodeRole.CARRIER, link=StatusLink.member(20)),
    )
    assessed = assess_chain(chain, standings=STANDINGS, recognised=PROGRAMS)
    assert assessed.weakest is not None and assessed.weakest.node.name == "Carrier"
    assert assessed.summary() == "weakest link is Carrier (carrier, CN): greenlane partner 20 is suspended"
    assert len(assessed.weak_links) == 2


def test_on_equal_weakness_the_earliest_party_in_the_journey_is_the_weakest() -> None:
    chain = make_chain(make_node(name="First"), make_node(name="Second"))
    assessed = assess_chain(chain, standings=STANDINGS, recognised=PROGRAMS)
    assert assessed.weakest is not None and assessed.weakest.node.name == "First"


def test_a_chain_with_only_strong_links_reports_no_weak_link_but_still_its_least_strong_party() -> None:
    chain = make_chain(
        make_node(name="Maker", link=StatusLink.member(12)),
        make_node(name="Forwarder", role=NodeRole.CONSOLIDATOR, link=StatusLink.member(10)),
    )
    assessed = assess_chain(chain, standings=STANDINGS, recognised=PROGRAMS)
    assert assessed.weak_links == ()
    assert (
        assessed.summary()
        == "every link is vouched for; weakest is Forwarder (consolidator, CN): Tier I member"
    )


def test_an_empty_chain_has_no_weakest_link() -> None:
    assessed = assess_chain(make_chain(), standings=STANDINGS, recognised=PROGRAMS)
    assert assessed.weakest is None
    assert assessed.summary() == "no parties mapped yet"


def test_the_map_counts_links_and_weak_links_by_reason() -> None:
    one = make_chain(
        make_node(), make_node(link=StatusLink.member(20)), make_node(link=StatusLink.member(11))
    )
    two = make_chain(make_node(), make_node(link=StatusLink.foreign("AEO-JP", "J1")), name="Osaka to Seattle")
    chains = tuple(assess_chain(c, standings=STANDINGS, recognised=PROGRAMS) for c in (one, two))
    report = MapAssessment(partner_id=1, chains=chains)
    assert (report.total_links, report.weak_count) == (5, 3)
    assert report.by_state() == {"unknown": 2, "suspended": 1}


links = st.one_of(
    st.just(StatusLink()),
    st.sampled_from([*sorted(STANDINGS), 404]).map(StatusLink.member),
    st.sampled_from(["AEO-EU", "AEO-JP", "AEO-XX"]).map(lambda p: StatusLink.foreign(p, "F")),
)


@given(st.lists(links, min_size=1, max_size=12))
def test_the_weakest_link_is_never_stronger_than_any_other_and_is_weak_whenever_any_link_is(
    chain_links: list[StatusLink],
) -> None:
    chain = make_chain()
    chain.nodes = [make_node(id=i, link=link) for i, link in enumerate(chain_links, start=1)]
    assessed = assess_chain(chain, standings=STANDINGS, recognised=frozenset({"AEO-EU", "AEO-JP"}))
    assert assessed.weakest is not None
    assert all(assessed.weakest.strength <= a.strength for a in assessed.links)
    assert assessed.weakest.weak == bool(assessed.weak_links)
    assert all(
        a.weak == (a.state not in (LinkState.MEMBER, LinkState.MUTUAL_RECOGNITION)) for a in assessed.links
    )
