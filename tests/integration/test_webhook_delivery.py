"""Webhook delivery by the real follower (`run_webhooks` / `pairsec webhooks`) to a real HTTP receiver:
signatures, retries with a delivery log, deleted webhooks, the egress check at send time, and no
delivery lost when the process is killed mid-way."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import falcon.testing
import pytest

from infra.bootstrap import Container, build_api, build_container
from infra.settings import Settings
from tests.integration.conftest import Account, register_and_login
from tests.integration.pipeline import wait_for
from tests.integration.webhook_receiver import (
    FAST_RETRIES,
    Receiver,
    running_receiver,
    running_sender,
    signature_is_valid,
)


@pytest.fixture(scope="module")
def private_container(settings: Settings, database_url: str) -> Iterator[Container]:
    built = build_container(settings.with_overrides(allow_private_networks=True), database_url)
    yield built
    built.close()


@pytest.fixture(scope="module")
def api(private_container: Container, projector: object) -> falcon.testing.TestClient:
    return falcon.testing.TestClient(build_api(private_container))


@pytest.fixture
def owner(api: falcon.testing.TestClient) -> Account:
    return register_and_login(api, "hooks")


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as running:
        yield running


def _project(api: falcon.testing.TestClient, owner: Account) -> str:
    answer = api.simulate_post(
        "/api/v1/projects", json={"name": f"p-{uuid.uuid4().hex[:8]}"}, headers=owner.auth
    )
    assert answer.status_code == 201, answer.text
    return answer.json["data"]["id"]


def _webhook(api: falcon.testing.TestClient, owner: Account, project_id: str, url: str) -> dict:
    answer = api.simulate_post(
        f"/api/v1/projects/{project_id}/webhooks",
        json={"url": url, "events": ["finding.triaged"]},
        headers=owner.auth,
    )
    assert answer.status_code == 201, answer.text
    return answer.json["data"]


def _triage(container: Container, owner: Account, project_id: str, fingerprint: str) -> None:
    container.triage.decide(
        uuid.UUID(owner.user_id), uuid.UUID(project_id), "", fingerprint, f"user:{owner.user_id}",
        "false_positive", reason="test fixture",
    )  # fmt: skip


def _deliveries(
    api: falcon.testing.TestClient, owner: Account, project_id: str, webhook_id: str
) -> list[dict]:
    answer = api.simulate_get(
        f"/api/v1/projects/{project_id}/webhooks/{webhook_id}/deliveries", headers=owner.auth
    )
    assert answer.status_code == 200, answer.text
    return answer.json["data"]["items"]


def test_triage_is_delivered_signed_with_the_webhook_secret(
    api: falcon.testing.TestClient, owner: Account, private_container: Container, receiver: Receiver,
    settings: Settings,
) -> None:  # fmt: skip
    project_id = _project(api, owner)
    hook = _webhook(api, owner, project_id, receiver.url("/signed"))
    with running_sender(settings):
        _triage(private_container, owner, project_id, "fp-signed")
        (received,) = wait_for(lambda: receiver.at("/signed"), timeout=30)
    assert received.event == "finding.triaged"
    assert signature_is_valid(hook["secret"], received)
    assert not signature_is_valid("whsec_not-the-right-secret-at-all", received)
    tampered = type(received)(
        received.path, received.headers, received.body.replace(b"fp-signed", b"fp-other")
    )
    assert not signature_is_valid(hook["secret"], tampered)
    body = json.loads(received.body)
    assert body["id"] == received.delivery_id and body["event"] == "finding.triaged"
    assert body["data"]["finding"]["fingerprint"] == "fp-signed"
    assert body["data"]["triage"]["status"] == "false_positive"
    (logged,) = _deliveries(api, owner, project_id, hook["id"])
    assert logged["id"] == received.delivery_id and logged["status"] == "delivered"
    assert [a["status_code"] for a in logged["attempt_log"]] == [200]


def test_receiver_error_is_retried_with_the_same_delivery_and_logged(
    api: falcon.testing.TestClient, owner: Account, private_container: Container, receiver: Receiver,
    settings: Settings,
) -> None:  # fmt: skip
    project_id = _project(api, owner)
    hook = _webhook(api, owner, project_id, receiver.url("/flaky"))
    receiver.scripted["/flaky"] = [500]
    with running_sender(settings):
        _triage(private_container, owner, project_id, "fp-flaky")
        first, second = wait_for(
            lambda: len(receiver.at("/flaky")) >= 2 and receiver.at("/flaky"), timeout=30
        )
        logged = wait_for(
            lambda: [
                d for d in _deliveries(api, owner, project_id, hook["id"]) if d["status"] == "delivered"
            ],
            timeout=30,
        )[0]
    assert first.delivery_id == second.delivery_id and first.body == second.body
    assert signature_is_valid(hook["secret"], first) and signature_is_valid(hook["secret"], second)
    assert logged["attempts"] == 2 and logged["last_status_code"] == 200
    assert [(a["attempt"], a["status_code"], a["error"]) for a in logged["attempt_log"]] == [
        (1, 500, "HTTP 500"),
        (2, 200, None),
    ]
    assert all(isinstance(a["duration_ms"], int) for a in logged["attempt_log"])


def test_delivery_is_marked_failed_after_the_last_attempt(
    api: falcon.testing.TestClient, owner: Account, private_container: Container, receiver: Receiver,
    settings: Settings,
) -> None:  # fmt: skip
    project_id = _project(api, owner)
    hook = _webhook(api, owner, project_id, receiver.url("/down"))
    receiver.scripted["/down"] = [503] * 10
    with running_sender(settings):
        _triage(private_container, owner, project_id, "fp-down")
        logged = wait_for(
            lambda: [d for d in _deliveries(api, owner, project_id, hook["id"]) if d["status"] == "failed"],
            timeout=30,
        )[0]
    assert logged["attempts"] == FAST_RETRIES["webhook_max_attempts"] == len(receiver.at("/down"))
    assert [a["status_code"] for a in logged["attempt_log"]] == [503, 503, 503]
    assert logged["next_attempt_at"] is None


def test_redirect_is_logged_as_a_failure_and_not_followed(
    api: falcon.testing.TestClient, owner: Account, private_container: Container, receiver: Receiver,
    settings: Settings,
) -> None:  # fmt: skip
    project_id = _project(api, owner)
    hook = _webhook(api, owner, project_id, receiver.url("/moved"))
    receiver.scripted["/moved"] = [302]
    with running_sender(settings):
        _triage(private_container, owner, project_id, "fp-moved")
        logged = wait_for(
            lambda: [
                d for d in _deliveries(api, owner, project_id, hook["id"]) if d["status"] == "delivered"
            ],
            timeout=30,
        )[0]
    assert logged["attempt_log"][0]["status_code"] == 302 and "redirect" in logged["attempt_log"][0]["error"]
    assert receiver.at("/redirected") == []


def test_deleted_webhook_gets_nothing(
    api: falcon.testing.TestClient, owner: Account, private_container: Container, receiver: Receiver,
    settings: Settings,
) -> None:  # fmt: skip
    project_id = _project(api, owner)
    kept = _webhook(api, owner, project_id, receiver.url("/kept"))
    deleted = _webhook(api, owner, project_id, receiver.url("/deleted"))
    gone = api.simulate_delete(f"/api/v1/projects/{project_id}/webhooks/{deleted['id']}", headers=owner.auth)
    assert gone.status_code == 200
    with running_sender(settings):
        _triage(private_container, owner, project_id, "fp-after-delete")
        wait_for(lambda: receiver.at("/kept"), timeout=30)
    assert receiver.at("/deleted") == []
    assert _deliveries(api, owner, project_id, kept["id"])[0]["status"] == "delivered"


def test_pending_deliveries_of_a_deleted_webhook_are_cancelled(
    api: falcon.testing.TestClient, owner: Account, private_container: Container, receiver: Receiver,
    settings: Settings,
) -> None:  # fmt: skip
    project_id = _project(api, owner)
    kept = _webhook(api, owner, project_id, receiver.url("/kept-early"))
    deleted = _webhook(api, owner, project_id, receiver.url("/deleted-late"))
    _triage(private_container, owner, project_id, "fp-before-delete")  # while no sender runs
    gone = api.simulate_delete(f"/api/v1/projects/{project_id}/webhooks/{deleted['id']}", headers=owner.auth)
    assert gone.status_code == 200
    with running_sender(settings):
        wait_for(lambda: receiver.at("/kept-early"), timeout=30)
        with private_container.datastore.cursor() as curs:
            curs.execute(
                "SELECT status FROM webhook_deliveries WHERE webhook_id = %s", (uuid.UUID(deleted["id"]),)
            )
            assert [row["status"] for row in curs.fetchall()] == ["cancelled"]
    assert receiver.at("/deleted-late") == []
    assert kept["id"] != deleted["id"]


def test_egress_is_checked_again_at_delivery_time(
    api: falcon.testing.TestClient, owner: Account, private_container: Container, receiver: Receiver,
    settings: Settings,
) -> None:  # fmt: skip
    """A webhook accepted while private networks were allowed is not called once they are not."""
    project_id = _project(api, owner)
    hook = _webhook(api, owner, project_id, receiver.url("/internal"))
    with running_sender(settings, allow_private_networks=False):
        _triage(private_container, owner, project_id, "fp-internal")
        logged = wait_for(
            lambda: [a for d in _deliveries(api, owner, project_id, hook["id"]) for a in d["attempt_log"]],
            timeout=30,
        )
    assert logged[0]["status_code"] is None and "not allowed" in logged[0]["error"]
    assert receiver.at("/internal") == []


@pytest.fixture
def webhooks_env(settings: Settings, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAIRSEC_")}
    env.update(
        {
            "PAIRSEC_DATABASE_URL": str(settings.database_url),
            "PAIRSEC_HOME": str(tmp_path / "home"),
            "PAIRSEC_JWT_SECRET": str(settings.jwt_secret),  # the key that opens the webhooks' secrets
            "PAIRSEC_ALLOW_PRIVATE_NETWORKS": "1",
            "PAIRSEC_WEBHOOK_RETRY_SECONDS": "0.2",
            "PAIRSEC_WEBHOOK_TIMEOUT_SECONDS": "2",
            "PAIRSEC_LOG_LEVEL": "WARNING",
        }
    )
    return env


@contextmanager
def webhooks_process(env: dict[str, str], log_path: Path) -> Iterator[subprocess.Popen]:
    pairsec = str(Path(sys.executable).with_name("pairsec"))
    with open(log_path, "ab") as log:
        process = subprocess.Popen([pairsec, "webhooks"], env=env, stdout=log, stderr=log)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_no_delivery_is_lost_when_the_process_is_killed_mid_way(
    api: falcon.testing.TestClient, owner: Account, private_container: Container, receiver: Receiver,
    webhooks_env: dict[str, str], tmp_path: Path,
) -> None:  # fmt: skip
    project_id = _project(api, owner)
    hook = _webhook(api, owner, project_id, receiver.url("/many"))
    receiver.delay_seconds = 0.2  # slow enough that the kill lands while deliveries are in flight
    fingerprints = {f"fp-{n:02d}" for n in range(30)}
    log_path = tmp_path / "webhooks.log"
    with webhooks_process(webhooks_env, log_path) as first:
        for fingerprint in sorted(fingerprints):
            _triage(private_container, owner, project_id, fingerprint)
        wait_for(lambda: len(receiver.at("/many")) >= 5, timeout=60)
        first.kill()  # SIGKILL: no clean shutdown, leases and the projection position as they were
        first.wait(10)
    arrived_before_restart = len(receiver.at("/many"))
    assert arrived_before_restart < len(fingerprints), "the kill came too late to prove anything"
    receiver.delay_seconds = 0.0
    with webhooks_process(webhooks_env, log_path):
        wait_for(
            lambda: (
                {json.loads(r.body)["data"]["finding"]["fingerprint"] for r in receiver.at("/many")}
                == fingerprints
            ),
            timeout=90,
        )
        wait_for(
            lambda: all(
                d["status"] == "delivered" for d in _all_deliveries(api, owner, project_id, hook["id"])
            ),
            timeout=60,
        )
    by_delivery: dict[str, set[str]] = {}
    for received in receiver.at("/many"):
        assert signature_is_valid(hook["secret"], received)
        fingerprint = json.loads(received.body)["data"]["finding"]["fingerprint"]
        by_delivery.setdefault(received.delivery_id, set()).add(fingerprint)
    # Every finding arrived; a repeat is only ever the same delivery (same id) sent again.
    assert len(by_delivery) == len(fingerprints) and all(len(f) == 1 for f in by_delivery.values())
    assert len(_all_deliveries(api, owner, project_id, hook["id"])) == len(fingerprints)


def _all_deliveries(
    api: falcon.testing.TestClient, owner: Account, project_id: str, webhook_id: str
) -> list[dict]:
    answer = api.simulate_get(
        f"/api/v1/projects/{project_id}/webhooks/{webhook_id}/deliveries",
        params={"per_page": 100},
        headers=owner.auth,
    )
    return answer.json["data"]["items"]
