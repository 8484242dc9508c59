"""The projects read model written a batch of events at a time (what a replay uses).

Every event of this read model touches the rows of one project (its row, its statistics, its
scans' statuses), so the batch is regrouped into rounds keyed by project (projections/batches.py).
In a round, the scan events are written set-based (a few statements over arrays); the rare project
events (created, updated, rules changed, deleted) go through the per-event handlers. A scan event
names its project through the scan's row in `project_scan_status`, or through its request earlier in
the batch. tests/integration/test_replay_batches.py compares the result with the per-event tables.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from psycopg import Cursor

from domain.finding import SEVERITIES
from domain.project import Project
from domain.scan import Scan
from projections.batches import Item, write_in_rounds
from projections.projects import SCAN_STATUSES as _STATUSES
from projections.projects import ProjectsProjection

_MOVES = {
    Scan.Started: "running", Scan.Completed: "completed", Scan.Failed: "failed", Scan.Cancelled: "cancelled",
}  # fmt: skip


def apply_projects_batch(projection: ProjectsProjection, items: list[Item]) -> None:
    """Write the batch's events to the projects read model in one transaction, tracking the last."""

    def write_round(curs: Cursor[Any], part: list[Item]) -> None:
        for event, tracking in part:
            if isinstance(event, Project.Event):
                projection.process_event(event, tracking)
        _requested(curs, [e for e, _ in part if isinstance(e, Scan.Requested)])
        _moved(curs, [e for e, _ in part if type(e) in _MOVES])

    write_in_rounds(projection, items, _key_for, lambda event: False, write_round)


def _key_for(curs: Cursor[Any], items: list[Item]) -> Callable[[Any], Any]:
    project_of = _projects_of_scans(curs, items)

    def key(event: Any) -> Any:
        if isinstance(event, Project.Event):
            return event.originator_id
        if isinstance(event, Scan.Requested):
            return event.project_id
        return project_of.get(event.originator_id) if type(event) in _MOVES else None

    return key


def _projects_of_scans(curs: Cursor[Any], items: list[Item]) -> dict[Any, Any]:
    """The project of every scan the batch moves: from its request in the batch, else its row."""
    project_of = {e.originator_id: e.project_id for e, _ in items if isinstance(e, Scan.Requested)}
    unknown = list({e.originator_id for e, _ in items if type(e) in _MOVES} - project_of.keys())
    if unknown:
        curs.execute(
            "SELECT scan_id, project_id FROM project_scan_status WHERE scan_id = ANY(%s)", (unknown,)
        )
        project_of.update({row["scan_id"]: row["project_id"] for row in curs.fetchall()})
    return project_of


def _requested(curs: Cursor[Any], events: list[Any]) -> None:
    if not events:
        return
    scans, projects, times = (
        [e.originator_id for e in events], [e.project_id for e in events], [e.timestamp for e in events],
    )  # fmt: skip
    curs.execute(
        "INSERT INTO project_scan_status (scan_id, project_id, status) "
        "SELECT x.scan_id, x.project_id, 'queued' "
        "FROM unnest(%s::uuid[], %s::uuid[]) AS x(scan_id, project_id) ON CONFLICT DO NOTHING",
        (scans, projects),
    )
    curs.execute(
        "UPDATE project_statistics p SET scans_queued = p.scans_queued + 1, last_scan_id = x.scan_id, "
        "last_scan_status = 'queued', last_scan_at = x.at "
        "FROM unnest(%s::uuid[], %s::uuid[], %s::timestamptz[]) AS x(scan_id, project_id, at) "
        "WHERE p.project_id = x.project_id",
        (scans, projects, times),
    )


def _moved(curs: Cursor[Any], events: list[Any]) -> None:
    """Scans moving between the per-status counters of their projects (one scan per project here)."""
    if not events:
        return
    curs.execute(
        "SELECT scan_id, project_id, status FROM project_scan_status WHERE scan_id = ANY(%s)",
        ([e.originator_id for e in events],),
    )
    rows = {row["scan_id"]: row for row in curs.fetchall()}
    moves = []
    for event in events:
        row, status = rows.get(event.originator_id), _MOVES[type(event)]
        if row is not None and row["status"] != status:
            counts = (event.summary.get("counts") or {}) if isinstance(event, Scan.Completed) else None
            moves.append((event.originator_id, row["project_id"], row["status"], status, counts))
    if not moves:
        return
    scans, projects = [m[0] for m in moves], [m[1] for m in moves]
    curs.execute(
        "UPDATE project_scan_status s SET status = x.status FROM unnest(%s::uuid[], %s::text[]) "
        "AS x(scan_id, status) WHERE s.scan_id = x.scan_id",
        (scans, [m[3] for m in moves]),
    )
    deltas = [[(status == new) - (status == old) for _, _, old, new, _ in moves] for status in _STATUSES]
    opens = [[int((m[4] or {}).get(s, 0)) for m in moves] for s in SEVERITIES]
    counters = ", ".join(f"scans_{s} = p.scans_{s} + x.d_{s}" for s in _STATUSES)
    open_counts = ", ".join(
        f"open_{s} = CASE WHEN x.has_counts THEN x.o_{s} ELSE p.open_{s} END" for s in SEVERITIES
    )
    columns = ", ".join([*(f"d_{s}" for s in _STATUSES), *(f"o_{s}" for s in SEVERITIES)])
    curs.execute(
        f"UPDATE project_statistics p SET {counters}, {open_counts}, last_scan_status = CASE WHEN "
        "p.last_scan_id = x.scan_id THEN x.status ELSE p.last_scan_status END "
        "FROM unnest(%s::uuid[], %s::uuid[], %s::text[], %s::boolean[]"
        + ", %s::int[]" * (len(_STATUSES) + len(SEVERITIES))
        + f") AS x(scan_id, project_id, status, has_counts, {columns}) WHERE p.project_id = x.project_id",
        (scans, projects, [m[3] for m in moves], [m[4] is not None for m in moves], *deltas, *opens),
    )
