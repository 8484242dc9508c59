"""Shared bench plumbing: a fresh database, the API and projector as real processes, wrk as load."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from infra.kafka import free_loopback_port  # noqa: E402
from infra.postgres import EmbeddedPostgres, drop_database, ensure_database, with_dbname  # noqa: E402

PAIRSEC = str(Path(sys.executable).with_name("pairsec"))


@dataclass
class Service:
    base: str
    env: dict[str, str]
    pid: int = 0  # the API's gunicorn master


@contextmanager
def database() -> Iterator[str]:
    server = os.environ.get("PAIRSEC_BENCH_DATABASE_URL") or os.environ.get("PAIRSEC_TEST_DATABASE_URL")
    embedded = None
    if not server:
        embedded = EmbeddedPostgres(Path(tempfile.mkdtemp(prefix="pairsec-bench-pg-")))
        server = embedded.start()
    url = with_dbname(server, f"pairsec_bench_{uuid.uuid4().hex[:10]}")
    ensure_database(url)
    try:
        yield url
    finally:
        drop_database(url)
        if embedded is not None:
            embedded.stop()


@contextmanager
def running_api(
    database_url: str, workers: int = 2, extra_env: dict[str, str] | None = None
) -> Iterator[Service]:
    home = tempfile.mkdtemp(prefix="pairsec-bench-home-")
    port = free_loopback_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAIRSEC_")}
    env.update(
        {
            "PAIRSEC_HOME": home,
            "PAIRSEC_DATABASE_URL": database_url,
            "PAIRSEC_PORT": str(port),
            "PAIRSEC_WEB_WORKERS": str(workers),
            "PAIRSEC_JWT_SECRET": "bench-" + "s" * 40,
            **(extra_env or {}),
        }
    )
    subprocess.run([PAIRSEC, "migrate"], env=env, check=True, capture_output=True)
    log = open(Path(home) / "processes.log", "wb")  # noqa: SIM115
    processes = [
        subprocess.Popen([PAIRSEC, "projector"], env=env, stdout=log, stderr=log),
        subprocess.Popen([PAIRSEC, "api", "--no-migrate"], env=env, stdout=log, stderr=log),
    ]
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{base}/openapi.json", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        yield Service(base, env, processes[1].pid)
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            process.wait(30)
        log.close()
        shutil.rmtree(home, ignore_errors=True)


@dataclass
class LoadResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    total: int


def _ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(
    url: str, headers: dict[str, str], seconds: int = 15, connections: int = 16, threads: int = 1
) -> LoadResult:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed for this benchmark: apt-get install wrk")
    argv = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for name, value in headers.items():
        argv += ["-H", f"{name}: {value}"]
    out = subprocess.run([*argv, url], capture_output=True, text=True, check=True).stdout
    if not re.search(r"99%\s+[\d.]+(us|ms|s|m)\b", out):
        raise RuntimeError(f"wrk gave no latency figures:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    # Anchored to the start of the line: a stdev column such as "62.50%" must not match.
    p50 = _ms(re.search(r"^\s*50%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"^\s*99%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    non_2xx_match = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return LoadResult(rps, p50, p99, int(non_2xx_match.group(1)) if non_2xx_match else 0, total)
