"""Authentication resources: register, log in, and who am I."""

from __future__ import annotations

from typing import Protocol

import falcon

from api import schemas
from api.consistency import ReadYourWrites
from api.envelope import ok
from api.representations import user_from_aggregate, user_from_row
from api.request_body import read_json
from api.tokens import JwtTokens
from commands.accounts import Accounts
from domain.errors import Unauthenticated


class LoginThrottle(Protocol):
    """Counts failed logins per account and per client, shared by every API process."""

    def check(self, email: str, client: str) -> None:
        """Raise Throttled when either has failed too often lately."""

    def record_failure(self, email: str, client: str) -> None: ...

    def record_success(self, email: str) -> None: ...


class RegisterResource:
    public = True

    def __init__(self, accounts: Accounts, consistency: ReadYourWrites, max_json_bytes: int) -> None:
        self._accounts = accounts
        self._consistency = consistency
        self._max = max_json_bytes

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        body = read_json(req, schemas.REGISTER, self._max)
        name = body.get("name") or body["email"].split("@")[0]
        written = self._accounts.register(body["email"], body["password"], name)
        self._consistency.wait(written.position)
        ok(resp, user_from_aggregate(written.value), "User registered", 201)


class LoginResource:
    public = True

    def __init__(
        self, accounts: Accounts, tokens: JwtTokens, throttle: LoginThrottle, max_json_bytes: int
    ) -> None:
        self._accounts = accounts
        self._tokens = tokens
        self._throttle = throttle
        self._max = max_json_bytes

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        body = read_json(req, schemas.LOGIN, self._max)
        email = body["email"].strip().lower()
        client = req.remote_addr or "unknown"
        self._throttle.check(email, client)
        try:
            user = self._accounts.authenticate(email, body["password"])
        except Unauthenticated:
            self._throttle.record_failure(email, client)
            raise
        self._throttle.record_success(email)
        token = self._tokens.issue(user.id, user.password_version)
        data = {
            "token": token,
            "token_type": "Bearer",
            "expires_in": self._tokens.ttl_seconds,
            "user": user_from_aggregate(user),
        }
        ok(resp, data, "Login successful")


class MeResource:
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        ok(resp, user_from_row(req.context.principal.user), "Current user")
