"""Audit history from the event store (a scan's events, my account's events) and state as of a time."""

from __future__ import annotations

import math
import uuid
from datetime import datetime
from typing import Any

import falcon

from api.envelope import iso, ok
from api.query import page_and_size, parse_time
from api.representations import project_from_aggregate, scan_from_aggregate
from commands.audit import AuditEntry, AuditPage, AuditTrail
from commands.time_travel import TimeTravel
from domain.errors import NotFound
from domain.project import Project
from domain.scan import Scan
from domain.user import User

AS_OF = "as_of"


def entry_as_dict(entry: AuditEntry) -> dict[str, Any]:
    return {
        "version": entry.version,
        "type": entry.type,
        "at": iso(entry.at),
        "actor": entry.actor,
        "request_id": entry.request_id,
        "data": entry.data,
    }


def _answer(resp: falcon.Response, found: AuditPage, page: int, per_page: int, message: str) -> None:
    pagination = {
        "page": page,
        "per_page": per_page,
        "total": found.total,
        "total_pages": math.ceil(found.total / per_page),
        "next_cursor": None,
    }
    ok(resp, {"items": [entry_as_dict(e) for e in found.entries], "pagination": pagination}, message)


class ScanEventsResource:
    """GET /scans/{id}/events: every event of the scan, oldest first."""

    def __init__(self, audit: AuditTrail) -> None:
        self._audit = audit

    def on_get(self, req: falcon.Request, resp: falcon.Response, scan_id: uuid.UUID) -> None:
        page, per_page = page_and_size(req)
        owner_id = req.context.principal.user_id

        def visible(first: Any) -> bool:
            return isinstance(first, Scan.Requested) and first.owner_id == owner_id

        found = self._audit.page(scan_id, page, per_page, visible)
        if found is None:
            raise NotFound("scan not found")
        _answer(resp, found, page, per_page, "Scan events")


class MyHistoryResource:
    """GET /users/me/history: the caller's account events (registration, profile, password, API keys)."""

    def __init__(self, audit: AuditTrail) -> None:
        self._audit = audit

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        page, per_page = page_and_size(req)
        user_id = req.context.principal.user_id
        found = self._audit.page(user_id, page, per_page, lambda first: isinstance(first, User.Registered))
        if found is None:
            raise NotFound("user not found")
        _answer(resp, found, page, per_page, "Account history")


def as_of_param(req: falcon.Request) -> datetime | None:
    """The `as_of` time, or None; a malformed one is 400 naming the parameter."""
    raw = req.get_param(AS_OF)
    if raw is None:
        return None
    return parse_time(raw, AS_OF)


def _did_not_exist(what: str, moment: datetime, created: datetime) -> NotFound:
    return NotFound(
        f"the {what} did not exist at {iso(moment)}",
        {AS_OF: f"is before the {what} was created ({iso(created)})"},
    )


def _owned_past(
    time_travel: TimeTravel,
    owner_id: uuid.UUID,
    aggregate_id: uuid.UUID,
    moment: datetime,
    created: type,
    what: str,
) -> tuple[Any, Any]:
    """The aggregate as it was at moment and its creation event, for its owner; 404 otherwise."""
    past = time_travel.at(aggregate_id, moment)
    first = past.first_event if past else None
    if not isinstance(first, created) or first.owner_id != owner_id:
        raise NotFound(f"{what} not found")
    if past is None or past.aggregate is None:
        raise _did_not_exist(what, moment, first.timestamp)
    return past.aggregate, first


def project_as_of(
    time_travel: TimeTravel, owner_id: uuid.UUID, project_id: uuid.UUID, moment: datetime
) -> dict[str, Any]:
    """The project as it was at moment, for its owner; 404 otherwise."""
    project, _ = _owned_past(time_travel, owner_id, project_id, moment, Project.Created, "project")
    if project.deleted:
        raise NotFound(
            f"the project was deleted at {iso(moment)}", {AS_OF: "is after the project was deleted"}
        )
    data = project_from_aggregate(project)
    data[AS_OF] = iso(moment)
    return data


def scan_as_of(
    time_travel: TimeTravel, owner_id: uuid.UUID, scan_id: uuid.UUID, moment: datetime
) -> dict[str, Any]:
    """The scan as it was at moment, for its owner; 404 otherwise."""
    scan, first = _owned_past(time_travel, owner_id, scan_id, moment, Scan.Requested, "scan")
    data = scan_from_aggregate(scan)
    data["requested_by"] = first.actor
    data["version"] = scan.version
    data[AS_OF] = iso(moment)
    return data
