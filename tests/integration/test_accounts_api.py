"""Accounts over HTTP on real PostgreSQL: register, login, me, profile, API keys."""

from __future__ import annotations

import re

import falcon.testing

from tests.integration.conftest import Account, register_and_login, unique_email

ISO_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def test_register_answers_201_with_the_user_in_the_envelope(client: falcon.testing.TestClient) -> None:
    email = unique_email()
    result = client.simulate_post(
        "/api/v1/auth/register", json={"email": email, "password": "long enough pw", "name": "Ada"}
    )
    assert result.status_code == 201
    body = result.json
    assert set(body) == {"data", "message", "status", "timestamp"}
    assert body["status"] == 201 and ISO_MS.match(body["timestamp"])
    assert body["data"]["email"] == email and body["data"]["name"] == "Ada"
    assert "password" not in result.text and "argon2" not in result.text


def test_duplicate_email_is_409_whatever_its_case(client: falcon.testing.TestClient) -> None:
    email = unique_email()
    first = client.simulate_post("/api/v1/auth/register", json={"email": email, "password": "long enough pw"})
    assert first.status_code == 201
    again = client.simulate_post(
        "/api/v1/auth/register", json={"email": email.upper(), "password": "another password"}
    )
    assert again.status_code == 409
    assert again.json["code"] == "conflict"


def test_short_password_is_refused_with_the_field_named(client: falcon.testing.TestClient) -> None:
    result = client.simulate_post(
        "/api/v1/auth/register", json={"email": unique_email(), "password": "short"}
    )
    assert result.status_code == 422
    assert "password" in result.json["details"]


def test_login_returns_a_bearer_token_and_the_user(client: falcon.testing.TestClient) -> None:
    account = register_and_login(client)
    login = client.simulate_post(
        "/api/v1/auth/login", json={"email": account.email, "password": account.password}
    )
    data = login.json["data"]
    assert data["token_type"] == "Bearer" and data["expires_in"] == 3600
    assert data["user"]["email"] == account.email


def test_wrong_password_and_unknown_email_get_the_same_401(client: falcon.testing.TestClient) -> None:
    account = register_and_login(client)
    wrong = client.simulate_post("/api/v1/auth/login", json={"email": account.email, "password": "nope nope"})
    unknown = client.simulate_post(
        "/api/v1/auth/login", json={"email": unique_email("ghost"), "password": "nope nope"}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json["error"] == unknown.json["error"]
    assert "WWW-Authenticate" in wrong.headers


def test_me_returns_the_current_user(client: falcon.testing.TestClient, account: Account) -> None:
    result = client.simulate_get("/api/v1/auth/me", headers=account.auth)
    assert result.status_code == 200
    assert result.json["data"]["id"] == account.user_id


def test_me_without_credentials_is_401_with_www_authenticate(client: falcon.testing.TestClient) -> None:
    result = client.simulate_get("/api/v1/auth/me")
    assert result.status_code == 401
    assert result.headers["WWW-Authenticate"].startswith("Bearer")
    assert result.json["code"] == "unauthenticated"


def test_profile_update_changes_name_and_is_seen_at_once(
    client: falcon.testing.TestClient, account: Account
) -> None:
    put = client.simulate_put("/api/v1/users/profile", json={"name": "Grace"}, headers=account.auth)
    assert put.status_code == 200 and put.json["data"]["name"] == "Grace"
    got = client.simulate_get("/api/v1/users/profile", headers=account.auth)
    assert got.json["data"]["name"] == "Grace"


def test_email_change_moves_login_and_frees_the_old_address(
    client: falcon.testing.TestClient, account: Account
) -> None:
    new_email = unique_email("moved")
    put = client.simulate_put("/api/v1/users/profile", json={"email": new_email}, headers=account.auth)
    assert put.status_code == 200 and put.json["data"]["email"] == new_email
    old_login = client.simulate_post(
        "/api/v1/auth/login", json={"email": account.email, "password": account.password}
    )
    assert old_login.status_code == 401
    new_login = client.simulate_post(
        "/api/v1/auth/login", json={"email": new_email, "password": account.password}
    )
    assert new_login.status_code == 200
    reuse = client.simulate_post(
        "/api/v1/auth/register", json={"email": account.email, "password": "long enough pw"}
    )
    assert reuse.status_code == 201


def test_email_change_to_a_taken_address_is_409(client: falcon.testing.TestClient, account: Account) -> None:
    other = register_and_login(client, "other")
    put = client.simulate_put("/api/v1/users/profile", json={"email": other.email}, headers=account.auth)
    assert put.status_code == 409


def test_password_change_needs_the_current_password(
    client: falcon.testing.TestClient, account: Account
) -> None:
    put = client.simulate_put(
        "/api/v1/users/profile",
        json={"password": "brand new password", "current_password": "wrong one"},
        headers=account.auth,
    )
    assert put.status_code == 422
    assert "current_password" in put.json["details"]


def test_token_issued_before_a_password_change_is_rejected(
    client: falcon.testing.TestClient, account: Account
) -> None:
    put = client.simulate_put(
        "/api/v1/users/profile",
        json={"password": "brand new password", "current_password": account.password},
        headers=account.auth,
    )
    assert put.status_code == 200
    assert client.simulate_get("/api/v1/auth/me", headers=account.auth).status_code == 401
    login = client.simulate_post(
        "/api/v1/auth/login", json={"email": account.email, "password": "brand new password"}
    )
    fresh = {"Authorization": "Bearer " + login.json["data"]["token"]}
    assert client.simulate_get("/api/v1/auth/me", headers=fresh).status_code == 200


def test_api_key_is_shown_once_and_authenticates(client: falcon.testing.TestClient, account: Account) -> None:
    created = client.simulate_post("/api/v1/users/api-key", headers=account.auth)
    assert created.status_code == 201
    data = created.json["data"]
    assert data["api_key"].startswith("psk_") and len(data["api_key"]) >= 4 + 43
    assert data["api_key"].startswith(data["prefix"]) and data["scopes"] == ["read", "write"]
    me = client.simulate_get("/api/v1/auth/me", headers={"X-API-Key": data["api_key"]})
    assert me.status_code == 200 and me.json["data"]["id"] == account.user_id
    profile = client.simulate_get("/api/v1/users/profile", headers=account.auth)
    assert data["api_key"] not in profile.text and profile.json["data"]["api_key"]["prefix"] == data["prefix"]


def test_revoked_api_key_is_rejected_on_next_request(
    client: falcon.testing.TestClient, account: Account
) -> None:
    key = client.simulate_post("/api/v1/users/api-key", headers=account.auth).json["data"]["api_key"]
    revoked = client.simulate_delete("/api/v1/users/api-key", headers={"X-API-Key": key})
    assert revoked.status_code == 200 and revoked.json["data"]["revoked"] is True
    assert client.simulate_get("/api/v1/auth/me", headers={"X-API-Key": key}).status_code == 401


def test_new_api_key_replaces_the_old_one(client: falcon.testing.TestClient, account: Account) -> None:
    first = client.simulate_post("/api/v1/users/api-key", headers=account.auth).json["data"]["api_key"]
    second = client.simulate_post("/api/v1/users/api-key", headers=account.auth).json["data"]["api_key"]
    assert client.simulate_get("/api/v1/auth/me", headers={"X-API-Key": first}).status_code == 401
    assert client.simulate_get("/api/v1/auth/me", headers={"X-API-Key": second}).status_code == 200


def test_revoking_without_a_key_is_404(client: falcon.testing.TestClient, account: Account) -> None:
    assert client.simulate_delete("/api/v1/users/api-key", headers=account.auth).status_code == 404


def test_read_only_api_key_gets_403_on_every_write(
    client: falcon.testing.TestClient, account: Account
) -> None:
    created = client.simulate_post("/api/v1/users/api-key", json={"scopes": ["read"]}, headers=account.auth)
    key = {"X-API-Key": created.json["data"]["api_key"]}
    assert client.simulate_get("/api/v1/users/profile", headers=key).status_code == 200
    put = client.simulate_put("/api/v1/users/profile", json={"name": "x"}, headers=key)
    assert put.status_code == 403 and put.json["code"] == "forbidden"
    assert client.simulate_delete("/api/v1/users/api-key", headers=key).status_code == 403
    assert client.simulate_post("/api/v1/users/api-key", headers=key).status_code == 403


def test_expired_api_key_is_rejected(
    client: falcon.testing.TestClient, container: object, account: Account
) -> None:
    import uuid
    from datetime import UTC, datetime, timedelta

    from commands.accounts import hash_api_key

    user = container.accounts.get(uuid.UUID(account.user_id))
    key = "psk_" + "E" * 43
    user.issue_api_key(hash_api_key(key), key[:12], ["read", "write"], datetime.now(UTC) - timedelta(days=1))
    recordings = container.app.save(user)
    container.users.wait(container.app.name, recordings[-1].notification.id, timeout=10)
    result = client.simulate_get("/api/v1/auth/me", headers={"X-API-Key": key})
    assert result.status_code == 401 and "expired" in result.json["error"]


def test_unknown_route_and_wrong_method_answer_in_the_envelope(client: falcon.testing.TestClient) -> None:
    missing = client.simulate_get("/api/v1/no-such-thing")
    assert missing.status_code == 404 and missing.json["code"] == "not_found" and "timestamp" in missing.json
    wrong = client.simulate_patch("/api/v1/auth/me")
    assert wrong.status_code == 405 and wrong.json["status"] == 405
    assert "GET" in wrong.headers["Allow"]
