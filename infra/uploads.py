"""Uploaded source archives, kept in PostgreSQL so a worker on any host can read them."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime

from eventsourcing.postgres import PostgresDatastore

from infra.postgres import create_tables

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS uploads (
        id uuid PRIMARY KEY,
        owner_id uuid NOT NULL,
        project_id uuid NOT NULL,
        filename text NOT NULL,
        size bigint NOT NULL,
        sha256 text NOT NULL,
        content bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
    )""",
    "CREATE INDEX IF NOT EXISTS uploads_project ON uploads (project_id)",
)


@dataclass(frozen=True)
class StoredUpload:
    id: uuid.UUID
    project_id: uuid.UUID
    filename: str
    size: int
    sha256: str
    created_at: datetime


class PostgresUploadStore:
    def __init__(self, datastore: PostgresDatastore) -> None:
        self._datastore = datastore

    def create_table(self) -> None:
        create_tables(self._datastore, SCHEMA)

    def save(self, owner_id: uuid.UUID, project_id: uuid.UUID, filename: str, content: bytes) -> StoredUpload:
        upload_id = uuid.uuid4()
        digest = hashlib.sha256(content).hexdigest()
        with self._datastore.transaction(commit=True) as curs:
            curs.execute(
                "INSERT INTO uploads (id, owner_id, project_id, filename, size, sha256, content) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING created_at",
                (upload_id, owner_id, project_id, filename, len(content), digest, content),
            )
            created_at = curs.fetchone()["created_at"]  # type: ignore[index]
        return StoredUpload(upload_id, project_id, filename, len(content), digest, created_at)

    def belongs_to(self, upload_id: uuid.UUID, project_id: uuid.UUID) -> bool:
        with self._datastore.cursor() as curs:
            curs.execute("SELECT 1 FROM uploads WHERE id = %s AND project_id = %s", (upload_id, project_id))
            return curs.fetchone() is not None

    def read(self, upload_id: uuid.UUID) -> bytes:
        with self._datastore.cursor() as curs:
            curs.execute("SELECT content FROM uploads WHERE id = %s", (upload_id,))
            row = curs.fetchone()
        if row is None:
            raise LookupError("the uploaded archive no longer exists")
        return bytes(row["content"])
