"""Scan resources: request a scan, list and read scans, cancel one, list a scan's findings."""

from __future__ import annotations

import uuid

import falcon

from api import schemas
from api.consistency import ReadYourWrites
from api.envelope import ok
from api.history import AS_OF, as_of_param, scan_as_of
from api.query import multi_values, page_request, reject_unknown_params, time_value, uuid_values
from api.representations import finding_from_row, scan_from_aggregate, scan_from_row
from api.request_body import read_json
from commands.scans import Scans
from commands.time_travel import TimeTravel
from domain.errors import BadRequest, NotFound
from domain.finding import ENGINES, SEVERITIES
from domain.scan import SCAN_STATUSES, SCAN_TYPES
from domain.triage import TRIAGE_STATUSES
from projections.findings import FINDING_SORTS, FindingQueries
from projections.scans import SCAN_SORTS, ScansView

SCAN_FILTERS = ("project_id", "status", "scan_type", "created_after", "created_before")
FINDING_FILTERS = ("severity", "engine", "rule_id", "cwe", "path", "status", "new")


def _id_or_not_found(raw: object, what: str) -> uuid.UUID:
    """Ids are UUID strings; anything else names nothing of yours, exactly like an unknown id."""
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        raise NotFound(f"{what} not found") from None


class ScansResource:
    def __init__(self, scans: Scans, view: ScansView, consistency: ReadYourWrites, max_json: int) -> None:
        self._scans = scans
        self._view = view
        self._consistency = consistency
        self._max = max_json

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        body = read_json(req, schemas.SCAN_CREATE, self._max)
        principal = req.context.principal
        upload_id = body.get("upload_id")
        written = self._scans.request(
            principal.user_id,
            principal.actor,
            _id_or_not_found(body["project_id"], "project"),
            body["scan_type"],
            body.get("ref"),
            _id_or_not_found(upload_id, "upload") if upload_id else None,
        )
        self._consistency.wait(written.position)
        row = self._view.get_for_owner(principal.user_id, written.value.id)
        data = scan_from_row(row) if row else scan_from_aggregate(written.value)
        resp.location = f"{req.path}/{written.value.id}"
        ok(resp, data, "Scan queued", 202)

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        request = page_request(req, SCAN_SORTS, "-created_at", SCAN_FILTERS)
        filters = {
            "project_id": uuid_values(req, "project_id"),
            "status": multi_values(req, "status", SCAN_STATUSES),
            "scan_type": multi_values(req, "scan_type", SCAN_TYPES),
            "created_after": time_value(req, "created_after"),
            "created_before": time_value(req, "created_before"),
        }
        page = self._view.list_for_owner(req.context.principal.user_id, request, filters)
        ok(resp, page.as_dict([scan_from_row(row) for row in page.items]), "Scans")


class ScanResource:
    def __init__(self, view: ScansView, time_travel: TimeTravel | None = None) -> None:
        self._view = view
        self._time_travel = time_travel

    def on_get(self, req: falcon.Request, resp: falcon.Response, scan_id: uuid.UUID) -> None:
        reject_unknown_params(req, (AS_OF,) if self._time_travel else ())
        moment = as_of_param(req)
        if moment is not None and self._time_travel is not None:
            data = scan_as_of(self._time_travel, req.context.principal.user_id, scan_id, moment)
            ok(resp, data, "Scan as of " + data[AS_OF])
            return
        row = self._view.get_for_owner(req.context.principal.user_id, scan_id)
        if row is None:
            raise NotFound("scan not found")
        ok(resp, scan_from_row(row), "Scan")


class ScanCancelResource:
    def __init__(self, scans: Scans, view: ScansView, consistency: ReadYourWrites) -> None:
        self._scans = scans
        self._view = view
        self._consistency = consistency

    def on_post(self, req: falcon.Request, resp: falcon.Response, scan_id: uuid.UUID) -> None:
        principal = req.context.principal
        written = self._scans.cancel(principal.user_id, scan_id, principal.actor)
        self._consistency.wait(written.position)
        row = self._view.get_for_owner(principal.user_id, scan_id)
        ok(resp, scan_from_row(row) if row else scan_from_aggregate(written.value), "Scan cancelled")


class ScanFindingsResource:
    def __init__(self, queries: FindingQueries) -> None:
        self._queries = queries

    def on_get(self, req: falcon.Request, resp: falcon.Response, scan_id: uuid.UUID) -> None:
        request = page_request(req, FINDING_SORTS, "-severity", FINDING_FILTERS)
        context = self._queries.context(req.context.principal.user_id, scan_id)
        if context is None:
            raise NotFound("scan not found")
        page = self._queries.list(context, request, finding_filters(req))
        ok(resp, page.as_dict([finding_from_row(row) for row in page.items]), "Findings")


def finding_filters(req: falcon.Request) -> dict[str, object]:
    """The findings filters shared by listing and export (unknown values are 400)."""
    new = req.get_param("new")
    if new is not None and new not in ("true", "false"):
        raise BadRequest("new must be true or false", {"new": "must be true or false"})
    return {
        "severity": multi_values(req, "severity", SEVERITIES),
        "engine": multi_values(req, "engine", ENGINES),
        "rule_id": multi_values(req, "rule_id"),
        "cwe": multi_values(req, "cwe"),
        "path": multi_values(req, "path"),
        "status": multi_values(req, "status", TRIAGE_STATUSES),
        "new": None if new is None else new == "true",
    }
