"""The User aggregate: an account, its password (as a hash) and its API key (as a hash)."""

from __future__ import annotations

from datetime import datetime

from eventsourcing.domain import Aggregate, event

from domain.errors import Invalid, NotFound

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1024
MAX_NAME_LENGTH = 200
API_KEY_SCOPES = ("read", "write")


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(
            "password is too short", {"password": f"must be at least {MIN_PASSWORD_LENGTH} characters"}
        )


class User(Aggregate):
    """An account. Secrets appear here only as hashes."""

    @event("Registered")
    def __init__(self, email: str, name: str, password_hash: str) -> None:
        self.email = email
        self.name = name
        self.password_hash = password_hash
        self.password_version = 1
        self.api_key_hash: str | None = None
        self.api_key_prefix: str | None = None
        self.api_key_scopes: tuple[str, ...] = ()
        self.api_key_expires_at: datetime | None = None

    @event("ProfileChanged")
    def change_profile(self, changes: dict[str, str]) -> None:
        """Record only the fields that changed (name and/or email)."""
        for field_name, value in changes.items():
            setattr(self, field_name, value)

    @event("PasswordChanged")
    def change_password(self, password_hash: str) -> None:
        self.password_hash = password_hash
        self.password_version += 1

    @event("ApiKeyIssued")
    def issue_api_key(
        self, key_hash: str, prefix: str, scopes: list[str], expires_at: datetime | None
    ) -> None:
        self.api_key_hash = key_hash
        self.api_key_prefix = prefix
        self.api_key_scopes = tuple(scopes)
        self.api_key_expires_at = expires_at

    def revoke_api_key(self) -> None:
        if self.api_key_hash is None:
            raise NotFound("there is no API key to revoke")
        self._revoke_api_key()

    @event("ApiKeyRevoked")
    def _revoke_api_key(self) -> None:
        self.api_key_hash = None
        self.api_key_prefix = None
        self.api_key_scopes = ()
        self.api_key_expires_at = None
