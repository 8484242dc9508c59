"""Webhook signing secrets, kept in their own PostgreSQL table and never in the event store.

Events are permanent and shown in audit views; a secret must be neither. Deleting a webhook
discards its secret, so nothing can be signed for it afterwards.
"""

from __future__ import annotations

import uuid

from eventsourcing.postgres import PostgresDatastore

from infra.postgres import create_tables

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS webhook_secrets (
        webhook_id uuid PRIMARY KEY,
        secret text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
    )""",
)


class PostgresWebhookSecretStore:
    def __init__(self, datastore: PostgresDatastore) -> None:
        self._datastore = datastore

    def create_table(self) -> None:
        create_tables(self._datastore, SCHEMA)

    def put(self, webhook_id: uuid.UUID, secret: str) -> None:
        with self._datastore.transaction(commit=True) as curs:
            curs.execute(
                "INSERT INTO webhook_secrets (webhook_id, secret) VALUES (%s, %s) "
                "ON CONFLICT (webhook_id) DO UPDATE SET secret = EXCLUDED.secret",
                (webhook_id, secret),
            )

    def discard(self, webhook_id: uuid.UUID) -> None:
        with self._datastore.transaction(commit=True) as curs:
            curs.execute("DELETE FROM webhook_secrets WHERE webhook_id = %s", (webhook_id,))

    def get(self, webhook_id: uuid.UUID) -> str | None:
        with self._datastore.cursor() as curs:
            curs.execute("SELECT secret FROM webhook_secrets WHERE webhook_id = %s", (webhook_id,))
            row = curs.fetchone()
        return None if row is None else str(row["secret"])  # type: ignore[index]
