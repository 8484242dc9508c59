"""Per-request plumbing: a request id, one log line with latency, security headers, and provenance.

The provenance (who, which request) is what the event store stamps on the events a request saves;
the same request id is in the response's X-Request-ID and in the request's log line.
"""

from __future__ import annotations

import logging
import re
import time

import falcon

from api.envelope import new_request_id
from commands.provenance import ANONYMOUS_ACTOR, reset_provenance, set_provenance

log = logging.getLogger("pairsec.access")
_SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Cache-Control": "no-store",
}


class RequestProvenance:
    """The request's id and its caller, read when an event is saved (after authentication ran)."""

    def __init__(self, req: falcon.Request) -> None:
        self._req = req

    @property
    def request_id(self) -> str | None:
        return getattr(self._req.context, "request_id", None)

    @property
    def actor(self) -> str:
        principal = getattr(self._req.context, "principal", None)
        return principal.actor if principal is not None else ANONYMOUS_ACTOR


class RequestContextMiddleware:
    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        supplied = req.get_header("X-Request-ID") or ""
        req.context.request_id = supplied if _SANE_REQUEST_ID.match(supplied) else new_request_id()
        req.context.started = time.perf_counter()
        req.context.provenance_token = set_provenance(RequestProvenance(req))

    def process_response(
        self, req: falcon.Request, resp: falcon.Response, resource: object, req_succeeded: bool
    ) -> None:
        request_id = getattr(req.context, "request_id", "")
        resp.set_header("X-Request-ID", request_id)
        token = getattr(req.context, "provenance_token", None)
        if token is not None:
            reset_provenance(token)
            req.context.provenance_token = None
        # The dashboard's pages set their own policy (api/dashboard); every API answer gets this one.
        for name, value in getattr(req.context, "security_headers", SECURITY_HEADERS).items():
            resp.set_header(name, value)
        if log.isEnabledFor(logging.INFO):
            started = getattr(req.context, "started", time.perf_counter())
            principal = getattr(req.context, "principal", None)
            log.info(
                "request",
                extra={
                    "request_id": request_id,
                    "method": req.method,
                    "path": req.path,
                    "status": resp.status_code if hasattr(resp, "status_code") else resp.status,
                    "latency_ms": round((time.perf_counter() - started) * 1000, 2),
                    "user_id": str(principal.user_id) if principal else None,
                    "actor": principal.actor if principal else None,
                },
            )
