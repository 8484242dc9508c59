"""Scan webhooks end to end: a scan through the real broker and worker ends, and the receiver gets
scan.completed / scan.failed and finding.new (once, on first detection) / finding.fixed, signed."""

from __future__ import annotations

import json
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import falcon.testing
import pytest

from infra.bootstrap import Container, build_api, build_container
from infra.settings import Settings
from tests.integration.conftest import Account, register_and_login
from tests.integration.pipeline import VULNERABLE_APP, make_repository, running_pipeline, wait_for
from tests.integration.webhook_receiver import (
    Received,
    Receiver,
    running_receiver,
    running_sender,
    signature_is_valid,
)

EVENTS = ["scan.completed", "scan.failed", "finding.new", "finding.fixed"]


@pytest.fixture(scope="module")
def private_container(settings: Settings, database_url: str) -> Iterator[Container]:
    built = build_container(settings.with_overrides(allow_private_networks=True), database_url)
    yield built
    built.close()


@pytest.fixture(scope="module")
def api(private_container: Container, projector: object) -> falcon.testing.TestClient:
    return falcon.testing.TestClient(build_api(private_container))


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    with running_receiver() as running:
        yield running


@pytest.fixture(scope="module")
def delivering(
    container: Container, broker: str, projector: object, settings: Settings, receiver: Receiver
) -> Iterator[None]:
    with running_pipeline(container, broker, workers=1), running_sender(settings):
        yield


def _scan(api: falcon.testing.TestClient, owner: Account, project_id: str, **extra: str) -> str:
    answer = api.simulate_post(
        "/api/v1/scans", json={"project_id": project_id, "scan_type": "secrets", **extra}, headers=owner.auth
    )
    assert answer.status_code == 202, answer.text
    return answer.json["data"]["id"]


def _setup(api: falcon.testing.TestClient, repo: Path, url: str) -> tuple[Account, str, dict]:
    owner = register_and_login(api, "scan-hooks")
    project = api.simulate_post(
        "/api/v1/projects",
        json={"name": f"p-{uuid.uuid4().hex[:8]}", "repository_url": str(repo)},
        headers=owner.auth,
    )
    assert project.status_code == 201, project.text
    project_id = project.json["data"]["id"]
    hook = api.simulate_post(
        f"/api/v1/projects/{project_id}/webhooks",
        json={"url": url, "events": EVENTS},
        headers=owner.auth,
    )
    assert hook.status_code == 201, hook.text
    return owner, project_id, hook.json["data"]


def _events(receiver: Receiver, path: str, event: str, scan_id: str) -> list[Received]:
    return [
        r
        for r in receiver.at(path)
        if r.event == event and json.loads(r.body)["data"]["scan"]["id"] == scan_id
    ]


def _nothing_left_to_build(container: Container, webhook_id: str) -> bool:
    with container.datastore.cursor() as curs:
        curs.execute(
            "SELECT count(*) AS n FROM webhook_deliveries WHERE webhook_id = %s AND payload IS NULL "
            "AND status = 'pending'",
            (uuid.UUID(webhook_id),),
        )
        return curs.fetchone()["n"] == 0


def test_scan_completed_and_new_findings_are_delivered_once_then_fixed(
    api: falcon.testing.TestClient, private_container: Container, receiver: Receiver, repos_root: Path,
    delivering: None,
) -> None:  # fmt: skip
    repo = make_repository(repos_root / uuid.uuid4().hex, {"app.py": VULNERABLE_APP})
    owner, project_id, hook = _setup(api, repo, receiver.url("/scans"))
    first = _scan(api, owner, project_id)
    (completed,) = wait_for(lambda: _events(receiver, "/scans", "scan.completed", first), timeout=120)
    assert signature_is_valid(hook["secret"], completed)
    assert not signature_is_valid("whsec_someone-elses-secret-value", completed)
    scan = json.loads(completed.body)["data"]["scan"]
    assert scan["status"] == "completed" and scan["project_id"] == project_id
    assert scan["scan_type"] == "secrets" and scan["counts"] and "files" not in scan
    (new,) = wait_for(lambda: _events(receiver, "/scans", "finding.new", first), timeout=60)
    assert signature_is_valid(hook["secret"], new)
    listed = json.loads(new.body)["data"]
    assert listed["total"] >= 1 and listed["truncated"] is False
    assert {f["engine"] for f in listed["findings"]} == {"secrets"}
    assert all(f["fingerprint"] and f["rule_id"] and f["file_path"] == "app.py" for f in listed["findings"])

    second = _scan(api, owner, project_id)
    wait_for(lambda: _events(receiver, "/scans", "scan.completed", second), timeout=120)
    wait_for(lambda: _nothing_left_to_build(private_container, hook["id"]), timeout=60)
    assert _events(receiver, "/scans", "finding.new", second) == []  # seen before: not new again

    (repo / "app.py").write_text("print('no secrets here')\n")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-C", str(repo)]
    subprocess.run([*git, "commit", "-q", "-am", "remove the key"], check=True)
    third = _scan(api, owner, project_id)
    (fixed,) = wait_for(lambda: _events(receiver, "/scans", "finding.fixed", third), timeout=120)
    fixed_ids = {f["identity_id"] for f in json.loads(fixed.body)["data"]["findings"]}
    assert fixed_ids == {f["identity_id"] for f in listed["findings"]}
    assert _events(receiver, "/scans", "finding.new", third) == []


def test_failed_scan_fires_scan_failed_with_its_reason(
    api: falcon.testing.TestClient, private_container: Container, receiver: Receiver, repos_root: Path,
    delivering: None,
) -> None:  # fmt: skip
    repo = make_repository(repos_root / uuid.uuid4().hex, {"a.py": "print(1)\n"})
    owner, project_id, hook = _setup(api, repo, receiver.url("/failed"))
    scan_id = _scan(api, owner, project_id, ref="no-such-branch")
    (failed,) = wait_for(lambda: _events(receiver, "/failed", "scan.failed", scan_id), timeout=120)
    assert signature_is_valid(hook["secret"], failed)
    scan = json.loads(failed.body)["data"]["scan"]
    assert (
        scan["status"] == "failed" and "no-such-branch" in scan["error"] and scan["ref"] == "no-such-branch"
    )
    assert [r.event for r in receiver.at("/failed")] == ["scan.failed"]
