"""Findings at scale: one scan with 100,000 findings.

Measures projection ingest (findings/s while a running projector, paused while the findings were
recorded, catches up on them; the finding identities read model catches up alongside and its time
is shown too), GET /scans/{id}/findings latency for page 1 and for page 1,000 with a severity
filter, GET /projects/{id}/findings page 1 (100,000 identities), and the time and API-process memory growth of
streaming the whole scan as CSV and as SARIF.

Run: .venv/bin/python bench/findings_scale.py [--findings 100000]
Targets: ingest >= 10,000 findings/s; p99 < 50 ms for both pages; CSV <= 3 s with peak RSS growth
<= 100 MB; SARIF within 2x of CSV's time.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psutil
import requests
from harness import PAIRSEC, database, running_api, wrk

from infra.bootstrap import build_container, migrate
from infra.settings import Settings

SEVERITIES = ("critical", "high", "medium", "low", "info")


def _finding(n: int) -> dict:
    return {
        "rule_id": f"python.bench.rule-{n % 40}", "engine": ("sast", "secrets", "dependencies")[n % 3],
        "severity": SEVERITIES[n % 5], "confidence": "high", "title": f"Finding number {n}",
        "message": "Untrusted input reaches a dangerous sink; validate it first.",
        "file_path": f"src/module_{n // 50}/file_{n % 50}.py", "start_line": n % 400 + 1,
        "end_line": n % 400 + 2, "snippet": f"cursor.execute('SELECT ' + value_{n})",
        "cwe": ["CWE-89: SQL Injection"], "owasp": ["A03:2021 - Injection"], "fix": "use parameters",
        "fingerprint": f"{n:040x}", "extra": {},
    }  # fmt: skip


def _position(container: object, table: str) -> int:
    """The event log's head, or a read model's tracked position (not its table-migration marker)."""
    where = "" if table == "pairsec_events" else " WHERE application_name = 'pairsec'"
    row = container.scans_view.fetch_one(f"SELECT coalesce(max(notification_id), 0) AS n FROM {table}{where}")
    return int(row["n"])


def _wait_for(container: object, position: int, *tracking_tables: str) -> None:
    for table in tracking_tables:
        while _position(container, table) < position:
            time.sleep(0.01)


def _peak_rss_during(pids: list[int], action: object) -> tuple[float, int]:
    processes = [psutil.Process(pid) for pid in pids]
    baseline = {p.pid: p.memory_info().rss for p in processes}
    peak = dict(baseline)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            for p in processes:
                peak[p.pid] = max(peak[p.pid], p.memory_info().rss)
            time.sleep(0.01)

    sampler = threading.Thread(target=sample)
    sampler.start()
    began = time.monotonic()
    action()  # type: ignore[operator]
    elapsed = time.monotonic() - began
    done.set()
    sampler.join()
    return elapsed, max(peak[pid] - baseline[pid] for pid in baseline)


def _deep_page_queries(container: object, scan_id: uuid.UUID, runs: int = 50) -> None:
    """The ids query of page 1,000 with severity=high, in-process: the plain offset walk against the
    walk from the nearest anchor (what GET /scans/{id}/findings runs now), median and worst of runs."""
    from projections.findings import FindingQueries
    from projections.pagination import PageRequest

    queries = FindingQueries(container.scans_view)
    context = queries.context(container.scans_view.fetch_one("SELECT owner_id FROM scans WHERE id = %s",
                              (scan_id,))["owner_id"], scan_id)  # fmt: skip
    request = PageRequest(page=1000, per_page=20, sort="-severity")
    offset_sql = (
        "SELECT f.id FROM findings f WHERE f.scan_id = %s AND f.severity_rank = ANY(%s) "
        "ORDER BY f.severity_rank DESC, f.id DESC LIMIT 21 OFFSET 19980"
    )

    def offset_walk() -> object:
        return container.scans_view.fetch_all(offset_sql, (scan_id, [3]))

    def anchored() -> object:
        return queries._anchored_page(
            context, request, queries._severity_counts(context, {"severity": ["high"]})
        )

    assert [r["id"] for r in offset_walk()][:20] == [r["id"] for r in anchored().items]  # same rows
    for label, action in (("offset walk", offset_walk), ("from anchor", anchored)):
        timings = []
        for _ in range(runs):
            began = time.perf_counter()
            action()
            timings.append((time.perf_counter() - began) * 1000)
        timings.sort()
        print(f"page 1000 high ids, {label}: median {timings[runs // 2]:.2f} ms, worst {timings[-1]:.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--findings", type=int, default=100_000)
    parser.add_argument("--vacuum", action="store_true", help="VACUUM ANALYZE after ingest, as autovacuum")
    args = parser.parse_args()
    with database() as url:
        home = Path(tempfile.mkdtemp(prefix="pairsec-scale-"))
        settings = Settings(home=home, database_url=url, jwt_secret="bench-" + "s" * 40)
        migrate(url, settings)
        container = build_container(settings, url)
        owner = uuid.uuid4()
        project = container.projects.create(owner, "bench", "scale").value
        upload = container.uploads.save(owner, project.id, "a.tar.gz", b"\x1f\x8b")
        scan = container.scans.request(owner, "bench", project.id, "full", upload_id=upload.id).value
        job = container.scans.begin_attempt(scan.id, "bench")
        env = {k: v for k, v in os.environ.items() if not k.startswith("PAIRSEC_")}
        env.update({"PAIRSEC_DATABASE_URL": url, "PAIRSEC_HOME": str(home), "PAIRSEC_LOG_LEVEL": "WARNING"})
        # A running projector, caught up with the scan's start, is paused while the worker's side
        # records the findings, then resumed: what is timed is its ingest, not its process start.
        projector = subprocess.Popen([PAIRSEC, "projector"], env=env)
        started = _position(container, "pairsec_events")
        _wait_for(container, started, "finding_identities_tracking", "scans_tracking")
        projector.send_signal(signal.SIGSTOP)
        findings = [_finding(n) for n in range(args.findings)]
        began = time.monotonic()
        container.scans.record_findings(scan.id, job.attempt, findings)
        container.scans.complete(scan.id, job.attempt, {"engines": {}, "counts": {}})
        recorded = time.monotonic() - began
        print(f"recorded {args.findings} findings as events in {recorded:.2f} s (the worker's side)")
        head = _position(container, "pairsec_events")
        began = time.monotonic()
        projector.send_signal(signal.SIGCONT)
        _wait_for(container, head, "scans_tracking")
        ingest = time.monotonic() - began
        _wait_for(container, head, "finding_identities_tracking")
        identities = time.monotonic() - began
        if args.vacuum:
            with container.datastore.cursor() as curs:
                curs.execute("VACUUM ANALYZE findings")  # what autovacuum does soon after a large insert
        rate = args.findings / ingest
        print(f"projection ingest: {args.findings} findings in {ingest:.2f} s = {rate:,.0f} findings/s")
        print(f"finding identities caught up after {identities:.2f} s ({args.findings / identities:,.0f}/s)")
        projector.send_signal(signal.SIGTERM)
        projector.wait(30)
        _deep_page_queries(container, scan.id)
        # The API only reads now; log in as the scan's owner is not possible (no account), so make one.
        with running_api(url, 2, {"PAIRSEC_ACCESS_LOG": "0"}) as api:
            credentials = {"email": "scale@example.com", "password": "bench password"}
            requests.post(f"{api.base}/auth/register", json=credentials, timeout=30)
            login = requests.post(f"{api.base}/auth/login", json=credentials, timeout=30).json()["data"]
            user_id = uuid.UUID(login["user"]["id"])
            with container.datastore.transaction(commit=True) as curs:
                curs.execute("UPDATE scans SET owner_id = %s WHERE id = %s", (user_id, scan.id))
                curs.execute("UPDATE projects SET owner_id = %s WHERE id = %s", (user_id, project.id))
                curs.execute("UPDATE finding_identities SET owner_id = %s WHERE project_id = %s",
                             (user_id, project.id))  # fmt: skip
            bearer = {"Authorization": f"Bearer {login['token']}"}
            base = f"{api.base}/scans/{scan.id}"
            pages = (
                ("page 1", f"{base}/findings?page=1&per_page=20"),
                ("page 1000 high", f"{base}/findings?page=1000&per_page=20&severity=high"),
                (
                    "of the project (identities) page 1",
                    f"{api.base}/projects/{project.id}/findings?per_page=20",
                ),
            )
            for label, url in pages:
                wrk(url, bearer, seconds=3, connections=8)
                result = wrk(url, bearer, seconds=10, connections=8)
                print(
                    f"GET findings {label}: {result.requests_per_second:,.0f} req/s, "
                    f"p50 {result.p50_ms:.2f} ms, p99 {result.p99_ms:.2f} ms, {result.non_2xx} non-2xx"
                )
            workers = [c.pid for c in psutil.Process(api.pid).children()]
            for export_format in ("csv", "sarif"):

                def download(export_format: str = export_format) -> None:
                    with requests.get(f"{base}/export?format={export_format}", headers=bearer, stream=True,
                                      timeout=300) as answer:  # fmt: skip
                        size = sum(len(chunk) for chunk in answer.iter_content(65536))
                        print(f"  {export_format}: {size / 1e6:.1f} MB, HTTP {answer.status_code}")

                elapsed, growth = _peak_rss_during(workers, download)
                print(f"export {export_format} of {args.findings} findings: {elapsed:.2f} s, "
                      f"peak RSS growth of an API worker {growth / 1e6:.1f} MB")  # fmt: skip
        container.close()


if __name__ == "__main__":
    main()
