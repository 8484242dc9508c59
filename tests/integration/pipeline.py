"""Helpers for pipeline tests: the broker, relay and workers running for real, and fixture repositories."""

from __future__ import annotations

import io
import subprocess
import tarfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from infra.bootstrap import Container
from infra.relay import run_relay
from infra.scanning import build_scan_runner
from infra.settings import Settings
from infra.worker_process import run_worker

VULNERABLE_APP = """\
import sqlite3
import subprocess

from flask import Flask, request

app = Flask(__name__)
AWS_ACCESS_KEY_ID = "{aws_key_id}"


@app.route("/user")
def user():
    name = request.args.get("name")
    conn = sqlite3.connect("app.db")
    return str(conn.execute("SELECT * FROM users WHERE name = '" + name + "'").fetchall())


@app.route("/ping")
def ping():
    host = request.args.get("host")
    return subprocess.check_output("ping -c 1 " + host, shell=True)
""".replace("{aws_key_id}", "AKIA" + "Z7Q3XK4M2PLW9RTY")  # assembled here: no key sits in our own source


def make_repository(root: Path, files: dict[str, str], branch: str = "main") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q", "-b", branch, str(root)], check=True)
    subprocess.run([*git, "-C", str(root), "add", "-A"], check=True)
    subprocess.run([*git, "-C", str(root), "commit", "-q", "-m", "initial"], check=True)
    return root


def tar_gz(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(f"src/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def own_topics(settings: Settings) -> Settings:
    """Settings with a topic and consumer group of their own, so tests never share broker state."""
    return settings.with_overrides(kafka_topic_prefix=f"test-{uuid.uuid4().hex[:10]}")


@contextmanager
def running_pipeline(container: Container, bootstrap: str, workers: int = 1) -> Iterator[threading.Event]:
    """The relay and scan workers in threads of this process, stopped (and joined) at the end."""
    stop = threading.Event()
    settings = own_topics(container.settings)
    threads = [
        threading.Thread(
            target=run_relay, args=(settings, container.database_url, bootstrap, stop), daemon=True
        )
    ]
    for number in range(workers):
        runner = build_scan_runner(container, runner_id=f"test-worker-{number}")
        threads.append(
            threading.Thread(target=run_worker, args=(settings, runner, bootstrap, stop, 1), daemon=True)
        )
    for thread in threads:
        thread.start()
    try:
        yield stop
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)


def wait_for(condition: Callable[[], object], timeout: float = 60.0, interval: float = 0.1) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")


def slow_tree(files: int = 120) -> dict[str, str]:
    """A tree that takes semgrep several seconds, with exactly one finding per file."""
    body = "\n".join(
        f"def handler_{i}(request, db):\n    q = request.args.get('q{i}')\n"
        f"    return db.execute('SELECT * FROM t WHERE a = %s', (q,))\n"
        for i in range(60)
    )
    finding = "\n\ndef run(code):\n    return eval(code)\n"
    return {f"pkg/mod_{n}.py": "from flask import request\n" + body + finding for n in range(files)}


def worker_env(
    database_url: str, bootstrap: str, home: Path, repos_root: Path, prefix: str, **extra: str
) -> dict[str, str]:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("PAIRSEC_")}
    env.update(
        {
            "PAIRSEC_DATABASE_URL": database_url,
            "PAIRSEC_KAFKA_BOOTSTRAP": bootstrap,
            "PAIRSEC_HOME": str(home),
            "PAIRSEC_LOCAL_REPO_ROOTS": str(repos_root),
            "PAIRSEC_LEASE_SECONDS": "3",
            "PAIRSEC_REQUEUE_AFTER_SECONDS": "2",
            "PAIRSEC_KAFKA_PARTITIONS": "3",
            "PAIRSEC_KAFKA_TOPIC_PREFIX": prefix,
            "PAIRSEC_JWT_SECRET": "w" * 40,
            **extra,
        }
    )
    return env


@contextmanager
def worker_processes(env: dict[str, str], count: int, log_dir: Path) -> Iterator[list[subprocess.Popen]]:
    import signal
    import sys

    pairsec = str(Path(sys.executable).with_name("pairsec"))
    processes = []
    for number in range(count):
        log = open(log_dir / f"worker-{number}.log", "wb")  # noqa: SIM115 - closed with the process
        processes.append(subprocess.Popen([pairsec, "worker"], env=env, stdout=log, stderr=log))
        log.close()
    try:
        yield processes
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
