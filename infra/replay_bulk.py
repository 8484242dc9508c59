"""Writing a replay's bulk loads: their rows COPYed by a thread of their own, then indexed in parallel.

The writer takes the COPY lines a bulk load hands over (projections/copy_values.py RowSink) and
writes them on its own connection while the load goes on deciding the next ones, so PostgreSQL
parses rows on one core while Python makes them on the other. All of it is one transaction that
first empties the tables, so the COPYs can FREEZE their rows (no hint bits to set, and nothing to
vacuum, when the rows are read next). The indexes, dropped before the load, are then built two at
a time, each on a connection of its own, foreign keys last.
"""

from __future__ import annotations

import gc
import queue
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import psycopg
from eventsourcing.persistence import StoredEvent
from psycopg.sql import SQL, Identifier

from commands.application import PairsecApplication
from infra.postgres import eventsourcing_env
from projections.handled_events import HandledTopics
from projections.registry import BULK_LOADS, READ_MODELS

_DONE = object()
_COPY = SQL("COPY {} ({}) FROM STDIN WITH (FREEZE)")
INDEX_BUILDERS = 2


def replay_connection(database_url: str, schema: str) -> psycopg.Connection[Any]:
    conn = psycopg.connect(database_url)
    conn.execute(SQL("SET search_path TO {}, public").format(Identifier(schema)))
    conn.execute("SET synchronous_commit TO off")
    conn.execute("SET maintenance_work_mem TO '256MB'")
    conn.commit()
    return conn


class BulkWriter:
    """A RowSink whose COPYs and statements run, in the order given, on a thread and connection of
    its own, in one transaction; `close` commits it and raises what went wrong, if anything did."""

    def __init__(self, database_url: str, schema: str, tables: Sequence[str], depth: int = 8) -> None:
        self._conn = replay_connection(database_url, schema)
        self._jobs: queue.Queue[Any] = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        with self._conn.cursor() as curs:
            curs.execute(SQL("TRUNCATE {}").format(SQL(", ").join(map(Identifier, tables))))
        self._thread = threading.Thread(target=self._run, name="replay-bulk-writer", daemon=True)
        self._thread.start()

    def copy(self, table: str, columns: Sequence[str], lines: list[str]) -> None:
        if lines:
            self._put(("copy", table, columns, lines))

    def execute(self, statement: str, params: tuple[Any, ...]) -> None:
        self._put(("execute", statement, params))

    def close(self) -> None:
        """Wait for every job, commit, and close the connection."""
        self._put(_DONE)
        self._thread.join()
        try:
            if self._error is not None:
                self._conn.rollback()
                raise self._error
            self._conn.commit()
        finally:
            self._conn.close()

    def abort(self) -> None:
        """Stop without committing (the load failed elsewhere)."""
        if self._thread.is_alive():
            self._error = self._error or RuntimeError("aborted")
            self._jobs.put(_DONE)
            self._thread.join()
        self._conn.close()

    def _put(self, job: Any) -> None:
        if self._error is not None and job is not _DONE:
            raise self._error
        self._jobs.put(job)

    def _run(self) -> None:
        while (job := self._jobs.get()) is not _DONE:
            if self._error is not None:
                continue  # drain: the caller sees the error at its next call
            try:
                with self._conn.cursor() as curs:
                    if job[0] == "copy":
                        _, table, columns, lines = job
                        names = SQL(", ").join(map(Identifier, columns))
                        statement = SQL("COPY {} ({}) FROM STDIN WITH (FREEZE)").format(
                            Identifier(table), names
                        )
                        with curs.copy(statement) as copy:
                            copy.write("".join(lines))
                    else:
                        curs.execute(job[1], job[2])
            except BaseException as exc:  # handed to the caller
                self._error = exc


def build_indexes(database_url: str, schema: str, statements: Sequence[str]) -> None:
    """Run index and key statements two at a time, each builder taking the next statement when done
    with one (foreign keys after the rest: they need the keys)."""
    foreign = [s for s in statements if " FOREIGN KEY " in s]

    def run(statement: str) -> None:
        with replay_connection(database_url, schema) as conn:
            conn.execute(statement)  # type: ignore[arg-type]
            conn.commit()

    with ThreadPoolExecutor(INDEX_BUILDERS) as pool:
        list(pool.map(run, [s for s in statements if s not in foreign]))
    for statement in foreign:
        run(statement)


def read_log(database_url: str, events_table: str, start: int, stop: int, batch: int) -> Iterator[list[Any]]:
    """The stored events after `start` up to `stop`, in log order, `batch` rows at a time: one query
    over a binary server-side cursor (notification id, originator id and version, topic, state)."""
    with psycopg.connect(database_url) as conn, conn.cursor(name="pairsec_replay", binary=True) as curs:
        curs.itersize = batch
        curs.execute(
            SQL(
                "SELECT notification_id, originator_id, originator_version, topic, state FROM {} "
                "WHERE notification_id > %s AND notification_id <= %s ORDER BY notification_id"
            ).format(Identifier("public", events_table)),
            (start, stop),
        )
        while rows := curs.fetchmany(batch):
            yield rows


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Python's cycle collector off for a pass: the millions of objects a bulk load holds made each
    collection walk them all again (a third of the pass's time); reference counting frees the rest."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_in_this_process(
    database_url: str,
    schema: str,
    read_model: str,
    tables: list[str],
    stop: int,
    flush_events: int,
    batch: int,
) -> int:
    """Run one read model's bulk load over the log up to `stop`, writing its tables (already emptied of
    indexes) in `schema`; what a second process does while the replay's own does the others. Returns
    the number of events it applied."""
    projection_class = next(p for p, _ in READ_MODELS if p.name == read_model)
    load, handles = BULK_LOADS[projection_class](), HandledTopics(projection_class)
    app = PairsecApplication(env=eventsourcing_env(database_url, pool_size=1))
    writer = BulkWriter(database_url, schema, tables)
    applied = done = 0
    next_flush = flush_events
    try:
        with cyclic_gc_paused():
            to_event = app.mapper.to_domain_event
            for rows in read_log(database_url, app.recorder.events_table_name, 0, stop, batch):  # type: ignore[attr-defined]
                for _, originator_id, version, topic, state in rows:
                    if handles(topic):
                        load.apply(to_event(StoredEvent(originator_id, version, topic, state)))
                        applied += 1
                done += len(rows)
                if done >= next_flush:
                    load.flush(writer)
                    next_flush += flush_events
            load.finish(writer)
        writer.close()
        writer = None
    finally:
        if writer is not None:
            writer.abort()
        app.close()
    return applied
