"""Webhook endpoints: create/list/read/delete, validation (422 naming the field), the SSRF rules,
the per-project cap, secrets shown once and stored nowhere else, and other users' projects (404)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import falcon.testing
import pytest

from domain.webhook import MAX_WEBHOOKS_PER_PROJECT
from infra.bootstrap import Container, build_api, build_container
from infra.settings import Settings
from tests.integration.conftest import Account, register_and_login

HOOK = "https://hooks.example.com/pairsec"


@pytest.fixture(scope="module")
def private_client(
    settings: Settings, database_url: str, projector: object
) -> Iterator[falcon.testing.TestClient]:
    """The API of a server that allows private networks (where plain http to 127.0.0.1 is allowed)."""
    built = build_container(settings.with_overrides(allow_private_networks=True), database_url)
    yield falcon.testing.TestClient(build_api(built))
    built.close()


def _project(client: falcon.testing.TestClient, account: Account) -> str:
    answer = client.simulate_post(
        "/api/v1/projects", json={"name": f"p-{uuid.uuid4().hex[:8]}"}, headers=account.auth
    )
    assert answer.status_code == 201, answer.text
    return answer.json["data"]["id"]


def _create(
    client: falcon.testing.TestClient, account: Account, project_id: str, **body: object
) -> falcon.testing.Result:
    payload = {"url": HOOK, "events": ["scan.completed"], **body}
    return client.simulate_post(f"/api/v1/projects/{project_id}/webhooks", json=payload, headers=account.auth)


def test_webhook_is_created_listed_read_and_deleted(
    client: falcon.testing.TestClient, account: Account
) -> None:
    project_id = _project(client, account)
    created = _create(client, account, project_id, events=["scan.completed", "finding.new"])
    assert created.status_code == 201, created.text
    data = created.json["data"]
    assert data["secret"].startswith("whsec_") and len(data["secret"]) > 30
    assert data["url"] == HOOK and data["events"] == ["scan.completed", "finding.new"]
    base = f"/api/v1/projects/{project_id}/webhooks"
    assert created.headers["location"].endswith(f"{base}/{data['id']}")
    listed = client.simulate_get(base, headers=account.auth).json["data"]
    assert [w["id"] for w in listed["items"]] == [data["id"]] and listed["pagination"]["total"] == 1
    one = client.simulate_get(f"{base}/{data['id']}", headers=account.auth)
    assert one.status_code == 200 and one.json["data"]["events"] == ["scan.completed", "finding.new"]
    assert client.simulate_delete(f"{base}/{data['id']}", headers=account.auth).status_code == 200
    assert client.simulate_get(f"{base}/{data['id']}", headers=account.auth).status_code == 404
    assert client.simulate_get(base, headers=account.auth).json["data"]["items"] == []
    assert client.simulate_delete(f"{base}/{data['id']}", headers=account.auth).status_code == 404


def test_secret_is_shown_once_and_never_stored_in_events_or_answers(
    client: falcon.testing.TestClient, account: Account, container: Container
) -> None:
    project_id = _project(client, account)
    secret = "my-own-signing-secret-" + uuid.uuid4().hex
    created = _create(client, account, project_id, secret=secret)
    assert created.status_code == 201 and created.json["data"]["secret"] == secret
    base = f"/api/v1/projects/{project_id}/webhooks"
    webhook_id = created.json["data"]["id"]
    for path in (
        base,
        f"{base}/{webhook_id}",
        f"{base}/{webhook_id}/deliveries",
        f"/api/v1/projects/{project_id}/history",
    ):
        answer = client.simulate_get(path, headers=account.auth)
        assert answer.status_code == 200 and secret not in answer.text, path
    with container.datastore.cursor() as curs:
        curs.execute(
            "SELECT count(*) AS n FROM pairsec_events WHERE position(%s IN convert_from(state, 'UTF8')) > 0",
            (secret,),
        )
        assert curs.fetchone()["n"] == 0
        curs.execute(
            "SELECT count(*) AS n FROM pairsec_events WHERE originator_id = %s", (uuid.UUID(webhook_id),)
        )
        assert curs.fetchone()["n"] == 1  # the Created event is there, without the secret


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "http://127.0.0.1:9000/hook"}, "url"),
        ({"url": "https://127.0.0.1/hook"}, "url"),
        ({"url": "https://169.254.169.254/latest/meta-data/"}, "url"),
        ({"url": "https://localhost/hook"}, "url"),
        ({"url": "https://[::ffff:10.0.0.1]/hook"}, "url"),
        ({"url": "http://hooks.example.com/hook"}, "url"),
        ({"url": "https://user:pw@hooks.example.com/hook"}, "url"),
        ({"url": "file:///etc/passwd"}, "url"),
        ({"events": ["scan.started"]}, "events"),
        ({"events": ["scan.failed", "scan.failed"]}, "events"),
        ({"secret": "too-short"}, "secret"),
    ],
)
def test_unsafe_or_invalid_webhooks_are_refused_with_422_naming_the_field(
    client: falcon.testing.TestClient, account: Account, container: Container, body: dict, field: str
) -> None:
    from tests.integration.conftest import count_events

    project_id = _project(client, account)
    before = count_events(container)
    answer = _create(client, account, project_id, **body)
    assert answer.status_code == 422, answer.text
    assert set(answer.json["details"]) == {field}
    assert count_events(container) == before


@pytest.mark.parametrize(
    "body",
    [{"events": ["scan.completed"]}, {"url": HOOK}, {"url": HOOK, "events": "scan.completed"},
     {"url": HOOK, "events": [], "extra": 1}, {"url": 5, "events": ["scan.completed"]}],
)  # fmt: skip
def test_malformed_bodies_are_400(client: falcon.testing.TestClient, account: Account, body: dict) -> None:
    project_id = _project(client, account)
    answer = client.simulate_post(f"/api/v1/projects/{project_id}/webhooks", json=body, headers=account.auth)
    assert answer.status_code == 400, answer.text


def test_loopback_http_is_allowed_only_where_private_networks_are(
    private_client: falcon.testing.TestClient, client: falcon.testing.TestClient
) -> None:
    owner = register_and_login(private_client, "private")
    project_id = _project(private_client, owner)
    assert _create(private_client, owner, project_id, url="http://127.0.0.1:9/hook").status_code == 201
    assert _create(client, owner, project_id, url="http://127.0.0.1:9/hook").status_code == 422


def test_another_users_project_and_webhooks_answer_404(
    client: falcon.testing.TestClient, account: Account
) -> None:
    project_id = _project(client, account)
    webhook_id = _create(client, account, project_id).json["data"]["id"]
    intruder = register_and_login(client, "intruder")
    base = f"/api/v1/projects/{project_id}/webhooks"
    assert _create(client, intruder, project_id).status_code == 404
    for path in (base, f"{base}/{webhook_id}", f"{base}/{webhook_id}/deliveries"):
        assert client.simulate_get(path, headers=intruder.auth).status_code == 404, path
    assert client.simulate_delete(f"{base}/{webhook_id}", headers=intruder.auth).status_code == 404
    own_project = _project(client, intruder)
    moved = f"/api/v1/projects/{own_project}/webhooks/{webhook_id}"
    assert client.simulate_get(moved, headers=intruder.auth).status_code == 404
    assert client.simulate_delete(moved, headers=intruder.auth).status_code == 404
    assert client.simulate_get(f"{base}/{webhook_id}", headers=account.auth).status_code == 200


def test_a_project_has_at_most_the_cap_of_webhooks(
    client: falcon.testing.TestClient, account: Account
) -> None:
    project_id = _project(client, account)
    ids = [_create(client, account, project_id).json["data"]["id"] for _ in range(MAX_WEBHOOKS_PER_PROJECT)]
    refused = _create(client, account, project_id)
    assert refused.status_code == 422 and set(refused.json["details"]) == {"webhooks"}
    base = f"/api/v1/projects/{project_id}/webhooks"
    assert client.simulate_delete(f"{base}/{ids[0]}", headers=account.auth).status_code == 200
    assert _create(client, account, project_id).status_code == 201


def test_webhooks_of_a_deleted_project_are_gone(client: falcon.testing.TestClient, account: Account) -> None:
    project_id = _project(client, account)
    webhook_id = _create(client, account, project_id).json["data"]["id"]
    assert client.simulate_delete(f"/api/v1/projects/{project_id}", headers=account.auth).status_code == 200
    path = f"/api/v1/projects/{project_id}/webhooks/{webhook_id}"
    assert client.simulate_get(path, headers=account.auth).status_code == 404


def test_concurrent_creates_never_exceed_the_cap(client: falcon.testing.TestClient, account: Account) -> None:
    from concurrent.futures import ThreadPoolExecutor

    project_id = _project(client, account)
    for _ in range(MAX_WEBHOOKS_PER_PROJECT - 3):
        assert _create(client, account, project_id).status_code == 201
    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(lambda _: _create(client, account, project_id).status_code, range(8)))
    assert set(codes) <= {201, 409, 422} and codes.count(201) <= 3, codes
    listed = client.simulate_get(f"/api/v1/projects/{project_id}/webhooks", headers=account.auth)
    assert listed.json["data"]["pagination"]["total"] == MAX_WEBHOOKS_PER_PROJECT - 3 + codes.count(201)
