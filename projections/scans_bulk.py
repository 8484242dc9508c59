"""The scans read model built in one pass over the log, into empty tables (a replay's first phase).

The per-event handlers update a scan's row at each of its events; here each scan is followed in
memory while it is queued or running, and its row, findings and anchors are written once, by COPY,
when it ends. That relies on the Scan aggregate's rule that an ended scan has no later events, and
that findings are recorded only for the running attempt. A deleted project's scans that had already
ended are deleted at the end (`purge`). tests/integration/test_replay_batches.py checks these tables
equal to the per-event ones over every scan lifecycle.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from domain.finding import SEVERITIES
from domain.project import Project
from domain.scan import Scan
from projections.bulk_load import ScanHistoryLoad
from projections.copy_values import RowSink, copy_line, copy_row
from projections.scans import ANCHOR_EVERY, FINDING_COLUMNS, _rules_in_force, finding_rows

SCAN_COLUMNS = (
    "id", "project_id", "owner_id", "scan_type", "status", "attempt", "source_kind", "ref", "commit_sha",
    "requested_by", "worker", "created_at", "started_at", "finished_at", "duration_ms", "findings_total",
    *(f"count_{s}" for s in SEVERITIES), "summary", "error", "version",
)  # fmt: skip
_RANK = FINDING_COLUMNS.index("severity_rank")


@dataclass
class _OpenScan:
    """A scan not yet ended: its row's values, and the findings of its current attempt."""

    row: dict[str, Any]
    findings: list[tuple[str, ...]] = field(default_factory=list)


class ScansBulkLoad(ScanHistoryLoad):
    tables = ("scans", "findings", "scan_files", "finding_anchors")

    def __init__(self) -> None:
        super().__init__()
        self._open: dict[uuid.UUID, _OpenScan] = {}
        self._by_project: dict[uuid.UUID, list[uuid.UUID]] = {}
        self._purged: list[uuid.UUID] = []  # ended scans of deleted projects: their rows are written
        self._scans: list[str] = []  # COPY lines ready to write
        self._findings: list[str] = []  # COPY lines
        self._anchors: list[str] = []
        self._files: list[str] = []

    def flush(self, sink: RowSink) -> None:
        """Hand over the rows of the scans that have ended."""
        for table, columns, lines in (
            ("scans", SCAN_COLUMNS, self._scans), ("findings", FINDING_COLUMNS, self._findings),
            ("finding_anchors", ("scan_id", "severity_rank", "position", "id"), self._anchors),
            ("scan_files", ("scan_id", "paths"), self._files),
        ):  # fmt: skip
            if lines:
                sink.copy(table, columns, lines)
        self._scans, self._findings, self._anchors, self._files = [], [], [], []

    def finish(self, sink: RowSink) -> None:
        """Write the rest (scans still queued or running, as they stand) and delete the purged."""
        for scan in self._open.values():
            self._scans.append(_scan_row(scan.row))
            self._findings.extend(map(copy_line, scan.findings))
        self._open.clear()
        self.flush(sink)
        by_scan = {"findings": "scan_id", "finding_anchors": "scan_id", "scan_files": "scan_id"}
        self._purge(sink, self._purged, {**by_scan, "scans": "id"})
        self._purged = []

    # -- events ------------------------------------------------------------------------------------

    def _requested(self, event: Scan.Requested) -> None:
        scan_id = event.originator_id
        if scan_id in self._open:
            return
        row = dict.fromkeys(SCAN_COLUMNS)
        row.update(
            id=scan_id, project_id=event.project_id, owner_id=event.owner_id, scan_type=event.scan_type,
            status="queued", attempt=0, source_kind=event.source.get("kind"), ref=event.source.get("ref"),
            requested_by=event.actor, created_at=event.timestamp, findings_total=0,
            summary=_rules_in_force(event), version=event.originator_version,
        )  # fmt: skip
        for severity in SEVERITIES:
            row[f"count_{severity}"] = 0
        self._open[scan_id] = _OpenScan(row)
        self._by_project.setdefault(event.project_id, []).append(scan_id)

    def _started(self, event: Scan.Started) -> None:
        scan = self._open.get(event.originator_id)
        if scan is None:
            return
        row = scan.row
        row.update(status="running", attempt=event.attempt, worker=event.worker, findings_total=0,
                   version=event.originator_version)  # fmt: skip
        if row["started_at"] is None:
            row["started_at"] = event.timestamp
        for severity in SEVERITIES:
            row[f"count_{severity}"] = 0
        scan.findings = []  # an earlier attempt's findings are deleted

    def _findings_recorded(self, event: Scan.FindingsRecorded) -> None:
        scan = self._open.get(event.originator_id)
        if scan is None or scan.row["attempt"] != event.attempt:
            return
        row = scan.row
        scan.findings.extend(finding_rows(event.originator_id, event.attempt, event.findings))
        row["findings_total"] += len(event.findings)
        for finding in event.findings:
            key = "count_" + finding["severity"]
            if key in row:
                row[key] += 1
        row["version"] = event.originator_version

    def _completed(self, event: Scan.Completed) -> None:
        summary = dict(event.summary)
        files = summary.pop("files", None)
        if files is not None and event.originator_id in self._open:
            self._files.append(copy_row((event.originator_id, list(files))))
        self._end(event, "completed", None, summary)

    def _failed(self, event: Scan.Failed) -> None:
        self._end(event, "failed", event.reason, event.summary or None)

    def _cancelled(self, event: Scan.Cancelled) -> None:
        self._end(event, "cancelled", None, None)

    def _end(self, event: Any, status: str, error: str | None, summary: dict[str, Any] | None) -> None:
        scan = self._open.pop(event.originator_id, None)
        if scan is None:
            return
        row = scan.row
        at: datetime = event.timestamp
        row.update(status=status, error=error, finished_at=at, version=event.originator_version,
                   duration_ms=_milliseconds(at - (row["started_at"] or row["created_at"])))  # fmt: skip
        if summary is not None:
            row["summary"] = summary
        commit = (summary or {}).get("commit")
        if commit is not None:
            row["commit_sha"] = commit
        self._scans.append(_scan_row(row))
        self._findings.extend(map(copy_line, scan.findings))
        self._anchors.extend(_anchors(scan.findings))

    def _project_deleted(self, event: Project.Deleted) -> None:
        for scan_id in self._by_project.pop(event.originator_id, []):
            if self._open.pop(scan_id, None) is None:
                self._purged.append(scan_id)


def _scan_row(row: dict[str, Any]) -> str:
    values = dict(row, summary=json.dumps(row["summary"]))
    return copy_row([values[column] for column in SCAN_COLUMNS])


def _anchors(findings: list[tuple[str, ...]]) -> list[str]:
    """ANCHORS_SQL of projections/scans.py over the scan's findings: every ANCHOR_EVERY-th id per rank."""
    if not findings:
        return []
    scan = findings[0][1]
    by_rank: dict[str, list[str]] = {}
    for finding in findings:
        by_rank.setdefault(finding[_RANK], []).append(finding[0])
    anchors = []
    for rank, ids in by_rank.items():
        ids.sort()
        anchors.extend(f"{scan}\t{rank}\t{n}\t{ids[n]}\n" for n in range(0, len(ids), ANCHOR_EVERY))
    return anchors


def _milliseconds(elapsed: Any) -> int:
    """An interval in whole milliseconds, rounded half away from zero as PostgreSQL's ::bigint does."""
    micro = (elapsed.days * 86_400 + elapsed.seconds) * 1_000_000 + elapsed.microseconds
    rounded = (abs(micro) + 500) // 1000
    return rounded if micro >= 0 else -rounded
