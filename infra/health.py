"""Health: can we reach the database and the broker, and how far behind are the read models."""

from __future__ import annotations

from typing import Any

from eventsourcing.postgres import PostgresDatastore

from infra.kafka import broker_reachable
from projections.registry import READ_MODELS, tracking_table


class HealthCheck:
    def __init__(self, datastore: PostgresDatastore, kafka_bootstrap: str | None, app_name: str) -> None:
        self._datastore = datastore
        self._bootstrap = kafka_bootstrap
        self._app_name = app_name

    def __call__(self) -> tuple[bool, dict[str, Any]]:
        report: dict[str, Any] = {"database": "down", "broker": "not configured", "projections": {}}
        healthy = True
        try:
            with self._datastore.cursor() as curs:
                curs.execute(f"SELECT max(notification_id) AS head FROM {self._app_name}_events")  # type: ignore[arg-type]
                row = curs.fetchone()
                head = (row or {}).get("head") or 0
                for projection_class, _ in READ_MODELS:
                    curs.execute(  # type: ignore[arg-type]
                        f"SELECT max(notification_id) AS at FROM {tracking_table(projection_class)}"
                    )
                    at = (curs.fetchone() or {}).get("at") or 0
                    report["projections"][projection_class.name] = {"lag": max(0, head - at)}
            report["database"] = "up"
        except Exception:
            healthy = False
        if self._bootstrap:
            up = broker_reachable(self._bootstrap, timeout=2.0)
            report["broker"] = "up" if up else "down"
            healthy = healthy and up
        return healthy, report
