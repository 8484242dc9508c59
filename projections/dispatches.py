"""The scan-dispatch outbox: which scan jobs must be published to Kafka, and which already were.

Its projection runs inside the relay. A dispatch row is written in the same transaction as the
relay's tracked position, so a relay restart neither loses a job nor dispatches it a second time.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking

from domain.project import Project
from domain.scan import Scan
from projections.read_model import ReadModelProjection, ReadModelView

MAX_DISPATCHES = 8


class DispatchesView(ReadModelView):
    schema = (
        """CREATE TABLE IF NOT EXISTS scan_dispatches (
            scan_id uuid NOT NULL,
            dispatch integer NOT NULL,
            project_id uuid NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            published_at timestamptz,
            PRIMARY KEY (scan_id, dispatch)
        )""",
        "CREATE INDEX IF NOT EXISTS scan_dispatches_unpublished ON scan_dispatches (created_at) "
        "WHERE published_at IS NULL",
        """CREATE TABLE IF NOT EXISTS relay_scans (
            scan_id uuid PRIMARY KEY,
            project_id uuid NOT NULL,
            status text NOT NULL,
            changed_at timestamptz NOT NULL DEFAULT now()
        )""",
        "CREATE INDEX IF NOT EXISTS relay_scans_open ON relay_scans (status, changed_at) "
        "WHERE status IN ('queued', 'running')",
    )

    def unpublished(self, limit: int = 200) -> list[dict[str, Any]]:
        return self.fetch_all(
            "SELECT scan_id, dispatch, project_id FROM scan_dispatches WHERE published_at IS NULL "
            "ORDER BY created_at, scan_id LIMIT %s",
            (limit,),
        )

    def mark_published(self, keys: list[tuple[uuid.UUID, int]]) -> None:
        with self.datastore.transaction(commit=True) as curs:
            curs.executemany(
                "UPDATE scan_dispatches SET published_at = now() WHERE scan_id = %s AND dispatch = %s", keys
            )

    def redispatch_stuck(self, after_seconds: float, abandoned_running: list[uuid.UUID]) -> int:
        """Dispatch again the queued scans no worker started, and running ones whose worker is gone.

        The wait doubles with each dispatch of a scan (and stops after MAX_DISPATCHES), so a long
        queue under load is not amplified by re-dispatching scans that are merely waiting their turn.
        """
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(
                "INSERT INTO scan_dispatches (scan_id, dispatch, project_id) "
                "SELECT r.scan_id, d.last + 1, r.project_id FROM relay_scans r "
                "JOIN LATERAL (SELECT max(dispatch) AS last, max(published_at) AS at, "
                "bool_and(published_at IS NOT NULL) AS all_published "
                "FROM scan_dispatches WHERE scan_id = r.scan_id) d ON true "
                "WHERE d.all_published AND d.last < %s "
                "AND d.at < now() - make_interval(secs => %s * power(2, d.last - 1)) "
                "AND (r.status = 'queued' OR (r.status = 'running' AND r.scan_id = ANY(%s)))",
                (MAX_DISPATCHES, after_seconds, abandoned_running),
            )
            return curs.rowcount

    def running_since(self, seconds: float) -> list[uuid.UUID]:
        rows = self.fetch_all(
            "SELECT scan_id FROM relay_scans WHERE status = 'running' "
            "AND changed_at < now() - make_interval(secs => %s)",
            (seconds,),
        )
        return [row["scan_id"] for row in rows]


class DispatchesProjection(ReadModelProjection[DispatchesView]):
    name = "relay"
    on_dispatch: Callable[[], None] = staticmethod(lambda: None)  # set by the relay to wake its publisher

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.write(tracking)

    @process_event.register
    def _requested(self, event: Scan.Requested, tracking: Tracking) -> None:
        self.write(
            tracking,
            (
                "INSERT INTO scan_dispatches (scan_id, dispatch, project_id) VALUES (%s, 1, %s) "
                "ON CONFLICT DO NOTHING",
                (event.originator_id, event.project_id),
            ),
            (
                "INSERT INTO relay_scans (scan_id, project_id, status) VALUES (%s, %s, 'queued') "
                "ON CONFLICT DO NOTHING",
                (event.originator_id, event.project_id),
            ),
        )
        self.on_dispatch()

    @process_event.register
    def _started(self, event: Scan.Started, tracking: Tracking) -> None:
        self._status(event, tracking, "running")

    @process_event.register
    def _completed(self, event: Scan.Completed, tracking: Tracking) -> None:
        self._status(event, tracking, "completed")

    @process_event.register
    def _failed(self, event: Scan.Failed, tracking: Tracking) -> None:
        self._status(event, tracking, "failed")

    @process_event.register
    def _cancelled(self, event: Scan.Cancelled, tracking: Tracking) -> None:
        self._status(event, tracking, "cancelled")

    @process_event.register
    def _project_deleted(self, event: Project.Deleted, tracking: Tracking) -> None:
        self.write(
            tracking,
            (
                "UPDATE relay_scans SET status = 'deleted', changed_at = now() "
                "WHERE project_id = %s AND status IN ('queued', 'running')",
                (event.originator_id,),
            ),
        )

    def _status(self, event: Any, tracking: Tracking, status: str) -> None:
        self.write(
            tracking,
            (
                "UPDATE relay_scans SET status = %s, changed_at = now() WHERE scan_id = %s",
                (status, event.originator_id),
            ),
        )
