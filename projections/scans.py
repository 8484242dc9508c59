"""The scans read model: each scan's status, times and counts, and the findings of its current attempt."""

from __future__ import annotations

import json
import uuid
from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking

from domain.finding import SEVERITIES
from domain.project import Project
from domain.scan import Scan
from projections.copy_values import text_array, uuid5_hex
from projections.pagination import Page, PageRequest, SortField, fetch_page
from projections.read_model import ReadModelProjection, ReadModelView

SCAN_SORTS = {
    "created_at": SortField("s.created_at", "timestamptz"),
    "finished_at": SortField("s.finished_at", "timestamptz"),
    "status": SortField("s.status", "text"),
}
_FINDING_NAMESPACE = uuid.UUID("0b8b7c55-07a5-4f8e-a8a4-0e2f4d9f5c11")
FINDING_COLUMNS = (
    "id", "scan_id", "attempt", "fingerprint", "rule_id", "engine", "severity", "confidence", "title",
    "message", "cwe", "owasp", "file_path", "start_line", "end_line", "snippet", "fix", "extra",
    "severity_rank",
)  # fmt: skip
# Worst is highest, so "worst first" is a descending walk of an index.
SEVERITY_RANK = {"info": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}
# An ended scan keeps the id of every ANCHOR_EVERY-th finding of each severity (in id order), so a
# deep page starts its index walk near its first row instead of counting past every row before it.
ANCHOR_EVERY = 128

# The anchors of the scans whose ids are the parameter (an array), written when they end.
ANCHORS_SQL = (
    "INSERT INTO finding_anchors (scan_id, severity_rank, position, id) "
    "SELECT scan_id, severity_rank, n - 1, id FROM (SELECT scan_id, severity_rank, id, "
    "row_number() OVER (PARTITION BY scan_id, severity_rank ORDER BY id) AS n FROM findings "
    f"WHERE scan_id = ANY(%s)) ranked WHERE mod(n - 1, {ANCHOR_EVERY}) = 0 ON CONFLICT DO NOTHING"
)

# The files a completed scan saw, kept only while the scan is (a scan of a deleted project may still end).
SCAN_FILES_SQL = (
    "INSERT INTO scan_files (scan_id, paths) SELECT %s, %s WHERE EXISTS (SELECT 1 FROM scans WHERE id = %s) "
    "ON CONFLICT (scan_id) DO UPDATE SET paths = EXCLUDED.paths"
)


def occurrence_id(scan_id: uuid.UUID, fingerprint: str) -> uuid.UUID:
    return uuid.UUID(hex=uuid5_hex(_FINDING_NAMESPACE, f"{scan_id}:{fingerprint}"))


class ScansView(ReadModelView):
    schema = (
        """CREATE TABLE IF NOT EXISTS scans (
            id uuid PRIMARY KEY,
            project_id uuid NOT NULL,
            owner_id uuid NOT NULL,
            scan_type text NOT NULL,
            status text NOT NULL,
            attempt integer NOT NULL DEFAULT 0,
            source_kind text NOT NULL,
            ref text,
            commit_sha text,
            requested_by text,
            worker text,
            created_at timestamptz NOT NULL,
            started_at timestamptz,
            finished_at timestamptz,
            duration_ms bigint,
            findings_total integer NOT NULL DEFAULT 0,
            count_critical integer NOT NULL DEFAULT 0,
            count_high integer NOT NULL DEFAULT 0,
            count_medium integer NOT NULL DEFAULT 0,
            count_low integer NOT NULL DEFAULT 0,
            count_info integer NOT NULL DEFAULT 0,
            summary jsonb NOT NULL DEFAULT '{}',
            error text,
            version integer NOT NULL
        )""",
        "CREATE INDEX IF NOT EXISTS scans_owner_created ON scans (owner_id, created_at, id)",
        "CREATE INDEX IF NOT EXISTS scans_project_created ON scans (project_id, created_at, id)",
        "CREATE INDEX IF NOT EXISTS scans_status ON scans (status, created_at)",
        """CREATE TABLE IF NOT EXISTS findings (
            id uuid PRIMARY KEY,
            scan_id uuid NOT NULL,
            attempt integer NOT NULL,
            fingerprint text NOT NULL,
            rule_id text NOT NULL,
            engine text NOT NULL,
            severity text NOT NULL,
            confidence text NOT NULL,
            title text NOT NULL,
            message text NOT NULL,
            cwe text[] NOT NULL DEFAULT '{}',
            owasp text[] NOT NULL DEFAULT '{}',
            file_path text NOT NULL,
            start_line integer NOT NULL,
            end_line integer NOT NULL,
            snippet text NOT NULL DEFAULT '',
            fix text NOT NULL DEFAULT '',
            extra jsonb NOT NULL DEFAULT '{}'
        )""",
        "CREATE INDEX IF NOT EXISTS findings_scan ON findings (scan_id, id)",
        "CREATE INDEX IF NOT EXISTS findings_scan_fingerprint ON findings (scan_id, fingerprint)",
        "ALTER TABLE findings ADD COLUMN IF NOT EXISTS severity_rank smallint NOT NULL DEFAULT 0",
        "CREATE INDEX IF NOT EXISTS findings_scan_rank ON findings (scan_id, severity_rank, id)",
        "CREATE INDEX IF NOT EXISTS findings_scan_path ON findings (scan_id, file_path, id)",
        "CREATE INDEX IF NOT EXISTS findings_scan_rule ON findings (scan_id, rule_id, id)",
        """CREATE TABLE IF NOT EXISTS scan_files (
            scan_id uuid PRIMARY KEY,
            paths text[] NOT NULL
        )""",
        "CREATE INDEX IF NOT EXISTS scans_project_ref ON scans (project_id, (coalesce(ref, '')), created_at)",
        """CREATE TABLE IF NOT EXISTS finding_anchors (
            scan_id uuid NOT NULL,
            severity_rank smallint NOT NULL,
            position integer NOT NULL,
            id uuid NOT NULL,
            PRIMARY KEY (scan_id, severity_rank, position)
        )""",
    )

    def get_for_owner(self, owner_id: uuid.UUID, scan_id: uuid.UUID) -> dict[str, Any] | None:
        return self.fetch_one("SELECT * FROM scans WHERE id = %s AND owner_id = %s", (scan_id, owner_id))

    def list_for_owner(self, owner_id: uuid.UUID, request: PageRequest, filters: dict[str, Any]) -> Page:
        where = "FROM scans s WHERE s.owner_id = %s"
        params: list[object] = [owner_id]
        for column, values in (("project_id", filters.get("project_id")), ("status", filters.get("status")),
                               ("scan_type", filters.get("scan_type"))):  # fmt: skip
            if values:
                where += f" AND s.{column} = ANY(%s)"
                params.append(list(values))
        if filters.get("created_after"):
            where += " AND s.created_at > %s"
            params.append(filters["created_after"])
        if filters.get("created_before"):
            where += " AND s.created_at < %s"
            params.append(filters["created_before"])
        return fetch_page(self, "s.*", where, params, request, SCAN_SORTS, "s.id")


def _rules_in_force(event: Scan.Requested) -> dict[str, Any]:
    """The project's rule settings captured by the request (absent from events older than them)."""
    return {
        "rules_path": getattr(event, "rules_path", None),
        "disabled_rules": list(getattr(event, "disabled_rules", None) or []),
    }


class ScansProjection(ReadModelProjection[ScansView]):
    name = "scans"

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.write(tracking)

    @process_event.register
    def _requested(self, event: Scan.Requested, tracking: Tracking) -> None:
        source = event.source
        self.write(
            tracking,
            (
                "INSERT INTO scans (id, project_id, owner_id, scan_type, status, source_kind, ref, "
                "requested_by, created_at, version, summary) "
                "VALUES (%s, %s, %s, %s, 'queued', %s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO NOTHING",
                (event.originator_id, event.project_id, event.owner_id, event.scan_type, source.get("kind"),
                 source.get("ref"), event.actor, event.timestamp, event.originator_version,
                 json.dumps(_rules_in_force(event))),
            ),
        )  # fmt: skip

    @process_event.register
    def _started(self, event: Scan.Started, tracking: Tracking) -> None:
        zero_counts = "".join(f", count_{s} = 0" for s in SEVERITIES)
        self.write(
            tracking,
            (
                "DELETE FROM findings WHERE scan_id = %s AND attempt < %s",
                (event.originator_id, event.attempt),
            ),
            (
                f"UPDATE scans SET status = 'running', attempt = %s, worker = %s, "
                f"started_at = coalesce(started_at, %s), findings_total = 0{zero_counts}, version = %s "
                "WHERE id = %s",
                (event.attempt, event.worker, event.timestamp, event.originator_version, event.originator_id),
            ),
        )

    @process_event.register
    def _findings_recorded(self, event: Scan.FindingsRecorded, tracking: Tracking) -> None:
        scan_id = event.originator_id
        counts = {s: 0 for s in SEVERITIES}
        for finding in event.findings:
            counts[finding["severity"]] = counts.get(finding["severity"], 0) + 1
        increments = "".join(f", count_{s} = count_{s} + %s" for s in SEVERITIES)
        with self.view.transaction() as curs:
            curs.execute("SELECT attempt FROM scans WHERE id = %s FOR UPDATE", (scan_id,))
            row = curs.fetchone()
            if row is not None and row["attempt"] == event.attempt:
                with curs.copy(f"COPY findings ({', '.join(FINDING_COLUMNS)}) FROM STDIN") as copy:
                    for row in finding_rows(scan_id, event.attempt, event.findings):
                        copy.write_row(row)
                curs.execute(
                    f"UPDATE scans SET findings_total = findings_total + %s{increments}, version = %s "
                    "WHERE id = %s",
                    (len(event.findings), *counts.values(), event.originator_version, scan_id),
                )
            self.view._insert_tracking(curs, tracking)

    @process_event.register
    def _completed(self, event: Scan.Completed, tracking: Tracking) -> None:
        summary = dict(event.summary)
        files = summary.pop("files", None)
        extra = []
        if files is not None:
            extra.append((SCAN_FILES_SQL, (event.originator_id, list(files), event.originator_id)))
        self._finish(tracking, event, "completed", None, summary, *extra)

    @process_event.register
    def _failed(self, event: Scan.Failed, tracking: Tracking) -> None:
        # An empty summary keeps what the row has (the rule settings captured at request time).
        self._finish(tracking, event, "failed", event.reason, event.summary or None)

    @process_event.register
    def _cancelled(self, event: Scan.Cancelled, tracking: Tracking) -> None:
        self._finish(tracking, event, "cancelled", None, None)

    def _finish(
        self, tracking: Tracking, event: Any, status: str, error: str | None, summary: Any, *extra: Any
    ) -> None:
        anchors = (ANCHORS_SQL, ([event.originator_id],))
        self.write(
            tracking,
            *extra,
            anchors,
            (
                "UPDATE scans SET status = %s, error = %s, summary = coalesce(%s::jsonb, summary), "
                "commit_sha = coalesce(%s, commit_sha), finished_at = %s, "
                "duration_ms = (EXTRACT(EPOCH FROM (%s - coalesce(started_at, created_at))) * 1000)::bigint, "
                "version = %s WHERE id = %s",
                (status, error, json.dumps(summary) if summary is not None else None,
                 (summary or {}).get("commit"), event.timestamp, event.timestamp, event.originator_version,
                 event.originator_id),
            ),
        )  # fmt: skip

    @process_event.register
    def _project_deleted(self, event: Project.Deleted, tracking: Tracking) -> None:
        self.write(
            tracking,
            ("DELETE FROM findings WHERE scan_id IN (SELECT id FROM scans WHERE project_id = %s)",
             (event.originator_id,)),
            ("DELETE FROM scan_files WHERE scan_id IN (SELECT id FROM scans WHERE project_id = %s)",
             (event.originator_id,)),
            ("DELETE FROM finding_anchors WHERE scan_id IN (SELECT id FROM scans WHERE project_id = %s)",
             (event.originator_id,)),
            ("DELETE FROM scans WHERE project_id = %s", (event.originator_id,)),
        )  # fmt: skip


def finding_rows(scan_id: uuid.UUID, attempt: int, findings: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    """Rows of the findings table (FINDING_COLUMNS) for COPY's text format: every value a string."""
    scan, scan_hex, attempt_text = f"{scan_id}:", scan_id.hex, str(attempt)
    rows = []
    for f in findings:
        extra, fingerprint, severity = f.get("extra"), f["fingerprint"], f["severity"]
        rows.append((
            uuid5_hex(_FINDING_NAMESPACE, scan + fingerprint), scan_hex, attempt_text, fingerprint,
            f["rule_id"], f["engine"], severity, f["confidence"], f["title"], f["message"],
            text_array(f.get("cwe")), text_array(f.get("owasp")), f["file_path"], str(f["start_line"]),
            str(f["end_line"]), f.get("snippet") or "", f.get("fix") or "",
            json.dumps(extra) if extra else "{}", _RANK_TEXT.get(severity, "0"),
        ))  # fmt: skip
    return rows


_RANK_TEXT = {severity: str(rank) for severity, rank in SEVERITY_RANK.items()}
