"""The security battery's fixtures: `pairsec serve` as a real process on a database of its own, with
everything it logs kept in a file, and two users (Alice owns the resources, Bob attacks them)."""

from __future__ import annotations

import contextlib
import os
import signal
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from infra.kafka import free_loopback_port
from tests.security.client import Account, Api, SecretLedger, SecurityServer, World, build_world
from tests.served import serving

JWT_SECRET = "security-battery-" + uuid.uuid4().hex + uuid.uuid4().hex
LOG_SCAN_MODULE = "test_server_logs.py"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The server-log scan reads what the whole battery made the server log, so it runs last of it."""
    here = Path(__file__).parent
    last_scans = [item for item in items if item.path.name == LOG_SCAN_MODULE and item.path.parent == here]
    if not last_scans:
        return
    rest = [item for item in items if item not in last_scans]
    ours = [index for index, item in enumerate(rest) if item.path.parent == here]
    at = ours[-1] + 1 if ours else len(rest)
    items[:] = rest[:at] + last_scans + rest[at:]


@pytest.fixture(scope="package")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SecurityServer]:
    """`pairsec serve` exactly as a user starts it: gunicorn with 2 workers, projector, relay, scan worker,
    its embedded PostgreSQL and broker. Its own database server: the ~45 connections of every part would
    otherwise crowd the test run's shared server (100 connections)."""
    home = tmp_path_factory.mktemp("security-home")
    port = free_loopback_port()
    log_path = home / "server.log"
    ledger = SecretLedger()
    ledger.remember(JWT_SECRET)
    try:
        with serving(
            home,
            port,
            log_path,
            PAIRSEC_JWT_SECRET=JWT_SECRET,
            PAIRSEC_WEB_WORKERS="2",
            PAIRSEC_DB_POOL_SIZE="2",  # every part keeps pools: keep the battery's server small
            PAIRSEC_ARGON2_MEMORY_KIB="8192",
            PAIRSEC_ARGON2_TIME_COST="1",
            # Every request comes from 127.0.0.1: the per-client limit would let the fuzzer lock out the
            # battery. The per-email limit (5) stays, and the brute-force test proves it.
            PAIRSEC_LOGIN_MAX_FAILURES_PER_CLIENT="100000",
            PAIRSEC_REQUEUE_AFTER_SECONDS="5",
        ):
            base = f"http://127.0.0.1:{port}/api/v1"
            yield SecurityServer(base=base, log_path=log_path, jwt_secret=JWT_SECRET, ledger=ledger)
    finally:
        _stop_leftover_postgres(home / "pgdata")


def _stop_leftover_postgres(pgdata: Path) -> None:
    """If `pairsec serve` was killed before it stopped its embedded PostgreSQL, stop that server."""
    pid_file = pgdata / "postmaster.pid"
    if not pid_file.exists():
        return
    with contextlib.suppress(ValueError, IndexError, ProcessLookupError, PermissionError):
        os.kill(int(pid_file.read_text().split()[0]), signal.SIGTERM)


@pytest.fixture(scope="package")
def api(served: SecurityServer) -> Api:
    return Api(served)


@pytest.fixture(scope="package")
def world(api: Api) -> World:
    """Alice with a project, an upload, a finished scan with findings; Bob with a project of his own."""
    return build_world(api)


@pytest.fixture
def fresh_account(api: Api) -> Account:
    return api.new_account("fresh")
