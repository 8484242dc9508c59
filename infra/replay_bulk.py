"""Writing a replay's bulk loads: their rows COPYed by a thread of their own, then indexed in parallel.

The writer takes the COPY lines a bulk load hands over (projections/copy_values.py RowSink) and
writes them on its own connection while the load goes on deciding the next ones, so PostgreSQL
parses rows on one core while Python makes them on the other. All of it is one transaction that
first empties the tables, so the COPYs can FREEZE their rows (no hint bits to set, and nothing to
vacuum, when the rows are read next). The indexes, dropped before the load, are then built two at
a time, each on a connection of its own, foreign keys last.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import psycopg
from psycopg.sql import SQL, Identifier

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
