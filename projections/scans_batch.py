"""The scans read model written a batch of events at a time (what a replay uses).

The same rows as ScansProjection's per-event handlers, written set-based: the batch is regrouped
into rounds (projections/batches.py) keyed by scan, and each round is written with a few
statements over arrays (`unnest`) and one COPY of all its findings. A project deletion is a
barrier applied by the per-event handler. tests/integration/test_replay.py compares the result
with the live read model, which the per-event handlers build.
"""

from __future__ import annotations

import json
from typing import Any

from psycopg import Cursor

from domain.finding import SEVERITIES
from domain.project import Project
from domain.scan import Scan
from projections.batches import Item, by_type, write_in_rounds
from projections.scans import (
    ANCHORS_SQL,
    FINDING_COLUMNS,
    SCAN_FILES_SQL,
    ScansProjection,
    _rules_in_force,
    finding_rows,
)

SCAN_EVENTS = (
    Scan.Requested, Scan.Started, Scan.FindingsRecorded, Scan.Completed, Scan.Failed, Scan.Cancelled,
)  # fmt: skip
_ZERO_COUNTS = "".join(f", count_{s} = 0" for s in SEVERITIES)
_ADD_COUNTS = "".join(f", count_{s} = s.count_{s} + x.{s}" for s in SEVERITIES)


def apply_scans_batch(projection: ScansProjection, items: list[Item]) -> None:
    """Write the batch's events to the scans read model in one transaction, tracking the last."""
    write_in_rounds(
        projection,
        items,
        lambda curs, items: _scan_key,
        lambda e: isinstance(e, Project.Deleted),
        _write_round,
    )


def _write_round(curs: Cursor[Any], part: list[Item]) -> None:
    groups = by_type(part)
    _requested(curs, groups.get(Scan.Requested, []))
    _started(curs, groups.get(Scan.Started, []))
    _findings_recorded(curs, groups.get(Scan.FindingsRecorded, []))
    _finished(curs, groups)


def _scan_key(event: Any) -> Any:
    return event.originator_id if isinstance(event, SCAN_EVENTS) else None


def _requested(curs: Cursor[Any], events: list[Any]) -> None:
    if not events:
        return
    curs.execute(
        "INSERT INTO scans (id, project_id, owner_id, scan_type, status, source_kind, ref, requested_by, "
        "created_at, version, summary) SELECT x.id, x.project_id, x.owner_id, x.scan_type, 'queued', "
        "x.source_kind, x.ref, x.requested_by, x.created_at, x.version, x.summary::jsonb "
        "FROM unnest(%s::uuid[], %s::uuid[], %s::uuid[], %s::text[], %s::text[], %s::text[], %s::text[], "
        "%s::timestamptz[], %s::int[], %s::text[]) AS x(id, project_id, owner_id, scan_type, source_kind, "
        "ref, requested_by, created_at, version, summary) ON CONFLICT (id) DO NOTHING",
        (
            [e.originator_id for e in events], [e.project_id for e in events], [e.owner_id for e in events],
            [e.scan_type for e in events], [e.source.get("kind") for e in events],
            [e.source.get("ref") for e in events], [e.actor for e in events], [e.timestamp for e in events],
            [e.originator_version for e in events], [json.dumps(_rules_in_force(e)) for e in events],
        ),
    )  # fmt: skip


def _started(curs: Cursor[Any], events: list[Any]) -> None:
    if not events:
        return
    ids, attempts = [e.originator_id for e in events], [e.attempt for e in events]
    curs.execute(
        # scan_id = ANY keeps the plan on the (scan_id, id) index (a join alone went through every row).
        "DELETE FROM findings f USING unnest(%s::uuid[], %s::int[]) AS x(id, attempt) "
        "WHERE f.scan_id = ANY(%s) AND f.scan_id = x.id AND f.attempt < x.attempt",
        (ids, attempts, ids),
    )
    curs.execute(
        "UPDATE scans s SET status = 'running', attempt = x.attempt, worker = x.worker, "
        f"started_at = coalesce(s.started_at, x.at), findings_total = 0{_ZERO_COUNTS}, version = x.version "
        "FROM unnest(%s::uuid[], %s::int[], %s::text[], %s::timestamptz[], %s::int[]) "
        "AS x(id, attempt, worker, at, version) WHERE s.id = x.id",
        (ids, attempts, [e.worker for e in events], [e.timestamp for e in events],
         [e.originator_version for e in events]),
    )  # fmt: skip


def _findings_recorded(curs: Cursor[Any], events: list[Any]) -> None:
    """Only the findings of each scan's current attempt (as the per-event handler checks)."""
    if not events:
        return
    curs.execute("SELECT id, attempt FROM scans WHERE id = ANY(%s)", ([e.originator_id for e in events],))
    current = {row["id"]: row["attempt"] for row in curs.fetchall()}
    kept = [e for e in events if current.get(e.originator_id) == e.attempt]
    if not kept:
        return
    with curs.copy(f"COPY findings ({', '.join(FINDING_COLUMNS)}) FROM STDIN") as copy:
        for event in kept:
            for row in finding_rows(event.originator_id, event.attempt, event.findings):
                copy.write_row(row)
    counts = [[sum(1 for f in e.findings if f["severity"] == s) for e in kept] for s in SEVERITIES]
    curs.execute(
        f"UPDATE scans s SET findings_total = s.findings_total + x.n{_ADD_COUNTS}, version = x.version "
        "FROM unnest(%s::uuid[], %s::int[], %s::int[]"
        + ", %s::int[]" * len(SEVERITIES)
        + f") AS x(id, n, version, {', '.join(SEVERITIES)}) WHERE s.id = x.id",
        ([e.originator_id for e in kept], [len(e.findings) for e in kept],
         [e.originator_version for e in kept], *counts),
    )  # fmt: skip


def _finished(curs: Cursor[Any], groups: dict[type, list[Any]]) -> None:
    """Completed, failed and cancelled scans: anchors, files, and the row's end state."""
    rows: list[tuple[Any, str, str | None, Any]] = []  # event, status, error, summary
    files: list[tuple[Any, list[str]]] = []
    for event in groups.get(Scan.Completed, []):
        summary = dict(event.summary)
        listed = summary.pop("files", None)
        if listed is not None:
            files.append((event.originator_id, list(listed)))
        rows.append((event, "completed", None, summary))
    rows += [(e, "failed", e.reason, e.summary or None) for e in groups.get(Scan.Failed, [])]
    rows += [(e, "cancelled", None, None) for e in groups.get(Scan.Cancelled, [])]
    if not rows:
        return
    if files:
        curs.executemany(SCAN_FILES_SQL, [(scan_id, paths, scan_id) for scan_id, paths in files])
    ids = [event.originator_id for event, *_ in rows]
    curs.execute(ANCHORS_SQL, (ids,))
    curs.execute(
        "UPDATE scans s SET status = x.status, error = x.error, "
        "summary = coalesce(x.summary::jsonb, s.summary), commit_sha = coalesce(x.commit_sha, s.commit_sha), "
        "finished_at = x.at, "
        "duration_ms = (EXTRACT(EPOCH FROM (x.at - coalesce(s.started_at, s.created_at))) * 1000)::bigint, "
        "version = x.version FROM unnest(%s::uuid[], %s::text[], %s::text[], %s::text[], %s::text[], "
        "%s::timestamptz[], %s::int[]) AS x(id, status, error, summary, commit_sha, at, version) "
        "WHERE s.id = x.id",
        (ids, [status for _, status, _, _ in rows], [error for _, _, error, _ in rows],
         [json.dumps(summary) if summary is not None else None for *_, summary in rows],
         [(summary or {}).get("commit") for *_, summary in rows],
         [event.timestamp for event, *_ in rows], [event.originator_version for event, *_ in rows]),
    )  # fmt: skip
