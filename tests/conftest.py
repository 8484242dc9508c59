"""Shared fixtures: a fresh database per test run on a real PostgreSQL, and the running pieces."""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from infra.postgres import EmbeddedPostgres, drop_database, ensure_database, with_dbname
from infra.settings import Settings


def _server_url(tmp_root: Path) -> tuple[str, EmbeddedPostgres | None]:
    configured = os.environ.get("PAIRSEC_TEST_DATABASE_URL")
    if configured:
        return configured, None
    embedded = EmbeddedPostgres(tmp_root / "embedded-pg-home")
    return embedded.start(), embedded


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database of its own for this test run, dropped at the end."""
    server_url, embedded = _server_url(tmp_path_factory.mktemp("pg"))
    url = with_dbname(server_url, f"pairsec_test_{uuid.uuid4().hex[:12]}")
    ensure_database(url)
    from infra.bootstrap import migrate

    migrate(url, Settings(home=tmp_path_factory.mktemp("home")))
    yield url
    drop_database(url)
    if embedded is not None:
        embedded.stop()


@pytest.fixture(scope="session")
def repos_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where tests create git repositories that projects may point at (a local repo root)."""
    return tmp_path_factory.mktemp("repos").resolve()


@pytest.fixture(scope="session")
def settings(database_url: str, tmp_path_factory: pytest.TempPathFactory, repos_root: Path) -> Settings:
    return Settings(
        home=tmp_path_factory.mktemp("pairsec-home"),
        database_url=database_url,
        jwt_secret="test-secret-" + "x" * 40,
        argon2_memory_kib=8192,
        argon2_time_cost=1,
        read_your_writes_timeout=10.0,
        local_repo_roots=(repos_root,),
        lease_seconds=3,
        requeue_after_seconds=2,
        kafka_partitions=3,
    )


@pytest.fixture(scope="session")
def projector(database_url: str) -> Iterator[threading.Event]:
    """The real projector, following the event store in a background thread."""
    from infra.projector import run_projector

    stop = threading.Event()
    thread = threading.Thread(target=run_projector, args=(database_url, stop), daemon=True)
    thread.start()
    yield stop
    stop.set()
    thread.join(timeout=15)


@pytest.fixture(scope="session")
def container(settings: Settings, database_url: str) -> Iterator[object]:
    from infra.bootstrap import build_container

    built = build_container(settings, database_url)
    yield built
    built.close()
