"""Small cargo files for the manifests store tests: bills built with keyword overrides and written through the
cargo writers (so every format carries the same shipments), customs-declarations rows in their own schema,
the cast of partners and users the scoping tests need, and snapshots of what the store holds so a test can
say "nothing changed" or "the same final state" precisely."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from greenlane.bootstrap import Container
from greenlane.cargo import (
    KCS_COLUMNS,
    BillOfLading,
    BillType,
    GoodsLine,
    Party,
    PartyRole,
    Voyage,
    check_digit,
    write_manifests,
)
from greenlane.cargo import (
    Container as Box,
)
from greenlane.core.types import EntityType
from greenlane.db import Database
from greenlane.identity.domain import SYSTEM, Actor, Role, User
from greenlane.identity.http import COOKIE_NAME
from greenlane.identity.passwords import hash_password
from greenlane.identity.repository import UserRepository
from greenlane.identity.tokens import issue_token
from greenlane.manifests.domain import IngestCounts
from greenlane.manifests.ingest import ingest
from greenlane.manifests.tables import BillRow, BillVersionRow, IngestBatchRow, QuarantineRow
from tests.builders import PASSWORD, MutableClock, make_partner

DEPARTURE = datetime(2026, 1, 20, 8, 0, tzinfo=UTC)
ARRIVAL = DEPARTURE + timedelta(days=14)
TABLES = (IngestBatchRow, BillRow, BillVersionRow, QuarantineRow)
# The partners' registered numbers, as filings name them.
CARRIER_SCAC, ACME_IOR, BRAVO_IOR = "OCLN", "11-1111111AA", "22-2222222BB"


def box(serial: int, *, valid: bool = True, seals: tuple[str, ...] = ("SL0001",)) -> Box:
    """An ISO 6346 container whose check digit is right, or deliberately wrong."""
    first_ten = f"MSKU{serial:06d}"
    digit = check_digit(first_ten)
    return Box(first_ten + str(digit if valid else (digit + 1) % 10), "45G1", seals)


def goods(
    description: str = "cordless power drills, 18 V",
    *,
    hs_code: str = "846721",
    weight: float | None = 1200.5,
    value: str | None = "15000.00",
) -> GoodsLine:
    return GoodsLine(
        hs_code=hs_code,
        description=description,
        packages=40,
        package_type="CT",
        gross_weight_kg=weight,
        value=None if value is None else Decimal(value),
        currency="USD",
        country_of_origin="CN",
    )


def make_bill(
    number: str = "OCLN0000001",
    *,
    carrier: str = "OCLN",
    loading: str = "CNSHA",
    discharge: str = "USLAX",
    departure: datetime = DEPARTURE,
    arrival: datetime = ARRIVAL,
    filed_at: datetime | None = None,
    shipper: str = "Ningbo Tools Co",
    consignee: str = "Acme Imports LLC",
    importer_id: str = "",
    lines: Sequence[GoodsLine] | None = None,
    containers: Sequence[Box] | None = None,
) -> BillOfLading:
    """A complete, unflagged master bill filed two days before loading; a test overrides what it is about.
    An empty shipper or consignee name leaves that party out, an empty port leaves the port out."""
    parties = []
    if shipper:
        parties.append(Party(PartyRole.SHIPPER, shipper, "1 Harbour Road, Ningbo", "CN", "CN-SHIP-1"))
    if consignee:
        parties.append(Party(PartyRole.CONSIGNEE, consignee, "2 Main St, Long Beach", "US", importer_id))
    if importer_id:
        parties.append(Party(PartyRole.IMPORTER_OF_RECORD, consignee or "Importer", "", "US", importer_id))
    return BillOfLading(
        bill_number=number,
        bill_type=BillType.MASTER,
        voyage=Voyage(
            carrier=carrier,
            vessel_name="EVER GIVEN",
            voyage_number="012E",
            port_of_loading=loading,
            port_of_discharge=discharge,
            departure=departure,
            arrival=arrival,
            vessel_imo="9811000",
        ),
        parties=tuple(parties),
        containers=tuple(containers if containers is not None else (box(_serial(number)),)),
        goods=tuple(lines if lines is not None else (goods(),)),
        filed_at=filed_at if filed_at is not None else departure - timedelta(hours=48),
    )


def _serial(number: str) -> int:
    return int("".join(c for c in number if c.isdigit())[-6:] or "1")


def corrected(bill: BillOfLading, description: str = "cordless power drills, 20 V") -> BillOfLading:
    """The same filing (carrier and bill number) with changed content: a correction."""
    return replace(bill, goods=(replace(bill.goods[0], description=description), *bill.goods[1:]))


def bills(count: int, *, start: int = 1, **overrides: Any) -> list[BillOfLading]:
    return [make_bill(f"OCLN{number:07d}", **overrides) for number in range(start, start + count)]


def write(folder: Path, shipments: Iterable[BillOfLading], fmt: str, name: str = "manifest") -> Path:
    """The shipments as one file in `fmt` through the cargo writer (CUSCAR in UTF-8, one segment a line)."""
    path = folder / f"{name}.{fmt}"
    options = {"charset": "UNOW"} if fmt == "cuscar" else {}
    write_manifests(shipments, path, fmt, **options)
    return path


def mixed_shipments(count: int) -> list[BillOfLading]:
    """`count` bills and, spread through the file: every 50th bill corrected 300 records later (so in a
    later chunk), every 61st sent twice, and every 97th without a consignee (quarantined)."""
    out: list[BillOfLading] = []
    originals: dict[int, BillOfLading] = {}
    for number in range(1, count + 1):
        bill = make_bill(f"OCLN{number:07d}", consignee="" if number % 97 == 0 else "Acme Imports LLC")
        originals[number] = bill
        out.append(bill)
        if number % 61 == 0:
            out.append(bill)
        if number > 300 and (number - 300) % 50 == 0:
            out.append(corrected(originals[number - 300]))
    return out


def edit(path: Path, old: str, new: str) -> Path:
    """Changes the first occurrence of `old` in the file: how a test makes one value unreadable."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def kcs_row(declaration: str, **overrides: str) -> list[str]:
    """One declaration in the customs-declarations schema (22 columns), made up for the test."""
    row = {
        "Declaration ID": declaration,
        "Date": "2020-03-02",
        "Office ID": "30",
        "Process Type": "B",
        "Import Type": "11",
        "Import Use": "21",
        "Payment Type": "11",
        "Mode of Transport": "10",
        "Declarant ID": "DCLR001",
        "Importer ID": "IMPA001",
        "Seller ID": "SELR001",
        "Courier ID": "",
        "HS6 Code": "851712",
        "Country of Departure": "CN",
        "Country of Origin": "CN",
        "Tax Rate": "8.0",
        "Tax Type": "A",
        "Country of Origin Indicator": "B",
        "Net Mass": "120.5",
        "Item Price": "3500000",
        "Fraud": "0",
        "Critical Fraud": "0",
    } | {key.replace("_", " "): value for key, value in overrides.items()}
    return [row[column] for column in KCS_COLUMNS]


def write_kcs(folder: Path, rows: Iterable[list[str]], name: str = "declarations") -> Path:
    import csv

    path = folder / f"{name}.csv"
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(KCS_COLUMNS)
        writer.writerows(rows)
    return path


def run(
    db: Database, path: Path, fmt: str, *, actor: Actor = SYSTEM, clock: MutableClock | None = None
) -> IngestCounts:
    kwargs: dict[str, Any] = {"clock": clock} if clock is not None else {}
    return ingest(db, actor=actor, source=path, format=fmt, **kwargs).counts


def row_counts(db: Database) -> dict[str, int]:
    with db.transaction() as session:
        return {
            table.__tablename__: session.scalar(select(func.count()).select_from(table)) or 0
            for table in TABLES
        }


@dataclass(frozen=True)
class StoreState:
    """What a run leaves in the store, without ids, timestamps or batch numbers (which differ between two
    databases that received the same records)."""

    bills: list[tuple[str, str, int, str]]
    versions: list[tuple[str, str, int, str]]
    quarantine: list[tuple[str, str, str]]


def store_state(db: Database) -> StoreState:
    with db.transaction() as session:
        current = session.execute(
            select(BillRow.carrier, BillRow.bill_number, BillRow.version, BillRow.fingerprint)
        )
        history = session.execute(
            select(
                BillRow.carrier, BillRow.bill_number, BillVersionRow.version, BillVersionRow.fingerprint
            ).join(BillRow, BillRow.id == BillVersionRow.bill_id)
        )
        held = session.execute(select(QuarantineRow.key, QuarantineRow.field, QuarantineRow.status))
        return StoreState(
            bills=sorted((c, b, v, f) for c, b, v, f in current),
            versions=sorted((c, b, v, f) for c, b, v, f in history),
            quarantine=sorted((k, f, s) for k, f, s in held),
        )


def bill_row(session: Session, number: str, carrier: str = CARRIER_SCAC) -> BillRow:
    row = session.scalar(select(BillRow).where(BillRow.carrier == carrier, BillRow.bill_number == number))
    assert row is not None, f"bill {carrier} {number} is not stored"
    return row


def first_description(body: dict[str, object]) -> str:
    """The description of a stored bill body's first goods line."""
    goods = body["goods"]
    assert isinstance(goods, list) and goods, body
    return str(goods[0]["description"])


def quarantine_rows(db: Database) -> list[QuarantineRow]:
    with db.transaction() as session:
        return list(session.scalars(select(QuarantineRow).order_by(QuarantineRow.id)))


def batches(db: Database) -> list[IngestBatchRow]:
    with db.transaction() as session:
        return list(session.scalars(select(IngestBatchRow).order_by(IngestBatchRow.id)))


# --- the cast: a carrier and two importers in the program, with a user each, plus staff ---


@dataclass(frozen=True)
class Cast:
    carrier: int  # a sea carrier partner, SCAC OCLN
    acme: int  # an importer, importer of record ACME_IOR
    bravo: int  # another importer, BRAVO_IOR
    users: dict[str, int]  # username to user id

    def actor(self, username: str) -> Actor:
        role, partner = _ACCOUNTS[username]
        return Actor(
            user_id=self.users[username],
            username=username,
            role=role,
            partner_id=None if partner is None else getattr(self, partner),
        )


_ACCOUNTS: dict[str, tuple[Role, str | None]] = {
    "cara": (Role.PARTNER_USER, "carrier"),
    "alice": (Role.PARTNER_USER, "acme"),
    "bob": (Role.PARTNER_USER, "bravo"),
    "olivia": (Role.TARGETING_OFFICER, None),
    "ana": (Role.ANALYST, None),
}


@lru_cache(maxsize=1)
def _password_hash() -> str:
    return hash_password(PASSWORD)


def build_cast(db: Database, clock: MutableClock) -> Cast:
    with db.transaction() as session:
        carrier = make_partner(
            session,
            legal_name="Oceanic Lines",
            entity_types=[EntityType.SEA_CARRIER],
            identifiers={"scac": CARRIER_SCAC},
            clock=clock,
        ).id
        acme = make_partner(
            session, legal_name="Acme Imports LLC", identifiers={"importer_of_record": ACME_IOR}, clock=clock
        ).id
        bravo = make_partner(
            session, legal_name="Bravo Traders", identifiers={"importer_of_record": BRAVO_IOR}, clock=clock
        ).id
        assert carrier is not None and acme is not None and bravo is not None
        partners = {"carrier": carrier, "acme": acme, "bravo": bravo}
        repo = UserRepository(session)
        users: dict[str, int] = {}
        for username, (role, partner) in _ACCOUNTS.items():
            user = repo.add(
                User(
                    id=None,
                    username=username,
                    role=role,
                    password_hash=_password_hash(),
                    partner_id=None if partner is None else partners[partner],
                    created_at=clock(),
                )
            )
            assert user.id is not None
            users[username] = user.id
    return Cast(carrier=carrier, acme=acme, bravo=bravo, users=users)


def token(container: Container, cast: Cast, username: str) -> str:
    return issue_token(
        user_id=cast.users[username],
        secret=container.settings.resolved_secret_key(),
        now=container.clock(),
        minutes=60,
    )


def headers(container: Container, cast: Cast, username: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token(container, cast, username)}"}


def cookies(container: Container, cast: Cast, username: str) -> dict[str, str]:
    return {COOKIE_NAME: token(container, cast, username)}
