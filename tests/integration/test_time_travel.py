"""Time travel: a project or a scan as it was at a past moment, rebuilt from its events."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import falcon.testing

from api.envelope import iso
from infra.bootstrap import Container
from tests.integration.conftest import Account, register_and_login


def _moment() -> str:
    """Now, then a pause, so events on either side of it have clearly different times."""
    time.sleep(0.02)
    moment = iso(datetime.now(UTC)) or ""
    time.sleep(0.02)
    return quote(moment)


def _create(client: falcon.testing.TestClient, account: Account, name: str) -> str:
    created = client.simulate_post(
        "/api/v1/projects",
        json={"name": name, "repository_url": "https://github.com/user/repo"},
        headers=account.auth,
    )
    assert created.status_code == 201, created.text
    return created.json["data"]["id"]


def test_project_as_of_a_past_moment_has_the_name_it_had_then(
    client: falcon.testing.TestClient, account: Account
) -> None:
    before_creation = _moment()
    project_id = _create(client, account, "before rename")
    between = _moment()
    renamed = client.simulate_put(
        f"/api/v1/projects/{project_id}", json={"name": "after rename"}, headers=account.auth
    )
    assert renamed.status_code == 200
    url = f"/api/v1/projects/{project_id}"

    past = client.simulate_get(f"{url}?as_of={between}", headers=account.auth)
    assert past.status_code == 200, past.text
    assert past.json["data"]["name"] == "before rename" and past.json["data"]["version"] == 1
    now = client.simulate_get(f"{url}?as_of={quote(iso(datetime.now(UTC)) or '')}", headers=account.auth)
    assert now.json["data"]["name"] == "after rename" and now.json["data"]["version"] == 2

    too_early = client.simulate_get(f"{url}?as_of={before_creation}", headers=account.auth)
    assert too_early.status_code == 404
    assert "did not exist" in too_early.json["error"] and "as_of" in too_early.json["details"]


def test_malformed_as_of_is_400_naming_it(client: falcon.testing.TestClient, account: Account) -> None:
    project_id = _create(client, account, f"p {uuid.uuid4().hex[:6]}")
    for bad in ("yesterday", "2026-13-01T00:00:00Z", "1"):
        answer = client.simulate_get(f"/api/v1/projects/{project_id}?as_of={bad}", headers=account.auth)
        assert answer.status_code == 400, bad
        assert "as_of" in answer.json["details"]


def test_another_users_project_as_of_is_not_found(
    client: falcon.testing.TestClient, account: Account
) -> None:
    project_id = _create(client, account, f"p {uuid.uuid4().hex[:6]}")
    other = register_and_login(client, "other")
    moment = quote(iso(datetime.now(UTC) + timedelta(seconds=1)) or "")
    answer = client.simulate_get(f"/api/v1/projects/{project_id}?as_of={moment}", headers=other.auth)
    assert answer.status_code == 404 and "did not exist" not in answer.json["error"]


def test_a_deleted_project_is_readable_as_of_before_its_deletion(
    client: falcon.testing.TestClient, account: Account
) -> None:
    project_id = _create(client, account, f"p {uuid.uuid4().hex[:6]}")
    before_deletion = _moment()
    assert client.simulate_delete(f"/api/v1/projects/{project_id}", headers=account.auth).status_code == 200
    url = f"/api/v1/projects/{project_id}"
    assert client.simulate_get(url, headers=account.auth).status_code == 404
    assert client.simulate_get(f"{url}?as_of={before_deletion}", headers=account.auth).status_code == 200
    after = client.simulate_get(f"{url}?as_of={_moment()}", headers=account.auth)
    assert after.status_code == 404 and "deleted" in after.json["error"]


def test_scan_as_of_shows_its_status_at_each_moment(
    client: falcon.testing.TestClient, account: Account, container: Container
) -> None:
    project_id = _create(client, account, f"p {uuid.uuid4().hex[:6]}")
    scan_id = client.simulate_post(
        "/api/v1/scans", json={"project_id": project_id, "scan_type": "secrets"}, headers=account.auth
    ).json["data"]["id"]
    queued = _moment()
    job = container.scans.begin_attempt(uuid.UUID(scan_id), "worker-1")
    assert job is not None
    running = _moment()
    container.scans.complete(job.scan_id, job.attempt, {"engines": {}, "counts": {}})
    url = f"/api/v1/scans/{scan_id}"
    statuses = [
        client.simulate_get(f"{url}?as_of={moment}", headers=account.auth).json["data"]["status"]
        for moment in (queued, running, _moment())
    ]
    assert statuses == ["queued", "running", "completed"]
    other = register_and_login(client, "other")
    assert client.simulate_get(f"{url}?as_of={running}", headers=other.auth).status_code == 404
    assert client.simulate_get(f"{url}?as_of=noon", headers=account.auth).status_code == 400
