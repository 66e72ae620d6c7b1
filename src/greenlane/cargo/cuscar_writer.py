"""Writing bills as a UN/EDIFACT CUSCAR interchange, the way a carrier transmits its cargo report:
consecutive bills of the same sailing share one message (voyage header TDT/LOC/DTM/NAD+CA, then one CNI
group per bill), and a message is closed after a bounded number of consignments so no reader has to
hold a huge one. Output is deterministic: no clock is read unless the caller passes `prepared_at`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from pydifact.control.characters import Characters
from pydifact.serializer import Serializer

from greenlane.cargo.cuscar_mapping import (
    ARRIVALS,
    DEPARTURES,
    DISCHARGE,
    DOCUMENT_DATE,
    LOADING,
    NAD_QUALIFIERS,
    ORIGIN,
    RECEIPT,
)
from greenlane.cargo.cuscar_syntax import DEFAULT_SERVICE_CHARACTERS
from greenlane.cargo.records import BillOfLading, BillType, GoodsLine, Party, Voyage
from greenlane.cargo.sources import Target, TextSink

__all__ = ["CuscarWriter", "write_cuscar"]

Element = str | list[str]
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class CuscarWriter:
    """Streams bills into one interchange. `directory` is the UNH release (D:95B by default), `charset`
    the syntax identifier: UNOC (Latin-1, the file is written in Latin-1) or UNOW (UTF-8); `line_breaks`
    puts each segment on its own line, as many senders do."""

    def __init__(
        self,
        target: Target,
        *,
        directory: str = "D:95B",
        charset: str = "UNOC",
        sender: str = "GREENLANE",
        recipient: str = "CUSTOMS",
        reference: str = "1",
        prepared_at: datetime | None = None,
        line_breaks: bool = True,
        una: bool = True,
        per_message: int = 500,
    ) -> None:
        if charset not in ("UNOC", "UNOW"):
            raise ValueError("charset must be UNOC (Latin-1) or UNOW (UTF-8)")
        self._sink = TextSink(target, encoding="latin-1" if charset == "UNOC" else "utf-8", newline="\n")
        self._serializer = Serializer(Characters.from_str(DEFAULT_SERVICE_CHARACTERS))
        self._directory = directory.split(":")
        self._charset, self._sender, self._recipient = charset, sender, recipient
        self._reference, self._prepared_at = reference, prepared_at
        self._break = "\n" if line_breaks else ""
        self._una, self._per_message = una, per_message
        self._started = False
        self._sailing: tuple[object, ...] | None = None
        self._messages = self._segments = self._in_message = 0
        self.goods_lines = 0

    def write(self, bill: BillOfLading) -> None:
        """Adds the bill as a consignment, opening a new message for a new sailing or a full message."""
        if not self._started:
            self._start(bill.filed_at)
        sailing = _sailing(bill.voyage)
        if sailing != self._sailing or self._in_message >= self._per_message:
            self._close_message()
            self._open_message(bill.voyage)
            self._sailing = sailing
        self._in_message += 1
        self._consignment(bill)
        self.goods_lines += len(bill.goods)

    def close(self) -> None:
        """Closes the last message and the interchange (UNZ); an empty interchange is still well formed."""
        if not self._started:
            self._start(None)
        self._close_message()
        self._segment("UNZ", str(self._messages), self._reference)
        self._sink.close()

    def __enter__(self) -> CuscarWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self, first_filed: datetime | None) -> None:
        self._started = True
        moment = (self._prepared_at or first_filed or _EPOCH).astimezone(UTC)
        if self._una:
            self._sink.stream.write(f"UNA{DEFAULT_SERVICE_CHARACTERS}{self._break}")
        stamp = [moment.strftime("%y%m%d"), moment.strftime("%H%M")]
        syntax = [self._charset, "4" if self._charset == "UNOW" else "3"]  # UNOW exists from syntax 4
        self._segment("UNB", syntax, self._sender, self._recipient, stamp, self._reference)

    def _open_message(self, voyage: Voyage) -> None:
        self._messages += 1
        self._segments = self._in_message = 0
        reference = str(self._messages)
        self._segment("UNH", reference, ["CUSCAR", *self._directory, "UN"][:4])
        self._segment("BGM", "85", f"{self._reference}-{reference}", "9")
        if self._prepared_at is not None:
            self._segment("DTM", _dtm(DOCUMENT_DATE, self._prepared_at))
        self._segment("NAD", "CA", [voyage.carrier, "172", "20"])
        # TDT+20 (main carriage)+voyage+1 (sea)++C040 carrier+++C222 IMO number and vessel name.
        imo = voyage.vessel_imo
        transport = [imo, "146" if imo else "", "11" if imo else "", voyage.vessel_name]
        carrier = [voyage.carrier, "172", "20"]
        self._segment("TDT", "20", voyage.voyage_number, "1", "", carrier, "", "", transport)
        for qualifier, code in ((LOADING, voyage.port_of_loading), (DISCHARGE, voyage.port_of_discharge)):
            if code:
                self._segment("LOC", qualifier, [code, "139", "6"])
        if voyage.departure is not None:
            self._segment("DTM", _dtm(DEPARTURES[0], voyage.departure))
        if voyage.arrival is not None:
            self._segment("DTM", _dtm(ARRIVALS[0], voyage.arrival))

    def _close_message(self) -> None:
        if self._sailing is None:
            return
        self._segment("UNT", str(self._segments + 1), str(self._messages))
        self._sailing = None

    def _consignment(self, bill: BillOfLading) -> None:
        voyage = bill.voyage
        self._segment("CNI", str(self._in_message), bill.bill_number)
        if bill.filed_at is not None:
            self._segment("DTM", _dtm(DOCUMENT_DATE, bill.filed_at))
        self._segment("RFF", ["BH" if bill.bill_type is BillType.HOUSE else "BM", bill.bill_number])
        if bill.master_bill:
            self._segment("RFF", ["MB", bill.master_bill])
        for qualifier, code in ((RECEIPT, voyage.place_of_receipt), (LOADING, voyage.port_of_loading)):
            if code:
                self._segment("LOC", qualifier, [code, "139", "6"])
        if voyage.port_of_discharge:
            self._segment("LOC", DISCHARGE, [voyage.port_of_discharge, "139", "6"])
        for party in bill.parties:
            self._party(party)
        for number, line in enumerate(bill.goods, start=1):
            self._goods(number, line)
        for container in bill.containers:
            self._segment("EQD", "CN", container.number, container.size_type)
            for seal in container.seals:
                self._segment("SEL", seal)

    def _party(self, party: Party) -> None:
        # NAD+qualifier+id++name+street+city+subdivision+postcode+country; whole texts, no 35-character cut.
        qualifier, blank = NAD_QUALIFIERS[party.role], ""
        name, address, country = party.name, party.address, party.country
        self._segment("NAD", qualifier, party.identifier, blank, name, address, blank, blank, blank, country)

    def _goods(self, number: int, line: GoodsLine) -> None:
        packages = "" if line.packages is None else str(line.packages)
        self._segment("GID", str(number), [packages, line.package_type])
        if line.hs_code:
            self._segment("PIA", "5", [line.hs_code, "HS"])
        if line.description:
            self._segment("FTX", "AAA", "", "", line.description)
        if line.gross_weight_kg is not None:
            self._segment("MEA", "AAE", "G", ["KGM", _plain(line.gross_weight_kg)])
        if line.value is not None or line.currency:
            amount = "" if line.value is None else _plain(line.value)
            self._segment("MOA", ["39", amount, line.currency])
        if line.country_of_origin:
            self._segment("LOC", ORIGIN, line.country_of_origin)

    def _escape(self, text: str) -> str:
        # Most values hold no service character; skip pydifact's regex for them (writing is a hot path).
        if "?" in text or ":" in text or "+" in text or "'" in text:
            return self._serializer.escape(text)
        return text

    def _segment(self, tag: str, *elements: Element) -> None:
        escape = self._escape
        texts = [escape(e) if isinstance(e, str) else ":".join(map(escape, _trimmed(e))) for e in elements]
        while texts and not texts[-1]:
            texts.pop()
        self._sink.stream.write(f"{tag}+{'+'.join(texts)}'{self._break}" if texts else f"{tag}'{self._break}")
        self._segments += 1


def _trimmed(components: list[str]) -> list[str]:
    # Trailing empty components are left out, before escaping so a released separator is never cut.
    end = len(components)
    while end and not components[end - 1]:
        end -= 1
    return components[:end]


def write_cuscar(bills: Iterable[BillOfLading], target: Target, **options: Any) -> int:
    """Writes the bills as one CUSCAR interchange and returns the number of goods lines written.
    Options are CuscarWriter's keyword arguments."""
    with CuscarWriter(target, **options) as writer:
        for bill in bills:
            writer.write(bill)
        return writer.goods_lines


def _sailing(voyage: Voyage) -> tuple[object, ...]:
    """Bills share a message when they share the voyage header (the place of receipt is per bill)."""
    return (
        voyage.carrier,
        voyage.vessel_name,
        voyage.vessel_imo,
        voyage.voyage_number,
        voyage.port_of_loading,
        voyage.port_of_discharge,
        voyage.departure,
        voyage.arrival,
    )


def _dtm(qualifier: str, moment: datetime) -> list[str]:
    moment = moment.astimezone(UTC)
    if moment.second or moment.microsecond:
        return [qualifier, moment.strftime("%Y%m%d%H%M%S"), "204"]
    return [qualifier, moment.strftime("%Y%m%d%H%M"), "203"]


def _plain(number: float | Decimal) -> str:
    """Decimal notation without exponent (EDIFACT has none), still converting back to the same value."""
    if isinstance(number, float):
        text = repr(number)
        return text if "e" not in text else format(Decimal(text), "f")
    return format(number, "f")
