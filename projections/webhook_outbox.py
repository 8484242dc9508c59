"""The webhook outbox: one delivery row per (event, webhook), written with the follower's tracked position.

Its projection runs inside `pairsec webhooks` and keeps its own copy of the subscriptions, scans and
triaged identities it needs, so each event is fanned out against the webhooks that existed at that
point of the log. A delivery's id is derived from (log position, webhook, event name) and the row is
inserted in the same transaction as the tracking record: a restart never loses or doubles one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from eventsourcing.utils import get_topic

from domain.project import Project
from domain.scan import Scan
from domain.triage import Triage
from domain.webhook import Webhook
from projections.read_model import ReadModelProjection
from projections.webhook_deliveries import FINDING_EVENTS, WebhookOutboxView, iso

_SUMMARY_FIELDS = ("commit", "counts", "duration_ms", "disabled_rules")
_FAN_OUT = (
    "INSERT INTO webhook_deliveries (id, webhook_id, project_id, event, source_position, subject_id, "
    "occurred_at, payload) "
    "SELECT md5(%(position)s::text || ':' || w.webhook_id::text || ':' || %(event)s)::uuid, w.webhook_id, "
    "w.project_id, %(event)s, %(position)s, %(subject)s, %(at)s, %(payload)s::jsonb "
    "FROM webhook_subscriptions w "
    "WHERE w.project_id = %(project)s AND w.active AND %(event)s = ANY(w.events) "
    "ON CONFLICT DO NOTHING"
)
_CANCEL_PENDING = (
    "UPDATE webhook_deliveries SET status = 'cancelled', lease_until = NULL WHERE status = 'pending'"
)


def _scan_payload(row: dict[str, Any], event: Any, status: str) -> dict[str, Any]:
    summary = getattr(event, "summary", None) or {}
    scan: dict[str, Any] = {
        "id": str(event.originator_id),
        "project_id": str(row["project_id"]),
        "scan_type": row["scan_type"],
        "ref": row["ref"],
        "status": status,
        "attempt": event.attempt,
        "requested_at": iso(row["requested_at"]),
        "finished_at": iso(event.timestamp),
        **{name: summary[name] for name in _SUMMARY_FIELDS if name in summary},
    }
    if "engines" in summary:
        scan["engines"] = {
            name: {k: v for k, v in (report or {}).items() if k in ("status", "version", "findings")}
            for name, report in summary["engines"].items()
        }
    if status == "failed":
        scan["error"] = event.reason
    return {"scan": scan}


class WebhookOutboxProjection(ReadModelProjection[WebhookOutboxView]):
    name = "webhook_outbox"
    topics = tuple(
        get_topic(cls)
        for cls in (
            Webhook.Created, Webhook.Deleted, Project.Deleted, Scan.Requested, Scan.Completed, Scan.Failed,
            Scan.Cancelled, Triage.Opened, Triage.Decided,
        )
    )  # fmt: skip
    on_fan_out: Callable[[], None] = staticmethod(lambda: None)  # set by the sender to wake it

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.write(tracking)

    @process_event.register
    def _webhook_created(self, event: Webhook.Created, tracking: Tracking) -> None:
        self.write(
            tracking,
            (
                "INSERT INTO webhook_subscriptions (webhook_id, project_id, owner_id, url, events) "
                "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (webhook_id) DO NOTHING",
                (event.originator_id, event.project_id, event.owner_id, event.url, list(event.events)),
            ),
        )

    @process_event.register
    def _webhook_deleted(self, event: Webhook.Deleted, tracking: Tracking) -> None:
        self.write(
            tracking,
            ("UPDATE webhook_subscriptions SET active = false WHERE webhook_id = %s", (event.originator_id,)),
            (_CANCEL_PENDING + " AND webhook_id = %s", (event.originator_id,)),
        )

    @process_event.register
    def _project_deleted(self, event: Project.Deleted, tracking: Tracking) -> None:
        project = (event.originator_id,)
        self.write(
            tracking,
            (
                "DELETE FROM webhook_secrets WHERE webhook_id IN "
                "(SELECT webhook_id FROM webhook_subscriptions WHERE project_id = %s)",
                project,
            ),
            ("UPDATE webhook_subscriptions SET active = false WHERE project_id = %s", project),
            (_CANCEL_PENDING + " AND project_id = %s", project),
            ("DELETE FROM webhook_scans WHERE project_id = %s", project),
            ("DELETE FROM webhook_identities WHERE project_id = %s", project),
        )

    @process_event.register
    def _scan_requested(self, event: Scan.Requested, tracking: Tracking) -> None:
        self.write(
            tracking,
            (
                "INSERT INTO webhook_scans (scan_id, project_id, scan_type, ref, requested_at) "
                "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (scan_id) DO NOTHING",
                (event.originator_id, event.project_id, event.scan_type, event.source.get("ref"),
                 event.timestamp),
            ),
        )  # fmt: skip

    @process_event.register
    def _scan_completed(self, event: Scan.Completed, tracking: Tracking) -> None:
        self._scan_ended(event, tracking, "completed")

    @process_event.register
    def _scan_failed(self, event: Scan.Failed, tracking: Tracking) -> None:
        self._scan_ended(event, tracking, "failed")

    @process_event.register
    def _scan_cancelled(self, event: Scan.Cancelled, tracking: Tracking) -> None:
        self.write(tracking, ("DELETE FROM webhook_scans WHERE scan_id = %s", (event.originator_id,)))

    @process_event.register
    def _triage_opened(self, event: Triage.Opened, tracking: Tracking) -> None:
        self.write(
            tracking,
            (
                "INSERT INTO webhook_identities (identity_id, project_id, ref, fingerprint) "
                "VALUES (%s, %s, %s, %s) ON CONFLICT (identity_id) DO NOTHING",
                (event.originator_id, event.project_id, event.ref, event.fingerprint),
            ),
        )

    @process_event.register
    def _triage_decided(self, event: Triage.Decided, tracking: Tracking) -> None:
        with self.view.datastore.transaction(commit=True) as curs:
            curs.execute("SELECT * FROM webhook_identities WHERE identity_id = %s", (event.originator_id,))
            identity = curs.fetchone()
            if identity is not None:
                payload = {
                    "finding": {
                        "identity_id": str(event.originator_id),
                        "project_id": str(identity["project_id"]),
                        "ref": identity["ref"],
                        "fingerprint": identity["fingerprint"],
                    },
                    "triage": {
                        "status": event.status,
                        "reason": event.reason,
                        "comment": event.comment,
                        "expires_at": iso(event.expires_at) if event.expires_at else None,
                        "decided_by": event.actor,
                        "decided_at": iso(event.timestamp),
                    },
                }
                self._fan_out(curs, tracking, event, identity["project_id"], "finding.triaged", payload)
            self.view._insert_tracking(curs, tracking)
        self.on_fan_out()

    def _scan_ended(self, event: Any, tracking: Tracking, status: str) -> None:
        with self.view.datastore.transaction(commit=True) as curs:
            curs.execute("SELECT * FROM webhook_scans WHERE scan_id = %s", (event.originator_id,))
            row = curs.fetchone()
            if row is not None:
                payload = _scan_payload(row, event, status)
                self._fan_out(curs, tracking, event, row["project_id"], f"scan.{status}", payload)
                if status == "completed":
                    # Built by the sender once the identities read model has processed this scan.
                    for name in FINDING_EVENTS:
                        self._fan_out(curs, tracking, event, row["project_id"], name, None)
                curs.execute("DELETE FROM webhook_scans WHERE scan_id = %s", (event.originator_id,))
            self.view._insert_tracking(curs, tracking)
        self.on_fan_out()

    @staticmethod
    def _fan_out(
        curs: Any, tracking: Tracking, event: Any, project_id: Any, name: str, payload: dict[str, Any] | None
    ) -> None:
        curs.execute(
            _FAN_OUT,
            {
                "position": tracking.notification_id,
                "event": name,
                "subject": event.originator_id,
                "at": event.timestamp,
                "payload": None if payload is None else json.dumps(payload),
                "project": project_id,
            },
        )
