"""Bad input answers 4xx in the error envelope, names the field, and appends no event."""

from __future__ import annotations

import json

import falcon.testing
import pytest

from infra.bootstrap import Container
from tests.integration.conftest import count_events, unique_email

REGISTER = "/api/v1/auth/register"
JSON = {"Content-Type": "application/json"}


def _post_raw(client: falcon.testing.TestClient, body: bytes, headers: dict[str, str] | None = None):
    return client.simulate_post(REGISTER, body=body, headers=headers or JSON)


CASES = [
    ("malformed_json", b'{"email": "a@b.co", "password": ', 400, "body"),
    ("not_an_object", b'["a@b.co"]', 400, "body"),
    ("wrong_type", json.dumps({"email": 42, "password": "long enough pw"}).encode(), 400, "email"),
    ("missing_field", json.dumps({"email": "x@example.com"}).encode(), 400, "password"),
    (
        "unknown_field",
        json.dumps({"email": "x@example.com", "password": "long enough pw", "admin": True}).encode(),
        400,
        "admin",
    ),
    (
        "overlong_email",
        json.dumps({"email": "a" * 300 + "@example.com", "password": "long enough pw"}).encode(),
        400,
        "email",
    ),
    (
        "overlong_name",
        json.dumps({"email": "n@example.com", "password": "long enough pw", "name": "n" * 201}).encode(),
        400,
        "name",
    ),
    (
        "not_an_email",
        json.dumps({"email": "not-an-address", "password": "long enough pw"}).encode(),
        422,
        "email",
    ),
    ("non_utf8", b'{"email": "\xff\xfe@example.com", "password": "long enough pw"}', 400, "body"),
    ("deeply_nested", b'{"email": ' + b"[" * 100000 + b"]" * 100000 + b"}", 400, "body"),
    ("empty", b"", 400, "body"),
]


@pytest.mark.parametrize(("name", "body", "status", "field"), CASES, ids=[c[0] for c in CASES])
def test_bad_register_body_is_refused_naming_the_field_and_writes_nothing(
    client: falcon.testing.TestClient, container: Container, name: str, body: bytes, status: int, field: str
) -> None:
    before = count_events(container)
    result = _post_raw(client, body)
    assert result.status_code == status, result.text
    assert field in result.json["details"]
    assert {"error", "status", "timestamp", "code"} <= set(result.json)
    assert count_events(container) == before


def test_ten_megabyte_body_is_413(client: falcon.testing.TestClient, container: Container) -> None:
    before = count_events(container)
    body = b'{"email": "' + b"a" * (10 * 1024 * 1024) + b'"}'
    result = _post_raw(client, body)
    assert result.status_code == 413 and result.json["code"] == "payload_too_large"
    assert count_events(container) == before


def test_wrong_content_type_is_415(client: falcon.testing.TestClient, container: Container) -> None:
    before = count_events(container)
    body = json.dumps({"email": unique_email(), "password": "long enough pw"}).encode()
    result = _post_raw(client, body, {"Content-Type": "text/plain"})
    assert result.status_code == 415 and "content_type" in result.json["details"]
    assert count_events(container) == before


def test_no_answer_ever_carries_a_secret(client: falcon.testing.TestClient, container: Container) -> None:
    email, password = unique_email(), "a very secret password"
    answers = [
        client.simulate_post(REGISTER, json={"email": email, "password": password}),
        client.simulate_post("/api/v1/auth/login", json={"email": email, "password": password}),
        client.simulate_post("/api/v1/auth/login", json={"email": email, "password": password + "x"}),
    ]
    token = answers[1].json["data"]["token"]
    answers.append(client.simulate_get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}))
    answers.append(client.simulate_get("/api/v1/users/profile", headers={"Authorization": f"Bearer {token}"}))
    for answer in answers:
        assert password not in answer.text
        assert "$argon2" not in answer.text
        assert container.tokens._secret not in answer.text
        assert "Traceback" not in answer.text
