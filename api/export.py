"""GET /scans/{id}/export: the scan's findings as a JSON, CSV or SARIF file, streamed."""

from __future__ import annotations

import re
import uuid

import falcon

from api.export_formats import CSV_CELLS_SQL, csv_stream, json_stream, sarif_results_select, sarif_stream
from api.query import multi_values, reject_unknown_params
from api.representations import scan_from_row
from api.scans import finding_filters
from domain.errors import NotFound
from projections.findings import FindingQueries
from projections.projects import ProjectsView
from projections.scans import ScansView

FORMATS = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "sarif": "application/sarif+json",
}
EXPORT_FILTERS = ("format", "severity", "engine", "rule_id", "cwe", "path", "status", "new")


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()[:60] or "project"


class ScanExportResource:
    def __init__(self, scans: ScansView, projects: ProjectsView, queries: FindingQueries) -> None:
        self._scans = scans
        self._projects = projects
        self._queries = queries

    def on_get(self, req: falcon.Request, resp: falcon.Response, scan_id: uuid.UUID) -> None:
        reject_unknown_params(req, EXPORT_FILTERS)
        chosen = multi_values(req, "format", FORMATS) or ["json"]
        export_format = chosen[0]
        filters = finding_filters(req)
        owner = req.context.principal.user_id
        context = self._queries.context(owner, scan_id)
        row = self._scans.get_for_owner(owner, scan_id)
        if context is None or row is None:
            raise NotFound("scan not found")
        project = self._projects.get_for_owner(owner, row["project_id"])
        scan = scan_from_row(row)
        project_slug = _slug(project["name"] if project else "project")
        name = f"pairsec-{project_slug}-scan-{str(scan_id)[:8]}.{export_format}"
        resp.content_type = FORMATS[export_format]
        resp.downloadable_as = name
        if export_format == "csv":
            resp.stream = csv_stream(self._queries.csv_rows(context, filters, CSV_CELLS_SQL))
        elif export_format == "sarif":
            rules = self._queries.rules(context, filters)
            resp.stream = sarif_stream(
                scan,
                rules,
                lambda engine, rule_ids: self._queries.joined(
                    context, {**filters, "engine": [engine]}, sarif_results_select(rule_ids)
                ),
            )
        else:
            resp.stream = json_stream(scan, self._queries.iterate(context, filters))
