"""Who is calling: a JWT (Authorization: Bearer) or an API key (X-API-Key), checked on every request."""

from __future__ import annotations

import hmac
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

import falcon

from api.tokens import JwtTokens
from commands.accounts import API_KEY_PREFIX, hash_api_key
from domain.errors import Forbidden, Unauthenticated

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class UserDirectory(Protocol):
    def get(self, user_id: uuid.UUID) -> dict[str, Any] | None: ...

    def get_by_api_key_hash(self, key_hash: str) -> dict[str, Any] | None: ...


@dataclass(frozen=True)
class Principal:
    user_id: uuid.UUID
    user: dict[str, Any]
    scopes: frozenset[str]
    via: str  # "jwt" or "api_key"
    key_prefix: str | None = None

    @property
    def actor(self) -> str:
        """Who did it, as recorded on events and in the audit history."""
        if self.via == "api_key":
            return f"api_key:{self.key_prefix}"
        return f"user:{self.user_id}"


class AuthMiddleware:
    def __init__(self, tokens: JwtTokens, users: UserDirectory) -> None:
        self._tokens = tokens
        self._users = users

    def process_resource(
        self, req: falcon.Request, resp: falcon.Response, resource: object, params: dict
    ) -> None:
        if resource is None or getattr(resource, "public", False) or req.method == "OPTIONS":
            return
        if not hasattr(resource, "on_" + req.method.lower()):
            return  # falcon answers 405; nothing to authorise
        principal = self.authenticate(req)
        if req.method not in SAFE_METHODS and "write" not in principal.scopes:
            raise Forbidden("this API key is read-only", {"scopes": "the write scope is required"})
        req.context.principal = principal

    def authenticate(self, req: falcon.Request) -> Principal:
        authorization = req.get_header("Authorization")
        api_key = req.get_header("X-API-Key")
        if authorization:
            scheme, _, token = authorization.partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                raise Unauthenticated("Authorization header must be 'Bearer <token>'")
            return self._from_jwt(token.strip())
        if api_key:
            return self._from_api_key(api_key.strip())
        raise Unauthenticated("authentication required: send a Bearer token or an X-API-Key")

    def _from_jwt(self, token: str) -> Principal:
        claims = self._tokens.verify(token)
        user = self._users.get(claims.user_id)
        if user is None:
            raise Unauthenticated("token is invalid")
        if user["password_version"] != claims.password_version:
            raise Unauthenticated("token was issued before the password changed; log in again")
        return Principal(claims.user_id, user, frozenset({"read", "write"}), "jwt")

    def _from_api_key(self, api_key: str) -> Principal:
        if not api_key.startswith(API_KEY_PREFIX) or len(api_key) > 200:
            raise Unauthenticated("API key is invalid")
        key_hash = hash_api_key(api_key)
        user = self._users.get_by_api_key_hash(key_hash)
        if user is None or not hmac.compare_digest(user["api_key_hash"] or "", key_hash):
            raise Unauthenticated("API key is invalid or revoked")
        expires_at = user["api_key_expires_at"]
        if expires_at is not None and expires_at <= datetime.now(UTC):
            raise Unauthenticated("API key has expired")
        return Principal(
            user["id"], user, frozenset(user["api_key_scopes"]), "api_key", user["api_key_prefix"]
        )
