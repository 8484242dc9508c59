"""Hostile input on every operation of the document: huge and deeply nested bodies, wrong content types,
non-UTF-8, and SQL metacharacters in every filter and text field. Each is a clear 4xx (never a 5xx),
matches literally, leaks nothing of another user and writes nothing."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from api.openapi import build_document
from tests.security.client import Account, Api, World
from tests.security.operations import Operation, minimal_body, operations, owner_ids

OPERATIONS = operations(build_document())
JSON_BODY_OPERATIONS = [op for op in OPERATIONS if op.json_body_schema is not None]
# Public operations (register, login) take bodies too: they are attacked without credentials.
SQL_PAYLOADS = (
    "' OR '1'='1",
    "1; DROP TABLE projects; --",
    "') OR 1=1 --",
    '" OR ""="',
    "%",
    "_",
    "\\",
    "$$; SELECT pg_sleep(5); $$",
    "\x00",
    "' UNION SELECT id, email, name FROM users --",
)


def _write_counts(api: Api, world: World) -> dict[str, int]:
    counts = {}
    for path in ("/projects", "/scans"):
        answer = api.call("GET", path, world.alice.account, params={"per_page": 1})
        assert answer.status_code == 200, f"GET {path}: {answer.status_code} {answer.text}"
        counts[path] = answer.json()["data"]["pagination"]["total"]
    return counts


@pytest.fixture
def nothing_written(api: Api, world: World) -> Iterator[None]:
    before = _write_counts(api, world)
    yield
    assert _write_counts(api, world) == before


def _send(api: Api, world: World, op: Operation, **kwargs: Any) -> Any:
    ids = owner_ids(api, world.alice, op)
    account = None if op.public else world.alice.account
    return api.call(op.method, op.fill(ids), account, **kwargs)


@pytest.mark.parametrize("operation", JSON_BODY_OPERATIONS, ids=lambda op: op.name)
def test_ten_megabyte_body_is_413(
    api: Api, world: World, operation: Operation, nothing_written: None
) -> None:
    body = b'{"name": "' + b"a" * (10 * 1024 * 1024) + b'"}'
    answer = _send(api, world, operation, data=body, headers={"Content-Type": "application/json"})
    assert answer.status_code == 413, answer.text
    assert answer.json()["code"] == "payload_too_large"


@pytest.mark.parametrize("operation", JSON_BODY_OPERATIONS, ids=lambda op: op.name)
def test_ten_megabyte_body_without_a_length_is_411(
    api: Api, world: World, operation: Operation, nothing_written: None
) -> None:
    def chunks() -> Iterator[bytes]:  # chunked transfer: no Content-Length to refuse up front
        yield b'{"name": "'
        for _ in range(10):
            yield b"a" * (1024 * 1024)
        yield b'"}'

    answer = _send(api, world, operation, data=chunks(), headers={"Content-Type": "application/json"})
    # Refused before it is read: a JSON body must come with its length.
    assert answer.status_code == 411, answer.text
    assert answer.json()["code"] == "length_required"


@pytest.mark.parametrize("operation", JSON_BODY_OPERATIONS, ids=lambda op: op.name)
def test_deeply_nested_body_is_400(
    api: Api, world: World, operation: Operation, nothing_written: None
) -> None:
    body = b'{"name": ' + b"[" * 50000 + b"]" * 50000 + b"}"
    answer = _send(api, world, operation, data=body, headers={"Content-Type": "application/json"})
    assert answer.status_code == 400, answer.text
    assert "body" in answer.json()["details"]


@pytest.mark.parametrize("operation", JSON_BODY_OPERATIONS, ids=lambda op: op.name)
@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                     "application/xml", "application/json-patch+json"],
)  # fmt: skip
def test_wrong_content_type_is_415(
    api: Api, world: World, operation: Operation, content_type: str, nothing_written: None
) -> None:
    ids = owner_ids(api, world.alice, operation)
    body = minimal_body(operation.json_body_schema, ids)
    answer = _send(api, world, operation, data=json.dumps(body), headers={"Content-Type": content_type})
    assert answer.status_code == 415, answer.text
    assert "content_type" in answer.json()["details"]


@pytest.mark.parametrize("operation", JSON_BODY_OPERATIONS, ids=lambda op: op.name)
def test_non_utf8_body_is_400(api: Api, world: World, operation: Operation, nothing_written: None) -> None:
    body = b'{"name": "caf\xe9 \xff\xfe"}'
    answer = _send(api, world, operation, data=body, headers={"Content-Type": "application/json"})
    assert answer.status_code == 400, answer.text
    assert "body" in answer.json()["details"]


def _uuid_fields(schema: dict[str, Any]) -> list[str]:
    return [name for name, spec in schema.get("properties", {}).items() if spec.get("format") == "uuid"]


UUID_FIELD_CASES = [(op, name) for op in JSON_BODY_OPERATIONS for name in _uuid_fields(op.json_body_schema)]


@pytest.mark.parametrize(("operation", "field"), UUID_FIELD_CASES, ids=lambda v: getattr(v, "name", v))
def test_a_malformed_id_in_a_body_is_400_naming_the_field(
    api: Api, world: World, operation: Operation, field: str, nothing_written: None
) -> None:
    ids = owner_ids(api, world.alice, operation)
    body = minimal_body(operation.json_body_schema, ids)
    body[field] = "g751ddb3-35a9-4d7d-93f5-f8d71267c741"
    answer = api.call(operation.method, operation.fill(ids), world.alice.account, json=body)
    assert answer.status_code == 400, f"{operation.name} {field}: {answer.status_code} {answer.text}"
    assert field in answer.json()["details"], answer.text


STRING_QUERY_CASES = [
    (op, param["name"])
    for op in OPERATIONS
    for param in op.query_params
    if param.get("schema", {}).get("type") in ("string", "array")
]
SINGLE_QUERY_CASES = [
    (op, param["name"])
    for op in OPERATIONS
    for param in op.query_params
    if param.get("schema", {}).get("type") != "array"
]


@pytest.mark.parametrize(("operation", "param"), SINGLE_QUERY_CASES, ids=lambda v: getattr(v, "name", v))
def test_a_single_valued_parameter_given_twice_is_400_naming_it(
    api: Api, world: World, operation: Operation, param: str
) -> None:
    ids = owner_ids(api, world.bob, operation)
    account = None if operation.public else world.bob.account
    answer = api.call(operation.method, operation.fill(ids), account, params=[(param, "1"), (param, "")])
    assert answer.status_code == 400, f"{operation.name}?{param}=1&{param}=: {answer.text}"
    assert param in answer.json()["details"], answer.text


@pytest.mark.parametrize(("operation", "param"), STRING_QUERY_CASES, ids=lambda v: getattr(v, "name", v))
def test_sql_metacharacters_in_every_filter_are_a_4xx_or_a_literal_match(
    api: Api, world: World, operation: Operation, param: str
) -> None:
    ids = owner_ids(api, world.bob, operation)
    for payload in SQL_PAYLOADS:
        answer = api.call(operation.method, operation.fill(ids), world.bob.account, params={param: payload})
        assert answer.status_code < 500, f"{operation.name}?{param}={payload!r}: {answer.text}"
        leaked = sorted(m for m in world.alice.markers() if m in answer.text)
        assert not leaked, f"{operation.name}?{param}={payload!r} shows Alice's {leaked}"
        if answer.status_code == 200 and answer.headers.get("Content-Type", "").startswith(
            "application/json"
        ):
            items = answer.json()["data"].get("items") if isinstance(answer.json()["data"], dict) else None
            # No stored value of Bob's contains these, so a literal match finds nothing.
            if items is not None and payload not in ("%", "_", "\\"):
                assert items == [], f"{operation.name}?{param}={payload!r} matched {items[:1]}"


def _string_fields(schema: dict[str, Any]) -> list[str]:
    properties = schema.get("properties", {})
    return [
        name
        for name, spec in properties.items()
        if "string" in (spec.get("type") if isinstance(spec.get("type"), list) else [spec.get("type")])
        and "enum" not in spec
        and "format" not in spec
        and not name.endswith("_id")
        and name not in ("password", "current_password", "email")
    ]


TEXT_FIELD_CASES = [(op, name) for op in JSON_BODY_OPERATIONS for name in _string_fields(op.json_body_schema)]


@pytest.mark.parametrize(("operation", "field"), TEXT_FIELD_CASES, ids=lambda v: getattr(v, "name", v))
def test_sql_metacharacters_in_every_text_field_are_never_a_5xx(
    api: Api, world: World, operation: Operation, field: str
) -> None:
    ids = owner_ids(api, world.bob, operation)
    for payload in SQL_PAYLOADS:
        body = minimal_body(operation.json_body_schema, ids)
        body[field] = f"{payload} {uuid.uuid4().hex[:6]}"
        account = None if operation.public else world.bob.account
        if operation.changes_the_caller:
            account = api.new_account("throwaway")
        answer = api.call(operation.method, operation.fill(ids), account, json=body)
        assert answer.status_code < 500, f"{operation.name} {field}={payload!r}: {answer.text}"


def test_sql_metacharacters_are_stored_and_read_back_literally(api: Api, fresh_account: Account) -> None:
    bob = fresh_account
    for payload in SQL_PAYLOADS:
        if payload == "\x00":
            continue
        name = f"{payload} {uuid.uuid4().hex[:6]}"
        created = api.call("POST", "/projects", bob, json={"name": name, "description": payload})
        assert created.status_code == 201, created.text
        read = api.call("GET", f"/projects/{created.json()['data']['id']}", bob).json()["data"]
        assert (read["name"], read["description"]) == (name, payload)
        found = api.call("GET", "/projects", bob, params={"q": name}).json()["data"]["items"]
        assert [p["name"] for p in found] == [name]


def test_like_wildcards_in_a_search_match_only_themselves(api: Api, fresh_account: Account) -> None:
    bob = fresh_account
    marker = uuid.uuid4().hex[:8]
    api.create_project(bob, name=f"{marker} 100%_sure")
    api.create_project(bob, name=f"{marker} plain")
    for wildcard in ("%", "_", "%_"):
        found = api.call("GET", "/projects", bob, params={"q": f"{marker} 100{wildcard}"}).json()["data"]
        # Literally, "100%" and "100%_" are in the first name and "100_" in none (as a wildcard it would be).
        assert [p["name"] for p in found["items"]] == ([] if wildcard == "_" else [f"{marker} 100%_sure"])
    everything = api.call("GET", "/projects", bob, params={"q": "%"}).json()["data"]["items"]
    assert all("%" in p["name"] for p in everything)


def test_nul_character_in_a_body_is_refused_not_a_5xx(api: Api, world: World) -> None:
    answer = api.call("POST", "/projects", world.bob.account, json={"name": "nul \x00 inside"})
    assert 400 <= answer.status_code < 500, answer.text
