"""Helpers for pipeline tests: the broker, relay and workers running for real, and fixture repositories."""

from __future__ import annotations

import io
import subprocess
import tarfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from infra.bootstrap import Container
from infra.relay import run_relay
from infra.scanning import build_scan_runner
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


@contextmanager
def running_pipeline(container: Container, bootstrap: str, workers: int = 1) -> Iterator[threading.Event]:
    """The relay and scan workers in threads of this process, stopped (and joined) at the end."""
    stop = threading.Event()
    threads = [
        threading.Thread(
            target=run_relay, args=(container.settings, container.database_url, bootstrap, stop), daemon=True
        )
    ]
    for number in range(workers):
        runner = build_scan_runner(container, runner_id=f"test-worker-{number}")
        threads.append(
            threading.Thread(target=run_worker, args=(container, runner, bootstrap, stop, 1), daemon=True)
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
