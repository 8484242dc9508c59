"""The projects read model: each user's projects, and per-project scan and finding statistics."""

from __future__ import annotations

import uuid
from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking

from domain.finding import SEVERITIES
from domain.project import RULE_FIELDS, Project
from domain.scan import Scan
from projections.finding_identities import FIXED_BY_LAST_SCAN_SQL
from projections.pagination import Page, PageRequest, SortField, fetch_page
from projections.read_model import ReadModelProjection, ReadModelView, like_escape

PROJECT_SORTS = {
    "name": SortField("lower(p.name)", "text"),
    "created_at": SortField("p.created_at", "timestamptz"),
    "updated_at": SortField("p.updated_at", "timestamptz"),
}

# The per-status scan counters of project_statistics, and the fields an Updated event may change.
SCAN_STATUSES = ("queued", "running", "completed", "failed", "cancelled")
PROJECT_FIELDS = ("name", "repository_url", "description", "default_branch")

_PROJECT_COLUMNS = (
    "p.id, p.owner_id, p.name, p.repository_url, p.description, p.default_branch, p.version, "
    "p.created_at, p.updated_at, p.rules_path, p.disabled_rules"
)


class ProjectsView(ReadModelView):
    schema = (
        """CREATE TABLE IF NOT EXISTS projects (
            id uuid PRIMARY KEY,
            owner_id uuid NOT NULL,
            name text NOT NULL,
            repository_url text,
            description text NOT NULL DEFAULT '',
            default_branch text,
            version integer NOT NULL,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL
        )""",
        # Rule settings (issue 5), added to tables made before they existed.
        "ALTER TABLE projects ADD COLUMN IF NOT EXISTS rules_path text",
        "ALTER TABLE projects ADD COLUMN IF NOT EXISTS disabled_rules text[] NOT NULL DEFAULT '{}'",
        "CREATE INDEX IF NOT EXISTS projects_owner_created ON projects (owner_id, created_at, id)",
        "CREATE INDEX IF NOT EXISTS projects_owner_name ON projects (owner_id, lower(name), id)",
        "CREATE INDEX IF NOT EXISTS projects_owner_updated ON projects (owner_id, updated_at, id)",
        """CREATE TABLE IF NOT EXISTS project_statistics (
            project_id uuid PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
            scans_queued integer NOT NULL DEFAULT 0,
            scans_running integer NOT NULL DEFAULT 0,
            scans_completed integer NOT NULL DEFAULT 0,
            scans_failed integer NOT NULL DEFAULT 0,
            scans_cancelled integer NOT NULL DEFAULT 0,
            last_scan_id uuid,
            last_scan_status text,
            last_scan_at timestamptz,
            open_critical integer NOT NULL DEFAULT 0,
            open_high integer NOT NULL DEFAULT 0,
            open_medium integer NOT NULL DEFAULT 0,
            open_low integer NOT NULL DEFAULT 0,
            open_info integer NOT NULL DEFAULT 0
        )""",
        # Findings fixed by the last scan are counted where fixes are known: the finding identities
        # read model (identity_scans.fixed), joined at read time. This column was never written.
        "ALTER TABLE project_statistics DROP COLUMN IF EXISTS fixed_in_last_scan",
        """CREATE TABLE IF NOT EXISTS project_scan_status (
            scan_id uuid PRIMARY KEY,
            project_id uuid NOT NULL,
            status text NOT NULL
        )""",
    )

    def get_for_owner(self, owner_id: uuid.UUID, project_id: uuid.UUID) -> dict[str, Any] | None:
        row = self.fetch_one(
            f"SELECT {_PROJECT_COLUMNS}, s.*, {FIXED_BY_LAST_SCAN_SQL} AS fixed_in_last_scan FROM projects p "
            "LEFT JOIN project_statistics s ON s.project_id = p.id WHERE p.id = %s AND p.owner_id = %s",
            (project_id, owner_id),
        )
        return row

    def list_for_owner(self, owner_id: uuid.UUID, request: PageRequest, name_contains: str | None) -> Page:
        where = "FROM projects p WHERE p.owner_id = %s"
        params: list[object] = [owner_id]
        if name_contains:
            where += " AND p.name ILIKE %s"
            params.append(f"%{like_escape(name_contains)}%")
        return fetch_page(self, _PROJECT_COLUMNS, where, params, request, PROJECT_SORTS, "p.id")


class ProjectsProjection(ReadModelProjection[ProjectsView]):
    name = "projects"

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.write(tracking)

    @process_event.register
    def _created(self, event: Project.Created, tracking: Tracking) -> None:
        self.write(
            tracking,
            (
                "INSERT INTO projects (id, owner_id, name, repository_url, description, default_branch, "
                "version, created_at, updated_at, rules_path, disabled_rules) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO NOTHING",
                (
                    event.originator_id,
                    event.owner_id,
                    event.name,
                    event.repository_url,
                    event.description,
                    event.default_branch,
                    event.originator_version,
                    event.timestamp,
                    event.timestamp,
                    getattr(event, "rules_path", None),  # absent from events older than rule settings
                    list(getattr(event, "disabled_rules", None) or []),
                ),
            ),
            (
                "INSERT INTO project_statistics (project_id) VALUES (%s) ON CONFLICT DO NOTHING",
                (event.originator_id,),
            ),
        )

    @process_event.register
    def _updated(self, event: Project.Updated, tracking: Tracking) -> None:
        fields = [f for f in PROJECT_FIELDS if f in event.changes]
        assignments = "".join(f"{f} = %s, " for f in fields)
        self.write(
            tracking,
            (
                f"UPDATE projects SET {assignments}version = %s, updated_at = %s WHERE id = %s",
                (
                    *[event.changes[f] for f in fields],
                    event.originator_version,
                    event.timestamp,
                    event.originator_id,
                ),
            ),
        )

    @process_event.register
    def _rules_changed(self, event: Project.RulesChanged, tracking: Tracking) -> None:
        fields = [f for f in RULE_FIELDS if f in event.changes]
        assignments = "".join(f"{f} = %s, " for f in fields)
        self.write(
            tracking,
            (
                f"UPDATE projects SET {assignments}version = %s, updated_at = %s WHERE id = %s",
                (
                    *[event.changes[f] for f in fields],
                    event.originator_version,
                    event.timestamp,
                    event.originator_id,
                ),
            ),
        )

    @process_event.register
    def _deleted(self, event: Project.Deleted, tracking: Tracking) -> None:
        self.write(
            tracking,
            ("DELETE FROM projects WHERE id = %s", (event.originator_id,)),
            ("DELETE FROM project_scan_status WHERE project_id = %s", (event.originator_id,)),
        )

    @process_event.register
    def _scan_requested(self, event: Scan.Requested, tracking: Tracking) -> None:
        self.write(
            tracking,
            (
                "INSERT INTO project_scan_status (scan_id, project_id, status) VALUES (%s, %s, 'queued') "
                "ON CONFLICT DO NOTHING",
                (event.originator_id, event.project_id),
            ),
            (
                "UPDATE project_statistics SET scans_queued = scans_queued + 1, last_scan_id = %s, "
                "last_scan_status = 'queued', last_scan_at = %s WHERE project_id = %s",
                (event.originator_id, event.timestamp, event.project_id),
            ),
        )

    @process_event.register
    def _scan_started(self, event: Scan.Started, tracking: Tracking) -> None:
        self._scan_moved(event, tracking, "running")

    @process_event.register
    def _scan_completed(self, event: Scan.Completed, tracking: Tracking) -> None:
        self._scan_moved(event, tracking, "completed", event.summary.get("counts") or {})

    @process_event.register
    def _scan_failed(self, event: Scan.Failed, tracking: Tracking) -> None:
        self._scan_moved(event, tracking, "failed")

    @process_event.register
    def _scan_cancelled(self, event: Scan.Cancelled, tracking: Tracking) -> None:
        self._scan_moved(event, tracking, "cancelled")

    def _scan_moved(self, event: Any, tracking: Tracking, status: str, counts: dict | None = None) -> None:
        """Move one scan between the per-status counters of its project."""
        with self.view.transaction() as curs:
            curs.execute(
                "SELECT project_id, status FROM project_scan_status WHERE scan_id = %s FOR UPDATE",
                (event.originator_id,),
            )
            row = curs.fetchone()
            if row is not None and row["status"] != status:
                previous = row["status"]
                curs.execute(
                    "UPDATE project_scan_status SET status = %s WHERE scan_id = %s",
                    (status, event.originator_id),
                )
                curs.execute(
                    f"UPDATE project_statistics SET scans_{previous} = scans_{previous} - 1, "
                    f"scans_{status} = scans_{status} + 1, last_scan_status = CASE WHEN last_scan_id = %s "
                    "THEN %s ELSE last_scan_status END WHERE project_id = %s",
                    (event.originator_id, status, row["project_id"]),
                )
                if counts is not None:
                    assignments = ", ".join(f"open_{s} = %s" for s in SEVERITIES)
                    curs.execute(
                        f"UPDATE project_statistics SET {assignments} WHERE project_id = %s",
                        (*[int(counts.get(s, 0)) for s in SEVERITIES], row["project_id"]),
                    )
            self.view._insert_tracking(curs, tracking)
