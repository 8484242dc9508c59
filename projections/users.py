"""The users read model: who may call the API (by id for JWTs, by key hash for API keys)."""

from __future__ import annotations

import uuid
from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking

from domain.user import User
from projections.read_model import ReadModelProjection, ReadModelView

_COLUMNS = (
    "id, email, name, password_version, api_key_hash, api_key_prefix, api_key_scopes, "
    "api_key_expires_at, api_key_created_at, created_at, updated_at"
)


class UsersView(ReadModelView):
    schema = (
        """CREATE TABLE IF NOT EXISTS users (
            id uuid PRIMARY KEY,
            email text NOT NULL,
            name text NOT NULL,
            password_version integer NOT NULL,
            api_key_hash text,
            api_key_prefix text,
            api_key_scopes text[] NOT NULL DEFAULT '{}',
            api_key_expires_at timestamptz,
            api_key_created_at timestamptz,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL
        )""",
        "CREATE UNIQUE INDEX IF NOT EXISTS users_api_key_hash ON users (api_key_hash)",
        "CREATE INDEX IF NOT EXISTS users_email ON users (email)",
    )

    def get(self, user_id: uuid.UUID) -> dict[str, Any] | None:
        return self.fetch_one(f"SELECT {_COLUMNS} FROM users WHERE id = %s", (user_id,))

    def get_by_api_key_hash(self, key_hash: str) -> dict[str, Any] | None:
        return self.fetch_one(f"SELECT {_COLUMNS} FROM users WHERE api_key_hash = %s", (key_hash,))


class UsersProjection(ReadModelProjection[UsersView]):
    name = "users"

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        # Not a user event: record the position only, so waiting for any position works.
        self.write(tracking)

    @process_event.register
    def _registered(self, event: User.Registered, tracking: Tracking) -> None:
        self.write(
            tracking,
            (
                "INSERT INTO users (id, email, name, password_version, created_at, updated_at) "
                "VALUES (%s, %s, %s, 1, %s, %s) ON CONFLICT (id) DO NOTHING",
                (event.originator_id, event.email, event.name, event.timestamp, event.timestamp),
            ),
        )

    @process_event.register
    def _profile_changed(self, event: User.ProfileChanged, tracking: Tracking) -> None:
        changes = event.changes
        self.write(
            tracking,
            (
                "UPDATE users SET name = COALESCE(%s, name), email = COALESCE(%s, email), updated_at = %s "
                "WHERE id = %s",
                (changes.get("name"), changes.get("email"), event.timestamp, event.originator_id),
            ),
        )

    @process_event.register
    def _password_changed(self, event: User.PasswordChanged, tracking: Tracking) -> None:
        self.write(
            tracking,
            (
                "UPDATE users SET password_version = password_version + 1, updated_at = %s WHERE id = %s",
                (event.timestamp, event.originator_id),
            ),
        )

    @process_event.register
    def _api_key_issued(self, event: User.ApiKeyIssued, tracking: Tracking) -> None:
        self.write(
            tracking,
            (
                "UPDATE users SET api_key_hash = %s, api_key_prefix = %s, api_key_scopes = %s, "
                "api_key_expires_at = %s, api_key_created_at = %s, updated_at = %s WHERE id = %s",
                (
                    event.key_hash,
                    event.prefix,
                    list(event.scopes),
                    event.expires_at,
                    event.timestamp,
                    event.timestamp,
                    event.originator_id,
                ),
            ),
        )

    @process_event.register
    def _api_key_revoked(self, event: User.ApiKeyRevoked, tracking: Tracking) -> None:
        self.write(
            tracking,
            (
                "UPDATE users SET api_key_hash = NULL, api_key_prefix = NULL, api_key_scopes = '{}', "
                "api_key_expires_at = NULL, api_key_created_at = NULL, updated_at = %s WHERE id = %s",
                (event.timestamp, event.originator_id),
            ),
        )
