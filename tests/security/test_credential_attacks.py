"""Forged, stale and revoked credentials: every authenticated operation of the document answers 401 with
WWW-Authenticate and no data, whatever the attacker does to a JWT or an API key."""

from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import Callable

import jwt
import pytest

from api.openapi import build_document
from tests.security.client import Account, Api, World
from tests.security.operations import Operation, operations, owner_ids, request_body

PROTECTED = [op for op in operations(build_document()) if not op.public]


def _b64(part: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(part).encode()).rstrip(b"=").decode()


def _claims(user_id: str, **changes: object) -> dict[str, object]:
    now = int(time.time())
    return {"sub": user_id, "iat": now, "exp": now + 600, "iss": "pairsec", "pwv": 1, **changes}


def _tampered(token: str, user_id: str) -> str:
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return ".".join((header, _b64({**claims, "sub": user_id}), signature))


Forger = Callable[[World, str], dict[str, str]]

FORGERIES: dict[str, Forger] = {
    "jwt alg none": lambda w, s: _bearer(
        _b64({"alg": "none", "typ": "JWT"}) + "." + _b64(_claims(w.alice.account.user_id)) + "."
    ),
    "jwt signed with a wrong key": lambda w, s: _bearer(
        jwt.encode(_claims(w.alice.account.user_id), "not-the-server-key-" + "y" * 40, algorithm="HS256")
    ),
    "jwt with another algorithm": lambda w, s: _bearer(
        jwt.encode(_claims(w.alice.account.user_id), s, algorithm="HS512")
    ),
    "expired jwt": lambda w, s: _bearer(
        jwt.encode(
            _claims(w.alice.account.user_id, iat=int(time.time()) - 7200, exp=int(time.time()) - 3600),
            s,
            algorithm="HS256",
        )
    ),
    "jwt with a tampered payload": lambda w, s: _bearer(
        _tampered(w.bob.account.token, w.alice.account.user_id)
    ),
    "jwt of a user that does not exist (deleted)": lambda w, s: _bearer(
        jwt.encode(_claims(str(uuid.uuid4())), s, algorithm="HS256")
    ),
    "jwt without an issuer": lambda w, s: _bearer(
        jwt.encode({k: v for k, v in _claims(w.alice.account.user_id).items() if k != "iss"}, s, "HS256")
    ),
    "truncated jwt": lambda w, s: _bearer(w.alice.account.token[:-5]),
    "basic scheme": lambda w, s: {"Authorization": "Basic " + base64.b64encode(b"alice:pw").decode()},
    "made-up api key": lambda w, s: {"X-API-Key": "psk_" + "A" * 40},
    "api key without its prefix": lambda w, s: {"X-API-Key": w.alice.account.api_key.removeprefix("psk_")},
    "no credentials": lambda w, s: {},
}


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _assert_refused(answer, what: str) -> None:  # type: ignore[no-untyped-def]
    assert answer.status_code == 401, f"{what}: {answer.status_code} {answer.text}"
    assert "WWW-Authenticate" in answer.headers
    body = answer.json()
    assert "data" not in body and body["code"] == "unauthenticated"


@pytest.mark.parametrize("operation", PROTECTED, ids=lambda op: op.name)
def test_every_protected_operation_refuses_forged_credentials(
    api: Api, world: World, operation: Operation
) -> None:
    ids = owner_ids(api, world.alice, operation)
    path = operation.fill(ids)
    for name, forge in FORGERIES.items():
        answer = api.call(
            operation.method, path, headers=forge(world, api.server.jwt_secret), **_body(operation, ids)
        )
        _assert_refused(answer, f"{operation.name} with {name}")


def _body(operation: Operation, ids: dict[str, str]) -> dict[str, object]:
    kwargs = request_body(operation, ids)
    kwargs.pop("headers", None)  # an archive upload's content type would replace the forged credentials
    return kwargs


def test_the_genuine_credentials_of_the_forgeries_work(api: Api, world: World) -> None:
    """The control: the same requests with the real token and key succeed, so the 401s mean refusal."""
    for via in ("jwt", "api_key"):
        assert api.call("GET", "/auth/me", world.alice.account, via).status_code == 200
    token = jwt.encode(_claims(world.alice.account.user_id), api.server.jwt_secret, algorithm="HS256")
    assert api.call("GET", "/auth/me", headers=_bearer(token)).status_code == 200


def test_token_issued_before_a_password_change_is_refused(api: Api, fresh_account: Account) -> None:
    old_token = fresh_account.token
    new_password = "changed-" + uuid.uuid4().hex
    api.ledger.remember(new_password)
    changed = api.call(
        "PUT", "/users/profile", fresh_account,
        json={"password": new_password, "current_password": fresh_account.password},
    )  # fmt: skip
    assert changed.status_code == 200, changed.text
    _assert_refused(api.call("GET", "/auth/me", headers=_bearer(old_token)), "pre-change token")
    _assert_refused(api.call("GET", "/projects", headers=_bearer(old_token)), "pre-change token")
    assert api.call("GET", "/auth/me", headers=_bearer(api.login(fresh_account.email, new_password))).ok


def test_revoked_api_key_fails_on_the_very_next_request(api: Api, fresh_account: Account) -> None:
    assert api.call("GET", "/projects", fresh_account, "api_key").status_code == 200
    revoked = api.call("DELETE", "/users/api-key", fresh_account, "api_key")
    assert revoked.status_code == 200, revoked.text
    for path in ("/auth/me", "/projects", "/scans"):
        _assert_refused(api.call("GET", path, fresh_account, "api_key"), f"revoked key on {path}")


def test_replaced_api_key_stops_working(api: Api, fresh_account: Account) -> None:
    replacement = api.call("POST", "/users/api-key", fresh_account)
    assert replacement.status_code == 201
    new_key = replacement.json()["data"]["api_key"]
    api.ledger.remember(new_key)
    _assert_refused(api.call("GET", "/auth/me", fresh_account, "api_key"), "replaced key")
    assert api.call("GET", "/auth/me", headers={"X-API-Key": new_key}).status_code == 200


def test_read_only_api_key_cannot_write(api: Api, fresh_account: Account) -> None:
    issued = api.call("POST", "/users/api-key", fresh_account, json={"scopes": ["read"]})
    assert issued.status_code == 201
    key = issued.json()["data"]["api_key"]
    api.ledger.remember(key)
    assert api.call("GET", "/projects", headers={"X-API-Key": key}).status_code == 200
    write = api.call("POST", "/projects", headers={"X-API-Key": key}, json={"name": "read-only attempt"})
    assert write.status_code == 403, write.text
    listed = api.call("GET", "/projects", headers={"X-API-Key": key}, params={"q": "read-only attempt"})
    assert listed.json()["data"]["items"] == []
