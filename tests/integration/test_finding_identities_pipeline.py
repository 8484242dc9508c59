"""Finding identities through the real pipeline: git commits scanned by workers over the broker."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import falcon.testing
import pytest

from infra.bootstrap import Container
from tests.integration.conftest import Account, register_and_login
from tests.integration.pipeline import make_repository, running_pipeline, wait_for

EVAL_A = "def run_a(code):\n    return eval(code)\n"
SAFE_A = "def run_a(code):\n    return int(code)\n"
EVAL_B = "def run_b(expression):\n    return eval(expression)\n"


@pytest.fixture(scope="module")
def pipeline(container: Container, broker: str, projector: object) -> Iterator[None]:
    with running_pipeline(container, broker, workers=1):
        yield


def _commit(repo: Path, write: dict[str, str], delete: tuple[str, ...] = ()) -> None:
    for name, text in write.items():
        (repo / name).write_text(text)
    for name in delete:
        (repo / name).unlink()
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-C", str(repo)]
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "change"], check=True)


def _scan(client: falcon.testing.TestClient, account: Account, project_id: str, scan_type: str) -> str:
    answer = client.simulate_post(
        "/api/v1/scans", json={"project_id": project_id, "scan_type": scan_type}, headers=account.auth
    )
    assert answer.status_code == 202, answer.text
    scan_id = answer.json["data"]["id"]

    def finished() -> dict | None:
        scan = client.simulate_get(f"/api/v1/scans/{scan_id}", headers=account.auth).json["data"]
        return scan if scan["status"] in ("completed", "failed", "cancelled") else None

    scan = wait_for(finished, 180, 0.25)
    assert scan["status"] == "completed", scan
    return scan_id


def _identities(client: falcon.testing.TestClient, account: Account, project_id: str) -> dict[str, dict]:
    """The project's SAST identities by file name, once the identities have caught up with the scan."""
    answer = client.simulate_get(
        f"/api/v1/projects/{project_id}/findings", params={"engine": "sast"}, headers=account.auth
    )
    assert answer.status_code == 200, answer.text
    return {item["file_path"]: item for item in answer.json["data"]["items"]}


def _after(client: falcon.testing.TestClient, account: Account, project_id: str, scan_id: str) -> dict:
    """Identities once the scan's transitions are applied (the projection follows the log on its own)."""

    def applied() -> dict | None:
        found = _identities(client, account, project_id)
        seen = {item["last_seen_scan_id"] for item in found.values()} | {
            item["closed_scan_id"] for item in found.values()
        }
        return found if scan_id in seen or not found else None

    return wait_for(applied, 30, 0.2)


def test_fixed_removed_and_reopened_follow_the_code_through_real_scans(
    client: falcon.testing.TestClient, container: Container, repos_root: Path, pipeline: None
) -> None:
    account = register_and_login(client, "lifecycle")
    repo = make_repository(repos_root / uuid.uuid4().hex, {"a.py": EVAL_A, "b.py": EVAL_B})
    created = client.simulate_post(
        "/api/v1/projects", json={"name": "lifecycle", "repository_url": str(repo)}, headers=account.auth
    )
    project_id = created.json["data"]["id"]

    first = _scan(client, account, project_id, "sast")
    found = _after(client, account, project_id, first)
    assert set(found) == {"a.py", "b.py"} and {i["state"] for i in found.values()} == {"open"}
    assert found["a.py"]["ref"] == "" and found["a.py"]["first_seen_scan_id"] == first  # no ref asked

    _commit(repo, {"a.py": SAFE_A}, delete=("b.py",))
    secrets_only = _scan(client, account, project_id, "secrets")
    query = "SELECT status FROM identity_scans WHERE scan_id = %s"
    wait_for(lambda: container.scans_view.fetch_one(query, (secrets_only,))["status"] == "completed", 30)
    assert {i["state"] for i in _identities(client, account, project_id).values()} == {"open"}

    second = _scan(client, account, project_id, "sast")
    found = _after(client, account, project_id, second)
    assert (found["a.py"]["state"], found["a.py"]["closed_scan_id"]) == ("fixed", second)
    assert (found["b.py"]["state"], found["b.py"]["closed_scan_id"]) == ("removed", second)
    statistics = client.simulate_get(f"/api/v1/projects/{project_id}", headers=account.auth).json["data"][
        "statistics"
    ]
    assert statistics["fixed_in_last_scan"] == 1

    _commit(repo, {"a.py": EVAL_A})
    third = _scan(client, account, project_id, "sast")
    found = _after(client, account, project_id, third)
    assert found["a.py"]["state"] == "reopened" and found["a.py"]["last_seen_scan_id"] == third
    assert found["a.py"]["first_seen_scan_id"] == first and found["a.py"]["closed_scan_id"] is None
    assert found["b.py"]["state"] == "removed"
