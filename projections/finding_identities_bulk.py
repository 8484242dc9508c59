"""The finding identities read model built in one pass over the log, into empty tables (a replay's
first phase).

The per-event handlers upsert a scan's identities at its completion: a project scanned a hundred
times rewrites each identity (and its seven index entries) a hundred times. Here the identities live
in memory for the pass and are written once, by COPY, at its end; a scan's transitions and its
identity_scans row are written when it ends (the Scan aggregate allows no event after that), and its
sightings only if it is still running when the pass ends. Each completion follows _apply_completion
of finding_identities.py step by step. A deleted project's ended scans are deleted at the end
(`purge`). tests/integration/test_replay_batches.py checks these tables equal to the per-event ones.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from domain.project import Project
from domain.scan import Scan
from domain.triage import identity_id
from projections.bulk_load import ScanHistoryLoad
from projections.copy_values import RowSink, copy_line, copy_row, text_array
from projections.finding_identities import _rank, closing_transition, disabled_rules, engines_ran

IDENTITY_COLUMNS = (
    "identity_id", "project_id", "owner_id", "ref", "fingerprint", "engine", "rule_id", "severity",
    "severity_rank", "cwe", "file_path", "title", "state", "first_seen_scan_id", "first_seen_at",
    "last_seen_scan_id", "last_seen_at", "closed_scan_id", "closed_at",
)  # fmt: skip
TRANSITION_COLUMNS = (
    "identity_id", "project_id", "owner_id", "scan_id", "at", "transition", "engine", "rule_id", "severity",
    "cwe",
)  # fmt: skip
RUN_COLUMNS = (
    "scan_id", "project_id", "owner_id", "ref", "scan_type", "attempt", "status", "completed_at", "new",
    "fixed", "removed", "reopened",
)  # fmt: skip
SIGHTING_COLUMNS = (
    "scan_id", "identity_id", "fingerprint", "engine", "rule_id", "severity", "severity_rank", "cwe",
    "file_path", "title",
)  # fmt: skip
COUNT_COLUMNS = ("project_id", "ref", "state", "engine", "severity_rank", "n")
_OPEN_STATES = ("open", "reopened")
_RANKS: dict[str, str] = {}  # severity -> its rank, as text


@dataclass(slots=True)
class _Identity:
    """An identity's row; its details (engine, rule, severity, ...) are those of the finding last seen.
    Ids and times are kept as the text COPY writes."""

    identity_id: str
    project_id: str
    owner_id: str
    ref: str
    finding: dict[str, Any]
    state: str
    first_seen_scan_id: str
    first_seen_at: str
    last_seen_scan_id: str
    last_seen_at: str
    closed_scan_id: str | None = None
    closed_at: str | None = None

    def line(self) -> str:
        f = self.finding
        return copy_line((
            self.identity_id, self.project_id, self.owner_id, self.ref, f["fingerprint"], f["engine"],
            f["rule_id"], f["severity"], _rank_text(f["severity"]), text_array(f.get("cwe")), f["file_path"],
            f["title"], self.state, self.first_seen_scan_id, self.first_seen_at, self.last_seen_scan_id,
            self.last_seen_at, self.closed_scan_id, self.closed_at,
        ))  # fmt: skip


@dataclass
class _Run:
    """An identity_scans row not yet final, and the findings its running attempt saw, by identity."""

    row: dict[str, Any]
    sightings: dict[str, dict[str, Any]] = field(default_factory=dict)

    def line(self) -> str:
        row = self.row
        completed = row["completed_at"]
        return copy_line((
            row["scan_id"].hex, row["project_id"].hex, row["owner_id"].hex, row["ref"], row["scan_type"],
            str(row["attempt"]), row["status"], completed.isoformat() if completed else None,
            *(str(row[t]) for t in ("new", "fixed", "removed", "reopened")),
        ))  # fmt: skip


def _rank_text(severity: str) -> str:
    rank = _RANKS.get(severity)
    if rank is None:
        rank = _RANKS[severity] = str(_rank(severity))
    return rank


def _transition(iid: str, project: str, owner: str, scan: str, at: str, kind: str, f: dict[str, Any]) -> str:
    return copy_line((iid, project, owner, scan, at, kind, f["engine"], f["rule_id"], f["severity"],
                      text_array(f.get("cwe"))))  # fmt: skip


class IdentitiesBulkLoad(ScanHistoryLoad):
    tables = ("finding_identities", "finding_transitions", "identity_scans", "identity_sightings",
              "identity_counts")  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self._runs: dict[uuid.UUID, _Run] = {}
        self._identities: dict[str, _Identity] = {}
        self._open: dict[tuple[uuid.UUID, str], set[str]] = {}  # (project, ref) -> open identities
        self._identities_of: dict[uuid.UUID, list[str]] = {}  # project -> its identities
        self._scans_of: dict[uuid.UUID, list[uuid.UUID]] = {}  # project -> its scans
        self._ids: dict[tuple[str, str, str], str] = {}  # (project, ref, fingerprint) -> identity id
        self._purged: list[uuid.UUID] = []  # ended scans of deleted projects: their rows are written
        self._ended: list[str] = []  # identity_scans COPY lines ready to write
        self._transitions: list[str] = []

    def flush(self, sink: RowSink) -> None:
        """Hand over the rows of the scans that have ended."""
        if self._ended:
            sink.copy("identity_scans", RUN_COLUMNS, self._ended)
        if self._transitions:
            sink.copy("finding_transitions", TRANSITION_COLUMNS, self._transitions)
        self._ended, self._transitions = [], []

    def finish(self, sink: RowSink) -> None:
        """Write the rest: the identities and their counts, and the scans not ended as they stand."""
        sightings = []
        for scan_id, run in self._runs.items():
            self._ended.append(run.line())
            scan = scan_id.hex
            for iid, f in run.sightings.items():
                sightings.append(copy_line((
                    scan, iid, f["fingerprint"], f["engine"], f["rule_id"], f["severity"],
                    _rank_text(f["severity"]), text_array(f.get("cwe")), f["file_path"], f["title"],
                )))  # fmt: skip
        self._runs.clear()
        self.flush(sink)
        sink.copy("identity_sightings", SIGHTING_COLUMNS, sightings)
        counts: dict[tuple[Any, ...], int] = {}
        for i in self._identities.values():
            key = (i.project_id, i.ref, i.state, i.finding["engine"] or "", _rank_text(i.finding["severity"]))
            counts[key] = counts.get(key, 0) + 1
        sink.copy("identity_counts", COUNT_COLUMNS, [copy_row((*key, n)) for key, n in counts.items()])
        sink.copy("finding_identities", IDENTITY_COLUMNS, [i.line() for i in self._identities.values()])
        self._identities.clear()
        self._purge(sink, self._purged, {"finding_transitions": "scan_id", "identity_scans": "scan_id"})
        self._purged = []

    # -- events ------------------------------------------------------------------------------------

    def _requested(self, event: Scan.Requested) -> None:
        scan_id = event.originator_id
        if scan_id in self._runs:
            return
        self._runs[scan_id] = _Run(dict(
            scan_id=scan_id, project_id=event.project_id, owner_id=event.owner_id,
            ref=event.source.get("ref") or "", scan_type=event.scan_type, attempt=0, status="queued",
            completed_at=None, new=0, fixed=0, removed=0, reopened=0,
        ))  # fmt: skip
        self._scans_of.setdefault(event.project_id, []).append(scan_id)

    def _started(self, event: Scan.Started) -> None:
        run = self._runs.get(event.originator_id)
        if run is not None:
            run.sightings = {}
            run.row.update(attempt=event.attempt, status="running")

    def _findings_recorded(self, event: Scan.FindingsRecorded) -> None:
        run = self._runs.get(event.originator_id)
        if run is None or run.row["attempt"] != event.attempt or run.row["status"] != "running":
            return
        project_id, ref, ids, sightings = run.row["project_id"], run.row["ref"], self._ids, run.sightings
        project_hex = project_id.hex  # ids are kept as hex text: a UUID's hash is computed in Python
        for f in event.findings:
            fingerprint = f["fingerprint"]
            key = (project_hex, ref, fingerprint)
            iid = ids.get(key)
            if iid is None:
                iid = ids[key] = identity_id(project_id, ref, fingerprint).hex
            sightings[iid] = f

    def _failed(self, event: Scan.Failed) -> None:
        self._end(event.originator_id, "failed")

    def _cancelled(self, event: Scan.Cancelled) -> None:
        self._end(event.originator_id, "cancelled")

    def _end(self, scan_id: uuid.UUID, status: str) -> None:
        run = self._runs.pop(scan_id, None)
        if run is not None:
            run.row["status"] = status
            self._ended.append(run.line())

    def _completed(self, event: Scan.Completed) -> None:
        run = self._runs.get(event.originator_id)
        if run is None:
            return
        if run.row["attempt"] != event.attempt or run.row["status"] != "running":
            run.sightings = {}
            return
        del self._runs[event.originator_id]
        made = self._complete(run, dict(event.summary or {}), event.timestamp)
        run.row.update(status="completed", completed_at=event.timestamp)
        for transition in made:
            run.row[transition] += 1
        self._ended.append(run.line())

    def _complete(self, run: _Run, summary: dict[str, Any], when: Any) -> list[str]:
        """The completion's moves of identities (as _apply_completion makes them); its transitions."""
        row = run.row
        scan, project, owner, ref = row["scan_id"].hex, row["project_id"].hex, row["owner_id"].hex, row["ref"]
        at = when.isoformat()
        identities, transitions, sightings = self._identities, self._transitions, run.sightings
        open_ids = self._open.setdefault((row["project_id"], ref), set())
        made = []
        for iid, f in sightings.items():
            i = identities.get(iid)
            if i is None:
                transitions.append(_transition(iid, project, owner, scan, at, "new", f))
                made.append("new")
                identities[iid] = _Identity(iid, project, owner, ref, f, "open", scan, at, scan, at)
                self._identities_of.setdefault(row["project_id"], []).append(iid)
            else:
                if i.state not in _OPEN_STATES:
                    transitions.append(_transition(iid, project, owner, scan, at, "reopened", f))
                    made.append("reopened")
                    i.state = "reopened"
                i.finding, i.last_seen_scan_id, i.last_seen_at, i.closed_scan_id, i.closed_at = (
                    f,
                    scan,
                    at,
                    None,
                    None,
                )
            open_ids.add(iid)
        engines = engines_ran(summary, row["scan_type"], {f["engine"] for f in sightings.values()})
        disabled = disabled_rules(summary)
        files = set(summary["files"]) if isinstance(summary.get("files"), list) else None
        for iid in [iid for iid in open_ids if iid not in sightings]:
            i = identities[iid]
            f = i.finding
            if i.last_seen_scan_id == scan or f["engine"] not in engines:
                continue
            transition = closing_transition(f["rule_id"], f["file_path"], disabled, files)
            i.state, i.closed_scan_id, i.closed_at = transition, scan, at
            open_ids.discard(iid)
            transitions.append(_transition(iid, i.project_id, i.owner_id, scan, at, transition, f))
            made.append(transition)
        return made

    def _project_deleted(self, event: Project.Deleted) -> None:
        project_id = event.originator_id
        for scan_id in self._scans_of.pop(project_id, []):
            if self._runs.pop(scan_id, None) is None:
                self._purged.append(scan_id)
        for iid in self._identities_of.pop(project_id, []):
            self._identities.pop(iid, None)
        for key in [key for key in self._open if key[0] == project_id]:
            del self._open[key]
