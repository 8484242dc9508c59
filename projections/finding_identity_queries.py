"""Queries over finding identities: a project's findings across scans, with their state and triage."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from projections.findings import STATUS_SQL
from projections.pagination import Page, PageRequest, SortField, fetch_page
from projections.read_model import ReadModelView
from projections.scans import SEVERITY_RANK

IDENTITY_SORTS = {
    "severity": SortField("i.severity_rank", "int"),
    "path": SortField("i.file_path", "text"),
    "rule": SortField("i.rule_id", "text"),
    "first_seen_at": SortField("i.first_seen_at", "timestamptz"),
    "last_seen_at": SortField("i.last_seen_at", "timestamptz"),
}
_SELECT = (
    f"i.identity_id AS id, i.*, {STATUS_SQL} AS status, t.status AS triage_status, "
    "t.reason AS triage_reason, "
    "t.comment AS triage_comment, t.expires_at AS triage_expires_at, t.decided_by AS triage_decided_by, "
    "t.decided_at AS triage_decided_at"
)


class FindingIdentityQueries:
    """Reads finding_identities joined with triage_decisions; writes nothing."""

    def __init__(self, view: ReadModelView) -> None:
        self._view = view

    def project_visible(self, owner_id: uuid.UUID, project_id: uuid.UUID) -> bool:
        row = self._view.fetch_one(
            "SELECT 1 AS found FROM projects WHERE id = %s AND owner_id = %s", (project_id, owner_id)
        )
        return row is not None

    def list(self, project_id: uuid.UUID, request: PageRequest, filters: dict[str, Any]) -> Page:
        """One page of a project's identities (the caller has checked the project is visible), in two
        steps: the ids by an index walk, joining triage only to filter on it, then those rows in full."""
        joined = bool(filters.get("status"))
        where = "FROM finding_identities i "
        if joined:  # at most one decision per identity: without this filter, no join is needed
            where += "LEFT JOIN triage_decisions t ON t.identity_id = i.identity_id "
        where += "WHERE i.project_id = %s"
        params: list[object] = [project_id]
        if filters.get("severity"):
            where += " AND i.severity_rank = ANY(%s)"
            params.append([SEVERITY_RANK[s] for s in filters["severity"]])
        for column in ("state", "engine", "rule_id", "ref"):
            if filters.get(column):
                where += f" AND i.{column} = ANY(%s)"
                params.append(list(filters[column]))
        if filters.get("status"):
            where += f" AND {STATUS_SQL} = ANY(%s)"
            params.append(list(filters["status"]))
        total = self._counted_total(project_id, filters)
        page = fetch_page(
            self._view, "i.identity_id AS id", where, params, request, IDENTITY_SORTS, "i.identity_id", total
        )
        if not page.items:
            return page
        rows = self._view.fetch_all(
            f"SELECT {_SELECT} FROM finding_identities i LEFT JOIN triage_decisions t "
            "ON t.identity_id = i.identity_id WHERE i.identity_id = ANY(%s)",
            ([item["id"] for item in page.items],),
        )
        by_id = {row["id"]: row for row in rows}
        return replace(page, items=[by_id[item["id"]] for item in page.items if item["id"] in by_id])

    def _counted_total(self, project_id: uuid.UUID, filters: dict[str, Any]) -> int | None:
        """The total from the per-project counts, unless a filter they do not keep applies."""
        if filters.get("rule_id") or filters.get("status"):
            return None
        where, params = "WHERE project_id = %s", [project_id]
        if filters.get("severity"):
            where += " AND severity_rank = ANY(%s)"
            params.append([SEVERITY_RANK[s] for s in filters["severity"]])
        for column in ("state", "engine", "ref"):
            if filters.get(column):
                where += f" AND {column} = ANY(%s)"
                params.append(list(filters[column]))
        row = self._view.fetch_one(f"SELECT coalesce(sum(n), 0) AS n FROM identity_counts {where}", params)
        return int(row["n"]) if row else 0
