"""`pairsec relay`: publishes scan jobs from the dispatch outbox to Kafka, and re-dispatches stuck scans."""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
from typing import Any

from eventsourcing.projection import ProjectionRunner

from infra.bootstrap import datastore_for, view_for
from infra.follower import follow_with_restarts
from infra.leases import PostgresLeaseStore
from infra.postgres import eventsourcing_env
from infra.settings import Settings
from projections.dispatches import DispatchesProjection, DispatchesView

log = logging.getLogger("pairsec.relay")


def ensure_topic(bootstrap: str, partitions: int, topic: str) -> None:
    from kafka import KafkaAdminClient
    from kafka.admin import NewTopic
    from kafka.errors import TopicAlreadyExistsError

    admin = KafkaAdminClient(bootstrap_servers=bootstrap.split(","), client_id="pairsec-relay-admin")
    try:
        if topic not in admin.list_topics():
            admin.create_topics([NewTopic(topic, num_partitions=partitions, replication_factor=1)])
            log.info("created topic", extra={"topic": topic, "partitions": partitions})
    except TopicAlreadyExistsError:
        pass
    finally:
        admin.close()


class Publisher:
    """Sends unpublished dispatches, in order, and marks them only once the broker has them."""

    def __init__(self, view: DispatchesView, bootstrap: str, partitions: int, topic: str) -> None:
        self._view = view
        self._bootstrap = bootstrap
        self._partitions = partitions
        self._topic = topic
        self._producer: Any = None

    def _connect(self) -> Any:
        from kafka import KafkaProducer

        if self._producer is None:
            ensure_topic(self._bootstrap, self._partitions, self._topic)
            self._producer = KafkaProducer(
                bootstrap_servers=self._bootstrap.split(","),
                acks="all",
                linger_ms=0,
                request_timeout_ms=5000,
                max_block_ms=5000,
                reconnect_backoff_max_ms=2000,
                client_id="pairsec-relay",
            )
        return self._producer

    def publish_pending(self) -> int:
        rows = self._view.unpublished()
        if not rows:
            return 0
        try:
            producer = self._connect()
            futures = []
            for row in rows:
                job = {
                    "scan_id": str(row["scan_id"]),
                    "dispatch": row["dispatch"],
                    "project_id": str(row["project_id"]),
                }
                futures.append(
                    producer.send(
                        self._topic,
                        key=str(row["project_id"]).encode(),
                        value=json.dumps(job).encode(),
                    )
                )
            producer.flush(timeout=10)
            for future in futures:
                future.get(timeout=10)
        except Exception as exc:
            self.close()
            raise BrokerDown(str(exc)) from exc
        self._view.mark_published([(row["scan_id"], row["dispatch"]) for row in rows])
        log.info("published scan jobs", extra={"count": len(rows)})
        return len(rows)

    def close(self) -> None:
        if self._producer is not None:
            with contextlib.suppress(Exception):  # already failing; the next attempt reconnects
                self._producer.close(timeout=2)
            self._producer = None


class BrokerDown(RuntimeError):
    pass


def run_relay(settings: Settings, database_url: str, bootstrap: str, stop: threading.Event) -> None:
    env = eventsourcing_env(database_url, pool_size=2)
    wake = threading.Event()
    datastore = datastore_for(database_url, 2)
    view: DispatchesView = view_for(DispatchesView, DispatchesProjection.name, datastore)
    leases = PostgresLeaseStore(datastore, settings.lease_seconds)
    publisher = Publisher(view, bootstrap, settings.kafka_partitions, settings.scan_requests_topic)
    DispatchesProjection.on_dispatch = staticmethod(wake.set)
    log.info("relay ready", extra={"topic": settings.scan_requests_topic})
    try:
        follow_with_restarts(
            DispatchesProjection, DispatchesView, env, stop,
            lambda runner: _publish_until_stopped(runner, publisher, view, leases, settings, stop, wake),
            log, "relay",
        )  # fmt: skip
    finally:
        publisher.close()
        datastore.close()


def _publish_until_stopped(
    runner: ProjectionRunner,
    publisher: Publisher,
    view: DispatchesView,
    leases: PostgresLeaseStore,
    settings: Settings,
    stop: threading.Event,
    wake: threading.Event,
) -> None:
    backoff = 0.5
    reconcile_every = max(1.0, min(settings.requeue_after_seconds, settings.lease_seconds) / 4)
    next_reconcile = 0.0
    while not stop.is_set():
        if runner.is_interrupted.is_set():
            runner.run_forever(timeout=0)  # re-raises the projection's error
        try:
            publisher.publish_pending()
            backoff = 0.5
        except BrokerDown as exc:
            log.warning(
                "broker unavailable; will retry", extra={"error": str(exc)[:200], "retry_in": backoff}
            )
            stop.wait(backoff)
            backoff = min(backoff * 2, 5.0)
            continue
        now = time.monotonic()
        if now >= next_reconcile:
            _reconcile(view, leases, settings)
            next_reconcile = now + reconcile_every
        wake.wait(0.2)
        wake.clear()


def _reconcile(view: DispatchesView, leases: PostgresLeaseStore, settings: Settings) -> None:
    running = view.running_since(settings.lease_seconds)
    abandoned = leases.expired_running(running)
    redispatched = view.redispatch_stuck(settings.requeue_after_seconds, abandoned)
    if redispatched:
        log.warning("re-dispatched stuck scans", extra={"count": redispatched})
