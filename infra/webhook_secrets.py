"""Webhook signing secrets, kept in their own PostgreSQL table and never in the event store.

Events are permanent and shown in audit views; a secret must be neither. Deleting a webhook
discards its secret, so nothing can be signed for it afterwards.

The secrets are sealed at rest (AES-256-GCM, the webhook's id as associated data, so a sealed
secret opens only for its own webhook) with a key derived from the server's secret (HKDF-SHA256
over PAIRSEC_JWT_SECRET or the secret generated in PAIRSEC_HOME). A copy of the database alone
(a backup, a replica) cannot be used to forge deliveries.
"""

from __future__ import annotations

import os
import uuid

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from eventsourcing.postgres import PostgresDatastore

from infra.postgres import create_tables

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS webhook_secrets (
        webhook_id uuid PRIMARY KEY,
        secret text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
    )""",
    # Sealed form (nonce + ciphertext); `secret` held the plain text before sealing was introduced.
    "ALTER TABLE webhook_secrets ADD COLUMN IF NOT EXISTS sealed bytea",
    "ALTER TABLE webhook_secrets ALTER COLUMN secret DROP NOT NULL",
)
_NONCE_BYTES = 12


class SecretUnreadable(RuntimeError):
    """A sealed secret that the server's key does not open; the message says what to check."""


def sealing_key(server_secret: str) -> bytes:
    """The 256-bit key that seals webhook secrets, derived from the server's secret."""
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"pairsec webhook signing secrets v1"
    ).derive(server_secret.encode())


class PostgresWebhookSecretStore:
    def __init__(self, datastore: PostgresDatastore, key: bytes) -> None:
        self._datastore = datastore
        self._aead = AESGCM(key)

    def create_table(self) -> None:
        """Create the table, and seal the secrets an older version kept in plain text."""
        create_tables(self._datastore, SCHEMA)
        with self._datastore.transaction(commit=True) as curs:
            curs.execute("SELECT webhook_id, secret FROM webhook_secrets WHERE sealed IS NULL FOR UPDATE")
            for row in curs.fetchall():
                curs.execute(
                    "UPDATE webhook_secrets SET sealed = %s, secret = NULL WHERE webhook_id = %s",
                    (self._seal(row["webhook_id"], row["secret"]), row["webhook_id"]),  # type: ignore[index]
                )

    def put(self, webhook_id: uuid.UUID, secret: str) -> None:
        with self._datastore.transaction(commit=True) as curs:
            curs.execute(
                "INSERT INTO webhook_secrets (webhook_id, sealed) VALUES (%s, %s) "
                "ON CONFLICT (webhook_id) DO UPDATE SET sealed = EXCLUDED.sealed, secret = NULL",
                (webhook_id, self._seal(webhook_id, secret)),
            )

    def discard(self, webhook_id: uuid.UUID) -> None:
        with self._datastore.transaction(commit=True) as curs:
            curs.execute("DELETE FROM webhook_secrets WHERE webhook_id = %s", (webhook_id,))

    def get(self, webhook_id: uuid.UUID) -> str | None:
        """The webhook's secret, None when it has none (deleted); SecretUnreadable when the key
        does not open it (the server's secret changed since it was sealed)."""
        with self._datastore.cursor() as curs:
            curs.execute("SELECT sealed FROM webhook_secrets WHERE webhook_id = %s", (webhook_id,))
            row = curs.fetchone()
        if row is None or row["sealed"] is None:  # type: ignore[index]
            return None
        sealed = bytes(row["sealed"])  # type: ignore[index]
        try:
            plain = self._aead.decrypt(sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:], webhook_id.bytes)
        except InvalidTag:
            raise SecretUnreadable(
                f"the signing secret of webhook {webhook_id} does not open with this server's key: "
                "PAIRSEC_JWT_SECRET (or the jwt-secret file in PAIRSEC_HOME) is not the one it was "
                "sealed with; restore it, or set the webhook's secret again"
            ) from None
        return plain.decode()

    def _seal(self, webhook_id: uuid.UUID, secret: str) -> bytes:
        nonce = os.urandom(_NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, secret.encode(), webhook_id.bytes)
