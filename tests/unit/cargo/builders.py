"""Bills for the cargo tests: one hand-built, valid bill to vary field by field, and Hypothesis
strategies for bills that every format must carry unchanged (the round-trip properties)."""

from __future__ import annotations

import string
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from greenlane.cargo import BillOfLading, BillType, Container, GoodsLine, Party, PartyRole, Voyage
from greenlane.cargo.iso6346 import check_digit

LOADING_TIME = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


def a_voyage(**overrides: Any) -> Voyage:
    base = Voyage(
        carrier="MAEU",
        vessel_name="MAERSK ELBA",
        voyage_number="412W",
        port_of_loading="CNSHA",
        port_of_discharge="USLAX",
        departure=LOADING_TIME,
        arrival=LOADING_TIME + timedelta(days=14),
        vessel_imo="9321483",
        place_of_receipt="CNNGB",
    )
    return replace(base, **overrides)


def a_bill(**overrides: Any) -> BillOfLading:
    """A complete, unflagged master bill filed two days before loading."""
    base = BillOfLading(
        bill_number="MAEU241234567",
        bill_type=BillType.MASTER,
        voyage=a_voyage(),
        parties=(
            Party(
                PartyRole.SHIPPER, "Ningbo Bright Textiles Co", "8 Harbour Road, Ningbo", "CN", "CN91330200"
            ),
            Party(
                PartyRole.CONSIGNEE,
                "Pacific Apparel Inc",
                "100 Ocean Blvd, Long Beach CA",
                "US",
                "95-1234567",
            ),
            Party(PartyRole.NOTIFY, "Harbor Customs Brokers", "", "US", ""),
        ),
        containers=(Container("CSQU3054383", "45G1", ("SL778201",)),),
        goods=(
            GoodsLine(
                "620520", "men's cotton woven shirts", 840, "CT", 6120.5, Decimal("48210.00"), "USD", "CN"
            ),
            GoodsLine(
                "611030",
                "knitted pullovers, man-made fibres",
                310,
                "CT",
                2050.0,
                Decimal("15500.50"),
                "USD",
                "CN",
            ),
        ),
        filed_at=LOADING_TIME - timedelta(hours=48),
    )
    return replace(base, **overrides)


def with_party(bill: BillOfLading, role: PartyRole, party: Party | None) -> BillOfLading:
    """The bill with the party in `role` replaced (or removed when `party` is None)."""
    others = tuple(p for p in bill.parties if p.role is not role)
    return replace(bill, parties=others if party is None else (*others, party))


# --- Hypothesis strategies -------------------------------------------------------------------------

# Printable text without control characters; Latin-1 so CUSCAR's default UNOC charset can carry it.
_TEXT = st.text(st.characters(max_codepoint=255, exclude_categories=("Cc", "Cs")), max_size=30)
_NAME = _TEXT.filter(lambda text: text.strip() != "")
_UPPER = string.ascii_uppercase
_ALNUM = string.ascii_uppercase + string.digits


def _code(alphabet: str, size: int) -> st.SearchStrategy[str]:
    return st.text(st.sampled_from(alphabet), min_size=size, max_size=size)


def _container_number() -> st.SearchStrategy[str]:
    valid = st.builds(
        lambda owner, serial: f"{owner}U{serial}", _code(_UPPER, 3), _code(string.digits, 6)
    ).map(lambda ten: ten + str(check_digit(ten)))
    return st.one_of(valid, _code(_ALNUM, 11))


_MOMENTS = st.datetimes(min_value=datetime(1995, 1, 1), max_value=datetime(2090, 1, 1)).map(
    lambda moment: moment.replace(microsecond=0, tzinfo=UTC)
)
_LOCODES = st.builds(lambda country, place: country + place, _code(_UPPER, 2), _code(_ALNUM, 3))

voyages = st.builds(
    Voyage,
    carrier=_code(_UPPER, 4),
    vessel_name=_TEXT,
    voyage_number=st.text(st.sampled_from(_ALNUM), max_size=8),
    port_of_loading=_LOCODES,
    port_of_discharge=_LOCODES,
    departure=st.none() | _MOMENTS,
    arrival=st.none() | _MOMENTS,
    vessel_imo=st.sampled_from(["", "9321483", "9811000"]),
    place_of_receipt=st.sampled_from(["", "CNNGB", "VNSGN"]),
)

goods_lines = st.builds(
    GoodsLine,
    hs_code=st.text(st.sampled_from(string.digits), min_size=4, max_size=10),
    description=_TEXT,
    packages=st.none() | st.integers(0, 10**6),
    package_type=st.sampled_from(["", "CT", "PK", "PL"]),
    gross_weight_kg=st.none()
    | st.floats(min_value=0.0, max_value=1e9, allow_nan=False, allow_infinity=False),
    value=st.none()
    | st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False),
    currency=st.sampled_from(["", "USD", "EUR", "CNY"]),
    country_of_origin=st.sampled_from(["", "CN", "VN", "DE"]),
)

containers = st.builds(
    Container,
    number=_container_number(),
    size_type=st.sampled_from(["", "22G1", "45G1", "42R1"]),
    seals=st.lists(_code(_ALNUM, 8), max_size=2).map(tuple),
)


def _parties(roles: list[PartyRole]) -> st.SearchStrategy[tuple[Party, ...]]:
    party = {
        role: st.builds(
            Party,
            role=st.just(role),
            name=_NAME,
            address=_TEXT,
            country=st.sampled_from(["", "CN", "US", "NL"]),
            identifier=st.text(st.sampled_from(_ALNUM + "-"), max_size=12),
        )
        for role in roles
    }
    return st.tuples(*party.values())


@st.composite
def bills(draw: st.DrawFn) -> BillOfLading:
    """Valid bills (every required field present, one party per role) with arbitrary content."""
    extra = draw(st.lists(st.sampled_from(list(PartyRole)[2:]), unique=True, max_size=4))
    parties = draw(_parties([PartyRole.SHIPPER, PartyRole.CONSIGNEE, *extra]))
    house = draw(st.booleans())
    return BillOfLading(
        bill_number=draw(_code(_ALNUM, 12)),
        bill_type=BillType.HOUSE if house else BillType.MASTER,
        voyage=draw(voyages),
        parties=tuple(draw(st.permutations(parties))),
        containers=tuple(draw(st.lists(containers, max_size=3))),
        goods=tuple(draw(st.lists(goods_lines, max_size=4))),
        filed_at=draw(st.none() | _MOMENTS),
        master_bill=draw(_code(_ALNUM, 10)) if house else "",
    )
