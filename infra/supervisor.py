"""`pairsec serve`: one machine runs every part, supervised, stopped together, one instance per home."""

from __future__ import annotations

import ctypes
import fcntl
import logging
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from infra.bootstrap import migrate
from infra.kafka import EmbeddedBroker
from infra.postgres import EmbeddedPostgres
from infra.settings import Settings

log = logging.getLogger("pairsec.serve")
PR_SET_PDEATHSIG = 1


class AlreadyRunning(RuntimeError):
    pass


def _die_with_parent() -> None:
    # If the supervisor is killed outright, its children get SIGTERM instead of living on as orphans.
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def acquire_home_lock(home: Path) -> IO[str]:
    home.mkdir(parents=True, exist_ok=True)
    handle = open(home / "serve.lock", "a+")  # noqa: SIM115 - held for the life of the process
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "unknown"
        handle.close()
        raise AlreadyRunning(
            f"another `pairsec serve` (pid {holder}) is already running with PAIRSEC_HOME={home}"
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


@dataclass
class Part:
    name: str
    argv: list[str]
    process: subprocess.Popen[bytes] | None = None
    restarts: int = 0


class Supervisor:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.stop_event = threading.Event()
        self._embedded_db: EmbeddedPostgres | None = None
        self._broker: EmbeddedBroker | None = None
        self._parts: list[Part] = []
        self._child_env: dict[str, str] = {}

    def run(self) -> int:
        lock = acquire_home_lock(self.settings.home)
        try:
            self._start_infrastructure()
            self._start_parts()
            self._wait_for_api()
            base = f"http://{self.settings.host}:{self.settings.port}"
            log.info(f"pairsec is serving on {base}/api/v1, dashboard on {base}/")
            self._monitor()
            return 0
        finally:
            self.shutdown()
            lock.close()

    def request_stop(self, signum: int = 0, frame: object = None) -> None:
        self.stop_event.set()

    def _start_infrastructure(self) -> None:
        settings = self.settings
        database_url = settings.database_url
        if database_url is None:
            self._embedded_db = EmbeddedPostgres(settings.home)
            database_url = self._embedded_db.start()
            log.info(f"postgres ready (embedded, data in {self._embedded_db.pgdata})")
        else:
            log.info("postgres ready (external)")
        migrate(database_url, settings)
        bootstrap = settings.kafka_bootstrap
        if bootstrap is None:
            self._broker = EmbeddedBroker(settings.home)
            bootstrap = self._broker.start()
            log.info(f"broker ready (embedded tansu on {bootstrap})")
        else:
            log.info(f"broker ready ({bootstrap})")
        self._child_env = {
            **os.environ,
            "PAIRSEC_DATABASE_URL": database_url,
            "PAIRSEC_KAFKA_BOOTSTRAP": bootstrap,
            "PAIRSEC_HOME": str(settings.home),
        }

    def _start_parts(self) -> None:
        entry = [sys.executable, "-m", "infra.cli"]
        self._parts = [
            Part("api", [*entry, "api", "--no-migrate"]),
            Part("projector", [*entry, "projector"]),
            Part("relay", [*entry, "relay"]),
            Part("worker", [*entry, "worker"]),
            Part("webhooks", [*entry, "webhooks"]),
        ]
        for part in self._parts:
            self._spawn(part)

    def _spawn(self, part: Part) -> None:
        part.process = subprocess.Popen(
            part.argv, env=self._child_env, stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent
        )

    def _wait_for_api(self, timeout: float = 60.0) -> None:
        url = f"http://{self.settings.host}:{self.settings.port}/api/v1/openapi.json"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not self.stop_event.is_set():
            api = self._parts[0].process
            if api is not None and api.poll() is not None:
                raise RuntimeError("the API process exited during start-up; see the lines above")
            try:
                with urllib.request.urlopen(url, timeout=1) as answer:
                    if answer.status == 200:
                        log.info("api ready")
                        return
            except OSError:
                time.sleep(0.1)
        if not self.stop_event.is_set():
            raise RuntimeError(f"the API did not answer on {url} within {timeout:.0f}s")

    def _monitor(self) -> None:
        while not self.stop_event.wait(0.5):
            for part in self._parts:
                if part.process is not None and part.process.poll() is not None:
                    code = part.process.returncode
                    part.restarts += 1
                    delay = min(30.0, 0.5 * 2 ** min(part.restarts, 6))
                    log.warning(f"{part.name} exited with code {code}; restarting in {delay:.1f}s")
                    if self.stop_event.wait(delay):
                        return
                    self._spawn(part)

    def shutdown(self) -> None:
        for part in self._parts:
            if part.process is not None and part.process.poll() is None:
                part.process.terminate()
        deadline = time.monotonic() + 15
        for part in self._parts:
            if part.process is None:
                continue
            try:
                part.process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                part.process.kill()
                part.process.wait()
        self._parts = []
        if self._broker is not None:
            self._broker.stop()
            self._broker = None
        if self._embedded_db is not None:
            self._embedded_db.stop()
            self._embedded_db = None
        log.info("pairsec stopped")
