"""The advance cargo data model: voyage, parties, containers, goods lines, the bill of lading, the importer
security filing, and what reading a manifest file produces (an accepted record with its flags, or a
quarantine naming the record and the field). Every reader and writer in greenlane.cargo speaks these
types, and so do the synthetic world (which writes manifests) and the manifests store (which keeps them).

Conventions that keep round trips exact: optional text is "" (never None), optional numbers and times
are None, times are timezone-aware UTC, money is Decimal, weights are float kilograms, codes (SCAC,
UN/LOCODE, ISO country, HS) are upper-case without spaces.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from greenlane.cargo.iso6346 import has_valid_check_digit

__all__ = [
    "Accepted",
    "BillOfLading",
    "BillType",
    "Container",
    "Flag",
    "FlagCode",
    "GoodsLine",
    "ImporterSecurityFiling",
    "ManifestRecord",
    "Outcome",
    "Party",
    "PartyRole",
    "Quarantine",
    "Voyage",
    "content_fingerprint",
]


class PartyRole(StrEnum):
    """The roles a party plays on a bill of lading or an importer security filing."""

    SHIPPER = "shipper"
    CONSIGNEE = "consignee"
    NOTIFY = "notify"
    MANUFACTURER = "manufacturer"
    SELLER = "seller"
    BUYER = "buyer"
    IMPORTER_OF_RECORD = "importer_of_record"
    STUFFING_LOCATION = "stuffing_location"
    CONSOLIDATOR = "consolidator"
    SHIP_TO = "ship_to"


class BillType(StrEnum):
    """A master bill is issued by the ocean carrier; a house bill by a consolidator (NVOCC) under a master."""

    MASTER = "master"
    HOUSE = "house"


@dataclass(frozen=True, slots=True)
class Voyage:
    """One sailing as a bill sees it. Ports are UN/LOCODEs (five characters, e.g. CNSHA, USLAX)."""

    carrier: str
    vessel_name: str
    voyage_number: str
    port_of_loading: str
    port_of_discharge: str
    departure: datetime | None = None
    arrival: datetime | None = None
    vessel_imo: str = ""
    place_of_receipt: str = ""


@dataclass(frozen=True, slots=True)
class Party:
    """A named business in one role; `identifier` is whatever number the filer gave (EORI, IRS, DUNS...)."""

    role: PartyRole
    name: str
    address: str = ""
    country: str = ""
    identifier: str = ""


@dataclass(frozen=True, slots=True)
class Container:
    """An ISO 6346 container with its ISO size/type code (e.g. 45G1) and the seal numbers applied to it."""

    number: str
    size_type: str = ""
    seals: tuple[str, ...] = ()

    def has_valid_check_digit(self) -> bool:
        """A wrong check digit means a mistyped or invented number; the record is kept but flagged."""
        return has_valid_check_digit(self.number)


@dataclass(frozen=True, slots=True)
class GoodsLine:
    """One line of goods: what it is (HS code, description), how much (packages, weight) and its value."""

    hs_code: str
    description: str
    packages: int | None = None
    package_type: str = ""
    gross_weight_kg: float | None = None
    value: Decimal | None = None
    currency: str = ""
    country_of_origin: str = ""


@dataclass(frozen=True, slots=True)
class BillOfLading:
    """A transport document: the unit customs receives, stores and targets. `master_bill` names the
    master a house bill travels under ("" for a master). `filed_at` is when the carrier transmitted it."""

    bill_number: str
    bill_type: BillType
    voyage: Voyage
    parties: tuple[Party, ...] = ()
    containers: tuple[Container, ...] = ()
    goods: tuple[GoodsLine, ...] = ()
    filed_at: datetime | None = None
    master_bill: str = ""

    def party(self, role: PartyRole) -> Party | None:
        """The first party in `role`, or None; most roles occur once per bill."""
        for candidate in self.parties:
            if candidate.role is role:
                return candidate
        return None

    def parties_in(self, role: PartyRole) -> tuple[Party, ...]:
        """All parties in `role` (a bill may name several manufacturers, for instance)."""
        return tuple(candidate for candidate in self.parties if candidate.role is role)


@dataclass(frozen=True, slots=True)
class ImporterSecurityFiling:
    """The importer's ten elements (ISF "10+2"), filed separately and linked to the bill by its number.
    Simplification: one manufacturer, origin and HS-6 per filing (the real filing allows one per line)."""

    bill_number: str
    carrier: str
    importer_of_record_number: str
    consignee_number: str
    seller: Party
    buyer: Party
    manufacturer: Party
    ship_to: Party
    stuffing_location: Party
    consolidator: Party
    country_of_origin: str
    hs6: str
    filed_at: datetime | None = None


class FlagCode(StrEnum):
    """Reasons an accepted record deserves a targeting officer's attention."""

    LATE_FILING = "late_filing"
    VAGUE_DESCRIPTION = "vague_description"
    CONTAINER_CHECK_DIGIT = "container_check_digit"


@dataclass(frozen=True, slots=True)
class Flag:
    """A finding attached to an accepted record; `detail` says which line or container and why."""

    code: FlagCode
    detail: str


@dataclass(frozen=True, slots=True)
class ManifestRecord:
    """A bill as the store keeps it. The natural key (carrier, bill number) identifies the filing across
    retransmissions; the fingerprint (hash of the normalised content, filing time excluded) tells a
    duplicate (same key, same fingerprint) from a correction (same key, new fingerprint)."""

    bill: BillOfLading
    fingerprint: str = field(default="", compare=False)

    @classmethod
    def of(cls, bill: BillOfLading) -> ManifestRecord:
        """Wraps a bill and computes its fingerprint once, so the store never recomputes it."""
        return cls(bill=bill, fingerprint=content_fingerprint(bill))

    @property
    def natural_key(self) -> tuple[str, str]:
        """(carrier, bill number): the carrier issues the number, so the pair identifies the filing."""
        return (self.bill.voyage.carrier, self.bill.bill_number)

    def is_duplicate_of(self, other: ManifestRecord) -> bool:
        """Same filing sent again: nothing changes when it is received."""
        return self.natural_key == other.natural_key and self.fingerprint == other.fingerprint

    def is_correction_of(self, other: ManifestRecord) -> bool:
        """Same filing with changed content: it replaces the earlier version, which history keeps."""
        return self.natural_key == other.natural_key and self.fingerprint != other.fingerprint


@dataclass(frozen=True, slots=True)
class Accepted:
    """A record that passed validation, with its flags and where it came from ("line 17")."""

    record: ManifestRecord
    flags: tuple[Flag, ...]
    locator: str


@dataclass(frozen=True, slots=True)
class Quarantine:
    """A record held back: `reason` in plain words, `locator` naming the record ("line 17",
    "message 3 consignment 2"), `field` the offending field, `raw` the source text for inspection."""

    reason: str
    locator: str
    field: str
    raw: str


Outcome = Accepted | Quarantine


_SEALS = "\x1d"


def _money(value: Decimal | None) -> str:
    # 12.50 and 12.5 are the same amount; normalise before hashing, and avoid exponent forms.
    if value is None:
        return ""
    return format(value.normalize(), "f") if value else "0"


def _when(moment: datetime | None) -> str:
    return "" if moment is None else moment.isoformat()


# Readers share one Voyage object between the bills of a sailing, so its text is kept by identity (the
# object is held too, so its id cannot be reused while cached); bounded by clearing when full.
_VOYAGE_TEXTS: dict[int, tuple[Voyage, str]] = {}


def _voyage_text(v: Voyage) -> str:
    cached = _VOYAGE_TEXTS.get(id(v))
    if cached is not None and cached[0] is v:
        return cached[1]
    text = (
        f"{v.carrier}\x1f{v.vessel_name}\x1f{v.voyage_number}\x1f{v.port_of_loading}\x1f{v.port_of_discharge}"
        f"\x1f{_when(v.departure)}\x1f{_when(v.arrival)}\x1f{v.vessel_imo}\x1f{v.place_of_receipt}"
    )
    if len(_VOYAGE_TEXTS) >= 256:
        _VOYAGE_TEXTS.clear()
    _VOYAGE_TEXTS[id(v)] = (v, text)
    return text


def content_fingerprint(bill: BillOfLading) -> str:
    """SHA-256 over a canonical text of the bill. Collections are sorted so that the order in which a
    format lists parties, containers or goods does not make a retransmission look like a correction;
    the filing time is left out because resending the same content later is still a duplicate. Text is
    taken as the readers normalised it (codes upper-case, times in UTC); money is normalised here.
    Written for speed: it runs once per received bill on the ingest path."""
    parts = [f"{bill.bill_number}\x1f{bill.bill_type}\x1f{bill.master_bill}\x1e{_voyage_text(bill.voyage)}"]
    # A StrEnum formats as its value, so f"{role}" is the stable code ("shipper"), not the member name.
    section = [f"P{p.role}\x1f{p.name}\x1f{p.address}\x1f{p.country}\x1f{p.identifier}" for p in bill.parties]
    section.sort()
    parts += section
    section = [f"C{c.number}\x1f{c.size_type}\x1f{_SEALS.join(sorted(c.seals))}" for c in bill.containers]
    section.sort()
    parts += section
    section = [
        f"G{g.hs_code}\x1f{g.description}\x1f{g.packages}\x1f{g.package_type}\x1f{g.gross_weight_kg!r}"
        f"\x1f{_money(g.value)}\x1f{g.currency}\x1f{g.country_of_origin}"
        for g in bill.goods
    ]
    section.sort()
    parts += section
    return hashlib.sha256("\x1e".join(parts).encode()).hexdigest()
