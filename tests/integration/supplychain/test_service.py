"""Supply-chain use cases against a real database (SQLite, and PostgreSQL when configured): maps are stored
whole or not at all, node ids stay stable, the weak-link report reads each linked partner's live status, and
a partner user can only ever reach its own map."""

from __future__ import annotations

import pytest

from greenlane.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from greenlane.db import Database
from greenlane.identity.domain import SYSTEM, Actor, Role
from greenlane.partners import service as partners
from greenlane.supplychain import service
from greenlane.supplychain.domain import LinkState, Node, NodeRole, StatusLink
from tests.builders import MutableClock, make_partner
from tests.integration.supplychain.members import move_partner, partner_in

pytestmark = pytest.mark.db
PROGRAMS = frozenset({"AEO-EU", "AEO-JP"})


def node(
    name: str = "Bright Electronics",
    role: NodeRole = NodeRole.FACTORY,
    country: str = "CN",
    link: StatusLink | None = None,
) -> Node:
    return Node(id=None, role=role, name=name, country=country, link=link or StatusLink())


def partner_user(partner_id: int) -> Actor:
    return Actor(
        user_id=100 + partner_id, username=f"user{partner_id}", role=Role.PARTNER_USER, partner_id=partner_id
    )


def new_partner(db: Database, name: str = "Acme Imports LLC") -> int:
    with db.transaction() as session:
        partner = make_partner(session, legal_name=name)
    assert partner.id is not None
    return partner.id


def test_a_chain_with_its_parties_is_stored_and_read_back_in_journey_order(
    db: Database, clock: MutableClock
) -> None:
    owner = new_partner(db)
    with db.transaction() as session:
        created = service.create_chain(
            session,
            actor=SYSTEM,
            partner_id=owner,
            name="Shenzhen to LA",
            programs=PROGRAMS,
            clock=clock,
            nodes=[
                node("Bright Electronics"),
                node("Yantian port", NodeRole.FOREIGN_PORT),
                node(
                    "Rhine Consolidators", NodeRole.CONSOLIDATOR, "DE", StatusLink.foreign("aeo-eu", "DE-77")
                ),
            ],
        )
    with db.transaction() as session:
        stored = service.assess_map(session, actor=SYSTEM, partner_id=owner, programs=PROGRAMS)
    chain = stored.chains[0]
    assert chain.chain.id == created.chain.id and chain.chain.name == "Shenzhen to LA"
    assert [(n.position, n.name) for n in chain.chain.nodes] == [
        (1, "Bright Electronics"),
        (2, "Yantian port"),
        (3, "Rhine Consolidators"),
    ]
    assert chain.chain.nodes[2].link == StatusLink.foreign("AEO-EU", "DE-77")
    assert chain.chain.created_at == clock.now
    assert stored.partner_name == "Acme Imports LLC"


def test_node_ids_stay_stable_when_parties_are_added_moved_and_removed(
    db: Database, clock: MutableClock
) -> None:
    owner = new_partner(db)
    with db.transaction() as session:
        chain = service.create_chain(
            session,
            actor=SYSTEM,
            partner_id=owner,
            name="Route",
            programs=PROGRAMS,
            nodes=[node("A"), node("B"), node("C")],
        ).chain
    ids = {n.name: n.id for n in chain.nodes}
    assert chain.id is not None and ids["C"] is not None and ids["A"] is not None
    with db.transaction() as session:
        service.add_node(
            session,
            actor=SYSTEM,
            partner_id=owner,
            chain_id=chain.id,
            node=node("D"),
            position=1,
            programs=PROGRAMS,
        )
        service.update_node(
            session,
            actor=SYSTEM,
            partner_id=owner,
            chain_id=chain.id,
            node_id=ids["C"],
            node=node("C moved", country="VN"),
            position=2,
            programs=PROGRAMS,
        )
        service.remove_node(
            session, actor=SYSTEM, partner_id=owner, chain_id=chain.id, node_id=ids["A"], programs=PROGRAMS
        )
    with db.transaction() as session:
        after = service.get_chain(
            session, actor=SYSTEM, partner_id=owner, chain_id=chain.id, programs=PROGRAMS
        )
    names = [(n.position, n.name) for n in after.chain.nodes]
    assert names == [(1, "D"), (2, "C moved"), (3, "B")]
    assert {n.name: n.id for n in after.chain.nodes}["C moved"] == ids["C"]
    assert {n.name: n.id for n in after.chain.nodes}["B"] == ids["B"]


def test_a_chain_with_one_invalid_party_is_not_stored_at_all(db: Database) -> None:
    owner = new_partner(db)
    with pytest.raises(ValidationFailed) as refused, db.transaction() as session:
        service.create_chain(
            session,
            actor=SYSTEM,
            partner_id=owner,
            name="Route",
            programs=PROGRAMS,
            nodes=[node("Fine"), node("Bad", link=StatusLink.foreign("AEO-XX", "1"))],
        )
    assert (refused.value.field, refused.value.record) == ("link.program", "chain 'Route' node 2")
    with db.transaction() as session:
        assert service.assess_map(session, actor=SYSTEM, partner_id=owner, programs=PROGRAMS).chains == ()


def test_a_link_to_a_partner_that_does_not_exist_is_refused_and_nothing_is_written(db: Database) -> None:
    owner = new_partner(db)
    with db.transaction() as session:
        chain_id = service.create_chain(
            session, actor=SYSTEM, partner_id=owner, name="Route", programs=PROGRAMS
        ).chain.id
    assert chain_id is not None
    with (
        pytest.raises(ValidationFailed, match="greenlane partner 9999 does not exist") as refused,
        db.transaction() as session,
    ):
        service.add_node(
            session,
            actor=SYSTEM,
            partner_id=owner,
            chain_id=chain_id,
            node=node(link=StatusLink.member(9999)),
            programs=PROGRAMS,
        )
    assert refused.value.field == "link.partner_id"
    with db.transaction() as session:
        assert (
            service.get_chain(
                session, actor=SYSTEM, partner_id=owner, chain_id=chain_id, programs=PROGRAMS
            ).chain.nodes
            == []
        )


def test_a_chain_for_a_partner_that_does_not_exist_is_not_found(db: Database) -> None:
    with pytest.raises(NotFound, match="partner 4242"), db.transaction() as session:
        service.create_chain(session, actor=SYSTEM, partner_id=4242, name="Route", programs=PROGRAMS)


def test_the_report_follows_the_linked_partners_live_status(db: Database, clock: MutableClock) -> None:
    owner = new_partner(db)
    with db.transaction() as session:
        carrier = partner_in(session, "applicant", clock, name="Ocean Line")
        chain_id = service.create_chain(
            session,
            actor=SYSTEM,
            partner_id=owner,
            name="Route",
            programs=PROGRAMS,
            nodes=[node("Ocean Line", NodeRole.CARRIER, "DK", StatusLink.member(carrier))],
        ).chain.id
    assert chain_id is not None

    def state() -> tuple[LinkState, str | None]:
        with db.transaction() as session:
            link = service.get_chain(
                session, actor=SYSTEM, partner_id=owner, chain_id=chain_id, programs=PROGRAMS
            ).links[0]
        return link.state, link.reason

    assert state() == (
        LinkState.NOT_YET_CERTIFIED,
        f"greenlane partner {carrier} is not yet certified (applicant)",
    )
    with db.transaction() as session:
        move_partner(session, carrier, "certified", clock)
    assert state() == (LinkState.MEMBER, None)
    with db.transaction() as session:
        partners.transition_partner(
            session, actor=SYSTEM, partner_id=carrier, to="suspended", reason="seal breach", clock=clock
        )
    assert state() == (LinkState.SUSPENDED, f"greenlane partner {carrier} is suspended")


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("removed", LinkState.ENDED),
        ("withdrawn", LinkState.ENDED),
        ("under_review", LinkState.NOT_YET_CERTIFIED),
        ("tier_3", LinkState.MEMBER),
    ],
)
def test_each_partner_status_gives_its_link_state(
    db: Database, clock: MutableClock, status: str, expected: LinkState
) -> None:
    owner = new_partner(db)
    with db.transaction() as session:
        linked = partner_in(session, status, clock)
        service.create_chain(
            session,
            actor=SYSTEM,
            partner_id=owner,
            name="Route",
            programs=PROGRAMS,
            nodes=[node(link=StatusLink.member(linked))],
        )
        report = service.assess_map(session, actor=SYSTEM, partner_id=owner, programs=PROGRAMS)
    assert report.chains[0].links[0].state is expected


def test_a_program_dropped_from_the_settings_turns_stored_links_weak(db: Database) -> None:
    owner = new_partner(db)
    with db.transaction() as session:
        service.create_chain(
            session,
            actor=SYSTEM,
            partner_id=owner,
            name="Route",
            programs=PROGRAMS,
            nodes=[node(link=StatusLink.foreign("AEO-JP", "JP-1"))],
        )
    with db.transaction() as session:
        report = service.assess_map(session, actor=SYSTEM, partner_id=owner, programs=frozenset({"AEO-EU"}))
    assert report.by_state() == {"unrecognised_program": 1}


def test_chain_names_are_unique_per_partner_but_may_repeat_across_partners(db: Database) -> None:
    first, second = new_partner(db, "First Co"), new_partner(db, "Second Co")
    with db.transaction() as session:
        service.create_chain(
            session, actor=SYSTEM, partner_id=first, name="Shenzhen to LA", programs=PROGRAMS
        )
        service.create_chain(
            session, actor=SYSTEM, partner_id=second, name="Shenzhen to LA", programs=PROGRAMS
        )
    with pytest.raises(Conflict), db.transaction() as session:
        service.create_chain(
            session, actor=SYSTEM, partner_id=first, name="SHENZHEN TO LA", programs=PROGRAMS
        )


def test_deleting_a_chain_deletes_its_parties(db: Database) -> None:
    owner = new_partner(db)
    with db.transaction() as session:
        chain_id = service.create_chain(
            session,
            actor=SYSTEM,
            partner_id=owner,
            name="Route",
            programs=PROGRAMS,
            nodes=[node("A"), node("B")],
        ).chain.id
        assert chain_id is not None
        service.delete_chain(session, actor=SYSTEM, partner_id=owner, chain_id=chain_id)
    with db.transaction() as session:
        assert service.weak_link_counts(session, actor=SYSTEM, programs=PROGRAMS) == {}
        with pytest.raises(NotFound):
            service.get_chain(session, actor=SYSTEM, partner_id=owner, chain_id=chain_id, programs=PROGRAMS)


def _two_maps(db: Database) -> tuple[int, int, int]:
    mine, theirs = new_partner(db, "Mine Co"), new_partner(db, "Theirs Co")
    with db.transaction() as session:
        service.create_chain(
            session, actor=SYSTEM, partner_id=mine, name="Mine", programs=PROGRAMS, nodes=[node()]
        )
        their_chain = service.create_chain(
            session,
            actor=SYSTEM,
            partner_id=theirs,
            name="Theirs",
            programs=PROGRAMS,
            nodes=[node(), node("Second")],
        ).chain.id
    assert their_chain is not None
    return mine, theirs, their_chain


def test_a_partner_user_reaches_only_its_own_map(db: Database) -> None:
    mine, theirs, _ = _two_maps(db)
    me = partner_user(mine)
    with db.transaction() as session:
        assert service.assess_map(session, actor=me, partner_id=mine, programs=PROGRAMS).weak_count == 1
        assert service.weak_link_counts(session, actor=me, programs=PROGRAMS) == {mine: 1}
        with pytest.raises(NotFound):
            service.assess_map(session, actor=me, partner_id=theirs, programs=PROGRAMS)
        with pytest.raises(PermissionDenied, match="program staff"):
            service.program_weak_links(session, actor=me, programs=PROGRAMS)


def test_another_partners_chain_is_not_found_even_under_the_users_own_partner_id(db: Database) -> None:
    mine, theirs, their_chain = _two_maps(db)
    me = partner_user(mine)
    attempts = [
        lambda s: service.get_chain(s, actor=me, partner_id=mine, chain_id=their_chain, programs=PROGRAMS),
        lambda s: service.rename_chain(
            s, actor=me, partner_id=mine, chain_id=their_chain, name="x", programs=PROGRAMS
        ),
        lambda s: service.delete_chain(s, actor=me, partner_id=mine, chain_id=their_chain),
        lambda s: service.add_node(
            s, actor=me, partner_id=mine, chain_id=their_chain, node=node(), programs=PROGRAMS
        ),
        lambda s: service.create_chain(s, actor=me, partner_id=theirs, name="Sneaky", programs=PROGRAMS),
    ]
    for attempt in attempts:
        with pytest.raises(NotFound), db.transaction() as session:
            attempt(session)
    with db.transaction() as session:
        kept = service.assess_map(session, actor=SYSTEM, partner_id=theirs, programs=PROGRAMS)
    assert [(c.chain.name, len(c.links)) for c in kept.chains] == [("Theirs", 2)]


@pytest.mark.parametrize("role", [Role.ANALYST, Role.TARGETING_OFFICER])
def test_staff_who_only_read_see_every_map_but_cannot_change_one(db: Database, role: Role) -> None:
    mine, _, _ = _two_maps(db)
    reader = Actor(user_id=9, username="reader", role=role)
    with db.transaction() as session:
        maps = service.program_weak_links(session, actor=reader, programs=PROGRAMS)
        assert [m.partner_name for m in maps] == ["Mine Co", "Theirs Co"]
        with pytest.raises(PermissionDenied):
            service.create_chain(session, actor=reader, partner_id=mine, name="New", programs=PROGRAMS)


def test_the_program_report_counts_weak_links_per_partner(db: Database, clock: MutableClock) -> None:
    mine, theirs, _ = _two_maps(db)
    with db.transaction() as session:
        member = partner_in(session, "validated", clock, name="Trusted Carrier")
        service.create_chain(
            session,
            actor=SYSTEM,
            partner_id=mine,
            name="Second route",
            programs=PROGRAMS,
            nodes=[node(link=StatusLink.member(member))],
        )
        counts = service.weak_link_counts(session, actor=SYSTEM, programs=PROGRAMS)
        maps = service.program_weak_links(session, actor=SYSTEM, programs=PROGRAMS)
    assert counts == {mine: 1, theirs: 2}
    assert [(m.partner_name, m.total_links, m.weak_count) for m in maps] == [
        ("Mine Co", 2, 1),
        ("Theirs Co", 2, 2),
    ]
