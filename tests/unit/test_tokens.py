"""JWTs: HS256 only, signature, expiry and claims all checked."""

from __future__ import annotations

import base64
import json
import time
import uuid

import jwt
import pytest

from api.tokens import JwtTokens
from domain.errors import Unauthenticated

SECRET = "s" * 48


def test_issued_token_verifies_to_its_user_and_password_version() -> None:
    tokens = JwtTokens(SECRET)
    user_id = uuid.uuid4()
    claims = tokens.verify(tokens.issue(user_id, 3))
    assert claims.user_id == user_id and claims.password_version == 3


def test_alg_none_is_rejected() -> None:
    header = base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').rstrip(b"=")
    payload = base64.urlsafe_b64encode(
        json.dumps(
            {
                "sub": str(uuid.uuid4()),
                "iat": int(time.time()),
                "exp": int(time.time()) + 60,
                "iss": "pairsec",
                "pwv": 1,
            }
        ).encode()
    ).rstrip(b"=")
    with pytest.raises(Unauthenticated):
        JwtTokens(SECRET).verify((header + b"." + payload + b".").decode())


def test_token_signed_with_another_key_is_rejected() -> None:
    forged = JwtTokens("k" * 48).issue(uuid.uuid4(), 1)
    with pytest.raises(Unauthenticated, match="invalid"):
        JwtTokens(SECRET).verify(forged)


def test_expired_token_is_rejected() -> None:
    now = int(time.time())
    expired = jwt.encode(
        {"sub": str(uuid.uuid4()), "iat": now - 7200, "exp": now - 3600, "iss": "pairsec", "pwv": 1},
        SECRET,
        algorithm="HS256",
    )
    with pytest.raises(Unauthenticated, match="expired"):
        JwtTokens(SECRET).verify(expired)


def test_tampered_payload_is_rejected() -> None:
    token = JwtTokens(SECRET).issue(uuid.uuid4(), 1)
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["sub"] = str(uuid.uuid4())
    forged_payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    with pytest.raises(Unauthenticated):
        JwtTokens(SECRET).verify(f"{header}.{forged_payload}.{signature}")


def test_hs512_token_with_the_right_key_is_still_rejected() -> None:
    now = int(time.time())
    other_alg = jwt.encode(
        {"sub": str(uuid.uuid4()), "iat": now, "exp": now + 60, "iss": "pairsec", "pwv": 1},
        SECRET,
        algorithm="HS512",
    )
    with pytest.raises(Unauthenticated):
        JwtTokens(SECRET).verify(other_alg)
