"""Failed-login counting in PostgreSQL, so every API process and host sees the same counts."""

from __future__ import annotations

import hashlib
import math

from eventsourcing.postgres import PostgresDatastore

from domain.errors import Throttled
from infra.postgres import create_tables

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS login_failures (key text NOT NULL, failed_at timestamptz NOT NULL)",
    "CREATE INDEX IF NOT EXISTS login_failures_key_time ON login_failures (key, failed_at DESC)",
)


def _email_key(email: str) -> str:
    # Hashed, so the table never holds addresses (nor reveals which ones exist).
    return "email:" + hashlib.sha256(email.encode()).hexdigest()


class PostgresLoginThrottle:
    def __init__(
        self, datastore: PostgresDatastore, max_per_email: int, max_per_client: int, window_seconds: int
    ) -> None:
        self._datastore = datastore
        self._limits = (max_per_email, max_per_client)
        self._window = window_seconds

    def create_table(self) -> None:
        create_tables(self._datastore, SCHEMA)

    def check(self, email: str, client: str) -> None:
        keys = (_email_key(email), "client:" + client)
        with self._datastore.cursor() as curs:
            for key, limit in zip(keys, self._limits, strict=True):
                # The limit-th most recent failure: once it leaves the window, attempts may resume.
                curs.execute(
                    "SELECT EXTRACT(EPOCH FROM (failed_at + make_interval(secs => %s) - now())) AS wait "
                    "FROM login_failures WHERE key = %s AND failed_at > now() - make_interval(secs => %s) "
                    "ORDER BY failed_at DESC OFFSET %s LIMIT 1",
                    (self._window, key, self._window, limit - 1),
                )
                row = curs.fetchone()
                if row is not None:
                    retry_after = max(1, math.ceil(float(row["wait"])))
                    raise Throttled("too many failed logins; try again later", retry_after)

    def record_failure(self, email: str, client: str) -> None:
        with self._datastore.transaction(commit=True) as curs:
            for key in (_email_key(email), "client:" + client):
                curs.execute("INSERT INTO login_failures (key, failed_at) VALUES (%s, now())", (key,))
                curs.execute(
                    "DELETE FROM login_failures "
                    "WHERE key = %s AND failed_at < now() - make_interval(secs => %s)",
                    (key, self._window),
                )

    def record_success(self, email: str) -> None:
        with self._datastore.transaction(commit=True) as curs:
            curs.execute("DELETE FROM login_failures WHERE key = %s", (_email_key(email),))
