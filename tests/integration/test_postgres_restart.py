"""PostgreSQL restarting under a running worker: the worker reconnects and the scan still ends."""

from __future__ import annotations

import threading
import time
import uuid
from pathlib import Path

from infra.bootstrap import build_container, migrate
from infra.postgres import EmbeddedPostgres
from infra.projector import run_projector
from infra.relay import run_relay
from infra.settings import Settings
from tests.integration.pipeline import make_repository, slow_tree, wait_for, worker_env, worker_processes


def test_scan_ends_although_postgres_restarts_while_it_runs(
    broker: str, repos_root: Path, tmp_path: Path
) -> None:
    server = EmbeddedPostgres(tmp_path / "pg-home")
    url = server.start()
    settings = Settings(
        home=tmp_path / "home", database_url=url, jwt_secret="r" * 40, local_repo_roots=(repos_root,),
        lease_seconds=3, requeue_after_seconds=2, kafka_partitions=3,
        kafka_topic_prefix=f"t-{uuid.uuid4().hex[:8]}",
    )  # fmt: skip
    migrate(url, settings)
    container = build_container(settings, url)
    stop = threading.Event()
    threads = [
        threading.Thread(target=run_projector, args=(url, stop), daemon=True),
        threading.Thread(target=run_relay, args=(settings, url, broker, stop), daemon=True),
    ]
    for thread in threads:
        thread.start()
    try:
        repo = make_repository(repos_root / uuid.uuid4().hex, slow_tree(150))
        owner = uuid.uuid4()
        project = container.projects.create(owner, "user:test", "restart", str(repo)).value
        scan = container.scans.request(owner, "user:test", project.id, "sast").value
        env = worker_env(url, broker, tmp_path, repos_root, settings.kafka_topic_prefix)
        with worker_processes(env, 1, tmp_path):
            wait_for(lambda: container.scans.status(scan.id)[0] == "running", 90)
            time.sleep(1.0)
            server.restart()
            final = wait_for(
                lambda: (s := container.scans.status(scan.id))[0] in ("completed", "failed") and s, 180, 0.5
            )
        assert final[0] == "completed"
        row = wait_for(
            lambda: (
                (r := container.scans_view.fetch_one("SELECT * FROM scans WHERE id = %s", (scan.id,)))
                and r["status"] == "completed"
                and r
            ),
            60,
            0.5,
        )
        assert row["findings_total"] == 150
    finally:
        stop.set()
        for thread in threads:
            thread.join(30)
        container.close()
        server.stop()
