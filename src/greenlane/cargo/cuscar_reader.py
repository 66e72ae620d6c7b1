"""Reading UN/EDIFACT CUSCAR (customs cargo report) into bills of lading. The voyage header (TDT, LOC,
DTM, NAD+CA) applies to every consignment of the message; each consignment group starting at CNI maps
RFF, LOC, NAD, GID (with PIA, FTX, MEA, MOA, LOC+27), EQD and SEL to one bill. The full mapping is in
docs/manifest-formats.md. A consignment that cannot be mapped is quarantined ("message 3 consignment
2"); an interchange that cannot be read raises InterchangeError. Outcomes of a message are released
only after its UNT has been checked, so memory holds one message; a caller that must store nothing
from a broken interchange consumes the reader inside one transaction (the UNZ check comes last)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from greenlane.cargo.cuscar_mapping import Consignment, Header
from greenlane.cargo.cuscar_syntax import message_segments
from greenlane.cargo.records import Outcome
from greenlane.cargo.sources import Source, open_source
from greenlane.cargo.validation import FieldProblem, quarantine

__all__ = ["SUPPORTED_DIRECTORIES", "check_interchange", "read_cuscar"]

# Directory releases the mapping is tested against; others of the form D:NNX are read the same way
# because every segment used here is unchanged across them.
SUPPORTED_DIRECTORIES = ("D:95B", "D:96B", "D:98A", "D:99B", "D:03B")


def read_cuscar(source: Source) -> Iterator[Outcome]:
    """Streams an interchange, yielding an accepted record or a quarantine per consignment."""
    with open_source(source, encoding=_encoding(source)) as stream:
        header = Header()
        consignment: Consignment | None = None
        done: list[Outcome] = []
        for message, tag, elements in message_segments(stream):
            if tag == "UNH":
                header, consignment, done = Header(), None, []
            elif tag == "UNT":
                if consignment is not None:
                    done.append(_judge(consignment, header))
                yield from done
            elif tag == "CNI":
                if consignment is not None:
                    done.append(_judge(consignment, header))
                number = len(done) + 1
                consignment = Consignment(f"message {message} consignment {number}", elements)
            elif consignment is None:
                header.see(tag, elements)
            else:
                consignment.see(tag, elements)


def check_interchange(source: Source) -> int:
    """Reads the envelope only and returns the number of messages; raises InterchangeError when the
    interchange is unreadable. For callers that cannot roll back and must check before storing."""
    messages = 0
    with open_source(source, encoding=_encoding(source)) as stream:
        for _, tag, _ in message_segments(stream):
            messages += tag == "UNH"
    return messages


def _judge(consignment: Consignment, header: Header) -> Outcome:
    try:
        return consignment.judge(header)
    except FieldProblem as problem:
        return quarantine(problem, consignment.locator, consignment.raw())


def _encoding(source: Source) -> str:
    """Syntax identifiers UNOW/UNOY declare UTF-8; UNOA..UNOK are single-byte sets read as Latin-1,
    which never fails to decode (a path only: an open stream is already decoded by its owner)."""
    if not isinstance(source, str | Path):
        return "utf-8"
    with open(source, "rb") as raw:
        start = raw.read(512)
    return "utf-8" if b"UNOW" in start or b"UNOY" in start else "latin-1"
