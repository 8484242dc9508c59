"""The finding identities read model: each (project, ref, fingerprint) across scans, and its transitions.

When a scan completes, every identity of its project and ref that one of its engines covers moves:
seen for the first time -> new; seen again while fixed or removed -> reopened; open and not seen ->
fixed, or removed when its file left the tree or its rule was disabled for that scan. The findings
of the scan's current attempt are staged in `identity_sightings` until then, so this read model
never depends on another one and replays to the same tables. Contract: notes/identity-contract.md.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from psycopg import Cursor

from domain.finding import Severity
from domain.project import Project
from domain.scan import SCAN_TYPES, Scan
from domain.triage import identity_id
from projections.read_model import ReadModelProjection, ReadModelView

IDENTITY_STATES = ("open", "fixed", "removed", "reopened")
TRANSITIONS = ("new", "fixed", "removed", "reopened")
_SIGHTING_COLUMNS = (
    "scan_id, identity_id, fingerprint, engine, rule_id, severity, severity_rank, cwe, file_path, title"
)
# An identity a scan sees: its latest details, and reopened if it had been closed.
SEEN_AGAIN_SQL = (
    "ON CONFLICT (identity_id) DO UPDATE SET engine = EXCLUDED.engine, rule_id = EXCLUDED.rule_id, "
    "severity = EXCLUDED.severity, severity_rank = EXCLUDED.severity_rank, cwe = EXCLUDED.cwe, "
    "file_path = EXCLUDED.file_path, title = EXCLUDED.title, "
    "state = CASE WHEN finding_identities.state IN ('fixed', 'removed') THEN 'reopened' "
    "ELSE finding_identities.state END, last_seen_scan_id = EXCLUDED.last_seen_scan_id, "
    "last_seen_at = EXCLUDED.last_seen_at, closed_scan_id = NULL, closed_at = NULL"
)
# The fixed count of the project's latest completed scan, for the project statistics (`p` is the project).
FIXED_BY_LAST_SCAN_SQL = (
    "(SELECT o.fixed FROM identity_scans o WHERE o.project_id = p.id AND o.status = 'completed' "
    "ORDER BY o.completed_at DESC, o.scan_id DESC LIMIT 1)"
)


class FindingIdentitiesView(ReadModelView):
    schema = (
        """CREATE TABLE IF NOT EXISTS finding_identities (
            identity_id uuid PRIMARY KEY,
            project_id uuid NOT NULL,
            owner_id uuid NOT NULL,
            ref text NOT NULL,
            fingerprint text NOT NULL,
            engine text,
            rule_id text,
            severity text,
            severity_rank smallint NOT NULL DEFAULT 0,
            cwe text[],
            file_path text,
            title text,
            state text NOT NULL,
            first_seen_scan_id uuid,
            first_seen_at timestamptz,
            last_seen_scan_id uuid,
            last_seen_at timestamptz,
            closed_scan_id uuid,
            closed_at timestamptz
        )""",
        "CREATE INDEX IF NOT EXISTS identities_project_ref_state ON finding_identities "
        "(project_id, ref, state)",
        "CREATE INDEX IF NOT EXISTS identities_project_rank ON finding_identities "
        "(project_id, severity_rank, identity_id)",
        "CREATE INDEX IF NOT EXISTS identities_project_path ON finding_identities "
        "(project_id, file_path, identity_id)",
        "CREATE INDEX IF NOT EXISTS identities_project_rule ON finding_identities "
        "(project_id, rule_id, identity_id)",
        "CREATE INDEX IF NOT EXISTS identities_project_first_seen ON finding_identities "
        "(project_id, first_seen_at, identity_id)",
        "CREATE INDEX IF NOT EXISTS identities_project_last_seen ON finding_identities "
        "(project_id, last_seen_at, identity_id)",
        """CREATE TABLE IF NOT EXISTS finding_transitions (
            identity_id uuid NOT NULL,
            project_id uuid NOT NULL,
            owner_id uuid NOT NULL,
            scan_id uuid NOT NULL,
            at timestamptz NOT NULL,
            transition text NOT NULL,
            engine text,
            rule_id text,
            severity text,
            cwe text[],
            PRIMARY KEY (identity_id, scan_id)
        )""",
        "CREATE INDEX IF NOT EXISTS transitions_scan ON finding_transitions (scan_id, transition)",
        "CREATE INDEX IF NOT EXISTS transitions_project_at ON finding_transitions (project_id, at)",
        # Analytics reads one owner's history in identity order: served by the index, no sort.
        "CREATE INDEX IF NOT EXISTS transitions_owner_identity "
        "ON finding_transitions (owner_id, identity_id, at)",
        # Per scan: what the transitions need (project, ref, type, current attempt) and their counts.
        """CREATE TABLE IF NOT EXISTS identity_scans (
            scan_id uuid PRIMARY KEY,
            project_id uuid NOT NULL,
            owner_id uuid NOT NULL,
            ref text NOT NULL,
            scan_type text NOT NULL,
            attempt integer NOT NULL DEFAULT 0,
            status text NOT NULL,
            completed_at timestamptz,
            new integer NOT NULL DEFAULT 0,
            fixed integer NOT NULL DEFAULT 0,
            removed integer NOT NULL DEFAULT 0,
            reopened integer NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX IF NOT EXISTS identity_scans_project ON identity_scans (project_id, completed_at)",
        # The running attempt's findings, kept only until the scan ends.
        """CREATE TABLE IF NOT EXISTS identity_sightings (
            scan_id uuid NOT NULL,
            identity_id uuid NOT NULL,
            fingerprint text NOT NULL,
            engine text NOT NULL,
            rule_id text NOT NULL,
            severity text NOT NULL,
            severity_rank smallint NOT NULL,
            cwe text[] NOT NULL,
            file_path text NOT NULL,
            title text NOT NULL
        )""",
        "CREATE INDEX IF NOT EXISTS identity_sightings_scan ON identity_sightings (scan_id, identity_id)",
        # Identities per project, ref, state, engine and severity: list totals without counting rows.
        """CREATE TABLE IF NOT EXISTS identity_counts (
            project_id uuid NOT NULL,
            ref text NOT NULL,
            state text NOT NULL,
            engine text NOT NULL,
            severity_rank smallint NOT NULL,
            n integer NOT NULL,
            PRIMARY KEY (project_id, ref, state, engine, severity_rank)
        )""",
    )


def engines_ran(summary: dict[str, Any], scan_type: str, sighted: Iterable[str]) -> set[str]:
    """The engines whose silence means something: those the summary reports completed.

    A summary without engine reports (events recorded by hand) falls back to the scan type's engines.
    """
    reported = summary.get("engines")
    if isinstance(reported, dict) and reported:
        ran = {
            name for name, report in reported.items()
            if not isinstance(report, dict) or report.get("status", "completed") == "completed"
        }  # fmt: skip
    else:
        ran = set(SCAN_TYPES.get(scan_type, ()))
    return ran | set(sighted)


def disabled_rules(summary: dict[str, Any]) -> set[str]:
    """Rule ids the scan ran without: a list, or a mapping of engine to a list."""
    raw = summary.get("disabled_rules") or ()
    if isinstance(raw, dict):
        return {str(rule) for rules in raw.values() for rule in (rules or ())}
    return {str(rule) for rule in raw}


def closing_transition(rule_id: str, file_path: str, disabled: set[str], files: set[str] | None) -> str:
    """How an open identity the scan did not see ends: removed when it could not be seen at all."""
    if rule_id in disabled or (files is not None and file_path not in files):
        return "removed"
    return "fixed"


def _rank(severity: str) -> int:
    try:
        return Severity(severity).rank
    except ValueError:
        return 0


class FindingIdentitiesProjection(ReadModelProjection[FindingIdentitiesView]):
    name = "finding_identities"

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.write(tracking)

    @process_event.register
    def _requested(self, event: Scan.Requested, tracking: Tracking) -> None:
        self.write(
            tracking,
            (
                "INSERT INTO identity_scans (scan_id, project_id, owner_id, ref, scan_type, status) "
                "VALUES (%s, %s, %s, %s, %s, 'queued') ON CONFLICT (scan_id) DO NOTHING",
                (event.originator_id, event.project_id, event.owner_id, event.source.get("ref") or "",
                 event.scan_type),
            ),
        )  # fmt: skip

    @process_event.register
    def _started(self, event: Scan.Started, tracking: Tracking) -> None:
        self.write(
            tracking,
            ("DELETE FROM identity_sightings WHERE scan_id = %s", (event.originator_id,)),
            (
                "UPDATE identity_scans SET attempt = %s, status = 'running' WHERE scan_id = %s",
                (event.attempt, event.originator_id),
            ),
        )

    @process_event.register
    def _findings_recorded(self, event: Scan.FindingsRecorded, tracking: Tracking) -> None:
        scan_id = event.originator_id
        with self.view.transaction() as curs:
            run = self._run(curs, scan_id)
            if run is not None and run["attempt"] == event.attempt and run["status"] == "running":
                with curs.copy(f"COPY identity_sightings ({_SIGHTING_COLUMNS}) FROM STDIN") as copy:
                    for f in event.findings:
                        copy.write_row((
                            scan_id, identity_id(run["project_id"], run["ref"], f["fingerprint"]),
                            f["fingerprint"], f["engine"], f["rule_id"], f["severity"], _rank(f["severity"]),
                            list(f.get("cwe") or []), f["file_path"], f["title"],
                        ))  # fmt: skip
            self.view._insert_tracking(curs, tracking)

    @process_event.register
    def _completed(self, event: Scan.Completed, tracking: Tracking) -> None:
        with self.view.transaction() as curs:
            run = self._run(curs, event.originator_id)
            if run is not None and run["attempt"] == event.attempt and run["status"] == "running":
                _apply_completion(curs, run, dict(event.summary or {}), event.timestamp)
            curs.execute("DELETE FROM identity_sightings WHERE scan_id = %s", (event.originator_id,))
            self.view._insert_tracking(curs, tracking)

    @process_event.register
    def _failed(self, event: Scan.Failed, tracking: Tracking) -> None:
        self._ended_without_change(event.originator_id, "failed", tracking)

    @process_event.register
    def _cancelled(self, event: Scan.Cancelled, tracking: Tracking) -> None:
        self._ended_without_change(event.originator_id, "cancelled", tracking)

    def _ended_without_change(self, scan_id: uuid.UUID, status: str, tracking: Tracking) -> None:
        self.write(
            tracking,
            ("DELETE FROM identity_sightings WHERE scan_id = %s", (scan_id,)),
            ("UPDATE identity_scans SET status = %s WHERE scan_id = %s", (status, scan_id)),
        )

    @process_event.register
    def _project_deleted(self, event: Project.Deleted, tracking: Tracking) -> None:
        project = (event.originator_id,)
        self.write(
            tracking,
            ("DELETE FROM identity_sightings WHERE scan_id IN "
             "(SELECT scan_id FROM identity_scans WHERE project_id = %s)", project),
            ("DELETE FROM finding_transitions WHERE project_id = %s", project),
            ("DELETE FROM finding_identities WHERE project_id = %s", project),
            ("DELETE FROM identity_counts WHERE project_id = %s", project),
            ("DELETE FROM identity_scans WHERE project_id = %s", project),
        )  # fmt: skip

    @staticmethod
    def _run(curs: Cursor[Any], scan_id: uuid.UUID) -> dict[str, Any] | None:
        curs.execute("SELECT * FROM identity_scans WHERE scan_id = %s FOR UPDATE", (scan_id,))
        return curs.fetchone()


def _apply_completion(curs: Cursor[Any], run: dict[str, Any], summary: dict[str, Any], at: datetime) -> None:
    """Move the project's identities for this ref as this scan saw them (one transaction)."""
    scan_id, project_id, ref = run["scan_id"], run["project_id"], run["ref"]
    sightings = (
        "(SELECT DISTINCT ON (identity_id) * FROM identity_sightings WHERE scan_id = %s "
        "ORDER BY identity_id) s"
    )
    # Seen: first time -> new, after being closed -> reopened (read before the upsert changes state).
    curs.execute(
        "INSERT INTO finding_transitions (identity_id, project_id, owner_id, scan_id, at, transition, "
        "engine, rule_id, severity, cwe) "
        "SELECT s.identity_id, %s, %s, %s, %s, CASE WHEN i.identity_id IS NULL THEN 'new' ELSE 'reopened' "
        f"END, s.engine, s.rule_id, s.severity, s.cwe FROM {sightings} "
        "LEFT JOIN finding_identities i ON i.identity_id = s.identity_id "
        "WHERE i.identity_id IS NULL OR i.state IN ('fixed', 'removed')",
        (project_id, run["owner_id"], scan_id, at, scan_id),
    )
    curs.execute(
        "INSERT INTO finding_identities (identity_id, project_id, owner_id, ref, fingerprint, engine, "
        "rule_id, severity, severity_rank, cwe, file_path, title, state, first_seen_scan_id, first_seen_at, "
        "last_seen_scan_id, last_seen_at) "
        "SELECT s.identity_id, %s, %s, %s, s.fingerprint, s.engine, s.rule_id, s.severity, s.severity_rank, "
        f"s.cwe, s.file_path, s.title, 'open', %s, %s, %s, %s FROM {sightings} {SEEN_AGAIN_SQL}",
        (project_id, run["owner_id"], ref, scan_id, at, scan_id, at, scan_id),
    )
    # Not seen: only identities an engine of this scan covers, and still open.
    curs.execute("SELECT DISTINCT engine FROM identity_sightings WHERE scan_id = %s", (scan_id,))
    engines = engines_ran(summary, run["scan_type"], (row["engine"] for row in curs.fetchall()))
    curs.execute(
        "SELECT identity_id, rule_id, file_path FROM finding_identities WHERE project_id = %s AND ref = %s "
        "AND state IN ('open', 'reopened') AND last_seen_scan_id IS DISTINCT FROM %s AND engine = ANY(%s)",
        (project_id, ref, scan_id, sorted(engines)),
    )
    disabled = disabled_rules(summary)
    files = set(summary["files"]) if isinstance(summary.get("files"), list) else None
    closing = [(row["identity_id"], closing_transition(row["rule_id"], row["file_path"], disabled, files))
               for row in curs.fetchall()]  # fmt: skip
    if closing:
        ids, transitions = [c[0] for c in closing], [c[1] for c in closing]
        curs.execute(
            "UPDATE finding_identities i SET state = x.transition, closed_scan_id = %s, closed_at = %s "
            "FROM unnest(%s::uuid[], %s::text[]) AS x(identity_id, transition) "
            "WHERE i.identity_id = x.identity_id",
            (scan_id, at, ids, transitions),
        )
        curs.execute(
            "INSERT INTO finding_transitions (identity_id, project_id, owner_id, scan_id, at, transition, "
            "engine, rule_id, severity, cwe) SELECT i.identity_id, i.project_id, i.owner_id, %s, %s, "
            "x.transition, i.engine, i.rule_id, i.severity, i.cwe FROM finding_identities i "
            "JOIN unnest(%s::uuid[], %s::text[]) AS x(identity_id, transition) "
            "ON i.identity_id = x.identity_id",
            (scan_id, at, ids, transitions),
        )
    recount_identities(curs, [project_id], [ref])
    mark_completed(curs, [scan_id], [at])


def recount_identities(curs: Cursor[Any], projects: list[Any], refs: list[str]) -> None:
    """Rebuild identity_counts for each (projects[n], refs[n])."""
    pairs = "unnest(%s::uuid[], %s::text[]) AS x(project_id, ref)"
    curs.execute(
        f"DELETE FROM identity_counts c USING {pairs} WHERE c.project_id = x.project_id AND c.ref = x.ref",
        (projects, refs),
    )
    curs.execute(
        "INSERT INTO identity_counts (project_id, ref, state, engine, severity_rank, n) "
        "SELECT i.project_id, i.ref, i.state, coalesce(i.engine, ''), i.severity_rank, count(*) "
        f"FROM finding_identities i JOIN {pairs} ON i.project_id = x.project_id AND i.ref = x.ref "
        "GROUP BY i.project_id, i.ref, i.state, coalesce(i.engine, ''), i.severity_rank",
        (projects, refs),
    )


def mark_completed(curs: Cursor[Any], scan_ids: list[Any], times: list[datetime]) -> None:
    """The scans completed at their times, with the counts of each transition they made."""
    counts = ", ".join(
        f"{name} = (SELECT count(*) FROM finding_transitions t WHERE t.scan_id = x.scan_id "
        f"AND t.transition = '{name}')"
        for name in TRANSITIONS
    )
    curs.execute(
        f"UPDATE identity_scans s SET status = 'completed', completed_at = x.at, {counts} "
        "FROM unnest(%s::uuid[], %s::timestamptz[]) AS x(scan_id, at) WHERE s.scan_id = x.scan_id",
        (scan_ids, times),
    )
