"""Findings across scans: novelty, diff (new/fixed/removed/unchanged), and triage that sticks."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import falcon.testing
import pytest

from infra.bootstrap import Container
from tests.integration.conftest import Account, register_and_login
from tests.integration.pipeline import wait_for


def _finding(name: str, path: str) -> dict:
    return {
        "rule_id": f"python.test.{name}", "engine": "sast", "severity": "high", "confidence": "high",
        "title": f"Finding {name}", "message": "m", "file_path": path, "start_line": 3, "end_line": 3,
        "snippet": "eval(x)", "cwe": ["CWE-95"], "owasp": [], "fix": "", "fingerprint": f"fp-{name}",
        "extra": {},
    }  # fmt: skip


def _completed_scan(
    container: Container, owner: uuid.UUID, project_id: uuid.UUID, findings: list, files: list
) -> str:
    upload = container.uploads.save(owner, project_id, "a.tar.gz", b"\x1f\x8b fake")
    scan = container.scans.request(owner, "user:test", project_id, "sast", upload_id=upload.id).value
    job = container.scans.begin_attempt(scan.id, "test-worker")
    container.scans.record_findings(scan.id, job.attempt, findings)
    container.scans.complete(scan.id, job.attempt, {"engines": {}, "counts": {}, "files": files})
    query = "SELECT status FROM scans WHERE id = %s"
    view = container.scans_view
    wait_for(lambda: (view.fetch_one(query, (scan.id,)) or {}).get("status") == "completed", 30)
    return str(scan.id)


@pytest.fixture(scope="module")
def history(client: falcon.testing.TestClient, container: Container) -> tuple[Account, str, str]:
    """Two scans of one project: c.py was deleted and b.py's finding fixed between them; d.py is new."""
    account = register_and_login(client, "triager")
    owner = uuid.UUID(account.user_id)
    project_id = uuid.UUID(
        client.simulate_post("/api/v1/projects", json={"name": "diffs"}, headers=account.auth).json["data"][
            "id"
        ]
    )
    first = _completed_scan(
        container, owner, project_id,
        [_finding("a", "a.py"), _finding("b", "b.py"), _finding("c", "c.py")], ["a.py", "b.py", "c.py"],
    )  # fmt: skip
    second = _completed_scan(
        container, owner, project_id, [_finding("a", "a.py"), _finding("d", "d.py")], ["a.py", "b.py", "d.py"]
    )
    return account, first, second


def _findings(client: falcon.testing.TestClient, account: Account, scan_id: str, **params: str) -> list[dict]:
    answer = client.simulate_get(f"/api/v1/scans/{scan_id}/findings", params=params, headers=account.auth)
    assert answer.status_code == 200, answer.text
    return answer.json["data"]["items"]


def test_occurrences_are_new_only_against_the_previous_scan(
    client: falcon.testing.TestClient, history: tuple[Account, str, str]
) -> None:
    account, first, second = history
    assert all(f["is_new"] for f in _findings(client, account, first))
    novelty = {f["rule_id"]: f["is_new"] for f in _findings(client, account, second)}
    assert novelty == {"python.test.a": False, "python.test.d": True}
    assert [f["rule_id"] for f in _findings(client, account, second, new="true")] == ["python.test.d"]


def test_diff_tells_fixed_from_removed(
    client: falcon.testing.TestClient, history: tuple[Account, str, str]
) -> None:
    account, first, second = history
    diff = client.simulate_get(f"/api/v1/scans/{second}/diff", headers=account.auth).json["data"]
    assert diff["base_scan_id"] == first
    assert diff["counts"] == {"new": 1, "fixed": 1, "removed": 1, "unchanged": 1}
    assert [f["file_path"] for f in diff["fixed"]] == ["b.py"]
    assert [f["file_path"] for f in diff["removed"]] == ["c.py"]
    explicit = client.simulate_get(
        f"/api/v1/scans/{second}/diff", params={"base": first}, headers=account.auth
    )
    assert explicit.json["data"]["counts"] == diff["counts"]


def test_triage_sticks_to_the_finding_in_later_scans_and_keeps_its_history(
    client: falcon.testing.TestClient, history: tuple[Account, str, str]
) -> None:
    account, first, second = history
    occurrence = next(f for f in _findings(client, account, first) if f["rule_id"] == "python.test.a")
    answer = client.simulate_put(
        f"/api/v1/findings/{occurrence['id']}/triage",
        json={"status": "false_positive", "reason": "test fixture", "comment": "eval of a constant"},
        headers=account.auth,
    )
    assert answer.status_code == 200 and answer.json["data"]["status"] == "false_positive"
    later = next(f for f in _findings(client, account, second) if f["rule_id"] == "python.test.a")
    assert later["status"] == "false_positive"
    assert [f["rule_id"] for f in _findings(client, account, second, status="open")] == ["python.test.d"]
    detail = client.simulate_get(f"/api/v1/findings/{later['id']}", headers=account.auth).json["data"]
    assert detail["snippet"] == "eval(x)"
    (entry,) = detail["triage_history"]
    assert entry["status"] == "false_positive" and entry["reason"] == "test fixture"
    assert entry["actor"] == f"user:{account.user_id}" and entry["at"]


def test_accepted_risk_reopens_itself_when_it_expires(
    client: falcon.testing.TestClient, history: tuple[Account, str, str]
) -> None:
    account, _, second = history
    occurrence = next(f for f in _findings(client, account, second) if f["rule_id"] == "python.test.d")
    soon = (datetime.now(UTC) + timedelta(seconds=2)).isoformat()
    answer = client.simulate_put(
        f"/api/v1/findings/{occurrence['id']}/triage",
        json={"status": "accepted_risk", "reason": "fix next sprint", "expires_at": soon},
        headers=account.auth,
    )
    assert answer.json["data"]["status"] == "accepted_risk"
    wait_for(
        lambda: (
            next(f for f in _findings(client, account, second) if f["id"] == occurrence["id"])["status"]
            == "open"
        ),
        15,
        0.25,
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "ignored"}, "status"),
        ({"status": "false_positive", "expires_at": "2030-01-01T00:00:00Z"}, "expires_at"),
        ({"status": "accepted_risk", "expires_at": "2001-01-01T00:00:00Z"}, "expires_at"),
        ({"status": "accepted_risk", "expires_at": "tomorrow"}, "expires_at"),
        ({"reason": "no status"}, "status"),
    ],
)
def test_bad_triage_is_refused_naming_the_field(
    client: falcon.testing.TestClient, history: tuple[Account, str, str], body: dict, field: str
) -> None:
    account, first, _ = history
    occurrence = _findings(client, account, first)[0]
    answer = client.simulate_put(
        f"/api/v1/findings/{occurrence['id']}/triage", json=body, headers=account.auth
    )
    assert answer.status_code in (400, 422) and field in answer.json["details"]


def test_another_users_finding_is_404(
    client: falcon.testing.TestClient, history: tuple[Account, str, str]
) -> None:
    account, first, _ = history
    occurrence = _findings(client, account, first)[0]
    intruder = register_and_login(client, "intruder")
    for method, path, body in [
        ("GET", "", None), ("GET", "/history", None), ("PUT", "/triage", {"status": "false_positive"}),
    ]:  # fmt: skip
        answer = client.simulate_request(method, f"/api/v1/findings/{occurrence['id']}{path}", json=body,
                                         headers=intruder.auth)  # fmt: skip
        assert answer.status_code == 404, (method, path)
    assert client.simulate_get(f"/api/v1/scans/{first}/diff", headers=intruder.auth).status_code == 404


def test_bulk_triage_by_scan_filters_and_by_ids(
    client: falcon.testing.TestClient, container: Container
) -> None:
    account = register_and_login(client, "bulk")
    owner = uuid.UUID(account.user_id)
    project_id = client.simulate_post("/api/v1/projects", json={"name": "bulk"}, headers=account.auth).json[
        "data"
    ]["id"]
    scan_id = _completed_scan(
        container, owner, uuid.UUID(project_id),
        [_finding("x", "tests/x.py"), _finding("y", "tests/y.py"), _finding("z", "src/z.py")],
        ["tests/x.py", "tests/y.py", "src/z.py"],
    )  # fmt: skip
    url = f"/api/v1/projects/{project_id}/findings/triage"
    by_filter = client.simulate_post(
        url,
        json={"status": "used_in_tests", "scan_id": scan_id, "filters": {"path": ["tests/"]}},
        headers=account.auth,
    )
    assert by_filter.status_code == 200 and by_filter.json["data"]["triaged"] == 2
    statuses = {f["file_path"]: f["status"] for f in _findings(client, account, scan_id)}
    assert statuses == {"tests/x.py": "used_in_tests", "tests/y.py": "used_in_tests", "src/z.py": "open"}
    z = next(f for f in _findings(client, account, scan_id) if f["file_path"] == "src/z.py")
    by_id = client.simulate_post(
        url, json={"status": "not_applicable", "finding_ids": [z["id"]]}, headers=account.auth
    )
    assert by_id.json["data"]["triaged"] == 1
    nothing_named = client.simulate_post(url, json={"status": "open"}, headers=account.auth)
    assert nothing_named.status_code == 400 and "finding_ids" in nothing_named.json["details"]


def test_deleting_a_project_removes_its_scans_and_findings_from_every_read_model(
    client: falcon.testing.TestClient, container: Container
) -> None:
    account = register_and_login(client, "deleter")
    owner = uuid.UUID(account.user_id)
    project_id = client.simulate_post("/api/v1/projects", json={"name": "gone"}, headers=account.auth).json[
        "data"
    ]["id"]
    scan_id = _completed_scan(container, owner, uuid.UUID(project_id), [_finding("q", "q.py")], ["q.py"])
    finding_id = _findings(client, account, scan_id)[0]["id"]
    assert client.simulate_delete(f"/api/v1/projects/{project_id}", headers=account.auth).status_code == 200
    for path in (f"/scans/{scan_id}", f"/scans/{scan_id}/findings", f"/scans/{scan_id}/export",
                 f"/findings/{finding_id}"):  # fmt: skip
        assert client.simulate_get(f"/api/v1{path}", headers=account.auth).status_code == 404, path
    listed = client.simulate_get("/api/v1/scans", params={"project_id": project_id}, headers=account.auth)
    assert listed.json["data"]["items"] == []
    left = container.scans_view.fetch_one("SELECT count(*) AS n FROM findings WHERE scan_id = %s", (scan_id,))
    assert left["n"] == 0
    assert list(container.app.events.get(uuid.UUID(project_id)))  # the events stay for the audit trail
