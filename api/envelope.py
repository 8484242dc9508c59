"""The response envelope every JSON answer wears, and the one time format we print."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import falcon


def iso(moment: datetime | None) -> str | None:
    """UTC ISO-8601 with milliseconds and Z, e.g. 2026-01-15T10:30:00.000Z."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def now_iso() -> str:
    return iso(datetime.now(UTC)) or ""


def ok(resp: falcon.Response, data: Any, message: str, status: int = 200) -> None:
    resp.status = status
    resp.media = {"data": data, "message": message, "status": status, "timestamp": now_iso()}


def error_body(status: int, message: str, code: str, details: object = None) -> dict[str, Any]:
    body: dict[str, Any] = {"error": message, "status": status, "timestamp": now_iso(), "code": code}
    if details is not None:
        body["details"] = details
    return body


def new_request_id() -> str:
    return uuid.uuid4().hex
