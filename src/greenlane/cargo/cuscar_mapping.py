"""The CUSCAR mapping: which segment and qualifier carries which field of the cargo data model. The
qualifier tables are shared by the reader and the writer so the two cannot drift apart; the Header and
Consignment builders collect segments of one message and turn a consignment into a bill."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from decimal import Decimal

from greenlane.cargo.cuscar_syntax import Element, Elements, component
from greenlane.cargo.records import (
    BillOfLading,
    BillType,
    Container,
    GoodsLine,
    Outcome,
    Party,
    PartyRole,
    Quarantine,
    Voyage,
)
from greenlane.cargo.validation import FieldProblem, judge, parse_decimal, parse_float, parse_int

__all__ = ["NAD_QUALIFIERS", "Consignment", "Header", "edifact_raw"]

# NAD party qualifiers (UN/EDIFACT 3035) for each role; the reader also takes the alternatives.
NAD_QUALIFIERS = {
    PartyRole.SHIPPER: "CZ",
    PartyRole.CONSIGNEE: "CN",
    PartyRole.NOTIFY: "N1",
    PartyRole.MANUFACTURER: "MF",
    PartyRole.SELLER: "SE",
    PartyRole.BUYER: "BY",
    PartyRole.IMPORTER_OF_RECORD: "IM",
    PartyRole.STUFFING_LOCATION: "LG",
    PartyRole.CONSOLIDATOR: "CS",
    PartyRole.SHIP_TO: "ST",
}
_ROLE_OF = {code: role for role, code in NAD_QUALIFIERS.items()} | {"NI": PartyRole.NOTIFY}
LOADING, DISCHARGE, RECEIPT, ORIGIN, DEPARTURE_PLACE = "9", "11", "88", "27", "5"
DEPARTURES, ARRIVALS, DOCUMENT_DATE = ("133", "186"), ("132", "178"), "137"
_GOODS_DETAIL = ("PIA", "FTX", "MEA", "MOA")
_KILOGRAMS_PER = {"KGM": 1.0, "TNE": 1000.0, "LBR": 0.45359237}
_NAMES = {
    "bill_number": "CNI",
    "carrier": "NAD+CA",
    "shipper": "NAD+CZ",
    "consignee": "NAD+CN",
    "port_of_loading": "LOC+9",
    "port_of_discharge": "LOC+11",
}


_DATE_LENGTHS = {"102": 8, "203": 12, "204": 14}


def edifact_time(element: Element, where: str) -> datetime:
    """DTM C507 with format 102 (CCYYMMDD), 203 (CCYYMMDDHHMM) or 204 (CCYYMMDDHHMMSS), taken as UTC."""
    value, form = component(element, 1), component(element, 2) or "203"
    length = _DATE_LENGTHS.get(form)
    if length is None:
        raise FieldProblem(where, f"date format {form!r} is not 102, 203 or 204")
    if len(value) != length or not value.isascii() or not value.isdigit():
        raise FieldProblem(where, f"{value!r} is not a date in format {form}")
    # Sliced by hand: strptime costs more than the rest of a consignment.
    v = value.ljust(14, "0")
    try:
        return datetime(
            int(v[:4]), int(v[4:6]), int(v[6:8]), int(v[8:10]), int(v[10:12]), int(v[12:]), tzinfo=UTC
        )
    except ValueError:
        raise FieldProblem(where, f"{value!r} is not a date in format {form}") from None


def _number(text: str) -> str:
    # EDIFACT allows a comma or a point as the decimal mark whatever the UNA says.
    return text.replace(",", ".")


def _party(role: PartyRole, elements: Elements) -> Party:
    """NAD: 3035 qualifier, C082 identification, C058 unstructured name and address, C080 party name,
    C059 street, 3164 city, C819 subdivision, 3251 postcode, 3207 country."""
    name = " ".join(part for part in _parts(elements, 3) if part)
    address_lines = [part for part in _parts(elements, 4) if part]
    if not name:  # only the unstructured form was sent: first line is the name, the rest the address
        unstructured = [part for part in _parts(elements, 2) if part]
        name, address_lines = (unstructured[0], unstructured[1:]) if unstructured else ("", [])
    address_lines += [text for text in (_at(elements, 5), _at(elements, 7)) if text]
    country = _at(elements, 8).strip().upper()
    return Party(role, name, " ".join(address_lines), country, _at(elements, 1))


def _get(elements: Elements, index: int) -> str | list[str] | None:
    return elements[index] if index < len(elements) else None


def _at(elements: Elements, index: int) -> str:
    return component(_get(elements, index))


def _parts(elements: Elements, index: int) -> list[str]:
    element = _get(elements, index)
    if element is None:
        return []
    return [element] if isinstance(element, str) else element


@dataclass(slots=True)
class Header:
    """The voyage as the message header states it; consignments inherit it and may override ports."""

    carrier: str = ""
    vessel_name: str = ""
    vessel_imo: str = ""
    voyage_number: str = ""
    ports: dict[str, str] = field(default_factory=dict)
    departure: datetime | None = None
    arrival: datetime | None = None
    filed_at: datetime | None = None
    problem: FieldProblem | None = None

    def see(self, tag: str, elements: Elements) -> None:
        """Collects one header segment; a bad value is remembered and quarantines every consignment."""
        try:
            self._see(tag, elements)
        except FieldProblem as problem:
            self.problem = self.problem or problem

    def _see(self, tag: str, elements: Elements) -> None:
        if tag == "TDT":
            self.voyage_number = _at(elements, 1)
            self.carrier = self.carrier or component(_get(elements, 4)).strip().upper()
            transport = _get(elements, 7)
            self.vessel_imo, self.vessel_name = component(transport, 0).strip(), component(transport, 3)
        elif tag == "NAD" and _at(elements, 0) == "CA":
            self.carrier = component(_get(elements, 1)).strip().upper()
        elif tag == "LOC":
            self.ports[_at(elements, 0)] = component(_get(elements, 1)).strip().upper()
        elif tag == "DTM":
            qualifier = component(_get(elements, 0))
            if qualifier in DEPARTURES:
                self.departure = edifact_time(elements[0], f"DTM+{qualifier}")
            elif qualifier in ARRIVALS:
                self.arrival = edifact_time(elements[0], f"DTM+{qualifier}")
            elif qualifier == DOCUMENT_DATE:
                self.filed_at = edifact_time(elements[0], f"DTM+{qualifier}")


@dataclass(slots=True)
class _GoodsDraft:
    """A goods line while its GID group is being read (mutable: details arrive segment by segment)."""

    packages: int | None
    package_type: str
    hs_code: str = ""
    description: str = ""
    gross_weight_kg: float | None = None
    value: Decimal | None = None
    currency: str = ""
    country_of_origin: str = ""

    def done(self) -> GoodsLine:
        """The immutable goods line, once its group has ended."""
        return GoodsLine(
            self.hs_code,
            self.description,
            self.packages,
            self.package_type,
            self.gross_weight_kg,
            self.value,
            self.currency,
            self.country_of_origin,
        )


@dataclass(slots=True)
class Consignment:
    """One CNI group being read: its segments (kept for the quarantine) and the bill taking shape."""

    locator: str
    cni: Elements
    segments: list[tuple[str, Elements]] = field(default_factory=list)
    references: dict[str, str] = field(default_factory=dict)
    ports: dict[str, str] = field(default_factory=dict)
    parties: list[Party] = field(default_factory=list)
    goods: list[_GoodsDraft] = field(default_factory=list)
    containers: list[tuple[str, str, list[str]]] = field(default_factory=list)
    current: str = ""
    filed_at: datetime | None = None
    problem: FieldProblem | None = None

    def see(self, tag: str, elements: Elements) -> None:
        """Collects one segment of the group; the first unreadable value quarantines the consignment."""
        self.segments.append((tag, elements))
        if self.problem is not None:
            return
        try:
            self._see(tag, elements)
        except FieldProblem as problem:
            self.problem = problem

    def _see(self, tag: str, elements: Elements) -> None:
        qualifier = _at(elements, 0)
        if tag == "GID":
            self._start_goods(elements)
        elif tag in ("EQD", "SEL"):
            self._equipment(tag, elements)
        elif self.current == "GID" and (tag in _GOODS_DETAIL or (tag == "LOC" and qualifier == ORIGIN)):
            self._goods_detail(tag, qualifier, elements)
        elif tag == "RFF":
            self.references[qualifier] = component(_get(elements, 0), 1)
        elif tag == "LOC":
            self.ports[qualifier] = component(_get(elements, 1)).strip().upper()
        elif tag == "NAD" and qualifier in _ROLE_OF:
            self.parties.append(_party(_ROLE_OF[qualifier], elements))
        elif tag == "DTM" and qualifier == DOCUMENT_DATE:
            self.filed_at = edifact_time(elements[0], "DTM+137")

    def _equipment(self, tag: str, elements: Elements) -> None:
        """EQD opens a container (C237 number, C224 size/type); SEL adds a seal number to it."""
        if tag == "EQD":
            self.current = "EQD"
            number, size_type = _at(elements, 1).strip().upper(), _at(elements, 2).strip().upper()
            self.containers.append((number, size_type, []))
        elif self.current == "EQD":
            self.containers[-1][2].append(_at(elements, 0))

    def _start_goods(self, elements: Elements) -> None:
        self.current = "GID"
        where = f"GID (goods item {len(self.goods) + 1})"
        packages = parse_int(component(_get(elements, 1), 0), where)
        self.goods.append(_GoodsDraft(packages, component(_get(elements, 1), 1)))

    def _goods_detail(self, tag: str, qualifier: str, elements: Elements) -> None:
        line, item = self.goods[-1], len(self.goods)
        if tag == "PIA":
            line.hs_code = component(_get(elements, 1)).strip()
        elif tag == "FTX" and qualifier == "AAA":
            line.description = " ".join(_parts(elements, 3))
        elif tag == "MEA" and _at(elements, 1) == "G":
            unit, amount = component(_get(elements, 2), 0), component(_get(elements, 2), 1)
            where = f"MEA+{qualifier} (goods item {item})"
            if unit not in _KILOGRAMS_PER:
                raise FieldProblem(where, f"weight unit {unit!r} is not KGM, TNE or LBR")
            weight = parse_float(_number(amount), where)
            line.gross_weight_kg = None if weight is None else weight * _KILOGRAMS_PER[unit]
        elif tag == "MOA":
            money = _get(elements, 0)
            line.value = parse_decimal(_number(component(money, 1)), f"MOA+{qualifier} (goods item {item})")
            line.currency = component(money, 2).strip().upper()
        elif tag == "LOC":
            line.country_of_origin = component(_get(elements, 1)).strip().upper()

    def bill(self, header: Header) -> BillOfLading:
        """The bill this consignment describes, with the header's voyage and its own overrides."""
        number = component(_get(self.cni, 1)) or self.references.get("BM") or self.references.get("BH", "")
        ports = header.ports | self.ports
        voyage = Voyage(
            carrier=header.carrier,
            vessel_name=header.vessel_name,
            voyage_number=header.voyage_number,
            port_of_loading=ports.get(LOADING) or ports.get(DEPARTURE_PLACE, ""),
            port_of_discharge=ports.get(DISCHARGE, ""),
            departure=header.departure,
            arrival=header.arrival,
            vessel_imo=header.vessel_imo,
            place_of_receipt=ports.get(RECEIPT, ""),
        )
        house = "BH" in self.references
        return BillOfLading(
            bill_number=number.strip(),
            bill_type=BillType.HOUSE if house else BillType.MASTER,
            voyage=voyage,
            parties=tuple(self.parties),
            containers=tuple(
                Container(number, kind, tuple(seals)) for number, kind, seals in self.containers
            ),
            goods=tuple(draft.done() for draft in self.goods),
            filed_at=self.filed_at or header.filed_at,
            master_bill=self.references.get("MB", "").strip(),
        )

    def judge(self, header: Header) -> Outcome:
        """Accepted with flags or quarantined; raises FieldProblem for a value that could not be read."""
        problem = self.problem or header.problem
        if problem is not None:
            raise problem
        outcome = judge(self.bill(header), self.locator, "", names=_NAMES)
        return replace(outcome, raw=self.raw()) if isinstance(outcome, Quarantine) else outcome

    def raw(self) -> str:
        """The consignment's segments as EDIFACT text, for the officer inspecting the quarantine."""
        return edifact_raw([("CNI", self.cni), *self.segments])


def edifact_raw(segments: list[tuple[str, Elements]]) -> str:
    """Segments as EDIFACT text with default service characters and releases where needed."""
    return "".join(f"{tag}+{'+'.join(_element_text(e) for e in elements)}'\n" for tag, elements in segments)


def _element_text(element: str | list[str]) -> str:
    parts = [element] if isinstance(element, str) else element
    return ":".join(_release(part) for part in parts)


def _release(text: str) -> str:
    return text.replace("?", "??").replace("+", "?+").replace(":", "?:").replace("'", "?'")
