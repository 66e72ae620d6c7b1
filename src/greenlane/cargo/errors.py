"""Whole-file failures. A bad record is quarantined and the rest of the file still goes in, but a file that
cannot be read at all (wrong header, broken or truncated EDIFACT interchange) must stop the caller from
storing anything from it, so it raises one of these instead."""

from __future__ import annotations

from greenlane.core.errors import GreenlaneError

__all__ = ["FormatError", "InterchangeError"]


class FormatError(GreenlaneError):
    """The file is not in the format it claims to be (for instance a CSV without the contract header)."""

    code = "format_error"


class InterchangeError(FormatError):
    """An EDIFACT interchange that is unreadable or truncated: missing UNZ or UNT, a count that does not
    match, or text that is not EDIFACT. Names the message (1-based position in the interchange, 0 for the
    envelope) and the segment where reading stopped, so the sender can be told exactly what to fix."""

    code = "interchange_error"

    def __init__(self, reason: str, *, message: int, segment: str) -> None:
        where = f"message {message}" if message else "interchange envelope"
        super().__init__(f"unreadable CUSCAR interchange ({where}, segment {segment}): {reason}")
        self.reason = reason
        self.message_number = message
        self.segment = segment
