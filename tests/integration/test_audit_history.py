"""Audit history: every event with who caused it, in which request (also in the log line), redacted."""

from __future__ import annotations

import json
import logging
import uuid

import falcon.testing
import pytest

from commands.provenance import acting_as
from infra.bootstrap import Container
from tests.integration.conftest import Account, register_and_login


def _project(client: falcon.testing.TestClient, headers: dict[str, str]) -> str:
    created = client.simulate_post(
        "/api/v1/projects",
        json={"name": f"audit {uuid.uuid4().hex[:8]}", "repository_url": "https://github.com/user/repo"},
        headers=headers,
    )
    assert created.status_code == 201, created.text
    return created.json["data"]["id"]


def _scan(client: falcon.testing.TestClient, headers: dict[str, str], project_id: str) -> str:
    requested = client.simulate_post(
        "/api/v1/scans", json={"project_id": project_id, "scan_type": "secrets"}, headers=headers
    )
    assert requested.status_code == 202, requested.text
    return requested.json["data"]["id"]


def test_scan_events_name_the_user_and_the_request_that_also_is_in_the_log_line(
    client: falcon.testing.TestClient, account: Account, caplog: pytest.LogCaptureFixture
) -> None:
    project_id = _project(client, account.auth)
    request_id = f"audit-{uuid.uuid4().hex}"
    with caplog.at_level(logging.INFO, logger="pairsec.access"):
        scan_id = _scan(client, {**account.auth, "X-Request-ID": request_id}, project_id)
    logged = [r for r in caplog.records if r.name == "pairsec.access" and r.path == "/api/v1/scans"]
    assert [r.request_id for r in logged] == [request_id]
    assert logged[0].actor == f"user:{account.user_id}"

    events = client.simulate_get(f"/api/v1/scans/{scan_id}/events", headers=account.auth)
    assert events.status_code == 200, events.text
    (requested,) = events.json["data"]["items"]
    assert requested["type"] == "scan.requested" and requested["version"] == 1
    assert requested["actor"] == f"user:{account.user_id}"
    assert requested["request_id"] == request_id
    assert requested["data"]["scan_type"] == "secrets" and requested["data"]["project_id"] == project_id


def test_worker_events_name_the_worker_and_show_findings_only_as_counts(
    client: falcon.testing.TestClient, account: Account, container: Container
) -> None:
    scan_id = _scan(client, account.auth, _project(client, account.auth))
    with acting_as("worker:host-1:42", request_id="job-abc"):
        job = container.scans.begin_attempt(uuid.UUID(scan_id), "host-1:42")
        assert job is not None
        secret_finding = {
            "rule_id": "github-token", "engine": "secrets", "severity": "critical", "confidence": "high",
            "title": "GitHub token", "message": "m", "file_path": "a.py", "start_line": 1, "end_line": 1,
            "snippet": "ghp_****", "fingerprint": "f" * 40,
        }  # fmt: skip
        container.scans.record_findings(job.scan_id, job.attempt, [secret_finding])
        container.scans.complete(job.scan_id, job.attempt, {"engines": {}, "counts": {"critical": 1}})
    answer = client.simulate_get(f"/api/v1/scans/{scan_id}/events", headers=account.auth)
    items = answer.json["data"]["items"]
    assert [i["type"] for i in items] == [
        "scan.requested", "scan.started", "scan.findings_recorded", "scan.completed",
    ]  # fmt: skip
    assert {(i["actor"], i["request_id"]) for i in items[1:]} == {("worker:host-1:42", "job-abc")}
    assert items[2]["data"]["findings"] == {
        "count": 1, "by_severity": {"critical": 1}, "by_engine": {"secrets": 1},
    }  # fmt: skip
    assert "ghp_" not in answer.text and "f" * 40 not in answer.text


def test_scan_events_are_paginated(client: falcon.testing.TestClient, account: Account) -> None:
    scan_id = _scan(client, account.auth, _project(client, account.auth))
    client.simulate_post(f"/api/v1/scans/{scan_id}/cancel", headers=account.auth)
    page = client.simulate_get(f"/api/v1/scans/{scan_id}/events?page=2&per_page=1", headers=account.auth)
    assert page.status_code == 200
    assert [i["type"] for i in page.json["data"]["items"]] == ["scan.cancelled"]
    assert page.json["data"]["pagination"] == {
        "page": 2, "per_page": 1, "total": 2, "total_pages": 2, "next_cursor": None,
    }  # fmt: skip
    bad = client.simulate_get(f"/api/v1/scans/{scan_id}/events?per_page=1000", headers=account.auth)
    assert bad.status_code == 400


def test_another_users_scan_events_are_not_found(client: falcon.testing.TestClient, account: Account) -> None:
    scan_id = _scan(client, account.auth, _project(client, account.auth))
    other = register_and_login(client, "other")
    assert client.simulate_get(f"/api/v1/scans/{scan_id}/events", headers=other.auth).status_code == 404
    unknown = client.simulate_get(f"/api/v1/scans/{uuid.uuid4()}/events", headers=account.auth)
    assert unknown.status_code == 404


def test_my_history_lists_account_events_without_hashes_and_names_the_api_key(
    client: falcon.testing.TestClient, account: Account, container: Container
) -> None:
    changed = client.simulate_put(
        "/api/v1/users/profile",
        json={"password": "a new long password", "current_password": account.password},
        headers=account.auth,
    )
    assert changed.status_code == 200, changed.text
    login = client.simulate_post(
        "/api/v1/auth/login", json={"email": account.email, "password": "a new long password"}
    )
    bearer = {"Authorization": f"Bearer {login.json['data']['token']}"}
    issued = client.simulate_post("/api/v1/users/api-key", json={}, headers=bearer)
    api_key, prefix = issued.json["data"]["api_key"], issued.json["data"]["prefix"]
    project_id = _project(client, {"X-API-Key": api_key})

    history = client.simulate_get("/api/v1/users/me/history", headers={"X-API-Key": api_key})
    assert history.status_code == 200, history.text
    items = history.json["data"]["items"]
    assert [i["type"] for i in items] == ["user.registered", "user.password_changed", "user.api_key_issued"]
    assert items[0]["actor"] == "anonymous" and items[0]["request_id"]
    assert items[1]["actor"] == f"user:{account.user_id}"
    assert items[1]["data"] == {"password_hash": "[redacted]"}
    assert items[2]["data"]["key_hash"] == "[redacted]" and items[2]["data"]["prefix"] == prefix
    stored = container.users.get(uuid.UUID(account.user_id))
    assert stored is not None and stored["api_key_hash"] not in history.text
    assert "argon2" not in history.text and api_key not in history.text

    project_history = client.simulate_get(f"/api/v1/projects/{project_id}/history", headers=bearer)
    assert project_history.json["data"]["items"][0]["actor"] == f"api_key:{prefix}"


def test_a_scan_job_run_by_the_worker_records_its_events_as_the_worker(
    client: falcon.testing.TestClient, account: Account, container: Container
) -> None:
    from infra.scanning import build_scan_runner
    from infra.worker_process import _handle
    from scanners.secrets import SecretsEngine
    from tests.integration.pipeline import VULNERABLE_APP, tar_gz

    project_id = _project(client, account.auth)
    upload = client.simulate_post(
        f"/api/v1/projects/{project_id}/uploads",
        body=tar_gz({"app.py": VULNERABLE_APP}),
        headers={**account.auth, "Content-Type": "application/gzip"},
    )
    assert upload.status_code == 201, upload.text
    scan_id = client.simulate_post(
        "/api/v1/scans",
        json={
            "project_id": project_id,
            "scan_type": "secrets",
            "upload_id": upload.json["data"]["upload_id"],
        },
        headers=account.auth,
    ).json["data"]["id"]
    runner = build_scan_runner(container, {"secrets": SecretsEngine()}, runner_id="audit-host:7")
    assert _handle(runner, json.dumps({"scan_id": scan_id, "attempt": 1}).encode()) == "completed"

    items = client.simulate_get(f"/api/v1/scans/{scan_id}/events", headers=account.auth).json["data"]["items"]
    by_worker = items[1:]
    assert (by_worker[0]["type"], by_worker[-1]["type"]) == ("scan.started", "scan.completed")
    assert {i["actor"] for i in by_worker} == {"worker:audit-host:7"}
    (job_id,) = {i["request_id"] for i in by_worker}
    assert job_id.startswith("job-")
