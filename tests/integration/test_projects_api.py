"""Projects over HTTP: create, read with statistics, list, update, delete, history, ownership."""

from __future__ import annotations

import threading
import uuid

import falcon.testing
import pytest

from tests.integration.conftest import Account, register_and_login

BASE = "/api/v1/projects"


def _create(client: falcon.testing.TestClient, account: Account, name: str | None = None, **fields: object):
    body = {"name": name or f"project {uuid.uuid4().hex[:8]}", **fields}
    return client.simulate_post(BASE, json=body, headers=account.auth)


def test_seed_example_creates_a_project(client: falcon.testing.TestClient, account: Account) -> None:
    result = _create(client, account, "My Web App", repository_url="https://github.com/user/repo")
    assert result.status_code == 201
    data = result.json["data"]
    assert data["name"] == "My Web App" and data["repository_url"] == "https://github.com/user/repo"
    assert set(data) >= {"id", "description", "default_branch", "created_at", "updated_at"}
    assert result.headers["Location"].endswith(data["id"]) and result.headers["ETag"] == '"1"'


def test_new_project_has_zero_statistics(client: falcon.testing.TestClient, account: Account) -> None:
    project_id = _create(client, account).json["data"]["id"]
    got = client.simulate_get(f"{BASE}/{project_id}", headers=account.auth)
    assert got.status_code == 200
    stats = got.json["data"]["statistics"]
    assert stats["scans"]["total"] == 0 and stats["last_scan"] is None
    assert stats["open_findings"] == {"total": 0, "critical": 0, "high": 0, "medium": 0, "low": 0, "info": 0}
    assert stats["fixed_in_last_scan"] == 0


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("https://github.com/user/repo", 201),
        ("git@github.com:user/repo.git", 201),
        ("ssh://git@gitlab.example.com/group/repo.git", 201),
        ("ftp://example.com/repo", 422),
        ("https://user:token@github.com/user/repo", 422),
        ("file:///etc", 422),
        ("/etc/passwd", 422),
        ("https://127.0.0.1/repo", 422),
        ("http://169.254.169.254/latest", 422),
        ("--upload-pack=touch /tmp/x", 422),
    ],
)
def test_repository_url_is_validated(
    client: falcon.testing.TestClient, account: Account, url: str, status: int
) -> None:
    result = _create(client, account, repository_url=url)
    assert result.status_code == status, result.text
    if status == 422:
        assert "repository_url" in result.json["details"]


def test_bad_project_bodies_name_the_field(client: falcon.testing.TestClient, account: Account) -> None:
    cases = [
        ({"name": ""}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": "ok", "owner": "me"}, "owner"),
        ({"name": 5}, "name"),
        ({}, "name"),
        ({"name": "ok", "default_branch": "bad..branch"}, "default_branch"),
    ]
    for body, field in cases:
        result = client.simulate_post(BASE, json=body, headers=account.auth)
        assert result.status_code in (400, 422), (body, result.text)
        assert field in result.json["details"], (body, result.json)


def test_same_name_twice_is_409_case_insensitively_but_not_across_owners(
    client: falcon.testing.TestClient, account: Account
) -> None:
    assert _create(client, account, "Payments API").status_code == 201
    assert _create(client, account, "payments api").status_code == 409
    other = register_and_login(client, "other")
    assert _create(client, other, "Payments API").status_code == 201


def test_two_racing_creates_of_one_name_give_one_409(
    client: falcon.testing.TestClient, account: Account
) -> None:
    barrier, statuses = threading.Barrier(2), []

    def create() -> None:
        barrier.wait()
        statuses.append(_create(client, account, "Racing Project").status_code)

    threads = [threading.Thread(target=create) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [201, 409]


def test_put_is_a_partial_update_recorded_in_history(
    client: falcon.testing.TestClient, account: Account
) -> None:
    project_id = _create(client, account, "Original", description="first").json["data"]["id"]
    put = client.simulate_put(f"{BASE}/{project_id}", json={"description": "second"}, headers=account.auth)
    assert put.status_code == 200
    assert put.json["data"]["name"] == "Original" and put.json["data"]["description"] == "second"
    history = client.simulate_get(f"{BASE}/{project_id}/history", headers=account.auth).json["data"]["items"]
    assert [h["type"] for h in history] == ["project.created", "project.updated"]
    assert history[1]["changes"] == {"description": "second"}
    assert history[1]["actor"] == f"user:{account.user_id}"


def test_unknown_field_in_put_is_400(client: falcon.testing.TestClient, account: Account) -> None:
    project_id = _create(client, account).json["data"]["id"]
    put = client.simulate_put(f"{BASE}/{project_id}", json={"owner_id": "x"}, headers=account.auth)
    assert put.status_code == 400 and "owner_id" in put.json["details"]


def test_rename_to_a_taken_name_is_409_and_rename_frees_the_old_name(
    client: falcon.testing.TestClient, account: Account
) -> None:
    first = _create(client, account, "Alpha").json["data"]["id"]
    _create(client, account, "Beta")
    assert (
        client.simulate_put(f"{BASE}/{first}", json={"name": "BETA"}, headers=account.auth).status_code == 409
    )
    assert (
        client.simulate_put(f"{BASE}/{first}", json={"name": "Gamma"}, headers=account.auth).status_code
        == 200
    )
    assert _create(client, account, "Alpha").status_code == 201


def test_stale_if_match_is_412_and_current_one_succeeds(
    client: falcon.testing.TestClient, account: Account
) -> None:
    project_id = _create(client, account).json["data"]["id"]
    etag = client.simulate_get(f"{BASE}/{project_id}", headers=account.auth).headers["ETag"]
    first = client.simulate_put(
        f"{BASE}/{project_id}", json={"description": "a"}, headers={**account.auth, "If-Match": etag}
    )
    assert first.status_code == 200
    stale = client.simulate_put(
        f"{BASE}/{project_id}", json={"description": "b"}, headers={**account.auth, "If-Match": etag}
    )
    assert stale.status_code == 412 and stale.json["code"] == "precondition_failed"


def test_simultaneous_puts_never_lose_an_update(client: falcon.testing.TestClient, account: Account) -> None:
    project_id = _create(client, account).json["data"]["id"]
    barrier, statuses = threading.Barrier(2), []

    def put(body: dict[str, str]) -> None:
        barrier.wait()
        statuses.append(
            client.simulate_put(f"{BASE}/{project_id}", json=body, headers=account.auth).status_code
        )

    bodies = [{"description": "from A"}, {"default_branch": "develop"}]
    threads = [threading.Thread(target=put, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    data = client.simulate_get(f"{BASE}/{project_id}", headers=account.auth).json["data"]
    assert all(status in (200, 409) for status in statuses)
    applied = [b for s, b in zip(statuses, bodies, strict=True) if s == 200]
    for body in applied:
        for key, value in body.items():
            assert data[key] == value


def test_deleted_project_vanishes_everywhere_and_frees_its_name(
    client: falcon.testing.TestClient, account: Account
) -> None:
    project_id = _create(client, account, "Doomed").json["data"]["id"]
    assert client.simulate_delete(f"{BASE}/{project_id}", headers=account.auth).status_code == 200
    for method, path in [("GET", ""), ("PUT", ""), ("DELETE", ""), ("GET", "/history")]:
        result = client.simulate_request(
            method, f"{BASE}/{project_id}{path}", json={"name": "x"}, headers=account.auth
        )
        assert result.status_code == 404, (method, path)
    listed = client.simulate_get(BASE, params={"q": "Doomed"}, headers=account.auth).json["data"]["items"]
    assert listed == []
    assert _create(client, account, "Doomed").status_code == 201


@pytest.mark.parametrize("via", ["jwt", "api_key"])
def test_another_users_project_is_404_on_every_endpoint(client: falcon.testing.TestClient, via: str) -> None:
    owner, intruder = register_and_login(client, "owner"), register_and_login(client, "intruder")
    project_id = _create(client, owner).json["data"]["id"]
    headers = intruder.auth
    if via == "api_key":
        key = client.simulate_post("/api/v1/users/api-key", headers=intruder.auth).json["data"]["api_key"]
        headers = {"X-API-Key": key}
    for method, path in [("GET", ""), ("PUT", ""), ("DELETE", ""), ("GET", "/history")]:
        result = client.simulate_request(
            method, f"{BASE}/{project_id}{path}", json={"name": "mine"}, headers=headers
        )
        assert result.status_code == 404, (method, path)
        assert result.json["error"] == "project not found"
    unknown = client.simulate_get(f"{BASE}/{uuid.uuid4()}", headers=headers)
    assert unknown.status_code == 404 and unknown.json["error"] == "project not found"
    assert client.simulate_get(BASE, headers=headers).json["data"]["items"] == []
    assert client.simulate_get(f"{BASE}/{project_id}", headers=owner.auth).status_code == 200


def test_non_uuid_id_is_404(client: falcon.testing.TestClient, account: Account) -> None:
    assert client.simulate_get(f"{BASE}/123", headers=account.auth).status_code == 404
