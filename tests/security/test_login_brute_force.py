"""Password guessing against the served API: after 5 failures for one email the next attempts answer 429
with Retry-After, the right password included, and an unknown email is throttled the same way."""

from __future__ import annotations

import uuid

from tests.security.client import Account, Api

LIMIT = 5  # PAIRSEC_LOGIN_MAX_FAILURES, the default


def _guess(api: Api, email: str, password: str) -> int:
    return api.call("POST", "/auth/login", json={"email": email, "password": password}).status_code


def test_repeated_wrong_passwords_are_throttled_with_429(api: Api, fresh_account: Account) -> None:
    statuses = [_guess(api, fresh_account.email, f"guess-{n}") for n in range(LIMIT)]
    assert statuses == [401] * LIMIT
    throttled = api.call("POST", "/auth/login", json={"email": fresh_account.email, "password": "guess-x"})
    assert throttled.status_code == 429, throttled.text
    assert int(throttled.headers["Retry-After"]) > 0
    assert throttled.json()["code"] == "rate_limited"
    # The right password does not get through while the account is throttled.
    right = api.call(
        "POST", "/auth/login", json={"email": fresh_account.email, "password": fresh_account.password}
    )
    assert right.status_code == 429
    assert "token" not in right.text


def test_unknown_email_is_throttled_the_same_way(api: Api) -> None:
    email = f"nobody-{uuid.uuid4().hex[:8]}@example.com"
    statuses = [_guess(api, email, f"guess-{n}") for n in range(LIMIT + 1)]
    assert statuses == [401] * LIMIT + [429]


def test_email_case_and_spaces_do_not_reset_the_count(api: Api, fresh_account: Account) -> None:
    spellings = [fresh_account.email, fresh_account.email.upper(), f"  {fresh_account.email}  "]
    statuses = [_guess(api, spellings[n % len(spellings)], f"guess-{n}") for n in range(LIMIT + 1)]
    assert statuses[-1] == 429, statuses
