"""JWT access tokens: HS256, algorithm pinned, bound to the user's password version."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

import jwt

from domain.errors import Unauthenticated

ALGORITHM = "HS256"
ISSUER = "pairsec"


@dataclass(frozen=True)
class TokenClaims:
    user_id: uuid.UUID
    password_version: int


class JwtTokens:
    def __init__(self, secret: str, ttl_seconds: int = 3600) -> None:
        self._secret = secret
        self.ttl_seconds = ttl_seconds

    def issue(self, user_id: uuid.UUID, password_version: int) -> str:
        now = int(time.time())
        claims = {
            "sub": str(user_id),
            "iat": now,
            "exp": now + self.ttl_seconds,
            "iss": ISSUER,
            "pwv": password_version,
            "jti": uuid.uuid4().hex,
        }
        return jwt.encode(claims, self._secret, algorithm=ALGORITHM)

    def verify(self, token: str) -> TokenClaims:
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=[ALGORITHM],
                issuer=ISSUER,
                options={"require": ["sub", "iat", "exp", "iss", "pwv"]},
            )
        except jwt.ExpiredSignatureError:
            raise Unauthenticated("token has expired") from None
        except jwt.InvalidTokenError:
            raise Unauthenticated("token is invalid") from None
        try:
            return TokenClaims(uuid.UUID(str(claims["sub"])), int(claims["pwv"]))
        except (ValueError, TypeError):
            raise Unauthenticated("token is invalid") from None
