"""A read model built in one pass over the log into empty tables: what a replay does first.

A bulk load takes every event once, in log order (`apply`), keeps in memory what can still change
and hands over rows that cannot (`flush`, called now and then, hands them to be COPYed), then the
rest (`finish`). Its tables' indexes are built after the rows are in (infra/replay.py). It gives
the same tables as the projection's per-event handlers: tests/integration/test_replay_batches.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.project import Project
from domain.scan import Scan
from projections.copy_values import RowSink


class ScanHistoryLoad:
    """The base of the loads that follow scans: an event goes to the method named for it, if any."""

    tables: tuple[str, ...] = ()
    _METHODS = {
        Scan.Requested: "_requested", Scan.Started: "_started", Scan.FindingsRecorded: "_findings_recorded",
        Scan.Completed: "_completed", Scan.Failed: "_failed", Scan.Cancelled: "_cancelled",
        Project.Deleted: "_project_deleted",
    }  # fmt: skip

    def __init__(self) -> None:
        methods = {event_class: name for event_class, name in self._METHODS.items() if hasattr(self, name)}
        self._handlers: dict[type, Callable[[Any], None]] = {
            event_class: getattr(self, name) for event_class, name in methods.items()
        }

    def apply(self, event: Any) -> None:
        handler = self._handlers.get(type(event))
        if handler is not None:
            handler(event)

    def _purge(self, sink: RowSink, purged: list[Any], columns: dict[str, str]) -> None:
        """Delete, from each table, the rows whose `columns[table]` is in `purged` (a deleted project's
        scans that had ended: their rows were handed over already)."""
        if purged:
            for table, column in columns.items():
                sink.execute(f"DELETE FROM {table} WHERE {column} = ANY(%s)", (purged,))

    def flush(self, sink: RowSink) -> None:
        """Hand over the rows that can no longer change."""
        raise NotImplementedError

    def finish(self, sink: RowSink) -> None:
        """Hand over everything else: the tables are then what the per-event handlers would have left."""
        raise NotImplementedError
