"""The webhook outbox tables and their queries: what the sender claims and records, what the API lists.

Rows are inserted only by the outbox projection; the sender updates their delivery state and
appends one attempt row per HTTP attempt (status code, duration, error).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from projections.pagination import Page, PageRequest, SortField, fetch_page
from projections.read_model import ReadModelView

FINDING_EVENTS = ("finding.new", "finding.fixed")
DELIVERY_SORTS = {"created_at": SortField("d.created_at", "timestamptz")}
MAX_BACKOFF_SECONDS = 3600.0


def iso(moment: datetime) -> str:
    """UTC ISO-8601 with milliseconds and Z, as the API prints times."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


@dataclass(frozen=True)
class AttemptResult:
    delivered: bool
    status_code: int | None
    duration_ms: int
    error: str | None


class WebhookOutboxView(ReadModelView):
    schema = (
        """CREATE TABLE IF NOT EXISTS webhook_subscriptions (
            webhook_id uuid PRIMARY KEY,
            project_id uuid NOT NULL,
            owner_id uuid NOT NULL,
            url text NOT NULL,
            events text[] NOT NULL,
            active boolean NOT NULL DEFAULT true
        )""",
        "CREATE INDEX IF NOT EXISTS webhook_subscriptions_project ON webhook_subscriptions (project_id) "
        "WHERE active",
        """CREATE TABLE IF NOT EXISTS webhook_scans (
            scan_id uuid PRIMARY KEY,
            project_id uuid NOT NULL,
            scan_type text NOT NULL,
            ref text,
            requested_at timestamptz NOT NULL
        )""",
        "CREATE INDEX IF NOT EXISTS webhook_scans_project ON webhook_scans (project_id)",
        """CREATE TABLE IF NOT EXISTS webhook_identities (
            identity_id uuid PRIMARY KEY,
            project_id uuid NOT NULL,
            ref text NOT NULL,
            fingerprint text NOT NULL
        )""",
        "CREATE INDEX IF NOT EXISTS webhook_identities_project ON webhook_identities (project_id)",
        """CREATE TABLE IF NOT EXISTS webhook_deliveries (
            id uuid PRIMARY KEY,
            webhook_id uuid NOT NULL,
            project_id uuid NOT NULL,
            event text NOT NULL,
            source_position bigint NOT NULL,
            subject_id uuid NOT NULL,
            occurred_at timestamptz NOT NULL,
            payload jsonb,
            status text NOT NULL DEFAULT 'pending',
            attempts integer NOT NULL DEFAULT 0,
            next_attempt_at timestamptz NOT NULL DEFAULT now(),
            lease_until timestamptz,
            last_status_code integer,
            last_error text,
            delivered_at timestamptz,
            created_at timestamptz NOT NULL DEFAULT now(),
            UNIQUE (source_position, webhook_id, event)
        )""",
        "CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries (next_attempt_at) "
        "WHERE status = 'pending'",
        "CREATE INDEX IF NOT EXISTS webhook_deliveries_webhook "
        "ON webhook_deliveries (webhook_id, created_at, id)",
        """CREATE TABLE IF NOT EXISTS webhook_delivery_attempts (
            delivery_id uuid NOT NULL,
            attempt integer NOT NULL,
            at timestamptz NOT NULL DEFAULT now(),
            status_code integer,
            duration_ms integer NOT NULL,
            error text,
            PRIMARY KEY (delivery_id, attempt)
        )""",
    )

    # --- the sender's side -------------------------------------------------------------------------

    def awaiting_findings(self, limit: int = 50) -> list[dict[str, Any]]:
        """finding.new / finding.fixed deliveries whose payload is still to be built, oldest first."""
        return self.fetch_all(
            "SELECT id, event, project_id, subject_id, source_position FROM webhook_deliveries "
            "WHERE payload IS NULL AND status = 'pending' ORDER BY source_position LIMIT %s",
            (limit,),
        )

    def set_payload(self, delivery_id: uuid.UUID, payload: dict[str, Any] | None) -> None:
        """Store the built payload; None means there is nothing to tell, so the delivery is dropped."""
        with self.datastore.transaction(commit=True) as curs:
            if payload is None:
                curs.execute(
                    "DELETE FROM webhook_deliveries WHERE id = %s AND payload IS NULL", (delivery_id,)
                )
            else:
                curs.execute(
                    "UPDATE webhook_deliveries SET payload = %s::jsonb WHERE id = %s AND payload IS NULL",
                    (json.dumps(payload), delivery_id),
                )

    def finding_changes(self, scan_id: uuid.UUID, transition: str, limit: int) -> tuple[int, list[dict]]:
        """How many identities took this transition in the scan, and the worst `limit` of them.

        Reads the finding identities read model (its tables, by the contract its projection keeps).
        """
        total = self.fetch_one(
            "SELECT count(*) AS n FROM finding_transitions WHERE scan_id = %s AND transition = %s",
            (scan_id, transition),
        )
        rows = self.fetch_all(
            "SELECT t.identity_id, i.fingerprint, t.rule_id, t.engine, t.severity, t.cwe, i.file_path, "
            "i.title FROM finding_transitions t LEFT JOIN finding_identities i USING (identity_id) "
            "WHERE t.scan_id = %s AND t.transition = %s ORDER BY CASE t.severity WHEN 'critical' THEN 0 "
            "WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END, t.identity_id LIMIT %s",
            (scan_id, transition, limit),
        )
        return (int(total["n"]) if total else 0), rows

    def claim_due(self, limit: int, lease_seconds: float) -> list[dict[str, Any]]:
        """Lease deliveries that are due, so two senders never send one at the same time."""
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(
                "UPDATE webhook_deliveries d SET lease_until = now() + make_interval(secs => %s) "
                "FROM webhook_subscriptions w WHERE w.webhook_id = d.webhook_id AND d.id IN ("
                "SELECT id FROM webhook_deliveries WHERE status = 'pending' AND payload IS NOT NULL "
                "AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now()) "
                "ORDER BY next_attempt_at, source_position LIMIT %s FOR UPDATE SKIP LOCKED) "
                "RETURNING d.id, d.webhook_id, d.project_id, d.event, d.occurred_at, d.payload, d.attempts, "
                "w.url, w.active",
                (lease_seconds, limit),
            )
            return list(curs.fetchall())  # type: ignore[arg-type]

    def record_attempt(
        self, delivery_id: uuid.UUID, result: AttemptResult, max_attempts: int, retry_seconds: float
    ) -> str:
        """Log one attempt and decide what is next: delivered, retried after a backoff, or failed."""
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(
                "UPDATE webhook_deliveries SET attempts = attempts + 1, lease_until = NULL, "
                "last_status_code = %(code)s, last_error = %(error)s, "
                "status = CASE WHEN status <> 'pending' THEN status WHEN %(ok)s THEN 'delivered' "
                "WHEN attempts + 1 >= %(max)s THEN 'failed' ELSE 'pending' END, "
                "delivered_at = CASE WHEN %(ok)s THEN now() ELSE delivered_at END, "
                "next_attempt_at = now() + "
                "make_interval(secs => least(%(cap)s, %(base)s * power(2, attempts))) "
                "WHERE id = %(id)s RETURNING attempts, status",
                {
                    "id": delivery_id,
                    "ok": result.delivered,
                    "code": result.status_code,
                    "error": result.error,
                    "max": max_attempts,
                    "base": retry_seconds,
                    "cap": MAX_BACKOFF_SECONDS,
                },
            )
            row: Any = curs.fetchone()
            if row is None:
                return "gone"
            curs.execute(
                "INSERT INTO webhook_delivery_attempts "
                "(delivery_id, attempt, status_code, duration_ms, error) "
                "VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
                (delivery_id, row["attempts"], result.status_code, result.duration_ms, result.error),
            )
            return str(row["status"])

    def cancel(self, delivery_id: uuid.UUID, reason: str) -> None:
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(
                "UPDATE webhook_deliveries SET status = 'cancelled', lease_until = NULL, last_error = %s "
                "WHERE id = %s AND status = 'pending'",
                (reason, delivery_id),
            )

    # --- the API's side ----------------------------------------------------------------------------

    def deliveries_for(self, webhook_id: uuid.UUID, request: PageRequest) -> Page:
        page = fetch_page(
            self,
            "d.id, d.event, d.status, d.attempts, d.occurred_at, d.created_at, d.next_attempt_at, "
            "d.delivered_at, d.last_status_code, d.last_error, d.subject_id",
            "FROM webhook_deliveries d WHERE d.webhook_id = %s",
            [webhook_id],
            request,
            DELIVERY_SORTS,
            "d.id",
        )
        ids = [row["id"] for row in page.items]
        attempts: dict[uuid.UUID, list[dict[str, Any]]] = {i: [] for i in ids}
        if ids:
            for row in self.fetch_all(
                "SELECT delivery_id, attempt, at, status_code, duration_ms, error "
                "FROM webhook_delivery_attempts WHERE delivery_id = ANY(%s) ORDER BY delivery_id, attempt",
                (ids,),
            ):
                attempts[row["delivery_id"]].append(row)
        for row in page.items:
            row["attempt_log"] = attempts[row["id"]]
        return page
