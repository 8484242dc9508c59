"""The one place that turns exceptions into HTTP answers in the error envelope."""

from __future__ import annotations

import logging
from typing import Any

import falcon
from eventsourcing.persistence import IntegrityError, OperationalError

from api.envelope import error_body
from domain.errors import (
    BadRequest,
    Conflict,
    DomainError,
    Forbidden,
    Invalid,
    NotFound,
    PreconditionFailed,
    Throttled,
    Unauthenticated,
)

log = logging.getLogger("pairsec.api")


class PayloadTooLarge(DomainError):
    code = "payload_too_large"


class UnsupportedMediaType(DomainError):
    code = "unsupported_media_type"


class Unavailable(DomainError):
    code = "unavailable"


_STATUS: dict[type[DomainError], int] = {
    BadRequest: 400,
    Unauthenticated: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    PreconditionFailed: 412,
    PayloadTooLarge: 413,
    UnsupportedMediaType: 415,
    Invalid: 422,
    Throttled: 429,
    Unavailable: 503,
}

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    412: "precondition_failed",
    411: "length_required",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "unprocessable",
    429: "rate_limited",
}


def _send(
    resp: falcon.Response, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
) -> None:
    resp.status = status
    resp.media = body
    resp.complete = True
    for name, value in (headers or {}).items():
        resp.set_header(name, value)


def handle_domain_error(req: falcon.Request, resp: falcon.Response, exc: DomainError, params: Any) -> None:
    status = next((code for kind, code in _STATUS.items() if isinstance(exc, kind)), 400)
    headers: dict[str, str] = {}
    if isinstance(exc, Unauthenticated):
        headers["WWW-Authenticate"] = 'Bearer realm="pairsec", ApiKey realm="pairsec"'
    if isinstance(exc, Throttled):
        headers["Retry-After"] = str(exc.retry_after)
    _send(resp, status, error_body(status, exc.message, exc.code, exc.details), headers)


def handle_http_error(req: falcon.Request, resp: falcon.Response, exc: falcon.HTTPError, params: Any) -> None:
    status = exc.status_code
    if status == 404:
        message = "no such resource"
    elif status == 405:
        message = f"method {req.method} is not allowed here"
    else:
        message = exc.title or "request failed"
    details = exc.description if status not in (404, 405) else None
    _send(resp, status, error_body(status, message, _HTTP_CODES.get(status, "error"), details), exc.headers)


def handle_conflict(req: falcon.Request, resp: falcon.Response, exc: IntegrityError, params: Any) -> None:
    body = error_body(409, "the resource was changed by another request; try again", "conflict")
    _send(resp, 409, body)


def handle_unavailable(req: falcon.Request, resp: falcon.Response, exc: Exception, params: Any) -> None:
    log.warning("database unavailable: %s", type(exc).__name__)
    _send(
        resp,
        503,
        error_body(503, "the database is unavailable; try again shortly", "unavailable"),
        {"Retry-After": "5"},
    )


def handle_unexpected(req: falcon.Request, resp: falcon.Response, exc: Exception, params: Any) -> None:
    if isinstance(exc, falcon.HTTPError):
        handle_http_error(req, resp, exc, params)
        return
    correlation_id = getattr(req.context, "request_id", None) or "unknown"
    log.exception("unhandled error in %s %s (correlation id %s)", req.method, req.path, correlation_id)
    body = error_body(500, "internal error", "internal_error", {"correlation_id": correlation_id})
    _send(resp, 500, body)


def register_error_handlers(app: falcon.App) -> None:
    # Falcon picks the most specific handler for an exception's class.
    app.add_error_handler(Exception, handle_unexpected)
    app.add_error_handler(falcon.HTTPError, handle_http_error)
    app.add_error_handler(DomainError, handle_domain_error)
    app.add_error_handler(IntegrityError, handle_conflict)
    app.add_error_handler(OperationalError, handle_unavailable)
