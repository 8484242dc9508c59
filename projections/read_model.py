"""Shared machinery for read models: a Postgres view that tracks its position in the event log."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from threading import Event
from typing import Any, TypeVar
from weakref import WeakSet

from eventsourcing.persistence import Tracking, WaitInterruptedError
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from eventsourcing.projection import Projection
from psycopg import Connection, Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Composed


def like_escape(text: str) -> str:
    """Text to match literally inside a LIKE pattern (its % and _ are not wildcards)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class ReadModelView(PostgresTrackingRecorder):
    """A projection's tables, written only by its projection, read by the API's queries.

    Subclasses list their DDL in `schema` (idempotent statements). Row writes happen in the same
    transaction as the tracking record, so a crash never leaves a half-applied event.
    """

    schema: Sequence[str] = ()

    def __init__(self, datastore: PostgresDatastore, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        for statement in self.schema:
            self.sql_create_statements.append(Composed([SQL(statement)]))  # type: ignore[list-item]
        self._async_commit: WeakSet[Connection[DictRow]] = WeakSet()

    def wait(
        self,
        application_name: str,
        notification_id: int | None,
        timeout: float = 1.0,
        interrupt: Event | None = None,
    ) -> None:
        """Like the library's wait, but polling from 2 ms: a client's next request must not lag."""
        deadline = time.monotonic() + timeout
        interval = 0.002
        while not self.has_tracking_id(application_name, notification_id):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                msg = f"read model {self.tracking_table_name} has not reached position {notification_id}"
                raise TimeoutError(msg)
            pause = min(interval, remaining)
            if interrupt is not None:
                if interrupt.wait(pause):
                    raise WaitInterruptedError
            else:
                time.sleep(pause)
            interval = min(interval * 2, 0.05)

    @contextmanager
    def transaction(self) -> Iterator[Cursor[DictRow]]:
        """A write transaction whose commit does not wait for the WAL flush.

        A read model is derived from the event store: if the server crashes before an
        asynchronous commit reaches disk, the rows and the tracking record written with them are
        lost together, and the projection applies those events again. The event store itself keeps
        synchronous commits. Each connection is switched once, by a SET that lasts past its commit.
        """
        with self.datastore.transaction(commit=True) as curs:
            connection = curs.connection
            switch = connection not in self._async_commit
            if switch:
                curs.execute("SET synchronous_commit TO off")
            yield curs
        if switch:
            self._async_commit.add(connection)

    def fetch_one(
        self, query: str, params: Sequence[object] | dict[str, object] = ()
    ) -> dict[str, Any] | None:
        with self.datastore.cursor() as curs:
            curs.execute(query, params, prepare=True)  # type: ignore[arg-type]
            return curs.fetchone()  # type: ignore[return-value]

    def fetch_all(
        self, query: str, params: Sequence[object] | dict[str, object] = ()
    ) -> list[dict[str, Any]]:
        with self.datastore.cursor() as curs:
            curs.execute(query, params)  # type: ignore[arg-type]
            return list(curs.fetchall())  # type: ignore[arg-type]


TView = TypeVar("TView", bound=ReadModelView)
Statement = tuple[str, Sequence[object]]


class ReadModelProjection(Projection[TView]):
    """A projection that applies each event's SQL and its tracking record in one transaction."""

    def write(self, tracking: Tracking, *statements: Statement) -> None:
        with self.view.transaction() as curs:
            for query, params in statements:
                curs.execute(query, params, prepare=True)  # type: ignore[arg-type]
            self.view._insert_tracking(curs, tracking)
