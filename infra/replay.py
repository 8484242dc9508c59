"""`pairsec replay`: rebuild read models from the event store, compare them with the live ones, swap.

The projections of the registry run unchanged against fresh tables in a schema of their own
(REPLAY_SCHEMA), in batches of events per transaction. Then, holding locks that stop the live
projector's writes to those tables, the rebuilt models catch up with the events that arrived
meanwhile, are compared with the live tables at the same log position, and (unless verifying)
replace the differing ones in the same transaction. The live projector then finds its next
tracking record refused (the swapped-in model is already past it) and resumes from the new position.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import psycopg
from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection
from psycopg import Cursor
from psycopg.conninfo import conninfo_to_dict
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier

from commands.application import PairsecApplication
from infra.postgres import eventsourcing_env
from infra.replay_diff import TableDiff, compare_table, format_report
from infra.replay_store import BatchingDatastore, replay_view_class
from projections.handled_events import HandledTopics
from projections.registry import BATCH_SETTLERS, BATCH_WRITERS, READ_MODELS, tracking_table

log = logging.getLogger("pairsec.replay")

LIVE_SCHEMA = "public"
REPLAY_SCHEMA = "pairsec_replay"
REPLACED_SCHEMA = "pairsec_replaced"  # the previous tables after a swap, until the next one
REPLAY_LOCK = 0x70A1_5EC0  # a session advisory lock: one replay at a time
BATCH_EVENTS = 500
FINAL_PHASE_ATTEMPTS = 3

Progress = Callable[[int, int], None]  # events done, events in all


class ReplayError(RuntimeError):
    """The replay cannot run as asked; the message says why."""


@dataclass
class Target:
    """One read model being rebuilt: its projection over a replay view, and how far it has got."""

    projection: Projection[Any]
    view: Any
    tables: list[str]
    position: int = 0
    stop: int = 0
    diffs: list[TableDiff] = field(default_factory=list)
    handles: Callable[[str], bool] = lambda topic: True  # events it ignores are not even decoded

    @property
    def name(self) -> str:
        return str(self.projection.name)

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
    ) -> None:
        self._url = database_url
        self._read_models = list(read_models or READ_MODELS)
        self._batch_events = batch_events
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
            self._targets.append(Target(projection_class(view=view), view, tables, handles=handles))

    def _apply(self, progress: Progress | None, total: int) -> int:
        """Feed each event once decoded to every target that has not seen it, a batch per transaction."""
        app_name = self._app.name
        mapper = self._app.mapper
        done = 0
        next_analyze = 1_000
        while True:
            pending = [t for t in self._targets if t.position < t.stop]
            if not pending:
                for target in self._targets:
                    target.settle()
                return done
            start = min(t.position for t in pending)
            stop = max(t.stop for t in pending)
            notifications = self._app.recorder.select_notifications(start + 1, self._batch_events, stop=stop)
            if not notifications:
                for target in pending:
                    target.position = target.stop
                continue
            last = notifications[-1].id
            decoded: dict[int, Any] = {}  # each event decoded once, whichever targets take it
            with self._store.batch(pipelined=True) as curs:
                for target in pending:
                    topics = target.projection.topics
                    items = []
                    for notification in notifications:
                        if (
                            target.position < notification.id <= target.stop
                            and (not topics or notification.topic in topics)
                            and target.handles(notification.topic)
                        ):
                            event = decoded.get(notification.id)
                            if event is None:
                                event = decoded[notification.id] = mapper.to_domain_event(notification)
                            items.append((event, Tracking(app_name, notification.id)))
                    target.write(items)
                for target in pending:
                    target.position = max(target.position, min(last, target.stop))
                    target.view.record_position(curs, app_name, target.position)
            done += len(notifications)
            if done >= next_analyze:
                # Fresh tables have no statistics: without this, plans made for empty tables
                # (sequential scans) would stay in use while the tables grow to millions of rows.
                self._analyze()
                next_analyze *= 2
            if progress is not None:
                progress(done, max(total, done))

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
        for target in self._targets:
            target.diffs = [compare_table(curs, LIVE_SCHEMA, REPLAY_SCHEMA, t) for t in target.data_tables]
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

    def _analyze(self) -> None:
        with self._store.batch() as curs:
            for target in self._targets:
                for table in target.tables:
                    curs.execute(SQL("ANALYZE {}").format(Identifier(REPLAY_SCHEMA, table)))

    def _drop_schema(self, schema: str) -> None:
        with self._store.transaction(commit=True) as curs:
            curs.execute(SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(Identifier(schema)))


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
