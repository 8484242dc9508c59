"""`pairsec replay`: rebuild read models from the event store, compare them with the live ones, swap.

The read models are rebuilt in fresh tables in a schema of their own (REPLAY_SCHEMA), in one pass
over the log: those with a bulk load (projections/bulk_load.py) follow the whole history in memory
and hand their rows to a writer thread that COPYs them into unindexed tables, indexed afterwards
(infra/replay_bulk.py), the scans read model in a second process that reads the log itself, so the
pass uses both cores; the others run their projections unchanged, a batch of events per
transaction. Then, holding locks that stop the live
projector's writes to those tables, the rebuilt models catch up with the events that arrived
meanwhile, are compared with the live tables at the same log position, and (unless verifying)
replace the differing ones in the same transaction. The live projector then finds its next
tracking record refused (the swapped-in model is already past it) and resumes from the new position.
"""

from __future__ import annotations

import logging
import multiprocessing
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import psycopg
from eventsourcing.persistence import StoredEvent, Tracking
from eventsourcing.projection import Projection
from psycopg import Cursor
from psycopg.conninfo import conninfo_to_dict
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier

from commands.application import PairsecApplication
from infra.postgres import eventsourcing_env
from infra.replay_bulk import BulkWriter, build_indexes, cyclic_gc_paused, load_in_this_process, read_log
from infra.replay_diff import TableDiff, compare_table, format_report
from infra.replay_store import BatchingDatastore, drop_indexes, replay_view_class
from projections.handled_events import HandledTopics
from projections.registry import BATCH_SETTLERS, BATCH_WRITERS, BULK_LOADS, READ_MODELS, tracking_table

log = logging.getLogger("pairsec.replay")

LIVE_SCHEMA = "public"
REPLAY_SCHEMA = "pairsec_replay"
REPLACED_SCHEMA = "pairsec_replaced"  # the previous tables after a swap, until the next one
REPLAY_LOCK = 0x70A1_5EC0  # a session advisory lock: one replay at a time
BATCH_EVENTS = 500
BULK_FLUSH_EVENTS = 20_000  # a bulk load writes what is final this often
# Bulk loads run in a second process while this one runs the others: the pass uses both cores.
SECOND_PROCESS_LOADS = ("scans",)
FINAL_PHASE_ATTEMPTS = 3

Progress = Callable[[int, int], None]  # events done, events in all


class ReplayError(RuntimeError):
    """The replay cannot run as asked; the message says why."""


@dataclass(eq=False)  # a target is itself: kept in dicts by identity
class Target:
    """One read model being rebuilt: its projection over a replay view, and how far it has got."""

    projection: Projection[Any]
    view: Any
    tables: list[str]
    position: int = 0
    stop: int = 0
    diffs: list[TableDiff] = field(default_factory=list)
    handles: Callable[[str], bool] = lambda topic: True  # events it ignores are not even decoded
    bulk: Any = None  # its bulk load (projections/bulk_load.py) while the first pass fills empty tables

    @property
    def name(self) -> str:
        return str(self.projection.name)

    def takes(self, topic: str) -> bool:
        """Whether events of this topic go to the read model (its projection's topics, if it names any)."""
        topics = self.projection.topics
        return (not topics or topic in topics) and self.handles(topic)

    def write(self, items: list[tuple[Any, Tracking]]) -> None:
        """The batch's events for this read model: set-based where it has a batch writer."""
        batch_writer = BATCH_WRITERS.get(type(self.projection))
        if batch_writer is not None:
            batch_writer(self.projection, items)
            return
        for event, tracking in items:
            self.projection.process_event(event, tracking)

    def settle(self) -> None:
        """Finish what the batch writer deferred, so the tables can be compared."""
        settler = BATCH_SETTLERS.get(type(self.projection))
        if settler is not None:
            settler(self.projection)

    @property
    def differs(self) -> bool:
        return any(d.differs for d in self.diffs)

    @property
    def data_tables(self) -> list[str]:
        return [t for t in self.tables if t != self.view.tracking_table_name]


@dataclass
class ReplayReport:
    read_models: list[str]
    events: int
    seconds: float
    position: int
    differences: dict[str, str]  # read model -> readable diff
    replaced: list[str]

    @property
    def rate(self) -> float:
        return self.events / self.seconds if self.seconds > 0 else 0.0


def select_read_models(names: Sequence[str]) -> list[tuple[type[Projection[Any]], type]]:
    known = {projection.name: (projection, view) for projection, view in READ_MODELS}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ReplayError(f"unknown read model {unknown[0]!r}; choose from {', '.join(sorted(known))}")
    return [known[n] for n in dict.fromkeys(names)] if names else list(READ_MODELS)


class Replay:
    def __init__(
        self,
        database_url: str,
        read_models: Sequence[tuple[type[Projection[Any]], type]] | None = None,
        batch_events: int = BATCH_EVENTS,
        bulk: bool = True,
    ) -> None:
        self._url = database_url
        self._read_models = list(read_models or READ_MODELS)
        self._batch_events = batch_events
        self._bulk = bulk
        self._app = PairsecApplication(env=eventsourcing_env(database_url, pool_size=1))
        parts = conninfo_to_dict(database_url)
        self._store = BatchingDatastore(
            schema=REPLAY_SCHEMA,
            dbname=str(parts.get("dbname", "")),
            host=str(parts.get("host", "127.0.0.1")),
            port=str(parts.get("port", "5432")),
            user=str(parts.get("user", "postgres")),
            password=str(parts.get("password", "")),
            pool_size=1,
            connect_timeout=10,
        )
        self._targets: list[Target] = []

    def close(self) -> None:
        self._store.close()
        self._app.close()

    def run(self, *, verify: bool, progress: Progress | None = None) -> ReplayReport:
        """Rebuild, compare and (unless verify) swap; the live tables stay untouched when verifying."""
        with psycopg.connect(self._url, autocommit=True) as guard:
            taken = guard.execute("SELECT pg_try_advisory_lock(%s)", (REPLAY_LOCK,)).fetchone()
            if not taken or not taken[0]:
                raise ReplayError("another replay is running on this database")
            try:
                return self._run(verify, progress)
            finally:
                try:
                    self._drop_schema(REPLAY_SCHEMA)
                except Exception:  # the replay's own error (if any) is the one to see
                    log.warning("could not drop schema %s; the next replay drops it", REPLAY_SCHEMA)

    def _run(self, verify: bool, progress: Progress | None) -> ReplayReport:
        started = time.perf_counter()
        self._prepare()
        head = self._app.recorder.max_notification_id() or 0
        live = self._live_positions()
        for target in self._targets:
            # Verifying compares at the live model's position; a swap brings the model to the head.
            target.stop = live[target.name] if verify else head
        total = self._count_events(0, max(t.stop for t in self._targets))
        done = self._apply(progress, total)
        replaced, caught_up = self._final_phase(verify)
        done += caught_up
        seconds = time.perf_counter() - started
        differences = {t.name: format_report(t.name, t.diffs) for t in self._targets if t.differs}
        return ReplayReport(
            [t.name for t in self._targets],
            done,
            seconds,
            max(t.position for t in self._targets),
            differences,
            replaced,
        )

    # -- building ----------------------------------------------------------------------------------

    def _prepare(self) -> None:
        self._targets = []
        self._drop_schema(REPLAY_SCHEMA)
        with self._store.transaction(commit=True) as curs:
            curs.execute(SQL("CREATE SCHEMA {}").format(Identifier(REPLAY_SCHEMA)))
        for projection_class, view_class in self._read_models:
            before = self._tables(REPLAY_SCHEMA)
            view = replay_view_class(view_class)(
                datastore=self._store, tracking_table_name=tracking_table(projection_class)
            )
            view.create_table()
            tables = sorted(self._tables(REPLAY_SCHEMA) - before)
            handles = HandledTopics(projection_class)
            target = Target(projection_class(view=view), view, tables, handles=handles)
            load = BULK_LOADS.get(projection_class) if self._bulk else None
            target.bulk = load() if load is not None else None
            self._targets.append(target)

    def _apply(self, progress: Progress | None, total: int) -> int:
        """Feed each event once decoded to every target that has not seen it: one pass over the log.

        A target with a bulk load (only on the first pass, into its empty tables) takes every event
        in memory and writes its rows by COPY, its indexes built afterwards; the others are written
        a batch of events per transaction."""
        pending = [t for t in self._targets if t.position < t.stop]
        loading = [t for t in pending if t.bulk is not None and t.position == 0]
        for target in self._targets:
            if target not in loading:
                target.bulk = None  # its tables are no longer empty: batches from now on
        done = 0
        if pending:
            with cyclic_gc_paused():
                done = self._one_pass(pending, loading, progress, total)
        for target in self._targets:
            target.settle()
        return done

    def _one_pass(
        self, pending: list[Target], loading: list[Target], progress: Progress | None, total: int
    ) -> int:
        done = 0
        elsewhere = [t for t in loading if t.name in SECOND_PROCESS_LOADS] if len(loading) > 1 else []
        here = [t for t in loading if t not in elsewhere]
        indexes = (self._drop_indexes(here), self._drop_indexes(elsewhere))
        tables = [t for target in here for t in target.data_tables]
        writer = BulkWriter(self._url, REPLAY_SCHEMA, tables) if here else None
        other = _second_process() if elsewhere else None
        try:
            loaded = [self._load_elsewhere(other, target) for target in elsewhere]  # type: ignore[arg-type]
            next_analyze, next_flush = 1_000, BULK_FLUSH_EVENTS
            start, stop = min(t.position for t in pending), max(t.stop for t in pending)
            table = self._app.recorder.events_table_name  # type: ignore[attr-defined]
            applying = [t for t in pending if t not in elsewhere]
            for notifications in read_log(self._url, table, start, stop, self._batch_events):
                self._apply_chunk(applying, notifications)
                done += len(notifications)
                if writer is not None and done >= next_flush:
                    for target in here:
                        target.bulk.flush(writer)
                    next_flush += BULK_FLUSH_EVENTS
                if done >= next_analyze and len(loading) < len(pending):
                    # Fresh tables have no statistics: without this, plans made for empty tables
                    # (sequential scans) would stay in use while the tables grow to millions of rows.
                    self._analyze([t for t in pending if t not in loading])
                    next_analyze *= 2
                if progress is not None:
                    progress(done, max(total, done))
            if loading:
                self._finish_loads(here, writer, loaded, indexes)
                writer = None
        finally:
            if writer is not None:
                writer.abort()
            if other is not None:
                other.shutdown(wait=True, cancel_futures=True)
        for target in elsewhere:
            target.bulk = None
        with self._store.batch() as curs:
            for target in pending:
                target.position = target.stop
                target.view.record_position(curs, self._app.name, target.position)
        return done

    def _apply_chunk(self, pending: list[Target], notifications: list[tuple[Any, ...]]) -> None:
        app_name, mapper = self._app.name, self._app.mapper
        takers: dict[str, list[Target]] = {}  # per topic, the targets that handle it
        items: dict[Target, list[tuple[Any, Tracking]]] = {}
        for notification_id, originator_id, version, topic, state in notifications:
            targets = takers.get(topic)
            if targets is None:
                targets = takers[topic] = [t for t in pending if t.takes(topic)]
            event = None  # decoded once, whichever targets take it
            for target in targets:
                if target.position < notification_id <= target.stop:
                    if event is None:
                        event = mapper.to_domain_event(StoredEvent(originator_id, version, topic, state))
                    if target.bulk is not None:
                        target.bulk.apply(event)
                    else:
                        items.setdefault(target, []).append((event, Tracking(app_name, notification_id)))
        if items:
            with self._store.batch(pipelined=True) as curs:
                for target, batch in items.items():
                    target.write(batch)
                    target.view.record_position(curs, app_name, batch[-1][1].notification_id)

    def _drop_indexes(self, loading: list[Target]) -> list[str]:
        """Drop the indexes of the tables bulk loads fill; the statements that make them again."""
        if not loading:
            return []
        with self._store.transaction(commit=True) as curs:
            return drop_indexes(curs, REPLAY_SCHEMA, [t for target in loading for t in target.data_tables])

    def _load_elsewhere(self, pool: ProcessPoolExecutor, target: Target) -> Future[int]:
        """Start a read model's bulk load in the second process (it reads and decodes the log itself)."""
        return pool.submit(
            load_in_this_process, self._url, REPLAY_SCHEMA, target.name, target.data_tables, target.stop,
            BULK_FLUSH_EVENTS, self._batch_events,
        )  # fmt: skip

    def _finish_loads(
        self,
        here: list[Target],
        writer: BulkWriter | None,
        loaded: list[Future[int]],
        indexes: tuple[list[str], list[str]],
    ) -> None:
        """Finish the loads of this process and index their tables (while the other process may still
        be loading), then wait for the other's and index its tables; analyze them all."""
        loaded_targets = [t for t in self._targets if t.bulk is not None]
        began = time.perf_counter()
        for target in here:
            target.bulk.finish(writer)
            target.bulk = None
        if writer is not None:
            writer.close()
        build_indexes(self._url, REPLAY_SCHEMA, indexes[0])
        written = time.perf_counter()
        for load in loaded:
            load.result()  # its error, if it failed
        waited = time.perf_counter()
        build_indexes(self._url, REPLAY_SCHEMA, indexes[1])
        indexed = time.perf_counter()
        self._analyze(loaded_targets)
        log.info(
            "bulk loads finished",
            extra={"write_and_index_s": round(written - began, 2), "wait_s": round(waited - written, 2),
                   "index_s": round(indexed - waited, 2),
                   "analyze_s": round(time.perf_counter() - indexed, 2)},
        )  # fmt: skip

    # -- comparing and swapping --------------------------------------------------------------------

    def _final_phase(self, verify: bool) -> tuple[list[str], int]:
        """Lock the live tables, catch up, compare, swap; retried when a lock wait deadlocks."""
        saved = [(t.position, t.view.replayed_to, t.view.recorded_to) for t in self._targets]
        for attempt in range(FINAL_PHASE_ATTEMPTS):
            try:
                with self._store.batch() as curs:
                    return self._compare_and_swap(curs, verify)
            except Exception as exc:
                if not _lost_lock_race(exc):
                    raise
                # The batch rolled back, with whatever it caught up: start that part again.
                for target, (position, replayed, recorded) in zip(self._targets, saved, strict=True):
                    target.position, target.view.replayed_to, target.view.recorded_to = (
                        position, replayed, recorded,
                    )  # fmt: skip
                if attempt == FINAL_PHASE_ATTEMPTS - 1:
                    raise
                log.warning("replay lost a lock race with the live projector; trying again")
        raise AssertionError("unreachable")

    def _compare_and_swap(self, curs: Cursor[DictRow], verify: bool) -> tuple[list[str], int]:
        """The read models swapped in, and how many events the catch-up applied."""
        curs.execute("SET LOCAL lock_timeout = '60s'")
        curs.execute("SET LOCAL synchronous_commit = on")
        self._lock_live(curs, "SHARE")
        live = self._live_positions(curs)
        for target in self._targets:
            # The live model cannot move now; bring the rebuilt one to exactly its position.
            target.stop = max(target.position, live[target.name])
        caught_up = self._apply(None, 0)
        began = time.perf_counter()
        for target in self._targets:
            target.diffs = [compare_table(curs, LIVE_SCHEMA, REPLAY_SCHEMA, t) for t in target.data_tables]
        log.info("read models compared", extra={"seconds": round(time.perf_counter() - began, 2)})
        if verify:
            return [], caught_up
        to_swap = [t for t in self._targets if t.differs]
        if not to_swap:
            return [], caught_up
        self._lock_live(curs, "ACCESS EXCLUSIVE", to_swap)
        head = self._app.recorder.max_notification_id() or 0
        for target in to_swap:
            target.stop = head
        caught_up += self._apply(None, 0)
        curs.execute(SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(Identifier(REPLACED_SCHEMA)))
        curs.execute(SQL("CREATE SCHEMA {}").format(Identifier(REPLACED_SCHEMA)))
        live_tables = self._tables(LIVE_SCHEMA, curs)
        for target in to_swap:
            for table in target.tables:
                if table in live_tables:
                    curs.execute(
                        SQL("ALTER TABLE {}.{} SET SCHEMA {}").format(
                            Identifier(LIVE_SCHEMA), Identifier(table), Identifier(REPLACED_SCHEMA)
                        )
                    )
                curs.execute(
                    SQL("ALTER TABLE {}.{} SET SCHEMA {}").format(
                        Identifier(REPLAY_SCHEMA), Identifier(table), Identifier(LIVE_SCHEMA)
                    )
                )
        log.info("read models replaced", extra={"read_models": [t.name for t in to_swap], "position": head})
        return [t.name for t in to_swap], caught_up

    def _lock_live(self, curs: Cursor[DictRow], mode: str, targets: list[Target] | None = None) -> None:
        """Data tables first, tracking tables last: the order the projector's transactions take them."""
        existing = self._tables(LIVE_SCHEMA, curs)
        chosen = targets if targets is not None else self._targets
        data = [t for target in chosen for t in target.data_tables if t in existing]
        tracking = [target.view.tracking_table_name for target in chosen]
        names = [n for n in data + tracking if n in existing]
        if names:
            curs.execute(
                SQL("LOCK TABLE {} IN " + mode + " MODE").format(
                    SQL(", ").join(Identifier(LIVE_SCHEMA, n) for n in names)
                )
            )

    # -- small queries -----------------------------------------------------------------------------

    def _live_positions(self, curs: Cursor[DictRow] | None = None) -> dict[str, int]:
        """Each live read model's tracked position (0 for a read model new in this code)."""
        with self._store.batch() if curs is None else _same(curs) as cursor:
            existing = self._tables(LIVE_SCHEMA, cursor)
            positions = {}
            for target in self._targets:
                if target.view.tracking_table_name not in existing:
                    positions[target.name] = 0
                    continue
                cursor.execute(
                    SQL("SELECT max(notification_id) AS n FROM {} WHERE application_name = %s").format(
                        Identifier(LIVE_SCHEMA, target.view.tracking_table_name)
                    ),
                    (self._app.name,),
                )
                row = cursor.fetchone()
                positions[target.name] = int(row["n"] or 0) if row else 0
            return positions

    def _tables(self, schema: str, curs: Cursor[DictRow] | None = None) -> set[str]:
        query = "SELECT tablename FROM pg_tables WHERE schemaname = %s"
        if curs is not None:
            curs.execute(query, (schema,))
            return {row["tablename"] for row in curs.fetchall()}
        with self._store.cursor() as own:
            own.execute(query, (schema,))
            return {row["tablename"] for row in own.fetchall()}

    def _count_events(self, after: int, upto: int) -> int:
        with self._store.cursor() as curs:
            curs.execute(
                SQL(
                    "SELECT count(*) AS n FROM {} WHERE notification_id > %s AND notification_id <= %s"
                ).format(Identifier(LIVE_SCHEMA, self._app.recorder.events_table_name)),  # type: ignore[attr-defined]
                (after, upto),
            )
            row = curs.fetchone()
            return int(row["n"]) if row else 0

    def _analyze(self, targets: list[Target]) -> None:
        with self._store.batch() as curs:
            for target in targets:
                for table in target.tables:
                    curs.execute(SQL("ANALYZE {}").format(Identifier(REPLAY_SCHEMA, table)))

    def _drop_schema(self, schema: str) -> None:
        with self._store.transaction(commit=True) as curs:
            curs.execute(SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(Identifier(schema)))


def _second_process() -> ProcessPoolExecutor:
    """A fresh interpreter (spawned, not forked: this process holds connections and threads)."""
    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))


@contextmanager
def _same(curs: Cursor[DictRow]) -> Iterator[Cursor[DictRow]]:
    yield curs


def _lost_lock_race(exc: BaseException) -> bool:
    """A deadlock with the live projector's transaction (psycopg's error, or eventsourcing's wrap)."""
    while exc is not None:
        if isinstance(exc, psycopg.errors.DeadlockDetected):
            return True
        exc = exc.__cause__  # type: ignore[assignment]
    return False
