"""Killing the projector mid-stream and restarting it leaves the read model exactly right."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from commands.projects import Projects
from infra.bootstrap import build_container, migrate
from infra.postgres import drop_database, ensure_database, with_dbname
from infra.settings import Settings

PAIRSEC = str(Path(sys.executable).with_name("pairsec"))


@pytest.fixture
def own_database(database_url: str) -> Iterator[str]:
    url = with_dbname(database_url, f"pairsec_restart_{uuid.uuid4().hex[:10]}")
    ensure_database(url)
    yield url
    drop_database(url)


def _projector(url: str, home: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAIRSEC_")}
    env.update({"PAIRSEC_DATABASE_URL": url, "PAIRSEC_HOME": str(home)})
    return subprocess.Popen(
        [PAIRSEC, "projector"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _position(container: object, table: str) -> int:
    with container.datastore.cursor() as curs:
        curs.execute(f"SELECT coalesce(max(notification_id), 0) AS n FROM {table}")
        return int(curs.fetchone()["n"])


def test_sigkilled_projector_resumes_and_ends_as_if_it_never_stopped(
    own_database: str, tmp_path: Path
) -> None:
    settings = Settings(home=tmp_path, database_url=own_database, jwt_secret="j" * 40)
    migrate(own_database, settings)
    container = build_container(settings, own_database)
    projects: Projects = container.projects
    owner = uuid.uuid4()
    created: list[uuid.UUID] = []

    def write_events() -> None:
        for i in range(150):
            project = projects.create(owner, "user:test", f"p{i}", None, f"d{i}").value
            created.append(project.id)
            if i % 3 == 0:
                projects.update(owner, project.id, "user:test", {"description": f"changed {i}"})
            if i % 10 == 0:
                projects.delete(owner, project.id, "user:test")

    projector = _projector(own_database, tmp_path)
    writer = threading.Thread(target=write_events)
    writer.start()
    deadline = time.monotonic() + 60
    while _position(container, "projects_tracking") < 60 and time.monotonic() < deadline:
        time.sleep(0.02)
    projector.send_signal(signal.SIGKILL)
    projector.wait()
    killed_at = _position(container, "projects_tracking")
    writer.join()
    assert killed_at < _position(container, "pairsec_events")  # it really died mid-stream

    projector = _projector(own_database, tmp_path)
    try:
        head = _position(container, "pairsec_events")
        deadline = time.monotonic() + 60
        while _position(container, "projects_tracking") < head and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _position(container, "projects_tracking") == head
    finally:
        projector.send_signal(signal.SIGTERM)
        projector.wait(30)

    rows = {row["id"]: row for row in container.projects_view.fetch_all("SELECT * FROM projects")}
    expected = {}
    for project_id in created:
        project = container.app.repository.get(project_id)
        if not project.deleted:
            expected[project_id] = (project.name, project.description, project.version)
    actual = {pid: (row["name"], row["description"], row["version"]) for pid, row in rows.items()}
    assert actual == expected
    stats = container.projects_view.fetch_one("SELECT count(*) AS n FROM project_statistics")
    assert stats["n"] == len(expected)
    container.close()
