"""The projects read model built in one pass over the log, into empty tables (a replay's first phase).

Projects, their statistics and their scans' statuses are followed in memory, each change as the
per-event handlers of projections/projects.py make it, and written once by COPY at the end (a
project has a few rows; a scan's status is one). tests/integration/test_replay_batches.py checks
these tables equal to the per-event ones.
"""

from __future__ import annotations

import uuid
from typing import Any

from domain.finding import SEVERITIES
from domain.project import RULE_FIELDS, Project
from domain.scan import Scan
from projections.bulk_load import ScanHistoryLoad
from projections.copy_values import RowSink, copy_row, text_array
from projections.projects import PROJECT_FIELDS, SCAN_STATUSES

PROJECT_COLUMNS = (
    "id", "owner_id", "name", "repository_url", "description", "default_branch", "version", "created_at",
    "updated_at", "rules_path", "disabled_rules",
)  # fmt: skip
STATISTICS_COLUMNS = (
    "project_id", *(f"scans_{s}" for s in SCAN_STATUSES), "last_scan_id", "last_scan_status", "last_scan_at",
    *(f"open_{s}" for s in SEVERITIES),
)  # fmt: skip


class ProjectsBulkLoad(ScanHistoryLoad):
    tables = ("projects", "project_statistics", "project_scan_status")
    _METHODS = {
        **ScanHistoryLoad._METHODS, Project.Created: "_created", Project.Updated: "_updated",
        Project.RulesChanged: "_rules_changed",
    }  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self._projects: dict[uuid.UUID, dict[str, Any]] = {}
        self._statistics: dict[uuid.UUID, dict[str, Any]] = {}
        self._scans: dict[uuid.UUID, list[Any]] = {}  # scan -> [project, status]
        self._scans_of: dict[uuid.UUID, list[uuid.UUID]] = {}  # project -> its scans

    def flush(self, sink: RowSink) -> None:
        """Nothing is final before the end: a project's rows change until then."""

    def finish(self, sink: RowSink) -> None:
        projects = [copy_row([row[c] for c in PROJECT_COLUMNS]) for row in self._projects.values()]
        sink.copy("projects", PROJECT_COLUMNS, projects)
        statistics = [copy_row([row[c] for c in STATISTICS_COLUMNS]) for row in self._statistics.values()]
        sink.copy("project_statistics", STATISTICS_COLUMNS, statistics)
        scans = [
            copy_row((scan_id, project_id, status)) for scan_id, (project_id, status) in self._scans.items()
        ]
        sink.copy("project_scan_status", ("scan_id", "project_id", "status"), scans)
        self._projects, self._statistics, self._scans = {}, {}, {}

    # -- project events ----------------------------------------------------------------------------

    def _created(self, event: Project.Created) -> None:
        project_id = event.originator_id
        if project_id not in self._projects:
            self._projects[project_id] = dict(
                id=project_id, owner_id=event.owner_id, name=event.name, repository_url=event.repository_url,
                description=event.description, default_branch=event.default_branch,
                version=event.originator_version, created_at=event.timestamp, updated_at=event.timestamp,
                rules_path=getattr(event, "rules_path", None),
                disabled_rules=text_array(getattr(event, "disabled_rules", None)),
            )  # fmt: skip
        if project_id not in self._statistics:
            statistics = dict.fromkeys(STATISTICS_COLUMNS, 0)
            statistics.update(project_id=project_id, last_scan_id=None, last_scan_status=None)
            statistics["last_scan_at"] = None
            self._statistics[project_id] = statistics

    def _updated(self, event: Project.Updated) -> None:
        self._changed(event, [f for f in PROJECT_FIELDS if f in event.changes])

    def _rules_changed(self, event: Project.RulesChanged) -> None:
        self._changed(event, [f for f in RULE_FIELDS if f in event.changes])

    def _changed(self, event: Any, fields: list[str]) -> None:
        row = self._projects.get(event.originator_id)
        if row is None:
            return
        for name in fields:
            value = event.changes[name]
            row[name] = text_array(value) if name == "disabled_rules" else value
        row.update(version=event.originator_version, updated_at=event.timestamp)

    def _project_deleted(self, event: Project.Deleted) -> None:
        project_id = event.originator_id
        self._projects.pop(project_id, None)
        self._statistics.pop(project_id, None)  # ON DELETE CASCADE
        for scan_id in self._scans_of.pop(project_id, []):
            self._scans.pop(scan_id, None)

    # -- scan events -------------------------------------------------------------------------------

    def _requested(self, event: Scan.Requested) -> None:
        if event.originator_id not in self._scans:
            self._scans[event.originator_id] = [event.project_id, "queued"]
            self._scans_of.setdefault(event.project_id, []).append(event.originator_id)
        statistics = self._statistics.get(event.project_id)
        if statistics is not None:
            statistics["scans_queued"] += 1
            statistics.update(last_scan_id=event.originator_id, last_scan_status="queued",
                              last_scan_at=event.timestamp)  # fmt: skip

    def _started(self, event: Scan.Started) -> None:
        self._moved(event, "running")

    def _completed(self, event: Scan.Completed) -> None:
        self._moved(event, "completed", event.summary.get("counts") or {})

    def _failed(self, event: Scan.Failed) -> None:
        self._moved(event, "failed")

    def _cancelled(self, event: Scan.Cancelled) -> None:
        self._moved(event, "cancelled")

    def _moved(self, event: Any, status: str, counts: dict[str, Any] | None = None) -> None:
        scan = self._scans.get(event.originator_id)
        if scan is None or scan[1] == status:
            return
        project_id, previous = scan
        scan[1] = status
        statistics = self._statistics.get(project_id)
        if statistics is None:
            return
        statistics[f"scans_{previous}"] -= 1
        statistics[f"scans_{status}"] += 1
        if statistics["last_scan_id"] == event.originator_id:
            statistics["last_scan_status"] = status
        if counts is not None:
            for severity in SEVERITIES:
                statistics[f"open_{severity}"] = int(counts.get(severity, 0))
