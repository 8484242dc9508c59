"""Webhook signing secrets are sealed at rest and open only with the server's key, for their webhook."""

from __future__ import annotations

import uuid

import pytest

from infra.bootstrap import Container
from infra.webhook_secrets import PostgresWebhookSecretStore, SecretUnreadable, sealing_key

SERVER_SECRET = "a-server-secret-of-at-least-32-characters"


@pytest.fixture
def store(container: Container) -> PostgresWebhookSecretStore:
    return PostgresWebhookSecretStore(container.datastore, sealing_key(SERVER_SECRET))


def _stored(container: Container, webhook_id: uuid.UUID) -> dict:
    with container.datastore.cursor() as curs:
        curs.execute("SELECT secret, sealed FROM webhook_secrets WHERE webhook_id = %s", (webhook_id,))
        return curs.fetchone()


def test_a_secret_is_stored_sealed_and_read_back(
    container: Container, store: PostgresWebhookSecretStore
) -> None:
    webhook_id = uuid.uuid4()
    store.put(webhook_id, "receiver shared secret")
    row = _stored(container, webhook_id)
    assert row["secret"] is None
    assert b"receiver shared secret" not in bytes(row["sealed"])
    assert store.get(webhook_id) == "receiver shared secret"
    store.put(webhook_id, "rotated")  # setting it again seals the new one
    assert store.get(webhook_id) == "rotated"
    store.discard(webhook_id)
    assert store.get(webhook_id) is None


def test_another_key_or_another_webhook_cannot_open_it(
    container: Container, store: PostgresWebhookSecretStore
) -> None:
    webhook_id, other_id = uuid.uuid4(), uuid.uuid4()
    store.put(webhook_id, "receiver shared secret")
    other_server = PostgresWebhookSecretStore(container.datastore, sealing_key("x" * 40))
    with pytest.raises(SecretUnreadable, match="PAIRSEC_JWT_SECRET"):
        other_server.get(webhook_id)
    with container.datastore.transaction(commit=True) as curs:  # a sealed secret moved to another row
        curs.execute(
            "INSERT INTO webhook_secrets (webhook_id, sealed) SELECT %s, sealed FROM webhook_secrets "
            "WHERE webhook_id = %s",
            (other_id, webhook_id),
        )
    with pytest.raises(SecretUnreadable):
        store.get(other_id)


def test_migration_seals_the_secrets_kept_in_plain_text_before(
    container: Container, store: PostgresWebhookSecretStore
) -> None:
    webhook_id = uuid.uuid4()
    with container.datastore.transaction(commit=True) as curs:
        curs.execute(
            "INSERT INTO webhook_secrets (webhook_id, secret) VALUES (%s, 'written before sealing')",
            (webhook_id,),
        )
    store.create_table()
    row = _stored(container, webhook_id)
    assert row["secret"] is None and row["sealed"] is not None
    assert store.get(webhook_id) == "written before sealing"
