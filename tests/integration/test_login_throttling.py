"""Failed logins are throttled per account, with Retry-After, without revealing whether it exists."""

from __future__ import annotations

import falcon.testing

from tests.integration.conftest import register_and_login, unique_email


def _fail(client: falcon.testing.TestClient, email: str, times: int, addr: str) -> list[int]:
    return [
        client.simulate_post(
            "/api/v1/auth/login", json={"email": email, "password": "wrong password"}, remote_addr=addr
        ).status_code
        for _ in range(times)
    ]


def test_sixth_failure_within_the_window_gets_429_with_retry_after(client: falcon.testing.TestClient) -> None:
    account = register_and_login(client)
    assert _fail(client, account.email, 5, "10.9.0.1") == [401] * 5
    blocked = client.simulate_post(
        "/api/v1/auth/login",
        json={"email": account.email, "password": account.password},
        remote_addr="10.9.0.2",
    )
    assert blocked.status_code == 429
    assert 1 <= int(blocked.headers["Retry-After"]) <= 900
    assert blocked.json["code"] == "rate_limited"


def test_unknown_email_is_throttled_exactly_like_a_real_one(client: falcon.testing.TestClient) -> None:
    real = register_and_login(client)
    ghost = unique_email("ghost")
    assert _fail(client, real.email, 6, "10.9.1.1") == _fail(client, ghost, 6, "10.9.1.2")


def test_one_client_failing_across_many_accounts_is_throttled(client: falcon.testing.TestClient) -> None:
    statuses = [_fail(client, unique_email("spray"), 1, "10.9.2.1")[0] for _ in range(51)]
    assert statuses[:50] == [401] * 50 and statuses[50] == 429


def test_successful_login_resets_the_account_count(client: falcon.testing.TestClient) -> None:
    account = register_and_login(client)
    _fail(client, account.email, 4, "10.9.3.1")
    ok = client.simulate_post(
        "/api/v1/auth/login", json={"email": account.email, "password": account.password}
    )
    assert ok.status_code == 200
    assert _fail(client, account.email, 4, "10.9.3.1") == [401] * 4
