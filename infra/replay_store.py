"""Where a replay writes: a schema of its own, one transaction per batch of events.

The projections are unchanged: their `datastore.transaction(commit=True)` joins the batch's
transaction, and their per-event tracking record becomes one tracking row per batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, nullcontext
from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresDatastore
from psycopg import Connection, Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier


class BatchingDatastore(PostgresDatastore):
    """A datastore whose connections resolve unqualified table names in `schema` first."""

    def __init__(self, *, schema: str, **kwargs: Any) -> None:
        super().__init__(schema=schema, **kwargs)
        self._batch: Connection[DictRow] | None = None

    def after_connect_func(self) -> Callable[[Connection[Any]], None]:
        base = super().after_connect_func()
        search_path = SQL("SET search_path TO {}, public").format(Identifier(self.schema))

        def after_connect(conn: Connection[Any]) -> None:
            base(conn)
            conn.execute(search_path)
            # Replay tables are disposable until the swap, which commits durably on its own.
            conn.execute("SET synchronous_commit TO off")
            # The tables grow from empty while statements are prepared: a plan kept from the early
            # batches (a sequential scan) took 3 ms a statement later. Plan each execution afresh.
            conn.execute("SET plan_cache_mode TO force_custom_plan")

        return after_connect

    @contextmanager
    def batch(self, pipelined: bool = False) -> Iterator[Cursor[DictRow]]:
        """One transaction that every write inside joins; re-entrant (an inner batch is the same).

        Pipelined, statements are sent without waiting for each answer: only a read of results
        (and a COPY, which leaves the pipeline for its duration) waits for the server.
        """
        if self._batch is not None:
            yield self._batch.cursor()
            return
        with self.get_connection() as conn, conn.transaction():
            self._batch = _PipelinedConnection(conn) if pipelined else conn
            try:
                with self._batch.pipeline() if pipelined else nullcontext():
                    yield self._batch.cursor()
            finally:
                self._batch = None

    @contextmanager
    def transaction(self, *, commit: bool = False) -> Iterator[Cursor[DictRow]]:
        if self._batch is None:
            with super().transaction(commit=commit) as curs:
                yield curs
        else:
            yield self._batch.cursor()

    @contextmanager
    def cursor(self) -> Iterator[Cursor[DictRow]]:
        if self._batch is None:
            with super().cursor() as curs:
                yield curs
        else:
            yield self._batch.cursor()


class _PipelinedConnection:
    """A connection in pipeline mode whose cursors may still COPY (psycopg refuses COPY in a pipeline)."""

    def __init__(self, conn: Connection[DictRow]) -> None:
        self.conn = conn
        self._pipelines = ExitStack()

    @contextmanager
    def pipeline(self) -> Iterator[None]:
        self._pipelines.enter_context(self.conn.pipeline())
        try:
            yield
        finally:
            self._pipelines.close()

    @contextmanager
    def paused(self) -> Iterator[None]:
        self._pipelines.close()  # sends a sync and leaves pipeline mode
        try:
            yield
        finally:
            self._pipelines.enter_context(self.conn.pipeline())

    def cursor(self) -> Any:
        return _CopyingCursor(self.conn.cursor(), self)


class _CopyingCursor:
    def __init__(self, cursor: Cursor[DictRow], owner: _PipelinedConnection) -> None:
        self._cursor = cursor
        self._owner = owner

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)

    def __enter__(self) -> _CopyingCursor:
        return self

    def __exit__(self, *exc: object) -> None:
        self._cursor.close()

    @contextmanager
    def copy(self, statement: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        with self._owner.paused(), self._cursor.copy(statement, *args, **kwargs) as copy:
            yield copy


def drop_indexes(curs: Cursor[DictRow], schema: str, tables: list[str]) -> list[str]:
    """Drop the tables' indexes (and keys, unique and foreign) and return the statements
    that make them again: rows COPYed into a table without indexes, then indexed, go in faster."""
    if not tables:
        return []
    qualified = [f"{Identifier(schema, t).as_string(curs)}" for t in tables]
    curs.execute(
        "SELECT conrelid::regclass::text AS table_name, conname, pg_get_constraintdef(oid) AS definition, "
        "conindid FROM pg_constraint WHERE contype IN ('p', 'u', 'f') AND conrelid = ANY(%s::regclass[]) "
        "ORDER BY contype = 'f' DESC",  # foreign keys go first: they depend on the keys
        (qualified,),
    )
    constraints = curs.fetchall()
    curs.execute(
        "SELECT i.indexrelid::regclass::text AS index_name, pg_get_indexdef(i.indexrelid) AS definition "
        "FROM pg_index i WHERE i.indrelid = ANY(%s::regclass[]) AND i.indexrelid <> ALL(%s::oid[])",
        (qualified, [c["conindid"] for c in constraints if c["conindid"]]),
    )
    indexes = curs.fetchall()
    remake = []
    for constraint in constraints:
        table, name = constraint["table_name"], Identifier(constraint["conname"]).as_string(curs)
        curs.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        remake.insert(0, f"ALTER TABLE {table} ADD CONSTRAINT {name} {constraint['definition']}")
    for index in indexes:
        curs.execute(f"DROP INDEX {index['index_name']}")
        remake.append(index["definition"])
    return remake


def replay_view_class(view_class: type) -> type:
    """The view class with its tracking deferred: the position is written once per batch."""

    class ReplayView(view_class):  # type: ignore[valid-type,misc]
        replayed_to: int = 0
        recorded_to: int = 0

        def _insert_tracking(self, curs: Cursor[DictRow], tracking: Tracking) -> None:
            if tracking.application_name == self.table_migration_identifier:
                super()._insert_tracking(curs, tracking)  # the table's own marker, written at creation
            else:
                self.replayed_to = max(self.replayed_to, tracking.notification_id)

        def insert_tracking(self, tracking: Tracking) -> None:
            self.replayed_to = max(self.replayed_to, tracking.notification_id)

        def record_position(self, curs: Cursor[DictRow], application_name: str, position: int) -> None:
            """Write the tracking row the per-event records would have left."""
            if position > self.recorded_to:
                super()._insert_tracking(curs, Tracking(application_name, position))
                self.recorded_to = position

    ReplayView.__name__ = f"Replay{view_class.__name__}"
    ReplayView.__qualname__ = ReplayView.__name__
    return ReplayView
