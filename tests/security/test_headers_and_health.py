"""What every answer tells a client and an operator: security headers on every operation of the document,
no server version, a health report that needs no credentials and shows no internals, and one JSON log
line per request with its request id, user id and latency."""

from __future__ import annotations

import json
import re
import time
import uuid

import pytest

from api.openapi import build_document
from tests.security.client import Api, World
from tests.security.operations import Operation, operations, owner_ids, request_body

OPERATIONS = operations(build_document())


def _assert_safe_headers(answer, authenticated: bool, what: str) -> None:  # type: ignore[no-untyped-def]
    headers = answer.headers
    assert headers.get("X-Content-Type-Options") == "nosniff", what
    assert headers.get("X-Frame-Options") == "DENY", what
    server = headers.get("Server", "")
    assert not re.search(r"\d", server) and "gunicorn" not in server.lower(), f"{what}: Server: {server}"
    assert "X-Powered-By" not in headers
    if authenticated:
        assert "no-store" in headers.get("Cache-Control", ""), what


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.name)
def test_every_operation_answers_with_security_headers(api: Api, world: World, operation: Operation) -> None:
    ids = owner_ids(api, world.bob, operation)
    account = None if operation.public else world.bob.account
    if operation.changes_the_caller:
        account = api.new_account("throwaway")
    answer = api.call(operation.method, operation.fill(ids), account, **request_body(operation, ids))
    _assert_safe_headers(answer, account is not None, f"{operation.name} -> {answer.status_code}")
    if not operation.public:
        refused = api.call(operation.method, operation.fill(ids))
        assert refused.status_code == 401
        _assert_safe_headers(refused, False, f"{operation.name} unauthenticated")


@pytest.mark.parametrize(
    ("method", "path"), [("GET", "/no/such/route"), ("PATCH", "/projects"), ("GET", "/")]
)
def test_errors_outside_the_document_carry_the_headers_and_the_envelope(
    api: Api, world: World, method: str, path: str
) -> None:
    answer = api.call(method, path, world.bob.account)
    assert answer.status_code in (404, 405)
    _assert_safe_headers(answer, True, f"{method} {path}")
    assert {"error", "status", "timestamp", "code"} <= set(answer.json())


def test_health_needs_no_credentials_and_reports_database_broker_and_lag(api: Api) -> None:
    answer = api.call("GET", "/health")
    assert answer.status_code == 200, answer.text
    report = answer.json()["data"]
    assert report["database"] == "up" and report["broker"] == "up"
    assert report["projections"], report
    for name, state in report["projections"].items():
        assert set(state) == {"lag"} and isinstance(state["lag"], int) and state["lag"] >= 0, name


def test_health_shows_no_internals(api: Api) -> None:
    text = api.call("GET", "/health").text
    for internal in ("127.0.0.1", "localhost", "postgres", "5432", "tansu", "pgdata", "/tmp", "Traceback"):
        assert internal not in text.lower() if internal.islower() else internal not in text, internal
    assert not re.search(r"\b\d+\.\d+\.\d+\b", text), "a version number"


def test_each_request_is_one_json_log_line_with_request_id_user_and_latency(api: Api, world: World) -> None:
    request_id = f"sec-{uuid.uuid4().hex}"
    answer = api.call("GET", "/auth/me", world.bob.account, headers={"X-Request-ID": request_id})
    assert answer.headers["X-Request-ID"] == request_id
    deadline = time.monotonic() + 10
    lines: list[dict] = []
    while not lines and time.monotonic() < deadline:
        text = api.server.log_path.read_text(errors="replace")
        lines = [json.loads(line) for line in text.splitlines() if request_id in line]
        time.sleep(0.1)
    assert len(lines) == 1, lines
    entry = lines[0]
    assert entry["request_id"] == request_id
    assert entry["user_id"] == world.bob.account.user_id
    assert entry["method"] == "GET" and entry["path"] == "/api/v1/auth/me" and entry["status"] == 200
    assert isinstance(entry["latency_ms"], (int, float)) and entry["latency_ms"] >= 0
    assert {"time", "level", "logger"} <= set(entry)


def test_an_unusable_request_id_is_replaced(api: Api) -> None:
    for unusable in ("bad id <script>", "x" * 200, "short", "id;Set-Cookie=x"):
        answer = api.call("GET", "/health", headers={"X-Request-ID": unusable})
        assert re.fullmatch(r"[0-9a-f]{32}", answer.headers["X-Request-ID"]), unusable
        assert "Set-Cookie" not in answer.headers
