"""Domain errors: one base class, one subclass per kind the API maps to an HTTP status."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error a command or query raises on purpose."""

    code = "domain_error"

    def __init__(self, message: str, details: object = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class BadRequest(DomainError):
    """Malformed request: bad JSON, wrong types, unknown or missing fields or parameters (400)."""

    code = "validation_error"


class PreconditionFailed(DomainError):
    """The client's If-Match version is no longer the current one (412)."""

    code = "precondition_failed"


class NotFound(DomainError):
    code = "not_found"


class Invalid(DomainError):
    """Well-formed input that breaks a rule (422)."""

    code = "unprocessable"


class Conflict(DomainError):
    code = "conflict"


class Unauthenticated(DomainError):
    code = "unauthenticated"


class Forbidden(DomainError):
    code = "forbidden"


class Throttled(DomainError):
    code = "rate_limited"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
