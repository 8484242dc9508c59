"""Account commands: register, check a login, change a profile or password, issue or revoke an API key."""

from __future__ import annotations

import base64
import hashlib
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from commands.application import PairsecApplication, Written, last_position
from commands.claims import holder_of, release_claim, take_claim
from commands.passwords import Argon2idPasswordHasher
from domain.claim import UniqueClaim
from domain.email import EMAIL_CLAIM, canonical_email
from domain.errors import Conflict, Invalid, NotFound, Unauthenticated
from domain.user import API_KEY_SCOPES, User, check_password_rules

API_KEY_PREFIX = "psk_"
_EMAIL_TAKEN = Conflict("email is already registered", {"email": "is already registered"})
API_KEY_RANDOM_BYTES = 32


def hash_api_key(api_key: str) -> str:
    """API keys carry 256 random bits, so a fast hash is enough; only the hash is stored."""
    return hashlib.sha256(api_key.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class IssuedApiKey:
    api_key: str
    prefix: str
    scopes: tuple[str, ...]
    expires_at: datetime | None
    created_at: datetime


class Accounts:
    """Command handlers for users. Every state change is an event appended to the store."""

    def __init__(
        self,
        app: PairsecApplication,
        hasher: Argon2idPasswordHasher,
        random_bytes: Callable[[int], bytes] = os.urandom,
    ) -> None:
        self._app = app
        self._hasher = hasher
        self._random_bytes = random_bytes

    def get(self, user_id: uuid.UUID) -> User:
        try:
            return self._app.repository.get(user_id)
        except AggregateNotFoundError:
            raise NotFound("user not found") from None

    def register(self, email: str, password: str, name: str) -> Written[User]:
        email = canonical_email(email)
        check_password_rules(password)
        user = User(email=email, name=name.strip(), password_hash=self._hasher.hash(password))
        claim = self._claim(email, user.id)
        return Written(user, self._save(user, claim))

    def authenticate(self, email: str, password: str) -> User:
        """The user with these credentials, or Unauthenticated (same answer, same time, either way)."""
        try:
            user_id = holder_of(self._app, EMAIL_CLAIM, canonical_email(email))
        except Invalid:
            user_id = None
        if user_id is None:
            self._hasher.burn(password)
            raise Unauthenticated("invalid email or password")
        user = self.get(user_id)
        if not self._hasher.verify(user.password_hash, password):
            raise Unauthenticated("invalid email or password")
        return user

    def update_profile(
        self,
        user_id: uuid.UUID,
        *,
        name: str | None = None,
        email: str | None = None,
        password: str | None = None,
        current_password: str | None = None,
    ) -> Written[User]:
        user = self.get(user_id)
        to_save: list[Aggregate] = [user]
        if password is not None:
            if current_password is None or not self._hasher.verify(user.password_hash, current_password):
                raise Invalid(
                    "current_password is wrong", {"current_password": "must be your current password"}
                )
            check_password_rules(password)
        changes: dict[str, str] = {}
        if name is not None and name.strip() != user.name:
            changes["name"] = name.strip()
        if email is not None:
            new_email = canonical_email(email)
            if new_email != user.email:
                to_save.append(self._claim(new_email, user.id))
                old_claim = release_claim(self._app, EMAIL_CLAIM, user.email)
                if old_claim is not None:
                    to_save.append(old_claim)
                changes["email"] = new_email
        if changes:
            user.change_profile(changes)
        if password is not None:
            user.change_password(self._hasher.hash(password))
        return Written(user, self._save(*to_save))

    def issue_api_key(
        self, user_id: uuid.UUID, scopes: list[str] | None = None, expires_in_days: int | None = None
    ) -> Written[IssuedApiKey]:
        user = self.get(user_id)
        chosen = tuple(s for s in API_KEY_SCOPES if s in set(scopes or API_KEY_SCOPES))
        if "read" not in chosen:
            raise Invalid("an API key needs the read scope", {"scopes": 'must include "read"'})
        token = base64.urlsafe_b64encode(self._random_bytes(API_KEY_RANDOM_BYTES)).rstrip(b"=").decode()
        api_key = API_KEY_PREFIX + token
        now = datetime.now(UTC)
        expires_at = now + timedelta(days=expires_in_days) if expires_in_days else None
        prefix = api_key[: len(API_KEY_PREFIX) + 8]
        user.issue_api_key(hash_api_key(api_key), prefix, list(chosen), expires_at)
        position = self._save(user)
        return Written(IssuedApiKey(api_key, prefix, chosen, expires_at, user.modified_on), position)

    def revoke_api_key(self, user_id: uuid.UUID) -> Written[None]:
        user = self.get(user_id)
        user.revoke_api_key()
        return Written(None, self._save(user))

    def _claim(self, email: str, user_id: uuid.UUID) -> UniqueClaim:
        return take_claim(self._app, EMAIL_CLAIM, email, user_id, _EMAIL_TAKEN)

    def _save(self, *aggregates: Aggregate) -> int | None:
        try:
            return last_position(self._app.save(*aggregates))
        except IntegrityError:
            # Another request changed one of these aggregates first (for a new account: took the
            # same email). Nothing of this command was written.
            if any(isinstance(a, UniqueClaim) for a in aggregates):
                raise _EMAIL_TAKEN from None
            raise Conflict("the account was changed by another request; try again") from None
