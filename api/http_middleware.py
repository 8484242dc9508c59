"""Per-request plumbing: a request id, one log line with latency, and security headers."""

from __future__ import annotations

import logging
import re
import time

import falcon

from api.envelope import new_request_id

log = logging.getLogger("pairsec.access")
_SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Cache-Control": "no-store",
}


class RequestContextMiddleware:
    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        supplied = req.get_header("X-Request-ID") or ""
        req.context.request_id = supplied if _SANE_REQUEST_ID.match(supplied) else new_request_id()
        req.context.started = time.perf_counter()

    def process_response(
        self, req: falcon.Request, resp: falcon.Response, resource: object, req_succeeded: bool
    ) -> None:
        request_id = getattr(req.context, "request_id", "")
        resp.set_header("X-Request-ID", request_id)
        for name, value in SECURITY_HEADERS.items():
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
                },
            )
