"""The finding identities read model written a batch of events at a time (what a replay uses).

A scan's completion moves the identities of its project and ref, so the batch is regrouped into
rounds keyed by (project, ref) (projections/batches.py): in a round no two scans share identities,
and each step of the completion (seen -> new or reopened, not seen -> fixed or removed, the counts)
is one statement for all of the round's scans. A project deletion is a barrier applied by the
per-event handler. tests/integration/test_replay_batches.py compares the result with the tables the
per-event handlers build.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from weakref import WeakKeyDictionary

from psycopg import Cursor

from domain.project import Project
from domain.scan import Scan
from domain.triage import identity_id
from projections.batches import Item, by_type, write_in_rounds
from projections.finding_identities import (
    _SIGHTING_COLUMNS,
    SEEN_AGAIN_SQL,
    FindingIdentitiesProjection,
    _rank,
    closing_transition,
    disabled_rules,
    engines_ran,
    mark_completed,
    recount_identities,
)
from projections.scans_batch import SCAN_EVENTS

# The round's completing scans: x(scan_id, project_id, owner_id, ref, at).
_RUNS = (
    "unnest(%s::uuid[], %s::uuid[], %s::uuid[], %s::text[], %s::timestamptz[]) "
    "AS x(scan_id, project_id, owner_id, ref, at)"
)
# Identities that the round's scans close: c(identity_id, transition, scan_id, at).
_CLOSED = (
    "unnest(%s::uuid[], %s::text[], %s::uuid[], %s::timestamptz[]) AS c(identity_id, transition, scan_id, at)"
)
_SIGHTED = (
    "JOIN LATERAL (SELECT DISTINCT ON (identity_id) * FROM identity_sightings WHERE scan_id = x.scan_id "
    "ORDER BY identity_id) s ON true"
)


# Per projection being replayed: the (project, ref) whose identity_counts wait for a recount.
_UNCOUNTED: WeakKeyDictionary[Any, set[tuple[Any, str]]] = WeakKeyDictionary()


def apply_identities_batch(projection: FindingIdentitiesProjection, items: list[Item]) -> None:
    """Write the batch's events to the finding identities read model in one transaction.

    The counts per (project, ref) are not recounted at each completion, as the per-event handler
    does, but once by settle_identity_counts when the replay has applied its events: a project
    with 100,000 identities took 90 ms to recount, once per batch that completed one of its scans."""
    uncounted = _UNCOUNTED.setdefault(projection, set())

    def write_round(curs: Cursor[Any], part: list[Item]) -> None:
        _write_round(curs, part, uncounted)

    write_in_rounds(projection, items, _key_for, lambda e: isinstance(e, Project.Deleted), write_round)


def settle_identity_counts(projection: FindingIdentitiesProjection) -> None:
    """Recount the identity_counts of every (project, ref) a batch completed a scan of."""
    uncounted = _UNCOUNTED.get(projection)
    if not uncounted:
        return
    with projection.view.transaction() as curs:
        recount_identities(curs, [key[0] for key in uncounted], [key[1] for key in uncounted])
    uncounted.clear()


def _key_for(curs: Cursor[Any], items: list[Item]) -> Callable[[Any], Any]:
    where = _where_scans_are(curs, items)
    return lambda event: where.get(event.originator_id) if isinstance(event, SCAN_EVENTS) else None


def _write_round(curs: Cursor[Any], part: list[Item], uncounted: set[tuple[Any, str]]) -> None:
    groups = by_type(part)
    _requested(curs, groups.get(Scan.Requested, []))
    _started(curs, groups.get(Scan.Started, []))
    _findings_recorded(curs, groups.get(Scan.FindingsRecorded, []))
    _completed(curs, groups.get(Scan.Completed, []), uncounted)
    for status, kind in (("failed", Scan.Failed), ("cancelled", Scan.Cancelled)):
        _ended_without_change(curs, status, groups.get(kind, []))


def _where_scans_are(curs: Cursor[Any], items: list[Item]) -> dict[Any, tuple[Any, str]]:
    """(project, ref) of every scan in the batch: from its request in the batch, else its row."""
    where = {
        e.originator_id: (e.project_id, e.source.get("ref") or "")
        for e, _ in items
        if isinstance(e, Scan.Requested)
    }
    unknown = list({e.originator_id for e, _ in items if isinstance(e, SCAN_EVENTS)} - where.keys())
    if unknown:
        curs.execute(
            "SELECT scan_id, project_id, ref FROM identity_scans WHERE scan_id = ANY(%s)", (unknown,)
        )
        where.update({row["scan_id"]: (row["project_id"], row["ref"]) for row in curs.fetchall()})
    return where


def _runs(curs: Cursor[Any], events: list[Any]) -> list[tuple[Any, dict[str, Any]]]:
    """The events whose scan is running the event's attempt, each with the scan's row."""
    curs.execute("SELECT * FROM identity_scans WHERE scan_id = ANY(%s)", ([e.originator_id for e in events],))
    rows = {row["scan_id"]: row for row in curs.fetchall()}
    runs = [(e, rows.get(e.originator_id)) for e in events]
    return [(e, run) for e, run in runs if run and run["attempt"] == e.attempt and run["status"] == "running"]


def _requested(curs: Cursor[Any], events: list[Any]) -> None:
    if events:
        curs.execute(
            "INSERT INTO identity_scans (scan_id, project_id, owner_id, ref, scan_type, status) "
            "SELECT x.scan_id, x.project_id, x.owner_id, x.ref, x.scan_type, 'queued' "
            "FROM unnest(%s::uuid[], %s::uuid[], %s::uuid[], %s::text[], %s::text[]) "
            "AS x(scan_id, project_id, owner_id, ref, scan_type) ON CONFLICT (scan_id) DO NOTHING",
            ([e.originator_id for e in events], [e.project_id for e in events], [e.owner_id for e in events],
             [e.source.get("ref") or "" for e in events], [e.scan_type for e in events]),
        )  # fmt: skip


def _started(curs: Cursor[Any], events: list[Any]) -> None:
    if events:
        ids = [e.originator_id for e in events]
        curs.execute("DELETE FROM identity_sightings WHERE scan_id = ANY(%s)", (ids,))
        curs.execute(
            "UPDATE identity_scans s SET attempt = x.attempt, status = 'running' "
            "FROM unnest(%s::uuid[], %s::int[]) AS x(scan_id, attempt) WHERE s.scan_id = x.scan_id",
            (ids, [e.attempt for e in events]),
        )


def _ended_without_change(curs: Cursor[Any], status: str, events: list[Any]) -> None:
    if events:
        ids = [e.originator_id for e in events]
        curs.execute("DELETE FROM identity_sightings WHERE scan_id = ANY(%s)", (ids,))
        curs.execute("UPDATE identity_scans SET status = %s WHERE scan_id = ANY(%s)", (status, ids))


def _findings_recorded(curs: Cursor[Any], events: list[Any]) -> None:
    if not events:
        return
    runs = _runs(curs, events)
    if not runs:
        return
    with curs.copy(f"COPY identity_sightings ({_SIGHTING_COLUMNS}) FROM STDIN") as copy:
        for event, run in runs:
            for f in event.findings:
                copy.write_row((
                    event.originator_id, identity_id(run["project_id"], run["ref"], f["fingerprint"]),
                    f["fingerprint"], f["engine"], f["rule_id"], f["severity"], _rank(f["severity"]),
                    list(f.get("cwe") or []), f["file_path"], f["title"],
                ))  # fmt: skip


def _completed(curs: Cursor[Any], events: list[Any], uncounted: set[tuple[Any, str]]) -> None:
    if not events:
        return
    runs = _runs(curs, events)
    if runs:
        _apply_completions(curs, runs)
        uncounted.update((run["project_id"], run["ref"]) for _, run in runs)
    ended = [e.originator_id for e in events]
    curs.execute("DELETE FROM identity_sightings WHERE scan_id = ANY(%s)", (ended,))


def _apply_completions(curs: Cursor[Any], runs: list[tuple[Any, dict[str, Any]]]) -> None:
    """_apply_completion of finding_identities.py for several scans of distinct (project, ref) at once,
    all but the recount of identity_counts (settle_identity_counts)."""
    scan_ids = [run["scan_id"] for _, run in runs]
    x = (scan_ids, [run["project_id"] for _, run in runs], [run["owner_id"] for _, run in runs],
         [run["ref"] for _, run in runs], [event.timestamp for event, _ in runs])  # fmt: skip
    curs.execute(
        "INSERT INTO finding_transitions (identity_id, project_id, owner_id, scan_id, at, transition, "
        "engine, rule_id, severity, cwe) SELECT s.identity_id, x.project_id, x.owner_id, x.scan_id, x.at, "
        "CASE WHEN i.identity_id IS NULL THEN 'new' ELSE 'reopened' END, s.engine, s.rule_id, s.severity, "
        f"s.cwe FROM {_RUNS} {_SIGHTED} LEFT JOIN finding_identities i ON i.identity_id = s.identity_id "
        "WHERE i.identity_id IS NULL OR i.state IN ('fixed', 'removed')",
        x,
    )
    curs.execute(
        "INSERT INTO finding_identities (identity_id, project_id, owner_id, ref, fingerprint, engine, "
        "rule_id, severity, severity_rank, cwe, file_path, title, state, first_seen_scan_id, first_seen_at, "
        "last_seen_scan_id, last_seen_at) SELECT s.identity_id, x.project_id, x.owner_id, x.ref, "
        "s.fingerprint, s.engine, s.rule_id, s.severity, s.severity_rank, s.cwe, s.file_path, s.title, "
        f"'open', x.scan_id, x.at, x.scan_id, x.at FROM {_RUNS} {_SIGHTED} {SEEN_AGAIN_SQL}",
        x,
    )
    curs.execute(
        "SELECT scan_id, array_agg(DISTINCT engine) AS engines FROM identity_sightings "
        "WHERE scan_id = ANY(%s) GROUP BY scan_id",
        (scan_ids,),
    )
    sighted = {row["scan_id"]: row["engines"] for row in curs.fetchall()}
    summaries = {run["scan_id"]: dict(event.summary or {}) for event, run in runs}
    engines = [
        ",".join(sorted(engines_ran(summaries[scan], run["scan_type"], sighted.get(scan, ()))))
        for scan, run in ((run["scan_id"], run) for _, run in runs)
    ]
    curs.execute(
        "SELECT x.scan_id, i.identity_id, i.rule_id, i.file_path FROM unnest(%s::uuid[], %s::uuid[], "
        "%s::text[], %s::text[]) AS x(scan_id, project_id, ref, engines) JOIN finding_identities i "
        "ON i.project_id = x.project_id AND i.ref = x.ref AND i.state IN ('open', 'reopened') "
        "AND i.last_seen_scan_id IS DISTINCT FROM x.scan_id "
        "AND i.engine = ANY(string_to_array(x.engines, ','))",
        (scan_ids, x[1], x[3], engines),
    )
    at = dict(zip(scan_ids, x[4], strict=True))
    closing = []
    for row in curs.fetchall():
        summary = summaries[row["scan_id"]]
        files = set(summary["files"]) if isinstance(summary.get("files"), list) else None
        transition = closing_transition(row["rule_id"], row["file_path"], disabled_rules(summary), files)
        closing.append((row["identity_id"], transition, row["scan_id"], at[row["scan_id"]]))
    if closing:
        closed = [[c[n] for c in closing] for n in range(4)]
        curs.execute(
            "UPDATE finding_identities i SET state = c.transition, closed_scan_id = c.scan_id, "
            f"closed_at = c.at FROM {_CLOSED} WHERE i.identity_id = c.identity_id",
            closed,
        )
        curs.execute(
            "INSERT INTO finding_transitions (identity_id, project_id, owner_id, scan_id, at, transition, "
            "engine, rule_id, severity, cwe) SELECT i.identity_id, i.project_id, i.owner_id, c.scan_id, "
            "c.at, c.transition, i.engine, i.rule_id, i.severity, i.cwe FROM finding_identities i "
            f"JOIN {_CLOSED} ON i.identity_id = c.identity_id",
            closed,
        )
    mark_completed(curs, scan_ids, x[4])
