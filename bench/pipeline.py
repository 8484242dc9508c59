"""Scan pipeline figures: end-to-end overhead against plain semgrep, and small-scan throughput.

Run:
  .venv/bin/python bench/pipeline.py overhead TREE [--source git] [--pairs 3]  # TREE: e.g. django sdist
  .venv/bin/python bench/pipeline.py throughput --scans 200 --workers 2
Targets: overhead ratio <= 1.15; queue-to-start p50 < 1 s with an idle worker.
"""

from __future__ import annotations

import argparse
import io
import os
import signal
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests
from harness import PAIRSEC, database

from infra.kafka import EmbeddedBroker, free_loopback_port
from scanners.semgrep import OFFLINE_FLAGS, RULE_PACK_DIR, find_semgrep, semgrep_env


@contextmanager
def service(database_url: str, workers: int, repo_roots: str = "") -> Iterator[tuple[str, dict[str, str]]]:
    home = Path(tempfile.mkdtemp(prefix="pairsec-bench-"))
    broker = EmbeddedBroker(home / "broker")
    bootstrap = broker.start()
    port = free_loopback_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAIRSEC_")}
    env.update({
        "PAIRSEC_HOME": str(home), "PAIRSEC_DATABASE_URL": database_url, "PAIRSEC_KAFKA_BOOTSTRAP": bootstrap,
        "PAIRSEC_PORT": str(port), "PAIRSEC_JWT_SECRET": "b" * 40, "PAIRSEC_ACCESS_LOG": "0",
        "PAIRSEC_LOG_LEVEL": "WARNING", "PAIRSEC_LOCAL_REPO_ROOTS": repo_roots,
    })  # fmt: skip
    log = open(home / "serve.log", "wb")  # noqa: SIM115
    processes = [subprocess.Popen([PAIRSEC, "serve"], env=env, stdout=log, stderr=log)]
    processes += [
        subprocess.Popen([PAIRSEC, "worker"], env=env, stdout=log, stderr=log) for _ in range(workers - 1)
    ]
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.3)
        time.sleep(5)  # let the consumer group settle before timing anything
        yield base, env
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            process.wait(60)
        broker.stop()
        log.close()


def _login(base: str) -> dict[str, str]:
    credentials = {"email": "bench@example.com", "password": "bench password"}
    requests.post(f"{base}/auth/register", json=credentials, timeout=30)
    token = requests.post(f"{base}/auth/login", json=credentials, timeout=30).json()["data"]["token"]
    return {"Authorization": f"Bearer {token}"}


def _archive(tree: Path) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", compresslevel=1) as archive:
        archive.add(tree, arcname=tree.name)
    return buffer.getvalue()


def _wait(base: str, auth: dict[str, str], scan_id: str, timeout: float = 3600, poll: float = 0.05) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        scan = requests.get(f"{base}/scans/{scan_id}", headers=auth, timeout=30).json()["data"]
        if scan["status"] in ("completed", "failed", "cancelled"):
            return scan
        time.sleep(poll)
    raise TimeoutError(scan_id)


def _git_copy(tree: Path) -> Path:
    """The tree committed to a fresh local git repository (the way most users point Pairsec at code)."""
    root = Path(tempfile.mkdtemp(prefix="pairsec-bench-repo-"))
    repo = root / tree.name
    subprocess.run(["cp", "-r", str(tree), str(repo)], check=True)
    git = ["git", "-c", "user.name=b", "-c", "user.email=b@example.com", "-C", str(repo)]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "import"], check=True)
    return repo


def overhead(tree: Path, source: str, pairs: int) -> None:
    """Plain semgrep and POST /scans -> completed, interleaved in pairs so that load from anything
    else on the machine falls on both sides alike; the median of the per-pair ratios is the figure."""
    semgrep = [str(find_semgrep()), "scan", "--json", "--config", str(RULE_PACK_DIR), *OFFLINE_FLAGS,
               "--jobs", str(os.cpu_count() or 1), "--quiet", "."]  # fmt: skip
    repo = _git_copy(tree) if source == "git" else None
    ratios: list[float] = []
    with database() as url, service(url, 1, str(repo.parent) if repo else "") as (base, _):
        auth = _login(base)
        body = {"name": "overhead"} | ({"repository_url": str(repo)} if repo else {})
        project_id = requests.post(f"{base}/projects", json=body, headers=auth, timeout=30).json()["data"][
            "id"
        ]
        archive = _archive(tree) if repo is None else b""
        for pair in range(1, pairs + 1):
            began = time.monotonic()
            subprocess.run(semgrep, cwd=tree, env=semgrep_env(), capture_output=True, check=False)
            plain = time.monotonic() - began
            request = {"project_id": project_id, "scan_type": "sast"}
            if repo is None:
                request["upload_id"] = requests.post(
                    f"{base}/projects/{project_id}/uploads", data=archive,
                    headers={**auth, "Content-Type": "application/gzip"}, timeout=300,
                ).json()["data"]["upload_id"]  # fmt: skip
            began = time.monotonic()
            scan_id = requests.post(f"{base}/scans", json=request, headers=auth, timeout=30).json()["data"][
                "id"
            ]
            # Polled gently: a client hammering the API would steal CPU from the scan being timed.
            scan = _wait(base, auth, scan_id, poll=0.25)
            through = time.monotonic() - began
            ratios.append(through / plain)
            engine_s = scan["engines"]["sast"]["duration_ms"] / 1000
            print(
                f"pair {pair}: plain semgrep scan {plain:.1f} s; POST /scans -> completed {through:.1f} s; "
                f"ratio {through / plain:.3f}; {scan['status']}, {scan['findings']['total']} findings; "
                f"of which queue-to-start {_queue_to_start(scan):.2f} s, "
                f"source fetch {scan['fetch_ms'] / 1000:.1f} s, engine {engine_s:.1f} s",
                flush=True,
            )
    print(f"median ratio over {pairs} pairs: {statistics.median(ratios):.3f} (target <= 1.15)")


def throughput(scans: int, workers: int) -> None:
    files = {"app.py": "import os\nprint(os.environ.get('HOME'))\n", "requirements.txt": "flask==3.0.0\n"}
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(f"src/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    with database() as url, service(url, workers) as (base, _):
        auth = _login(base)
        projects = []
        for n in range(10):
            project_id = requests.post(
                f"{base}/projects", json={"name": f"t{n}"}, headers=auth, timeout=30
            ).json()["data"]["id"]
            upload = requests.post(
                f"{base}/projects/{project_id}/uploads", data=buffer.getvalue(),
                headers={**auth, "Content-Type": "application/gzip"}, timeout=30,
            ).json()["data"]["upload_id"]  # fmt: skip
            projects.append((project_id, upload))
        # Idle-worker latency first: one scan at a time.
        idle = []
        for n in range(10):
            project_id, upload = projects[n]
            scan_id = requests.post(
                f"{base}/scans", json={"project_id": project_id, "scan_type": "secrets", "upload_id": upload},
                headers=auth, timeout=30,
            ).json()["data"]["id"]  # fmt: skip
            scan = _wait(base, auth, scan_id)
            idle.append(_queue_to_start(scan))
        began = time.monotonic()
        ids = []
        for n in range(scans):
            project_id, upload = projects[n % len(projects)]
            body = {"project_id": project_id, "scan_type": "secrets", "upload_id": upload}
            answer = requests.post(f"{base}/scans", json=body, headers=auth, timeout=30)
            ids.append(answer.json()["data"]["id"])
        finished = [_wait(base, auth, scan_id) for scan_id in ids]
        elapsed = time.monotonic() - began
    waits = sorted(_queue_to_start(scan) for scan in finished)
    completed = sum(1 for scan in finished if scan["status"] == "completed")
    print(f"{scans} scans through {workers} workers: {elapsed:.1f} s, {scans / elapsed * 60:.0f} scans/min, "
          f"{completed} completed; queue-to-start under load p50 {statistics.median(waits):.2f} s, "
          f"p99 {waits[int(len(waits) * 0.99) - 1]:.2f} s; idle worker p50 {statistics.median(idle):.2f} s, "
          f"max {max(idle):.2f} s")  # fmt: skip


def _queue_to_start(scan: dict) -> float:
    from datetime import datetime

    created = datetime.fromisoformat(scan["created_at"].replace("Z", "+00:00"))
    started = datetime.fromisoformat(scan["started_at"].replace("Z", "+00:00"))
    return (started - created).total_seconds()


def main() -> None:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    over = commands.add_parser("overhead")
    over.add_argument("tree", type=Path)
    over.add_argument("--source", choices=("upload", "git"), default="upload")
    over.add_argument("--pairs", type=int, default=3, help="plain/pipeline pairs to run")
    through = commands.add_parser("throughput")
    through.add_argument("--scans", type=int, default=200)
    through.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if args.command == "overhead":
        overhead(args.tree.resolve(), args.source, args.pairs)
    else:
        throughput(args.scans, args.workers)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
