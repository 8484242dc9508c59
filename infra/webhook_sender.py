"""`pairsec webhooks`: follows the event store into the webhook outbox and delivers it, with retries.

The outbox projection (tracked position) decides what is to be delivered; this loop builds the
finding payloads once the identities read model has caught up, leases due deliveries, posts them
concurrently and logs every attempt. A crash mid-send leaves the lease to expire: the delivery is
sent again with the same delivery id, never lost.
"""

from __future__ import annotations

import json
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from eventsourcing.projection import ProjectionRunner

from commands.application import PairsecApplication
from infra.bootstrap import datastore_for, jwt_secret, view_for
from infra.follower import follow_with_restarts
from infra.postgres import eventsourcing_env
from infra.settings import Settings
from infra.webhook_delivery import WebhookPoster, new_client
from infra.webhook_secrets import PostgresWebhookSecretStore, SecretUnreadable, sealing_key
from projections.registry import READ_MODELS, tracking_table
from projections.webhook_deliveries import AttemptResult, WebhookOutboxView
from projections.webhook_outbox import WebhookOutboxProjection

log = logging.getLogger("pairsec.webhooks")
MAX_LISTED_FINDINGS = 100  # and at most MAX_FINDINGS_BYTES of them; `total` and `truncated` tell the rest
MAX_FINDINGS_BYTES = 60_000
SEND_BATCH = 32
SENDERS = 8
_TRANSITIONS = {"finding.new": "new", "finding.fixed": "fixed"}


@dataclass(frozen=True)
class DeliveryPolicy:
    max_attempts: int
    retry_seconds: float
    timeout_seconds: float

    @property
    def lease_seconds(self) -> float:
        return self.timeout_seconds * 2 + 5


def identities_progress(datastore: PostgresDatastore) -> PostgresTrackingRecorder | None:
    """The tracked position of the finding identities read model, if this build has one."""
    for projection_class, _ in READ_MODELS:
        if projection_class.__module__ == "projections.finding_identities":
            return PostgresTrackingRecorder(datastore, tracking_table_name=tracking_table(projection_class))
    return None


class WebhookSender:
    def __init__(
        self,
        view: WebhookOutboxView,
        secrets: PostgresWebhookSecretStore,
        poster: WebhookPoster,
        policy: DeliveryPolicy,
        identities: PostgresTrackingRecorder | None,
        application_name: str = PairsecApplication.name,
    ) -> None:
        self._view = view
        self._secrets = secrets
        self._poster = poster
        self._policy = policy
        self._identities = identities
        self._application_name = application_name
        self._pool = ThreadPoolExecutor(max_workers=SENDERS, thread_name_prefix="webhook-send")

    def prepare_finding_payloads(self) -> int:
        """Build finding.new/finding.fixed bodies for scans the identities read model has processed."""
        if self._identities is None:
            return 0
        built = 0
        for row in self._view.awaiting_findings():
            if not self._identities.has_tracking_id(self._application_name, row["source_position"]):
                break  # rows are in log order: later ones are not ready either
            total, findings = self._view.finding_changes(
                row["subject_id"], _TRANSITIONS[row["event"]], MAX_LISTED_FINDINGS
            )
            payload = None
            if total:
                listed = _within_budget([_finding(f) for f in findings])
                payload = {
                    "scan": {"id": str(row["subject_id"]), "project_id": str(row["project_id"])},
                    "total": total,
                    "truncated": total > len(listed),
                    "findings": listed,
                }
            self._view.set_payload(row["id"], payload)
            built += 1
        return built

    def send_due(self) -> int:
        rows = self._view.claim_due(SEND_BATCH, self._policy.lease_seconds)
        if rows:
            list(self._pool.map(self._send, rows))
        return len(rows)

    def _send(self, row: dict[str, Any]) -> None:
        try:
            secret = self._secrets.get(row["webhook_id"])
        except SecretUnreadable as exc:  # nothing is sent unsigned; retried, in case the key comes back
            log.error("webhook secret unreadable", extra={"delivery": str(row["id"]), "reason": str(exc)})
            self._record(row, AttemptResult(False, None, 0, str(exc)))
            return
        if not row["active"] or secret is None:
            self._view.cancel(row["id"], "the webhook was deleted")
            return
        try:
            result = self._poster.post(row, secret)
        except Exception as exc:  # a bug must not stop the other deliveries; logged, retried later
            log.exception("webhook delivery crashed", extra={"delivery": str(row["id"])})
            result = AttemptResult(False, None, 0, f"internal error: {type(exc).__name__}")
        self._record(row, result)

    def _record(self, row: dict[str, Any], result: AttemptResult) -> None:
        status = self._view.record_attempt(
            row["id"], result, self._policy.max_attempts, self._policy.retry_seconds
        )
        log.info(
            "webhook attempt",
            extra={"delivery": str(row["id"]), "event": row["event"], "status_code": result.status_code,
                   "duration_ms": result.duration_ms, "outcome": status},
        )  # fmt: skip

    def close(self) -> None:
        self._pool.shutdown(wait=True)


def _within_budget(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The leading findings whose JSON fits MAX_FINDINGS_BYTES, so a body stays small."""
    kept, size = [], 0
    for finding in findings:
        size += len(json.dumps(finding)) + 1
        if size > MAX_FINDINGS_BYTES:
            break
        kept.append(finding)
    return kept


def _finding(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "identity_id": str(row["identity_id"]),
        "fingerprint": row["fingerprint"],
        "rule_id": row["rule_id"],
        "engine": row["engine"],
        "severity": row["severity"],
        "cwe": list(row["cwe"] or []),
        "file_path": row["file_path"],
        "title": row["title"],
    }


def run_webhooks(settings: Settings, database_url: str, stop: threading.Event) -> None:
    env = eventsourcing_env(database_url, pool_size=2)
    datastore = datastore_for(database_url, SENDERS // 2)
    view: WebhookOutboxView = view_for(WebhookOutboxView, WebhookOutboxProjection.name, datastore)
    policy = DeliveryPolicy(
        settings.webhook_max_attempts, settings.webhook_retry_seconds, settings.webhook_timeout_seconds
    )
    client = new_client(policy.timeout_seconds)
    poster = WebhookPoster(client, settings.allow_private_networks)
    identities = identities_progress(datastore)
    secrets = PostgresWebhookSecretStore(datastore, sealing_key(jwt_secret(settings)))
    sender = WebhookSender(view, secrets, poster, policy, identities)
    if identities is None:
        log.warning("no finding identities read model: finding.new/finding.fixed deliveries will wait")
    wake = threading.Event()
    WebhookOutboxProjection.on_fan_out = staticmethod(wake.set)
    log.info(
        "webhooks ready",
        extra={"max_attempts": policy.max_attempts, "finding_events": identities is not None},
    )
    try:
        follow_with_restarts(
            WebhookOutboxProjection, WebhookOutboxView, env, stop,
            lambda runner: _deliver_until_stopped(runner, sender, stop, wake), log, "webhooks",
        )  # fmt: skip
    finally:
        sender.close()
        client.close()
        datastore.close()


def _deliver_until_stopped(
    runner: ProjectionRunner, sender: WebhookSender, stop: threading.Event, wake: threading.Event
) -> None:
    while not stop.is_set():
        if runner.is_interrupted.is_set():
            runner.run_forever(timeout=0)  # re-raises the projection's error
        sender.prepare_finding_payloads()
        busy = sender.send_due()
        if not busy:
            wake.wait(0.2)
            wake.clear()
