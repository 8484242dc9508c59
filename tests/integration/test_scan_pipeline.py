"""POST /scans through the real broker to real workers and back: git and upload sources, failure, cancel."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import falcon.testing
import pytest

from infra.bootstrap import Container
from tests.integration.conftest import Account
from tests.integration.pipeline import VULNERABLE_APP, make_repository, running_pipeline, tar_gz, wait_for


@pytest.fixture(scope="module")
def pipeline(container: Container, broker: str, projector: object) -> Iterator[None]:
    with running_pipeline(container, broker, workers=2):
        yield


def _scan(client: falcon.testing.TestClient, account: Account, scan_id: str) -> dict:
    return client.simulate_get(f"/api/v1/scans/{scan_id}", headers=account.auth).json["data"]


def _finished(
    client: falcon.testing.TestClient, account: Account, scan_id: str, timeout: float = 120
) -> dict:
    return wait_for(
        lambda: (
            (s := _scan(client, account, scan_id))["status"] in ("completed", "failed", "cancelled") and s
        ),
        timeout=timeout,
    )


def _project(client: falcon.testing.TestClient, account: Account, **fields: object) -> str:
    body = {"name": f"p-{uuid.uuid4().hex[:8]}", **fields}
    answer = client.simulate_post("/api/v1/projects", json=body, headers=account.auth)
    assert answer.status_code == 201, answer.text
    return answer.json["data"]["id"]


def test_git_scan_runs_through_kafka_and_records_findings(
    client: falcon.testing.TestClient, account: Account, repos_root: Path, pipeline: None
) -> None:
    repo = make_repository(
        repos_root / uuid.uuid4().hex, {"app.py": VULNERABLE_APP, "requirements.txt": "flask\n"}
    )
    project_id = _project(client, account, repository_url=str(repo))
    answer = client.simulate_post(
        "/api/v1/scans", json={"project_id": project_id, "scan_type": "full"}, headers=account.auth
    )
    assert answer.status_code == 202 and answer.json["data"]["status"] == "queued"
    scan = _finished(client, account, answer.json["data"]["id"])
    assert scan["status"] == "completed", scan
    assert scan["commit"] and len(scan["commit"]) == 40
    assert set(scan["engines"]) == {"sast", "secrets", "dependencies"}
    assert scan["engines"]["sast"]["version"] and scan["duration_ms"] is not None
    findings = client.simulate_get(
        f"/api/v1/scans/{scan['id']}/findings", params={"per_page": 100}, headers=account.auth
    ).json["data"]
    rules = {item["rule_id"] for item in findings["items"]}
    engines = {item["engine"] for item in findings["items"]}
    assert {"sast", "secrets"} <= engines, rules
    assert {"python.flask.sqli-taint", "secrets.generic-credential"} <= rules  # both disabled further down
    assert scan["findings"]["total"] == findings["pagination"]["total"] > 0
    secret = next(item for item in findings["items"] if item["engine"] == "secrets")
    assert "Z7Q3XK4M2PLW9RTY" not in secret["snippet"]
    stats = client.simulate_get(f"/api/v1/projects/{project_id}", headers=account.auth).json["data"][
        "statistics"
    ]
    assert stats["scans"]["completed"] == 1 and stats["last_scan"]["status"] == "completed"
    assert stats["open_findings"]["total"] == scan["findings"]["total"]


def test_uploaded_archive_is_scanned(
    client: falcon.testing.TestClient, account: Account, pipeline: None
) -> None:
    project_id = _project(client, account)
    upload = client.simulate_post(
        f"/api/v1/projects/{project_id}/uploads",
        body=tar_gz({"app.py": VULNERABLE_APP}),
        headers={**account.auth, "Content-Type": "application/gzip"},
    )
    assert upload.status_code == 201, upload.text
    answer = client.simulate_post(
        "/api/v1/scans",
        json={"project_id": project_id, "scan_type": "sast", "upload_id": upload.json["data"]["upload_id"]},
        headers=account.auth,
    )
    scan = _finished(client, account, answer.json["data"]["id"])
    assert scan["status"] == "completed" and scan["findings"]["total"] >= 2
    assert set(scan["engines"]) == {"sast"}


def test_unknown_branch_fails_with_a_reason_a_user_can_act_on(
    client: falcon.testing.TestClient, account: Account, repos_root: Path, pipeline: None
) -> None:
    repo = make_repository(repos_root / uuid.uuid4().hex, {"a.py": "print(1)\n"})
    project_id = _project(client, account, repository_url=str(repo))
    answer = client.simulate_post(
        "/api/v1/scans",
        json={"project_id": project_id, "scan_type": "secrets", "ref": "no-such-branch"},
        headers=account.auth,
    )
    scan = _finished(client, account, answer.json["data"]["id"])
    assert scan["status"] == "failed"
    assert "no-such-branch" in scan["error"] and str(repos_root) not in scan["error"]


def test_seed_style_integer_project_id_is_a_404(client: falcon.testing.TestClient, account: Account) -> None:
    answer = client.simulate_post(
        "/api/v1/scans", json={"project_id": 123, "scan_type": "full"}, headers=account.auth
    )
    assert answer.status_code == 404 and answer.json["error"] == "project not found"


def test_bad_scan_requests_are_refused(client: falcon.testing.TestClient, account: Account) -> None:
    project_id = _project(client, account)
    unknown_type = client.simulate_post(
        "/api/v1/scans", json={"project_id": project_id, "scan_type": "deep"}, headers=account.auth
    )
    assert unknown_type.status_code == 400 and "scan_type" in unknown_type.json["details"]
    no_source = client.simulate_post(
        "/api/v1/scans", json={"project_id": project_id, "scan_type": "full"}, headers=account.auth
    )
    assert no_source.status_code == 422 and "upload_id" in no_source.json["details"]
    wrong_upload = client.simulate_post(
        "/api/v1/scans",
        json={"project_id": project_id, "scan_type": "full", "upload_id": str(uuid.uuid4())},
        headers=account.auth,
    )
    assert wrong_upload.status_code == 422


def test_upload_that_is_not_an_archive_is_refused(
    client: falcon.testing.TestClient, account: Account
) -> None:
    project_id = _project(client, account)
    answer = client.simulate_post(
        f"/api/v1/projects/{project_id}/uploads",
        body=b"just text, not an archive",
        headers={**account.auth, "Content-Type": "application/gzip"},
    )
    assert answer.status_code == 422 and "file" in answer.json["details"]


def test_queued_scan_can_be_cancelled(
    client: falcon.testing.TestClient, account: Account, repos_root: Path
) -> None:
    repo = make_repository(repos_root / uuid.uuid4().hex, {"a.py": "print(1)\n"})
    project_id = _project(client, account, repository_url=str(repo))
    scan_id = client.simulate_post(
        "/api/v1/scans", json={"project_id": project_id, "scan_type": "sast"}, headers=account.auth
    ).json["data"]["id"]
    cancelled = client.simulate_post(f"/api/v1/scans/{scan_id}/cancel", headers=account.auth)
    assert cancelled.status_code == 200 and cancelled.json["data"]["status"] == "cancelled"
    again = client.simulate_post(f"/api/v1/scans/{scan_id}/cancel", headers=account.auth)
    assert again.status_code == 409


def test_scans_list_filters(client: falcon.testing.TestClient, account: Account) -> None:
    project_id = _project(client, account)
    listed = client.simulate_get(
        "/api/v1/scans", params={"project_id": project_id, "status": "queued,running"}, headers=account.auth
    )
    assert listed.status_code == 200 and listed.json["data"]["items"] == []
    bad = client.simulate_get("/api/v1/scans", params={"status": "exploded"}, headers=account.auth)
    assert bad.status_code == 400 and "status" in bad.json["details"]
    bad_time = client.simulate_get(
        "/api/v1/scans", params={"created_after": "yesterday"}, headers=account.auth
    )
    assert bad_time.status_code == 400 and "created_after" in bad_time.json["details"]


OWN_RULE = """\
rules:
  - id: acme.no-sqlite-connect
    languages: [python]
    severity: WARNING
    message: connect through our audited database layer, not sqlite3 directly
    pattern: sqlite3.connect(...)
"""


def test_project_rules_fire_and_disabled_rules_stay_silent_in_every_engine(
    client: falcon.testing.TestClient, account: Account, repos_root: Path, pipeline: None
) -> None:
    repo = make_repository(
        repos_root / uuid.uuid4().hex, {"app.py": VULNERABLE_APP, ".pairsec/rules/acme.yaml": OWN_RULE}
    )
    # Both fire on VULNERABLE_APP when enabled (test_git_scan_runs_through_kafka_and_records_findings).
    disabled = ["python.flask.sqli-taint", "secrets.generic-credential"]
    project_id = _project(
        client, account, repository_url=str(repo), rules_path=".pairsec/rules", disabled_rules=disabled
    )
    answer = client.simulate_post(
        "/api/v1/scans", json={"project_id": project_id, "scan_type": "full"}, headers=account.auth
    )
    scan = _finished(client, account, answer.json["data"]["id"])
    assert scan["status"] == "completed", scan
    assert scan["rules"] == {"rules_path": ".pairsec/rules", "disabled_rules": disabled}
    assert scan["warnings"] == []
    findings = client.simulate_get(
        f"/api/v1/scans/{scan['id']}/findings", params={"per_page": 100}, headers=account.auth
    ).json["data"]["items"]
    rules = {item["rule_id"] for item in findings}
    assert "acme.no-sqlite-connect" in rules, rules
    assert "python.web.command-injection-taint" in rules, rules  # the rest of the pack still runs
    assert not rules & set(disabled), rules


def test_missing_project_rules_are_a_warning_on_a_scan_that_completes(
    client: falcon.testing.TestClient, account: Account, repos_root: Path, pipeline: None
) -> None:
    repo = make_repository(repos_root / uuid.uuid4().hex, {"app.py": VULNERABLE_APP})
    project_id = _project(client, account, repository_url=str(repo), rules_path="semgrep/rules")
    answer = client.simulate_post(
        "/api/v1/scans", json={"project_id": project_id, "scan_type": "sast"}, headers=account.auth
    )
    scan = _finished(client, account, answer.json["data"]["id"])
    assert scan["status"] == "completed" and scan["findings"]["total"] >= 2, scan
    assert len(scan["warnings"]) == 1 and "'semgrep/rules' does not exist" in scan["warnings"][0]
