"""Shared machinery for read models: a Postgres view that tracks its position in the event log."""

from __future__ import annotations

import time
from collections.abc import Sequence
from threading import Event
from typing import Any, TypeVar

from eventsourcing.persistence import Tracking, WaitInterruptedError
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from eventsourcing.projection import Projection
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
        with self.view.datastore.transaction(commit=True) as curs:
            for query, params in statements:
                curs.execute(query, params, prepare=True)  # type: ignore[arg-type]
            self.view._insert_tracking(curs, tracking)
