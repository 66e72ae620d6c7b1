"""UN/EDIFACT syntax for CUSCAR interchanges: the service string advice (UNA), segments split into data
elements and components with the release character honoured, and the envelope checks (UNB/UNZ,
UNH/UNT, reference and count agreement) that decide whether an interchange is readable at all.

pydifact is the syntax authority: it reads the UNA, and its tokenizer parses every segment that uses
the release character. Segments without a release character (nearly all of them) are split with plain
string operations, which give exactly what pydifact gives for them (a property test holds the two
together) about nine times faster; see docs/decisions/0202-cuscar-syntax-fast-path.md.
The text is read in chunks, so memory holds one chunk and one segment, never the interchange."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TextIO

from pydifact.control.characters import Characters
from pydifact.exceptions import EDISyntaxError
from pydifact.parser import Parser, TokenIterator
from pydifact.tokenizer import Tokenizer

from greenlane.cargo.errors import InterchangeError

__all__ = [
    "DEFAULT_SERVICE_CHARACTERS",
    "Element",
    "Elements",
    "component",
    "message_segments",
    "split_segments",
]

Element = str | list[str]
Elements = list[Element]

# Component separator, data separator, decimal mark, release character, reserved, segment terminator:
# the level A defaults that apply when an interchange has no UNA.
DEFAULT_SERVICE_CHARACTERS = ":+.? '"
_CHUNK = 1 << 16
_TAG = re.compile(r"[A-Z][A-Z0-9]{2}")
_LINE_TERMINATORS = " \r\n"
_DIRECTORY = re.compile(r"\d\d[A-Z]")


def component(element: Element | None, index: int = 0) -> str:
    """The index-th component of an element, "" when absent (a simple element is its own component 0)."""
    if element is None:
        return ""
    if isinstance(element, str):
        return element if index == 0 else ""
    return element[index] if index < len(element) else ""


def split_segments(stream: TextIO) -> Iterator[tuple[str, Elements]]:
    """Every segment of the interchange as (tag, elements), in order, UNA excluded. Raises
    InterchangeError (message 0) for text that is not EDIFACT: a bad tag or a broken release sequence."""
    first = stream.read(_CHUNK).lstrip("\ufeff" + _LINE_TERMINATORS)
    characters = Characters.from_str(DEFAULT_SERVICE_CHARACTERS)
    if first.startswith("UNA"):
        if len(first) < 9:
            raise InterchangeError("the UNA service string advice is cut short", message=0, segment="UNA")
        characters = Characters.from_str(first[:9])
        first = first[9:]
    yield from _segments(first, stream, characters)


def _segments(first: str, stream: TextIO, chars: Characters) -> Iterator[tuple[str, Elements]]:
    release, terminator = chars.escape_character, chars.segment_terminator
    data, part = chars.data_separator, chars.component_separator
    pending = first
    while True:
        chunk = stream.read(_CHUNK)
        text = pending + chunk
        if release in text:
            bodies, pending = _cut_released(text, release, terminator)
        else:  # no release character anywhere: every terminator ends a segment
            *bodies, pending = text.split(terminator)
        for body in bodies:
            body = body.lstrip(_LINE_TERMINATORS)
            if release in body:
                yield _with_pydifact(body + terminator, chars)
            else:
                yield _tagged([e.split(part) if part in e else e for e in body.split(data)])
        if not chunk:
            break
    rest = pending.strip(_LINE_TERMINATORS)
    if rest:
        raise InterchangeError("the text ends inside a segment (truncated?)", message=0, segment=rest[:3])


def _cut_released(text: str, release: str, terminator: str) -> tuple[list[str], str]:
    """Segment bodies up to each unreleased terminator, and the unfinished rest. A terminator is
    released when an odd run of release characters stands right before it."""
    bodies: list[str] = []
    start = search = 0
    while True:
        end = text.find(terminator, search)
        if end < 0:
            return bodies, text[start:]
        run, index = 0, end - 1
        while index >= start and text[index] == release:
            run, index = run + 1, index - 1
        search = end + 1
        if run % 2 == 0:
            bodies.append(text[start:end])
            start = search


def _tagged(elements: Elements) -> tuple[str, Elements]:
    tag = elements[0]
    if not isinstance(tag, str) or _TAG.fullmatch(tag) is None:
        shown = tag if isinstance(tag, str) else ":".join(tag)
        raise InterchangeError(f"{shown[:20]!r} is not a segment tag", message=0, segment=shown[:3])
    return tag, elements[1:]


def _with_pydifact(text: str, chars: Characters) -> tuple[str, Elements]:
    try:
        tokens = TokenIterator(Tokenizer().get_tokens(text, chars))
        raw = list(Parser(characters=chars).convert_tokens_to_raw_segments(tokens))
    except EDISyntaxError as error:
        raise InterchangeError(str(error), message=0, segment=text[:3]) from None
    if len(raw) != 1:
        raise InterchangeError("a segment could not be read", message=0, segment=text[:3])
    return _tagged(raw[0])


def message_segments(stream: TextIO) -> Iterator[tuple[int, str, Elements]]:
    """Checks the envelope while streaming and yields (message number, tag, elements) for every segment
    from UNH to UNT inclusive; UNT is yielded only once its count and reference agree. Anything wrong
    with the envelope raises InterchangeError naming the message and the segment."""
    envelope = _Envelope()
    for tag, elements in _located(split_segments(stream), envelope):
        try:
            inside = envelope.see(tag, elements)
        except (IndexError, ValueError) as error:
            raise envelope.fail(f"malformed {tag}: {error}", tag) from None
        if inside:
            yield envelope.message, tag, elements
    envelope.finish()


def _located(segments: Iterator[tuple[str, Elements]], envelope: _Envelope) -> Iterator[tuple[str, Elements]]:
    """Syntax errors are found before the envelope knows the segment; name the open message in them."""
    try:
        yield from segments
    except InterchangeError as error:
        if error.message_number or not envelope.in_message:
            raise
        raise InterchangeError(error.reason, message=envelope.message, segment=error.segment) from None


class _Envelope:
    """The interchange state machine: UNB, then messages (optionally in UNG groups), then UNZ."""

    def __init__(self) -> None:
        self.reference: str | None = None
        self.message = 0
        self.in_message = ""
        self.segments = 0
        self.groups = 0
        self.closed = False
        self.last = ""

    def fail(self, reason: str, tag: str) -> InterchangeError:
        """The error for a broken envelope, naming the open message if there is one."""
        return InterchangeError(reason, message=self.message if self.in_message else 0, segment=tag)

    def see(self, tag: str, elements: Elements) -> bool:
        """Advances the state machine; True when the segment belongs to a message."""
        self.last = tag
        if self.closed:
            raise self.fail("segments follow the interchange trailer UNZ", tag)
        if self.reference is None:
            if tag != "UNB":
                raise self.fail(f"the interchange must start with UNB, not {tag}", tag)
            self.reference = component(elements[4])
            return False
        if self.in_message:
            self.segments += 1
            if tag == "UNT":
                self._close_message(elements)
            elif tag in ("UNH", "UNZ", "UNB"):
                raise self.fail(f"message {self.in_message} has no UNT before {tag}", tag)
            return True
        return self._between_messages(tag, elements)

    def _between_messages(self, tag: str, elements: Elements) -> bool:
        if tag == "UNH":
            self._open_message(elements)
            return True
        if tag in ("UNG", "UNE"):
            self.groups += tag == "UNG"
            return False
        if tag == "UNZ":
            expected = self.groups or self.message
            if component(elements[0]) != str(expected):
                raise self.fail(f"UNZ counts {component(elements[0])} messages but {expected} were sent", tag)
            if len(elements) > 1 and component(elements[1]) != self.reference:
                raise self.fail("UNZ reference does not match UNB", tag)
            self.closed = True
            return False
        raise self.fail(f"{tag} outside a message", tag)

    def _open_message(self, elements: Elements) -> None:
        self.message += 1
        self.in_message = component(elements[0]) or "?"
        self.segments = 1
        kind, version, release = (component(elements[1], i) for i in range(3))
        if kind != "CUSCAR":
            raise self.fail(f"message type {kind!r} is not CUSCAR", "UNH")
        if version != "D" or _DIRECTORY.fullmatch(release) is None:
            raise self.fail(f"directory {version}:{release} is not a UN/EDIFACT directory", "UNH")

    def _close_message(self, elements: Elements) -> None:
        counted, reference = component(elements[0]), component(elements[1])
        if counted != str(self.segments):
            raise self.fail(f"UNT counts {counted} segments but the message has {self.segments}", "UNT")
        if reference != self.in_message:
            raise self.fail(f"UNT reference {reference!r} does not match UNH {self.in_message!r}", "UNT")
        self.in_message = ""

    def finish(self) -> None:
        """At the end of the text: an interchange must have been opened, every message closed, UNZ seen."""
        if self.reference is None:
            raise InterchangeError("no UNB: this is not an EDIFACT interchange", message=0, segment="UNB")
        if self.in_message:
            raise self.fail("the interchange ends inside a message (no UNT)", self.last)
        if not self.closed:
            raise self.fail("the interchange has no UNZ trailer (truncated?)", self.last)
