"""Bad input answers 4xx in the error envelope, names the field, and appends no event."""

from __future__ import annotations

import json

import falcon.testing
import pytest

from infra.bootstrap import Container
from tests.integration.conftest import Account, count_events, unique_email

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


PROJECTS = "/api/v1/projects"
# Rule settings that break a rule: 422 naming the field. Wrong JSON types stay 400, like every body.
RULE_SETTING_CASES = [
    ("absolute_rules_path", {"rules_path": "/etc/semgrep"}, 422, "rules_path"),
    ("dotdot_rules_path", {"rules_path": "rules/../../etc"}, 422, "rules_path"),
    ("dotdot_only_rules_path", {"rules_path": ".."}, 422, "rules_path"),
    ("backslash_rules_path", {"rules_path": "rules\\own"}, 422, "rules_path"),
    ("nul_rules_path", {"rules_path": "rules\x00.yaml"}, 400, "rules_path"),  # NUL: refused in any body
    ("blank_rules_path", {"rules_path": " "}, 422, "rules_path"),
    ("root_rules_path", {"rules_path": "./"}, 422, "rules_path"),
    ("overlong_rules_path", {"rules_path": "r/" * 128}, 422, "rules_path"),
    ("number_rules_path", {"rules_path": 7}, 400, "rules_path"),
    ("option_like_rule_id", {"disabled_rules": ["--config=/etc"]}, 422, "disabled_rules"),
    ("empty_rule_id", {"disabled_rules": ["python.flask.sqli-taint", ""]}, 422, "disabled_rules"),
    ("spaced_rule_id", {"disabled_rules": ["python flask"]}, 422, "disabled_rules"),
    ("overlong_rule_id", {"disabled_rules": ["r" * 201]}, 422, "disabled_rules"),
    ("too_many_rule_ids", {"disabled_rules": [f"acme.rule-{i}" for i in range(501)]}, 422, "disabled_rules"),
    ("string_not_list", {"disabled_rules": "python.flask.sqli-taint"}, 400, "disabled_rules"),
    ("number_in_list", {"disabled_rules": [5]}, 400, "disabled_rules.0"),
    ("null_list", {"disabled_rules": None}, 400, "disabled_rules"),
]


@pytest.mark.parametrize(
    ("name", "fields", "status", "field"), RULE_SETTING_CASES, ids=[c[0] for c in RULE_SETTING_CASES]
)
def test_bad_rule_settings_are_refused_on_create_and_update_naming_the_field_and_writing_nothing(
    client: falcon.testing.TestClient,
    container: Container,
    account: Account,
    name: str,
    fields: dict,
    status: int,
    field: str,
) -> None:
    created = client.simulate_post(PROJECTS, json={"name": f"rules {name}"}, headers=account.auth)
    assert created.status_code == 201, created.text
    project_id = created.json["data"]["id"]
    before = count_events(container)
    refused_create = client.simulate_post(
        PROJECTS, json={"name": f"other {name}", **fields}, headers=account.auth
    )
    refused_update = client.simulate_put(f"{PROJECTS}/{project_id}", json=fields, headers=account.auth)
    for refused in (refused_create, refused_update):
        assert refused.status_code == status, refused.text
        assert field in refused.json["details"], refused.json
        assert {"error", "status", "timestamp", "code"} <= set(refused.json)
    assert count_events(container) == before
    project = client.simulate_get(f"{PROJECTS}/{project_id}", headers=account.auth).json["data"]
    assert project["rules_path"] is None and project["disabled_rules"] == []
