"""The fast segment splitter gives exactly what pydifact's tokenizer gives, for any segments and any
service characters, so pydifact stays the authority on EDIFACT syntax."""

from __future__ import annotations

import io
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pydifact.control.characters import Characters
from pydifact.parser import Parser, TokenIterator
from pydifact.tokenizer import Tokenizer

from greenlane.cargo.cuscar_syntax import component, split_segments

_SERVICE = st.sampled_from([":+.? '", ":+,? '", "*|.\\ ~", ":+.?*'"])
_TEXT = st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=10)
_SEGMENTS = st.lists(
    st.tuples(
        st.sampled_from(["UNB", "NAD", "FTX", "GID", "MEA", "LOC", "EQD"]),
        st.lists(st.one_of(_TEXT, st.lists(_TEXT, min_size=2, max_size=4)), min_size=1, max_size=6),
    ),
    min_size=1,
    max_size=6,
)


def _serialise(segments: list[tuple[str, list[Any]]], service: str, breaks: bool) -> str:
    part, data, _, release, _, terminator = service
    specials = (release, part, data, terminator)

    def released(text: str) -> str:
        return "".join(release + c if c in specials else c for c in text)

    lines = []
    for tag, elements in segments:
        texts = [released(e) if isinstance(e, str) else part.join(map(released, e)) for e in elements]
        lines.append(data.join([tag, *texts]) + terminator + ("\n" if breaks else ""))
    return f"UNA{service}" + "".join(lines)


def _normalised(elements: list[Any]) -> list[list[str]]:
    """Both readers agree up to trailing empty components, which EDIFACT says carry nothing."""
    result = []
    for element in elements:
        parts = [element] if isinstance(element, str) else list(element)
        while len(parts) > 1 and parts[-1] == "":
            parts.pop()
        result.append(parts)
    return result


def _pydifact(text: str, service: str) -> list[tuple[str, list[list[str]]]]:
    characters = Characters.from_str(service)
    body = text[9:].lstrip("\r\n")
    tokens = TokenIterator(Tokenizer().get_tokens(body, characters))
    raw = Parser(characters=characters).convert_tokens_to_raw_segments(tokens)
    return [(segment[0], _normalised(segment[1:])) for segment in raw]  # type: ignore[misc]


@settings(deadline=None, max_examples=150)
@given(_SEGMENTS, _SERVICE, st.booleans())
def test_split_segments_agrees_with_pydifact(
    segments: list[tuple[str, list[Any]]], service: str, breaks: bool
) -> None:
    text = _serialise(segments, service, breaks)
    ours = [(tag, _normalised(elements)) for tag, elements in split_segments(io.StringIO(text))]
    assert ours == _pydifact(text, service)


def test_a_segment_split_across_read_chunks_is_read_whole() -> None:
    long_name = "N" * 70_000 + "?'" + "M" * 10
    text = f"UNA:+.? 'NAD+CZ++{long_name}'FTX+AAA+++after'"
    segments = list(split_segments(io.StringIO(text)))
    assert segments[0][1][2] == "N" * 70_000 + "'" + "M" * 10
    assert segments[1] == ("FTX", ["AAA", "", "", "after"])


def test_component_reads_simple_and_composite_elements() -> None:
    assert component("CN") == "CN"
    assert component("CN", 1) == ""
    assert component(["KGM", "12.5"], 1) == "12.5"
    assert component(["KGM"], 3) == ""
    assert component(None) == ""


def test_a_released_terminator_on_a_read_chunk_boundary_stays_data() -> None:
    from greenlane.cargo.cuscar_syntax import _CHUNK

    prefix = "UNA:+.? 'FTX+AAA+++"
    filler = "x" * (_CHUNK - len(prefix) - 1)  # the release character is the chunk's last character
    text = f"{prefix}{filler}?'tail'GID+1'"
    segments = list(split_segments(io.StringIO(text)))
    assert segments[0][1][3] == filler + "'tail"
    assert segments[1] == ("GID", ["1"])
