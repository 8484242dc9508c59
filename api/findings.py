"""Finding resources: one finding with its triage and history, triage decisions, scan diffs, and a
project's findings across scans (identities with their state)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import falcon

from api import schemas
from api.consistency import ReadYourWrites
from api.envelope import iso, ok
from api.query import multi_values, page_request, parse_time, reject_unknown_params
from api.representations import finding_from_row
from api.request_body import read_json
from commands.triage import TriageCommands
from domain.errors import BadRequest, NotFound
from domain.finding import ENGINES, SEVERITIES
from domain.triage import TRIAGE_STATUSES
from projections.finding_identities import IDENTITY_STATES
from projections.finding_identity_queries import IDENTITY_SORTS, FindingIdentityQueries
from projections.findings import FindingQueries


def _history(triage: TriageCommands, owner: uuid.UUID, context: object, fingerprint: str) -> list[dict]:
    entries = triage.history(owner, context.project_id, context.ref, fingerprint)  # type: ignore[attr-defined]
    return [
        {"status": e.status, "reason": e.reason, "comment": e.comment, "expires_at": iso(e.expires_at),
         "actor": e.actor, "at": iso(e.at)}
        for e in entries
    ]  # fmt: skip


def _occurrence(queries: FindingQueries, owner: uuid.UUID, finding_id: uuid.UUID) -> tuple[dict, object]:
    found = queries.occurrence(owner, finding_id)
    if found is None:
        raise NotFound("finding not found")
    return found


def _decider(triage: TriageCommands, principal: object, body: dict) -> Callable[[object, str], int | None]:
    """The body's decision, ready to apply to one finding identity; returns its log position."""
    expires_at = parse_time(body.get("expires_at"), "expires_at", zone_required=True)

    def decide(context: object, fingerprint: str) -> int | None:
        return triage.decide(
            principal.user_id, context.project_id, context.ref, fingerprint,  # type: ignore[attr-defined]
            principal.actor, body["status"], body.get("reason", ""), body.get("comment", ""),  # type: ignore[attr-defined]
            expires_at,
        ).position  # fmt: skip

    return decide


class FindingResource:
    def __init__(self, queries: FindingQueries, triage: TriageCommands) -> None:
        self._queries = queries
        self._triage = triage

    def on_get(self, req: falcon.Request, resp: falcon.Response, finding_id: uuid.UUID) -> None:
        reject_unknown_params(req, ())
        owner = req.context.principal.user_id
        row, context = _occurrence(self._queries, owner, finding_id)
        data = finding_from_row(row)
        data["scan_id"] = str(context.scan_id)
        data["project_id"] = str(context.project_id)
        data["triage_history"] = _history(self._triage, owner, context, row["fingerprint"])
        ok(resp, data, "Finding")


class FindingHistoryResource:
    def __init__(self, queries: FindingQueries, triage: TriageCommands) -> None:
        self._queries = queries
        self._triage = triage

    def on_get(self, req: falcon.Request, resp: falcon.Response, finding_id: uuid.UUID) -> None:
        reject_unknown_params(req, ())
        owner = req.context.principal.user_id
        row, context = _occurrence(self._queries, owner, finding_id)
        ok(resp, {"items": _history(self._triage, owner, context, row["fingerprint"])}, "Triage history")


class FindingTriageResource:
    def __init__(
        self, queries: FindingQueries, triage: TriageCommands, consistency: ReadYourWrites, max_json: int
    ) -> None:
        self._queries = queries
        self._triage = triage
        self._consistency = consistency
        self._max = max_json

    def on_put(self, req: falcon.Request, resp: falcon.Response, finding_id: uuid.UUID) -> None:
        body = read_json(req, schemas.TRIAGE, self._max)
        principal = req.context.principal
        row, context = _occurrence(self._queries, principal.user_id, finding_id)
        decide = _decider(self._triage, principal, body)
        self._consistency.wait(decide(context, row["fingerprint"]))
        refreshed = self._queries.occurrence(principal.user_id, finding_id)
        data = finding_from_row(refreshed[0] if refreshed else row)
        ok(resp, data, "Finding triaged")


class ScanDiffResource:
    def __init__(self, queries: FindingQueries) -> None:
        self._queries = queries

    def on_get(self, req: falcon.Request, resp: falcon.Response, scan_id: uuid.UUID) -> None:
        reject_unknown_params(req, ("base",))
        owner = req.context.principal.user_id
        context = self._queries.context(owner, scan_id)
        if context is None:
            raise NotFound("scan not found")
        raw_base = req.get_param("base")
        if raw_base:
            try:
                base_id = uuid.UUID(raw_base)
            except ValueError:
                raise BadRequest("base must be a scan id", {"base": "is not a scan id"}) from None
            base = self._queries.context(owner, base_id)
            if base is None or base.project_id != context.project_id:
                raise NotFound("base scan not found in this project")
        elif context.previous_scan_id is None:
            base_id = None
        else:
            base_id = context.previous_scan_id
        if base_id is None:
            empty = {"new": [], "fixed": [], "removed": [], "unchanged": []}
            ok(resp, {"base_scan_id": None, "counts": dict.fromkeys(empty, 0), **empty}, "No earlier scan")
            return
        diff = self._queries.diff(context, base_id)
        lists = {name: [_compact(row) for row in rows] for name, rows in diff.items()}
        counts = {name: len(rows) for name, rows in diff.items()}
        ok(resp, {"base_scan_id": str(base_id), "counts": counts, **lists}, "Scan diff")


def _compact(row: dict) -> dict:
    return {
        "id": str(row["id"]), "fingerprint": row["fingerprint"], "rule_id": row["rule_id"],
        "engine": row["engine"],
        "severity": row["severity"], "title": row["title"], "file_path": row["file_path"],
        "start_line": row["start_line"],
    }  # fmt: skip


MAX_BULK = 5000


class BulkTriageResource:
    """POST /projects/{id}/findings/triage: one decision for many findings, by ids or by filters."""

    def __init__(
        self, queries: FindingQueries, triage: TriageCommands, consistency: ReadYourWrites, max_json: int
    ) -> None:
        self._queries = queries
        self._triage = triage
        self._consistency = consistency
        self._max = max_json

    def on_post(self, req: falcon.Request, resp: falcon.Response, project_id: uuid.UUID) -> None:
        body = read_json(req, schemas.BULK_TRIAGE, self._max)
        principal = req.context.principal
        targets = self._targets(principal.user_id, project_id, body)
        if len(targets) > MAX_BULK:
            raise BadRequest("too many findings at once", {"findings": f"at most {MAX_BULK} per request"})
        decide = _decider(self._triage, principal, body)
        position = None
        for context, fingerprint in targets:
            position = decide(context, fingerprint)
        self._consistency.wait(position)
        ok(resp, {"triaged": len(targets), "status": body["status"]}, "Findings triaged")

    def _targets(self, owner: uuid.UUID, project_id: uuid.UUID, body: dict) -> list[tuple[object, str]]:
        if body.get("finding_ids"):
            targets = []
            for raw in body["finding_ids"]:
                found = self._queries.occurrence(owner, uuid.UUID(raw))
                if found is None or found[1].project_id != project_id:
                    raise NotFound(f"finding {raw} not found in this project")
                targets.append((found[1], found[0]["fingerprint"]))
            return targets
        if not body.get("scan_id"):
            raise BadRequest(
                "name the findings", {"finding_ids": "give finding_ids, or scan_id with filters"}
            )
        context = self._queries.context(owner, uuid.UUID(body["scan_id"]))
        if context is None or context.project_id != project_id:
            raise NotFound("scan not found in this project")
        filters = dict(body.get("filters") or {})
        seen: dict[str, tuple[object, str]] = {}
        for row in self._queries.iterate(context, filters):
            seen.setdefault(row["fingerprint"], (context, row["fingerprint"]))
            if len(seen) > MAX_BULK:
                break
        return list(seen.values())


IDENTITY_FILTERS = ("state", "severity", "engine", "rule_id", "ref", "status")


class ProjectFindingsResource:
    """GET /projects/{id}/findings: the project's findings as identities across scans."""

    def __init__(self, identities: FindingIdentityQueries) -> None:
        self._identities = identities

    def on_get(self, req: falcon.Request, resp: falcon.Response, project_id: uuid.UUID) -> None:
        request = page_request(req, IDENTITY_SORTS, "-severity", IDENTITY_FILTERS)
        filters = {
            "state": multi_values(req, "state", IDENTITY_STATES),
            "severity": multi_values(req, "severity", SEVERITIES),
            "engine": multi_values(req, "engine", ENGINES),
            "rule_id": multi_values(req, "rule_id"),
            "ref": multi_values(req, "ref"),
            "status": multi_values(req, "status", TRIAGE_STATUSES),
        }
        owner = req.context.principal.user_id
        if not self._identities.project_visible(owner, project_id):
            raise NotFound("project not found")
        page = self._identities.list(project_id, request, filters)
        ok(resp, page.as_dict([identity_from_row(row) for row in page.items]), "Project findings")


def identity_from_row(row: dict) -> dict:
    triage = None
    if row.get("triage_decided_at") is not None:
        triage = {
            "status": row["triage_status"], "reason": row["triage_reason"], "comment": row["triage_comment"],
            "expires_at": iso(row["triage_expires_at"]), "decided_by": row["triage_decided_by"],
            "decided_at": iso(row["triage_decided_at"]),
        }  # fmt: skip
    return {
        "id": str(row["id"]), "fingerprint": row["fingerprint"], "ref": row["ref"], "engine": row["engine"],
        "rule_id": row["rule_id"], "severity": row["severity"], "cwe": list(row["cwe"] or []),
        "file_path": row["file_path"], "title": row["title"], "state": row["state"], "status": row["status"],
        "triage": triage,
        "first_seen_scan_id": _id(row["first_seen_scan_id"]), "first_seen_at": iso(row["first_seen_at"]),
        "last_seen_scan_id": _id(row["last_seen_scan_id"]), "last_seen_at": iso(row["last_seen_at"]),
        "closed_scan_id": _id(row["closed_scan_id"]), "closed_at": iso(row["closed_at"]),
    }  # fmt: skip


def _id(value: object) -> str | None:
    return None if value is None else str(value)
