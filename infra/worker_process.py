"""`pairsec worker`: a Kafka consumer in group pairsec-scanners that runs scan jobs.

One job per partition at a time: the partition is paused while its job runs and the consumer keeps
polling (so a long scan never drops it from the group); the offset is committed only after the
scan's terminal event is stored, and a job that must be retried is sought back and run again.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from commands.provenance import acting_as
from infra.relay import ensure_topic
from infra.settings import Settings
from scanners.worker import RetryLater, ScanRunner

log = logging.getLogger("pairsec.worker")


def _handle(runner: ScanRunner, raw: bytes) -> str:
    try:
        message = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        message = {}
    # The events of this job are recorded as the worker's, under one id that its log lines carry too.
    with acting_as(f"worker:{runner.worker_id}", request_id=f"job-{uuid.uuid4().hex}"):
        return runner.handle(message if isinstance(message, dict) else {})


def run_worker(
    settings: Settings, runner: ScanRunner, bootstrap: str, stop: threading.Event, concurrency: int
) -> None:
    from kafka.errors import CommitFailedError, KafkaError
    from kafka.structs import OffsetAndMetadata

    consumer = _connect(settings, runner, bootstrap)
    unassigned_since = time.monotonic()
    pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="scan")
    busy: dict[Any, tuple[Any, Future[str]]] = {}
    held_back: dict[Any, float] = {}  # partition -> time it may resume after a retryable failure
    log.info("worker ready", extra={"worker": runner.worker_id, "concurrency": concurrency})
    try:
        while not stop.is_set():
            if consumer.assignment() or busy:
                unassigned_since = time.monotonic()
            elif time.monotonic() - unassigned_since > REJOIN_AFTER_SECONDS:
                # No partitions for a long while (a broker restart can leave a group without its
                # members): start over with a fresh consumer rather than wait indefinitely.
                log.warning("no partitions assigned; reconnecting", extra={"worker": runner.worker_id})
                consumer.close(autocommit=False)
                consumer = _connect(settings, runner, bootstrap)
                unassigned_since = time.monotonic()
            try:
                polled = consumer.poll(timeout_ms=200)
            except KafkaError as exc:
                log.warning("poll failed; retrying", extra={"error": str(exc)[:200]})
                stop.wait(1.0)
                continue
            for partition, records in polled.items():
                for record in records:
                    consumer.pause(partition)
                    busy[partition] = (record, pool.submit(_handle, runner, record.value))
            for partition, (record, future) in list(busy.items()):
                if not future.done():
                    continue
                del busy[partition]
                error = future.exception()
                if error is None or not _retryable(error):
                    if error is not None:
                        log.error(
                            "scan job crashed; skipped", exc_info=error, extra={"offset": record.offset}
                        )
                    else:
                        log.info(
                            "scan job done",
                            extra={
                                "outcome": future.result(),
                                "partition": record.partition,
                                "offset": record.offset,
                            },
                        )
                    try:
                        consumer.commit({partition: OffsetAndMetadata(record.offset + 1, "", -1)})
                    except (CommitFailedError, KafkaError) as exc:
                        log.warning(
                            "offset commit failed (partition moved?)", extra={"error": str(exc)[:200]}
                        )
                else:
                    log.warning("scan job will be retried", extra={"error": str(error)[:200]})
                    consumer.seek(partition, record.offset)
                    held_back[partition] = time.monotonic() + 2.0
            _apply_flow_control(consumer, busy, held_back, concurrency)
    finally:
        pool.shutdown(wait=True, cancel_futures=False)
        consumer.close(autocommit=False)


REJOIN_AFTER_SECONDS = 20.0


def _connect(settings: Settings, runner: ScanRunner, bootstrap: str) -> Any:
    from kafka import KafkaConsumer

    while True:
        try:
            ensure_topic(bootstrap, settings.kafka_partitions, settings.scan_requests_topic)
            break
        except Exception as exc:  # the broker is not there yet: keep trying, it is transport only
            log.warning("broker unavailable; retrying", extra={"error": str(exc)[:200]})
            time.sleep(2.0)
    return KafkaConsumer(
        settings.scan_requests_topic,
        bootstrap_servers=bootstrap.split(","),
        group_id=settings.scanner_group,
        client_id=runner.worker_id,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_poll_records=1,
        max_poll_interval_ms=10_000,
        session_timeout_ms=10_000,
        heartbeat_interval_ms=1_000,
        reconnect_backoff_max_ms=2_000,
    )


def _retryable(error: BaseException) -> bool:
    if isinstance(error, RetryLater):
        return True
    from eventsourcing.persistence import InterfaceError, OperationalError

    return isinstance(error, OperationalError | InterfaceError | ConnectionError | TimeoutError)


def _apply_flow_control(consumer: Any, busy: dict, held_back: dict, concurrency: int) -> None:
    """Pause what is busy, held back, or everything when the pool is full; resume the rest."""
    now = time.monotonic()
    for partition, until in list(held_back.items()):
        if until <= now:
            del held_back[partition]
    assigned = consumer.assignment()
    full = len(busy) >= concurrency
    to_pause = [p for p in assigned if full or p in busy or p in held_back]
    to_resume = [p for p in assigned if p not in to_pause]
    if to_pause:
        consumer.pause(*to_pause)
    if to_resume:
        consumer.resume(*to_resume)
