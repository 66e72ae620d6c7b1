"""What a partner may record in its supply-chain map: roles, parties, status links, journey order and unique
chain names. Every refusal names the chain, the node and the field so the user can find and fix it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenlane.core.errors import Conflict, NotFound, ValidationFailed
from greenlane.supplychain.domain import (
    MAX_NODES_PER_CHAIN,
    LinkKind,
    Node,
    NodeRole,
    StatusLink,
    SupplyChainMap,
)
from tests.unit.supplychain.builders import AT, PROGRAMS, make_chain, make_node


def test_a_new_party_is_appended_in_journey_order_and_numbered_from_one() -> None:
    chain = make_chain(
        make_node(role=NodeRole.FACTORY), make_node(role=NodeRole.FOREIGN_PORT, name="Yantian")
    )
    chain.add_node(make_node(role=NodeRole.CARRIER, name="Ocean Line"), recognised=PROGRAMS)
    assert [(n.position, n.role) for n in chain.nodes] == [
        (1, NodeRole.FACTORY),
        (2, NodeRole.FOREIGN_PORT),
        (3, NodeRole.CARRIER),
    ]


def test_a_party_inserted_at_a_position_pushes_the_rest_down() -> None:
    chain = make_chain(make_node(name="Factory"), make_node(name="Port", role=NodeRole.FOREIGN_PORT))
    chain.add_node(make_node(name="Stuffing", role=NodeRole.STUFFING_POINT), recognised=PROGRAMS, position=2)
    assert [n.name for n in chain.nodes] == ["Factory", "Stuffing", "Port"]
    assert [n.position for n in chain.nodes] == [1, 2, 3]


def test_a_position_beyond_the_end_of_the_chain_is_refused_naming_the_chain() -> None:
    chain = make_chain(make_node())
    with pytest.raises(ValidationFailed, match="position must be between 1 and 2") as refused:
        chain.add_node(make_node(), recognised=PROGRAMS, position=3)
    assert refused.value.field == "position"
    assert "Shenzhen electronics" in (refused.value.record or "")
    assert len(chain.nodes) == 1


def test_removing_a_party_closes_the_gap_in_the_numbering() -> None:
    chain = make_chain(make_node(name="A"), make_node(name="B"), make_node(name="C"))
    chain.remove_node(2)
    assert [(n.name, n.position) for n in chain.nodes] == [("A", 1), ("C", 2)]


def test_a_party_not_in_the_chain_is_not_found() -> None:
    with pytest.raises(NotFound, match="node 99"):
        make_chain(make_node()).remove_node(99)


def test_updating_a_party_keeps_its_id_and_can_move_it() -> None:
    chain = make_chain(make_node(name="A"), make_node(name="B"), make_node(name="C"))
    moved = chain.update_node(3, make_node(name="C2", country="vn"), recognised=PROGRAMS, position=1)
    assert (moved.id, moved.name, moved.country, moved.position) == (3, "C2", "VN", 1)
    assert [n.name for n in chain.nodes] == ["C2", "A", "B"]


def test_an_invalid_update_leaves_the_chain_as_it_was() -> None:
    chain = make_chain(make_node(name="A"), make_node(name="B"))
    before = list(chain.nodes)
    with pytest.raises(ValidationFailed):
        chain.update_node(1, make_node(country="China"), recognised=PROGRAMS)
    assert chain.nodes == before


@pytest.mark.parametrize(
    ("node", "field", "message"),
    [
        (make_node(name="   "), "name", "name is required"),
        (make_node(name="x" * 201), "name", "1-200"),
        (make_node(country="CHN"), "country", "two-letter"),
        (make_node(country="C1"), "country", "two-letter"),
        (make_node(address="x" * 501), "address", "500"),
        (make_node(link=StatusLink(kind=LinkKind.MEMBER)), "link.partner_id", "needs the partner id"),
        (
            make_node(link=StatusLink(kind=LinkKind.MEMBER, partner_id=0)),
            "link.partner_id",
            "needs the partner",
        ),
        (
            make_node(link=StatusLink(kind=LinkKind.MEMBER, partner_id=3, program="AEO-EU")),
            "link.program",
            "no ",
        ),
        (make_node(link=StatusLink(partner_id=3)), "link.kind", "names no partner"),
        (make_node(link=StatusLink.foreign("AEO-XX", "F1")), "link.program", "'AEO-XX' is not recognised"),
        (make_node(link=StatusLink.foreign("AEO-EU", " ")), "link.foreign_id", "is required"),
        (
            make_node(
                link=StatusLink(
                    kind=LinkKind.MUTUAL_RECOGNITION, program="AEO-EU", foreign_id="F", partner_id=4
                )
            ),
            "link.partner_id",
            "names no greenlane partner",
        ),
    ],
)
def test_an_invalid_party_is_refused_naming_chain_node_and_field(
    node: Node, field: str, message: str
) -> None:
    chain = make_chain(make_node())
    with pytest.raises(ValidationFailed, match=message) as refused:
        chain.add_node(node, recognised=PROGRAMS)
    assert refused.value.field == field
    assert refused.value.record == "chain 'Shenzhen electronics to Los Angeles' node 2"
    assert len(chain.nodes) == 1


def test_an_unknown_program_is_refused_with_the_recognised_list() -> None:
    with pytest.raises(ValidationFailed, match="recognised: AEO-EU, AEO-JP, PIP-CA"):
        make_chain().add_node(make_node(link=StatusLink.foreign("C-TPAT", "X")), recognised=PROGRAMS)


def test_a_foreign_program_is_matched_ignoring_case_and_stored_in_capitals() -> None:
    chain = make_chain()
    added = chain.add_node(
        make_node(
            link=StatusLink(kind=LinkKind.MUTUAL_RECOGNITION, program=" aeo-eu ", foreign_id=" DE-AEO-123 ")
        ),
        recognised=PROGRAMS,
    )
    assert (added.link.program, added.link.foreign_id) == ("AEO-EU", "DE-AEO-123")


def test_a_chain_holds_a_bounded_number_of_parties() -> None:
    chain = make_chain(*[make_node(name=f"Party {i}") for i in range(MAX_NODES_PER_CHAIN)])
    with pytest.raises(ValidationFailed, match=f"at most {MAX_NODES_PER_CHAIN}"):
        chain.add_node(make_node(), recognised=PROGRAMS)


@pytest.mark.parametrize("text", ["stuffing point", "Stuffing-Point", "STUFFING_POINT"])
def test_roles_are_read_from_the_ways_people_write_them(text: str) -> None:
    assert NodeRole.parse(text) is NodeRole.STUFFING_POINT


def test_an_unknown_role_is_refused_listing_the_roles() -> None:
    with pytest.raises(ValidationFailed, match="unknown role 'shipper'; expected one of: factory") as refused:
        NodeRole.parse("shipper")
    assert refused.value.field == "role"


def test_chain_names_are_unique_within_a_map_ignoring_case_and_spacing() -> None:
    partner_map = SupplyChainMap(partner_id=1)
    first = partner_map.new_chain("Shenzhen  to LA", at=AT)
    first.id = 1
    assert first.name == "Shenzhen to LA"
    with pytest.raises(Conflict, match="already has a chain named"):
        partner_map.new_chain("shenzhen to la", at=AT)
    assert len(partner_map.chains) == 1


def test_a_chain_may_be_renamed_to_its_own_name_in_other_case_but_not_to_a_sibling() -> None:
    partner_map = SupplyChainMap(partner_id=1)
    a, b = partner_map.new_chain("Alpha", at=AT), partner_map.new_chain("Beta", at=AT)
    a.id, b.id = 1, 2
    assert partner_map.rename(a, "ALPHA", at=AT).name == "ALPHA"
    with pytest.raises(Conflict):
        partner_map.rename(a, "beta", at=AT)


@pytest.mark.parametrize("name", ["", "   ", "x" * 201])
def test_a_chain_needs_a_name(name: str) -> None:
    with pytest.raises(ValidationFailed, match="1-200 characters") as refused:
        SupplyChainMap(partner_id=1).new_chain(name, at=AT)
    assert refused.value.field == "name"


operations = st.lists(st.tuples(st.sampled_from(["add", "remove", "move"]), st.integers(0, 12)), max_size=40)


@given(operations)
def test_positions_always_run_from_one_without_gaps_and_ids_are_never_lost(
    steps: list[tuple[str, int]],
) -> None:
    chain = make_chain()
    next_id, expected_ids = 1, set()
    for operation, number in steps:
        if operation == "add":
            added = chain.add_node(
                make_node(id=next_id), recognised=PROGRAMS, position=number % (len(chain.nodes) + 1) + 1
            )
            expected_ids.add(added.id)
            next_id += 1
        elif chain.nodes:
            target = chain.nodes[number % len(chain.nodes)]
            assert target.id is not None
            if operation == "remove":
                chain.remove_node(target.id)
                expected_ids.discard(target.id)
            else:
                chain.update_node(
                    target.id, target, recognised=PROGRAMS, position=number % len(chain.nodes) + 1
                )
    assert [n.position for n in chain.nodes] == list(range(1, len(chain.nodes) + 1))
    assert {n.id for n in chain.nodes} == expected_ids
