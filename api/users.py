"""User management resources: the profile and the API key."""

from __future__ import annotations

import falcon

from api import schemas
from api.consistency import ReadYourWrites
from api.envelope import iso, ok
from api.representations import user_from_aggregate, user_from_row
from api.request_body import read_json
from commands.accounts import Accounts


class ProfileResource:
    def __init__(self, accounts: Accounts, consistency: ReadYourWrites, max_json_bytes: int) -> None:
        self._accounts = accounts
        self._consistency = consistency
        self._max = max_json_bytes

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        ok(resp, user_from_row(req.context.principal.user), "User profile")

    def on_put(self, req: falcon.Request, resp: falcon.Response) -> None:
        body = read_json(req, schemas.PROFILE_UPDATE, self._max)
        written = self._accounts.update_profile(
            req.context.principal.user_id,
            name=body.get("name"),
            email=body.get("email"),
            password=body.get("password"),
            current_password=body.get("current_password"),
        )
        self._consistency.wait(written.position)
        ok(resp, user_from_aggregate(written.value), "Profile updated")


class ApiKeyResource:
    def __init__(self, accounts: Accounts, consistency: ReadYourWrites, max_json_bytes: int) -> None:
        self._accounts = accounts
        self._consistency = consistency
        self._max = max_json_bytes

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        body = read_json(req, schemas.API_KEY_CREATE, self._max, optional=True)
        written = self._accounts.issue_api_key(
            req.context.principal.user_id, body.get("scopes"), body.get("expires_in_days")
        )
        self._consistency.wait(written.position)
        issued = written.value
        data = {
            "api_key": issued.api_key,
            "prefix": issued.prefix,
            "scopes": list(issued.scopes),
            "created_at": iso(issued.created_at),
            "expires_at": iso(issued.expires_at),
        }
        ok(resp, data, "API key created; it is shown only once", 201)

    def on_delete(self, req: falcon.Request, resp: falcon.Response) -> None:
        prefix = req.context.principal.user.get("api_key_prefix")
        written = self._accounts.revoke_api_key(req.context.principal.user_id)
        self._consistency.wait(written.position)
        ok(resp, {"revoked": True, "prefix": prefix}, "API key revoked")
