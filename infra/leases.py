"""Scan leases: a running attempt renews its lease; an expired lease means its worker is gone."""

from __future__ import annotations

import uuid

from eventsourcing.postgres import PostgresDatastore

from infra.postgres import create_tables

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS scan_leases (
        scan_id uuid PRIMARY KEY,
        attempt integer NOT NULL,
        worker text NOT NULL,
        expires_at timestamptz NOT NULL
    )""",
)


class PostgresLeaseStore:
    def __init__(self, datastore: PostgresDatastore, ttl_seconds: float = 20.0) -> None:
        self._datastore = datastore
        self.ttl_seconds = ttl_seconds

    def create_table(self) -> None:
        create_tables(self._datastore, SCHEMA)

    def renew(self, scan_id: uuid.UUID, attempt: int, worker: str) -> None:
        with self._datastore.transaction(commit=True) as curs:
            curs.execute(
                "INSERT INTO scan_leases (scan_id, attempt, worker, expires_at) "
                "VALUES (%s, %s, %s, now() + make_interval(secs => %s)) "
                "ON CONFLICT (scan_id) DO UPDATE SET attempt = EXCLUDED.attempt, worker = EXCLUDED.worker, "
                "expires_at = EXCLUDED.expires_at WHERE scan_leases.attempt <= EXCLUDED.attempt",
                (scan_id, attempt, worker, self.ttl_seconds),
            )

    def is_held(self, scan_id: uuid.UUID) -> bool:
        """True while some worker's lease on this scan has not expired."""
        with self._datastore.cursor() as curs:
            curs.execute("SELECT 1 FROM scan_leases WHERE scan_id = %s AND expires_at > now()", (scan_id,))
            return curs.fetchone() is not None

    def release(self, scan_id: uuid.UUID) -> None:
        with self._datastore.transaction(commit=True) as curs:
            curs.execute("DELETE FROM scan_leases WHERE scan_id = %s", (scan_id,))

    def expired_running(self, scan_ids: list[uuid.UUID]) -> list[uuid.UUID]:
        """Of these running scans, the ones whose lease has lapsed (or was never taken)."""
        if not scan_ids:
            return []
        with self._datastore.cursor() as curs:
            curs.execute(
                "SELECT s FROM unnest(%s::uuid[]) AS s WHERE NOT EXISTS "
                "(SELECT 1 FROM scan_leases l WHERE l.scan_id = s AND l.expires_at > now())",
                (scan_ids,),
            )
            return [row["s"] for row in curs.fetchall()]
