"""Faults the scan pipeline must survive, on real PostgreSQL, the real broker, real workers."""

from __future__ import annotations

import json
import signal
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import falcon.testing
import psutil
import pytest

from infra.bootstrap import Container
from infra.kafka import EmbeddedBroker, free_loopback_port
from infra.relay import run_relay
from tests.integration.conftest import Account
from tests.integration.pipeline import (
    VULNERABLE_APP,
    make_repository,
    own_topics,
    running_pipeline,
    slow_tree,
    tar_gz,
    wait_for,
    worker_env,
    worker_processes,
)


@pytest.fixture
def relay(container: Container, broker: str, projector: object) -> Iterator[str]:
    """A relay on topics of this test's own; yields their prefix for the workers."""
    settings = own_topics(container.settings)
    stop = threading.Event()
    thread = threading.Thread(
        target=run_relay, args=(settings, container.database_url, broker, stop), daemon=True
    )
    thread.start()
    yield settings.kafka_topic_prefix
    stop.set()
    thread.join(30)


def _scan_row(container: Container, scan_id: str) -> dict:
    return container.scans_view.fetch_one("SELECT * FROM scans WHERE id = %s", (scan_id,)) or {}


def _request(client: falcon.testing.TestClient, account: Account, project_id: str, **body: object) -> str:
    answer = client.simulate_post(
        "/api/v1/scans", json={"project_id": project_id, **body}, headers=account.auth
    )
    assert answer.status_code == 202, answer.text
    return answer.json["data"]["id"]


def _project(client: falcon.testing.TestClient, account: Account, repository_url: str | None = None) -> str:
    body = {"name": f"p-{uuid.uuid4().hex[:8]}"} | (
        {"repository_url": repository_url} if repository_url else {}
    )
    return client.simulate_post("/api/v1/projects", json=body, headers=account.auth).json["data"]["id"]


def test_sigkilled_worker_mid_scan_is_finished_by_another_with_one_set_of_findings(
    client: falcon.testing.TestClient, account: Account, container: Container, broker: str,
    repos_root: Path, tmp_path: Path, relay: str,
) -> None:  # fmt: skip
    repo = make_repository(repos_root / uuid.uuid4().hex, slow_tree(120))
    env = worker_env(container.database_url, broker, tmp_path, repos_root, relay)
    with worker_processes(env, 2, tmp_path) as workers:
        scan_id = _request(client, account, _project(client, account, str(repo)), scan_type="sast")
        running = wait_for(lambda: (r := _scan_row(container, scan_id)).get("status") == "running" and r, 90)
        pid = int(running["worker"].rsplit(":", 1)[1])
        victim = next(w for w in workers if w.pid == pid)
        time.sleep(1.0)  # let it get well into the scan
        victim.send_signal(signal.SIGKILL)
        done = wait_for(
            lambda: (r := _scan_row(container, scan_id)).get("status") in ("completed", "failed") and r, 180
        )
    assert done["status"] == "completed", done
    assert done["attempt"] >= 2
    rows = container.scans_view.fetch_all(
        "SELECT fingerprint, attempt FROM findings WHERE scan_id = %s", (scan_id,)
    )
    assert len(rows) == done["findings_total"] == 120
    assert len({r["fingerprint"] for r in rows}) == 120 and {r["attempt"] for r in rows} == {done["attempt"]}


def test_cancelling_a_running_scan_stops_its_worker_within_seconds(
    client: falcon.testing.TestClient, account: Account, container: Container, broker: str,
    repos_root: Path, tmp_path: Path, relay: str,
) -> None:  # fmt: skip
    repo = make_repository(repos_root / uuid.uuid4().hex, slow_tree(200))
    env = worker_env(container.database_url, broker, tmp_path, repos_root, relay)
    with worker_processes(env, 1, tmp_path) as (worker,):
        scan_id = _request(client, account, _project(client, account, str(repo)), scan_type="sast")
        wait_for(lambda: _scan_row(container, scan_id).get("status") == "running", 90)
        wait_for(lambda: _semgrep_running(worker), 30, 0.05)
        cancelled = client.simulate_post(f"/api/v1/scans/{scan_id}/cancel", headers=account.auth)
        assert cancelled.status_code == 200
        started = time.monotonic()
        wait_for(lambda: not _semgrep_running(worker), 10, 0.05)
        assert time.monotonic() - started < 5
        time.sleep(1.5)
        assert _scan_row(container, scan_id)["status"] == "cancelled"


def _semgrep_running(process: object) -> bool:
    try:
        children = psutil.Process(process.pid).children(recursive=True)
    except psutil.Error:
        return False
    for child in children:
        try:
            if child.status() != psutil.STATUS_ZOMBIE and "semgrep" in " ".join(child.cmdline()):
                return True
        except psutil.Error:
            continue
    return False


def test_scan_requested_while_the_broker_is_down_runs_once_it_is_back(
    client: falcon.testing.TestClient,
    account: Account,
    container: Container,
    tmp_path: Path,
    projector: object,
) -> None:
    port = free_loopback_port()
    first = EmbeddedBroker(tmp_path / "b1", port)
    bootstrap = first.start()
    with running_pipeline(container, bootstrap, workers=1):
        project_id = _project(client, account)
        upload = client.simulate_post(
            f"/api/v1/projects/{project_id}/uploads", body=tar_gz({"app.py": VULNERABLE_APP}),
            headers={**account.auth, "Content-Type": "application/gzip"},
        ).json["data"]["upload_id"]  # fmt: skip
        first.stop()
        scan_id = _request(client, account, project_id, scan_type="secrets", upload_id=upload)
        time.sleep(3)
        assert _scan_row(container, scan_id)["status"] == "queued"
        second = EmbeddedBroker(tmp_path / "b2", port)
        second.start()
        try:
            done = wait_for(
                lambda: (r := _scan_row(container, scan_id)).get("status") == "completed" and r, 180
            )
        finally:
            pass
    second.stop()
    assert done["findings_total"] >= 1


def _messages_for(bootstrap: str, topic: str, scan_ids: set[str]) -> dict[str, int]:
    """Every message in the topic, read from the start of each partition to its end."""
    from kafka import KafkaConsumer, TopicPartition

    consumer = KafkaConsumer(bootstrap_servers=[bootstrap], enable_auto_commit=False)
    partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic)]
    consumer.assign(partitions)
    consumer.seek_to_beginning(*partitions)
    ends = consumer.end_offsets(partitions)
    counts: dict[str, int] = {}
    deadline = time.monotonic() + 30
    while any(consumer.position(p) < ends[p] for p in partitions) and time.monotonic() < deadline:
        for records in consumer.poll(timeout_ms=500).values():
            for record in records:
                scan_id = json.loads(record.value)["scan_id"]
                if scan_id in scan_ids:
                    counts[scan_id] = counts.get(scan_id, 0) + 1
    consumer.close()
    return counts


def test_restarting_the_relay_publishes_no_scan_twice(
    client: falcon.testing.TestClient,
    account: Account,
    container: Container,
    tmp_path: Path,
    projector: object,
) -> None:
    broker = EmbeddedBroker(tmp_path / "broker")
    bootstrap = broker.start()
    settings = own_topics(container.settings).with_overrides(requeue_after_seconds=3600)
    project_id = _project(client, account)
    upload = client.simulate_post(
        f"/api/v1/projects/{project_id}/uploads", body=tar_gz({"a.py": "x = 1\n"}),
        headers={**account.auth, "Content-Type": "application/gzip"},
    ).json["data"]["upload_id"]  # fmt: skip
    scan_ids: set[str] = set()
    for run in range(2):
        stop = threading.Event()
        thread = threading.Thread(target=run_relay, args=(settings, container.database_url, bootstrap, stop))
        thread.start()
        for _ in range(5):
            scan_ids.add(_request(client, account, project_id, scan_type="secrets", upload_id=upload))
        wait_for(
            lambda: container.scans_view.fetch_one(
                "SELECT count(*) AS n FROM scan_dispatches "
                "WHERE scan_id = ANY(%s) AND published_at IS NOT NULL",
                ([uuid.UUID(s) for s in scan_ids],),
            )["n"] == len(scan_ids),
            30,
        )  # fmt: skip
        time.sleep(1.0 if run == 0 else 2.0)
        stop.set()
        thread.join(30)
    counts = _messages_for(bootstrap, settings.scan_requests_topic, scan_ids)
    broker.stop()
    assert counts == {scan_id: 1 for scan_id in scan_ids}


def test_hundred_scans_over_three_workers_all_complete_none_twice(
    client: falcon.testing.TestClient, account: Account, container: Container, broker: str,
    repos_root: Path, tmp_path: Path, relay: str,
) -> None:  # fmt: skip
    uploads = {}
    for _ in range(10):  # jobs are keyed by project: ten projects spread them over the partitions
        project_id = _project(client, account)
        uploads[project_id] = client.simulate_post(
            f"/api/v1/projects/{project_id}/uploads", body=tar_gz({"app.py": VULNERABLE_APP}),
            headers={**account.auth, "Content-Type": "application/gzip"},
        ).json["data"]["upload_id"]  # fmt: skip
    env = worker_env(container.database_url, broker, tmp_path, repos_root, relay)
    with worker_processes(env, 3, tmp_path):
        scan_ids = [
            _request(client, account, project_id, scan_type="secrets", upload_id=upload)
            for project_id, upload in uploads.items()
            for _ in range(10)
        ]
        ids = [uuid.UUID(s) for s in scan_ids]
        wait_for(
            lambda: container.scans_view.fetch_one(
                "SELECT count(*) AS n FROM scans WHERE id = ANY(%s) AND status = 'completed'", (ids,)
            )["n"] == 100,
            240,
            0.5,
        )  # fmt: skip
    rows = container.scans_view.fetch_all(
        "SELECT attempt, findings_total, worker FROM scans WHERE id = ANY(%s)", (ids,)
    )
    assert {row["attempt"] for row in rows} == {1}
    assert len({row["worker"] for row in rows}) >= 2
    started = 0
    for scan_id in ids:
        started += sum(1 for e in container.app.events.get(scan_id) if type(e).__name__ == "Started")
    assert started == 100
