"""Domain errors. They carry what went wrong in business words and never an HTTP status: the web edge
maps them to responses in one place, and the CLI prints them as a one-line message with exit code 2."""

from __future__ import annotations


class GreenlaneError(Exception):
    """Base of every error a user can cause; anything else is a bug and may show a traceback."""

    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(GreenlaneError):
    code = "not_found"


class Conflict(GreenlaneError):
    code = "conflict"


class PermissionDenied(GreenlaneError):
    code = "permission_denied"


class NotAuthenticated(GreenlaneError):
    code = "not_authenticated"


class InvalidTransition(GreenlaneError):
    code = "invalid_transition"


class RateLimited(GreenlaneError):
    code = "rate_limited"


class ValidationFailed(GreenlaneError):
    """Bad input, naming the record and the field so the user can find and fix it."""

    code = "validation_failed"

    def __init__(self, message: str, *, field: str | None = None, record: str | None = None) -> None:
        where = ", ".join(
            part for part in (f"record {record}" if record else "", f"field {field}" if field else "") if part
        )
        super().__init__(f"{where}: {message}" if where else message)
        self.field = field
        self.record = record
