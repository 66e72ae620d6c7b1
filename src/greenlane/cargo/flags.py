"""Flags: findings that do not stop a record but deserve an officer's eye, later fed to the risk engine.
Three rules from advance cargo practice: the 24-hour rule (the manifest must reach customs at least 24
hours before the container is loaded abroad), goods descriptions too vague to target ("FAK", "said to
contain", "chemicals"...), and container numbers whose ISO 6346 check digit is wrong."""

from __future__ import annotations

import re
from datetime import timedelta
from functools import lru_cache

from greenlane.cargo.iso6346 import check_digit, is_well_formed
from greenlane.cargo.records import BillOfLading, Container, Flag, FlagCode

__all__ = ["LATE_FILING_MARGIN", "VAGUE_TERMS", "container_flag", "flags_for", "is_vague", "late_filing_flag"]

LATE_FILING_MARGIN = timedelta(hours=24)

# Descriptions customs does not accept as precise on their own (CBP's examples of unacceptable
# descriptions under the 24-hour rule, plus common variants). Each is matched as whole words.
VAGUE_TERMS = (
    "freight of all kinds",
    "fak",
    "general cargo",
    "general merchandise",
    "said to contain",
    "stc",
    "consolidated cargo",
    "consolidated",
    "consol",
    "chemicals",
    "chemical",
    "industrial chemicals",
    "foodstuffs",
    "foodstuff",
    "food stuffs",
    "parts",
    "spare parts",
    "auto parts",
    "accessories",
    "equipment",
    "machinery",
    "electronics",
    "apparel",
    "textiles",
    "household goods",
    "appliances",
    "merchandise",
    "goods",
    "cargo",
    "various",
    "misc",
    "miscellaneous",
    "sundries",
    "assorted",
    "mixed",
    "items",
    "products",
)

# Words that say nothing about the goods themselves: counts, packaging, joining words.
_FILLER = (
    "of",
    "and",
    "the",
    "for",
    "in",
    "x",
    "pcs",
    "pieces",
    "pkgs",
    "packages",
    "cartons",
    "ctns",
    "pallets",
    "plts",
    "boxes",
    "bags",
    "crates",
    "drums",
    "units",
    "containers",
    "container",
)

_WORDS = "|".join(re.escape(term) for term in sorted((*VAGUE_TERMS, *_FILLER), key=len, reverse=True))
# A description is vague when, read as words, it contains nothing but vague terms, fillers, numbers and
# punctuation. One character or one whole term per step keeps the match linear in the text length.
_ONLY_VAGUE = re.compile(rf"(?:[\W\d_]|\b(?:{_WORDS})\b)*", re.IGNORECASE)
# Fast rejection: most descriptions contain some word that appears in no vague term at all.
_LETTER_RUNS = re.compile(r"[^\W\d_]+")
_VOCABULARY = frozenset(word for term in (*VAGUE_TERMS, *_FILLER) for word in term.split())


def is_vague(description: str) -> bool:
    """True when the description names no actual goods (an empty description is vague too). Short
    descriptions are cached: manifests repeat the same ones endlessly; the cache is bounded in entries
    and, by the length limit, in memory."""
    if len(description) <= 200:
        return _is_vague_cached(description)
    return _is_vague(description)


@lru_cache(maxsize=4096)
def _is_vague_cached(description: str) -> bool:
    return _is_vague(description)


def _is_vague(description: str) -> bool:
    if not _VOCABULARY.issuperset(_LETTER_RUNS.findall(description.lower())):
        return False
    return _ONLY_VAGUE.fullmatch(description) is not None


def late_filing_flag(bill: BillOfLading) -> Flag | None:
    """Filed less than 24 hours before loading (or after it). Needs both times; otherwise no finding."""
    departure, filed = bill.voyage.departure, bill.filed_at
    if departure is None or filed is None:
        return None
    margin = departure - filed
    if margin >= LATE_FILING_MARGIN:
        return None
    hours = margin.total_seconds() / 3600
    return Flag(FlagCode.LATE_FILING, f"filed {hours:.1f} hours before loading; at least 24 are required")


def container_flag(container: Container) -> Flag | None:
    """A container number that is not ISO 6346 or whose check digit does not match."""
    number = container.number
    if not is_well_formed(number):
        return Flag(FlagCode.CONTAINER_CHECK_DIGIT, f"{number!r} is not an ISO 6346 container number")
    expected = check_digit(number[:10])
    if expected != int(number[10]):
        detail = f"{number}: check digit {number[10]}, expected {expected}"
        return Flag(FlagCode.CONTAINER_CHECK_DIGIT, detail)
    return None


def flags_for(bill: BillOfLading, *, descriptions: bool = True) -> tuple[Flag, ...]:
    """All findings for a bill, in a stable order: filing time, then goods lines, then containers.
    `descriptions=False` is for sources that carry no goods description at all (customs declarations)."""
    found: list[Flag] = []
    late = late_filing_flag(bill)
    if late is not None:
        found.append(late)
    if descriptions:
        for index, line in enumerate(bill.goods, start=1):
            if is_vague(line.description):
                detail = f"goods line {index}: {line.description!r} does not say what the goods are"
                found.append(Flag(FlagCode.VAGUE_DESCRIPTION, detail))
    for container in bill.containers:
        flag = container_flag(container)
        if flag is not None:
            found.append(flag)
    return tuple(found)
