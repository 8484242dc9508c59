"""Load with nothing lost: locust users against `pairsec serve` (gunicorn with 2 workers, relay, projector,
one scan worker) plus a second `pairsec worker`, then a count of every accepted write in the read models.

Run:
  .venv/bin/python bench/load.py                       # 50 users, 60 s (the figure in bench/RESULTS.md)
  .venv/bin/python bench/load.py --users 10 --seconds 15
Database: PAIRSEC_BENCH_DATABASE_URL (or PAIRSEC_TEST_DATABASE_URL), else an embedded PostgreSQL;
`--embedded` forces the embedded one. Exits 1 if a write is missing, a scan is not terminal or a 5xx was
answered; prints throughput and latency percentiles (a Markdown table with --markdown).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import PAIRSEC, ROOT, database

from infra.kafka import EmbeddedBroker, free_loopback_port
from infra.postgres import EmbeddedPostgres

LOCUST = str(Path(sys.executable).with_name("locust"))
TERMINAL = ("completed", "failed", "cancelled")
READ_MODEL_TABLES = {"users": "users", "projects": "projects", "uploads": "uploads", "scans": "scans"}


@dataclass
class Outcome:
    """What the run accepted and what the read models hold afterwards."""

    accepted: dict[str, int]
    stored: dict[str, int]
    scans_by_status: dict[str, int]
    statuses: dict[int, int]
    stats: list[dict[str, str]]
    drain_seconds: float
    problems: list[str] = field(default_factory=list)

    @property
    def server_errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 500)


@contextmanager
def embedded_database() -> Iterator[str]:
    home = Path(tempfile.mkdtemp(prefix="pairsec-load-pg-"))
    embedded = EmbeddedPostgres(home)
    try:
        yield embedded.start()
    finally:
        embedded.stop()
        shutil.rmtree(home, ignore_errors=True)


@contextmanager
def serving(database_url: str, home: Path, scan_workers: int = 2) -> Iterator[tuple[str, Path]]:
    """`pairsec serve` plus scan_workers - 1 more `pairsec worker`, as real processes."""
    broker = EmbeddedBroker(home / "broker")
    bootstrap = broker.start()
    port = free_loopback_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAIRSEC_")}
    env.update({
        "PAIRSEC_HOME": str(home), "PAIRSEC_DATABASE_URL": database_url, "PAIRSEC_KAFKA_BOOTSTRAP": bootstrap,
        "PAIRSEC_PORT": str(port), "PAIRSEC_JWT_SECRET": "load-" + "k" * 40, "PAIRSEC_WEB_WORKERS": "2",
    })  # fmt: skip
    log_path = home / "server.log"
    log = open(log_path, "wb")  # noqa: SIM115 - closed below
    processes = [subprocess.Popen([PAIRSEC, "serve"], env=env, stdout=log, stderr=log)]
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        deadline = time.monotonic() + 120
        while not _healthy(base):
            if time.monotonic() > deadline or processes[0].poll() is not None:
                raise RuntimeError(f"pairsec serve did not start; see {log_path}")
            time.sleep(0.3)
        processes += [
            subprocess.Popen([PAIRSEC, "worker"], env=env, stdout=log, stderr=log)
            for _ in range(scan_workers - 1)
        ]
        time.sleep(5)  # let the consumer group take in the extra worker before the load starts
        yield base, log_path
    finally:
        for process in reversed(processes):
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                process.kill()
        broker.stop()
        log.close()


def _healthy(base: str) -> bool:
    try:
        return requests.get(f"{base}/health", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def run_locust(base: str, users: int, seconds: int, out: Path) -> tuple[dict, list[dict[str, str]]]:
    ledger = out / "ledger.json"
    argv = [
        LOCUST, "-f", str(ROOT / "bench" / "load_users.py"), "--headless", "--users", str(users),
        "--spawn-rate", str(max(1, users // 5)), "--run-time", f"{seconds}s", "--host", base,
        "--csv", str(out / "locust"), "--only-summary", "--stop-timeout", "30", "--ledger", str(ledger),
        "--exit-code-on-error", "0", "--loglevel", "WARNING",
    ]  # fmt: skip
    result = subprocess.run(argv, cwd=out, capture_output=True, text=True, timeout=seconds + 300)
    if not ledger.exists():
        raise RuntimeError(f"locust wrote no ledger (exit {result.returncode}):\n{result.stderr[-3000:]}")
    with open(out / "locust_stats.csv") as stats:
        rows = list(csv.DictReader(stats))
    return json.loads(ledger.read_text()), rows


def _count(database_url: str, table: str, ids: list[str]) -> int:
    with psycopg.connect(database_url) as conn:
        row = conn.execute(f"SELECT count(*) FROM {table} WHERE id = ANY(%s::uuid[])", (ids,)).fetchone()
    return int(row[0]) if row else 0


def _scan_statuses(database_url: str, ids: list[str]) -> dict[str, int]:
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT status, count(*) FROM scans WHERE id = ANY(%s::uuid[]) GROUP BY status", (ids,)
        ).fetchall()
    return {status: int(count) for status, count in rows}


def drain(base: str, database_url: str, scan_ids: list[str], timeout: float) -> float:
    """Wait until every accepted scan is terminal and no read model lags; the seconds it took."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        statuses = _scan_statuses(database_url, scan_ids)
        terminal = sum(count for status, count in statuses.items() if status in TERMINAL)
        health = requests.get(f"{base}/health", timeout=10).json().get("data", {})
        lag = sum(p.get("lag", 0) for p in health.get("projections", {}).values())
        if terminal == len(scan_ids) and lag == 0:
            break
        time.sleep(1)
    return time.monotonic() - started


def run(users: int, seconds: int, drain_timeout: float = 900, embedded: bool = False) -> Outcome:
    with tempfile.TemporaryDirectory(prefix="pairsec-load-") as scratch:
        out = Path(scratch)
        source = embedded_database() if embedded else database()
        with source as server_url:
            database_url = server_url
            with serving(database_url, out / "home") as (base, log_path):
                ledger, stats = run_locust(base, users, seconds, out)
                accepted_ids = ledger["accepted"]
                drain_seconds = drain(base, database_url, accepted_ids["scans"], drain_timeout)
                stored = {
                    kind: _count(database_url, table, accepted_ids[kind])
                    for kind, table in READ_MODEL_TABLES.items()
                }
                outcome = Outcome(
                    accepted={kind: len(ids) for kind, ids in accepted_ids.items()},
                    stored=stored,
                    scans_by_status=_scan_statuses(database_url, accepted_ids["scans"]),
                    statuses={int(k): v for k, v in ledger["statuses"].items()},
                    stats=stats,
                    drain_seconds=drain_seconds,
                )
                crashes = [
                    line for line in log_path.read_text(errors="replace").splitlines() if "unhandled" in line
                ]
    for kind, count in outcome.accepted.items():
        if outcome.stored[kind] != count:
            outcome.problems.append(f"{kind}: {count} accepted, {outcome.stored[kind]} in the read model")
    not_terminal = {s: n for s, n in outcome.scans_by_status.items() if s not in TERMINAL}
    if not_terminal:
        outcome.problems.append(f"scans not terminal after {drain_timeout:.0f} s: {not_terminal}")
    if outcome.server_errors:
        outcome.problems.append(f"{outcome.server_errors} answers were 5xx")
    if crashes:
        outcome.problems.append(f"{len(crashes)} unhandled errors in the server log, e.g. {crashes[0][:300]}")
    if not outcome.accepted["scans"] or not outcome.accepted["projects"]:
        outcome.problems.append("the run accepted no scan or no project: it proves nothing")
    return outcome


def markdown(outcome: Outcome, users: int, seconds: int) -> str:
    lines = [
        f"{users} users, {seconds} s. Accepted writes and what the read models hold after the run:",
        "",
        "| write | accepted | in the read model |",
        "| --- | --- | --- |",
        *(f"| {kind} | {n:,} | {outcome.stored[kind]:,} |" for kind, n in outcome.accepted.items()),
        "",
        f"Scans by status after draining ({outcome.drain_seconds:.0f} s after the load stopped): "
        + ", ".join(f"{s} {n}" for s, n in sorted(outcome.scans_by_status.items()))
        + f". Answers by status: {', '.join(f'{s}: {n:,}' for s, n in sorted(outcome.statuses.items()))}.",
        "",
        "| request | count | req/s | p50 | p95 | p99 | max |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in outcome.stats:
        name = row["Name"] if row["Name"] != "Aggregated" else "**all**"
        lines.append(
            f"| {row['Type']} {name} | {int(row['Request Count']):,} | {float(row['Requests/s']):.1f} | "
            f"{row['50%']} ms | {row['95%']} ms | {row['99%']} ms | "
            f"{float(row['Max Response Time']):.0f} ms |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--drain-timeout", type=float, default=900)
    parser.add_argument("--embedded", action="store_true", help="use an embedded PostgreSQL")
    args = parser.parse_args()
    outcome = run(args.users, args.seconds, args.drain_timeout, args.embedded)
    print(markdown(outcome, args.users, args.seconds))
    for problem in outcome.problems:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    return 1 if outcome.problems else 0


if __name__ == "__main__":
    sys.exit(main())
