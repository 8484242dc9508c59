"""Analytics at scale: GET /analytics/findings over 1,000,000 finding transition rows of one user.

Builds the history straight into the read-model tables with COPY (a bench, not a projection): 20
projects, 700,000 finding identities first seen over the past year, 300,000 of them fixed later
(1,000,000 transition rows), and 50,000 triage decisions. Then asks the real API (gunicorn, one
worker) for several exports and measures the time and the API worker's peak RSS growth (psutil).

Run: PAIRSEC_BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \
     .venv/bin/python bench/analytics_scale.py [--identities 700000 --fixed 300000]
Target: peak RSS growth of the export <= 500 MB.
"""

from __future__ import annotations

import argparse
import random
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import psutil
import requests
from harness import database, running_api

from infra.bootstrap import datastore_for

SEVERITIES = ("critical", "high", "medium", "low", "info")
ENGINES = ("sast", "secrets", "dependencies")
NOW = datetime.now(UTC).replace(microsecond=0)
YEAR_AGO = NOW - timedelta(days=365)
EXPORTS = (
    ("json", "", "week"),
    ("csv", "project,severity", "day"),
    ("csv", "rule_id,cwe", "day"),
    ("parquet", "project,severity,engine", "week"),
)


def _rules(count: int = 150) -> list[tuple[str, str, str, list[str]]]:
    return [
        (f"bench.rule-{n}", ENGINES[n % 3], SEVERITIES[n % 5], [f"CWE-{20 + n % 40}: Bench weakness"])
        for n in range(count)
    ]


def _copy(datastore: object, statement: str, rows: Iterator[tuple[object, ...]]) -> int:
    count = 0
    with datastore.transaction(commit=True) as curs, curs.copy(statement) as copy:  # type: ignore[attr-defined]
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def load_history(url: str, owner: uuid.UUID, identities: int, fixed: int, triaged: int) -> int:
    """COPY the projects, identities, transitions and triage log; the number of transition rows."""
    rng = random.Random(7)
    rules = _rules()
    projects = [uuid.uuid4() for _ in range(20)]
    ids = [uuid.uuid4() for _ in range(identities)]
    latest = NOW - timedelta(seconds=1)
    seen = [YEAR_AGO + timedelta(seconds=rng.randrange(365 * 86400)) for _ in ids]
    closed = [min(latest, seen[n] + timedelta(hours=rng.randrange(1, 2000))) for n in range(fixed)]

    def identity(n: int) -> tuple[object, ...]:
        return (ids[n], projects[n % len(projects)], owner, *rules[n % len(rules)])

    def transitions() -> Iterator[tuple[object, ...]]:
        for n in range(identities):
            key, project, who, rule_id, engine, severity, cwe = identity(n)
            yield key, project, who, uuid.uuid4(), seen[n], "new", engine, rule_id, severity, cwe
            if n < fixed:
                yield key, project, who, uuid.uuid4(), closed[n], "fixed", engine, rule_id, severity, cwe

    def identity_rows() -> Iterator[tuple[object, ...]]:
        for n in range(identities):
            key, project, who, rule_id, engine, severity, cwe = identity(n)
            state, closed_at = ("fixed", closed[n]) if n < fixed else ("open", None)
            yield key, project, who, "", f"fp{n}", engine, rule_id, severity, cwe, state, seen[n], closed_at

    def triage_rows() -> Iterator[tuple[object, ...]]:
        for n in rng.sample(range(identities), triaged):
            at = min(latest, seen[n] + timedelta(hours=rng.randrange(1, 500)))
            yield ids[n], 2, projects[n % len(projects)], owner, "false_positive", "open", "bench", at

    datastore = datastore_for(url, 1)
    try:
        with datastore.transaction(commit=True) as curs:
            for number, project in enumerate(projects):
                curs.execute(
                    "INSERT INTO projects (id, owner_id, name, version, created_at, updated_at) "
                    "VALUES (%s, %s, %s, 1, %s, %s)",
                    (project, owner, f"bench-{number}", YEAR_AGO, YEAR_AGO),
                )
        rows = _copy(datastore, "COPY finding_transitions (identity_id, project_id, owner_id, scan_id, at, "
                     "transition, engine, rule_id, severity, cwe) FROM STDIN", transitions())  # fmt: skip
        _copy(datastore, "COPY finding_identities (identity_id, project_id, owner_id, ref, fingerprint, "
              "engine, rule_id, severity, cwe, state, first_seen_at, closed_at) FROM STDIN",
              identity_rows())  # fmt: skip
        _copy(datastore, "COPY triage_log (identity_id, version, project_id, owner_id, status, "
              "previous_status, decided_by, decided_at) FROM STDIN", triage_rows())  # fmt: skip
        with datastore.cursor() as curs:
            for table in ("finding_transitions", "finding_identities", "triage_log"):
                curs.execute(f"ANALYZE {table}")
    finally:
        datastore.close()
    return rows


def peak_rss_growth(pid: int, action: object) -> tuple[float, int, int]:
    """Seconds the action took, its peak RSS growth over the RSS before it, and that peak."""
    process = psutil.Process(pid)
    baseline = peak = process.memory_info().rss
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, process.memory_info().rss)
            time.sleep(0.005)

    sampler = threading.Thread(target=sample)
    sampler.start()
    began = time.monotonic()
    action()  # type: ignore[operator]
    elapsed = time.monotonic() - began
    done.set()
    sampler.join()
    return elapsed, peak - baseline, peak


def _wait_for_api(base: str, timeout: float = 300) -> None:
    """The harness waits 60 s for the API; on a busy machine it may need longer."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/openapi.json", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise SystemExit("the API did not start")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--identities", type=int, default=700_000)
    parser.add_argument("--fixed", type=int, default=300_000)
    parser.add_argument("--triaged", type=int, default=50_000)
    args = parser.parse_args()
    with database() as url, running_api(url, 1, {"PAIRSEC_ACCESS_LOG": "0"}) as api:
        _wait_for_api(api.base)
        credentials = {"email": "analytics@example.com", "password": "bench password"}
        requests.post(f"{api.base}/auth/register", json=credentials, timeout=30)
        login = requests.post(f"{api.base}/auth/login", json=credentials, timeout=30).json()["data"]
        bearer = {"Authorization": f"Bearer {login['token']}"}
        began = time.monotonic()
        rows = load_history(url, uuid.UUID(login["user"]["id"]), args.identities, args.fixed, args.triaged)
        print(f"loaded {rows:,} transition rows in {time.monotonic() - began:.1f} s")
        (worker,) = psutil.Process(api.pid).children()
        window = {"from": YEAR_AGO.isoformat(), "to": (NOW + timedelta(days=1)).isoformat()}
        # First-use costs (lazy imports such as pyarrow, the connection pool) are not the export's:
        # warm up as a user without any finding, so no history is read.
        empty = {"email": "nobody@example.com", "password": "bench password"}
        requests.post(f"{api.base}/auth/register", json=empty, timeout=30)
        token = requests.post(f"{api.base}/auth/login", json=empty, timeout=30).json()["data"]["token"]
        for export_format in ("json", "csv", "parquet"):
            requests.get(f"{api.base}/analytics/findings", params={"format": export_format},
                         headers={"Authorization": f"Bearer {token}"}, timeout=300)  # fmt: skip
        before_all = worker.memory_info().rss
        for export_format, group_by, interval in EXPORTS:
            params = {**window, "format": export_format, "group_by": group_by, "interval": interval}
            outcome: dict[str, object] = {}

            def download(params: dict[str, str] = params, outcome: dict[str, object] = outcome) -> None:
                with requests.get(f"{api.base}/analytics/findings", params=params, headers=bearer,
                                  stream=True, timeout=900) as answer:  # fmt: skip
                    outcome["bytes"] = sum(len(chunk) for chunk in answer.iter_content(65536))
                    outcome["status"] = answer.status_code

            elapsed, growth, peak = peak_rss_growth(worker.pid, download)
            print(f"{export_format:8} group_by={group_by or '-':26} interval={interval:5}: "
                  f"HTTP {outcome['status']}, {outcome['bytes'] / 1e6:.2f} MB in {elapsed:.1f} s, "
                  f"API worker peak RSS growth {growth / 1e6:.0f} MB during it, "
                  f"{(peak - before_all) / 1e6:.0f} MB over its RSS before the first export")  # fmt: skip


if __name__ == "__main__":
    main()
