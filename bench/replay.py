"""Replay speed: rebuild every read model from 1,000,000 events, two scans having 100,000 findings each.

The events are real domain events (users, projects, scans with findings, triage), made by the
aggregates and encoded by the application's own mapper, then copied into the event store in bulk
(saving them one command at a time would take longer than the replay). The read models start
empty, so the replay rebuilds all of them, compares them with the live (empty) ones and swaps.

Run: .venv/bin/python bench/replay.py [--events 1000000] [--big-scans 2] [--profile replay.prof]
Target: >= 20,000 events/s.
"""

from __future__ import annotations

import argparse
import cProfile
import tempfile
import time
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from harness import database

from commands.application import PairsecApplication
from domain.claim import UniqueClaim
from domain.email import EMAIL_CLAIM
from domain.project import PROJECT_NAME_CLAIM, Project, project_name_key
from domain.scan import Scan
from domain.triage import Triage
from domain.user import User
from infra.bootstrap import migrate
from infra.postgres import eventsourcing_env
from infra.replay import Replay
from infra.settings import Settings

SEVERITIES = ("critical", "high", "medium", "low", "info")
ENGINES = ("sast", "secrets", "dependencies")
USERS = 200
PROJECTS = 2_000
FINDINGS_PER_SMALL_SCAN = 5
TRIAGED = 2_000


def _finding(project: int, n: int) -> dict[str, Any]:
    return {
        "rule_id": f"python.bench.rule-{n % 40}", "engine": ENGINES[n % 3], "severity": SEVERITIES[n % 5],
        "confidence": "high", "title": f"Finding number {n}",
        "message": "Untrusted input reaches a dangerous sink; validate it first.",
        "file_path": f"src/module_{n // 50}/file_{n % 50}.py", "start_line": n % 400 + 1,
        "end_line": n % 400 + 2, "snippet": f"cursor.execute('SELECT ' + value_{n})",
        "cwe": ["CWE-89"], "owasp": ["A03:2021 - Injection"], "fix": "use parameters",
        "fingerprint": f"{project:08x}{n:032x}", "extra": {},
    }  # fmt: skip


def _scan(project: Project, number: int, findings: int, batch: int = 1000) -> Iterator[Any]:
    scan = Scan(
        project_id=project.id, owner_id=project.owner_id, scan_type="full",
        source={"kind": "git", "url": "https://example.com/repo.git", "ref": "main"}, actor="bench",
    )  # fmt: skip
    attempt = scan.begin_attempt("bench-worker")
    everything = [_finding(number, n) for n in range(findings)]
    for start in range(0, findings, batch):
        scan.record_findings(attempt, everything[start : start + batch])
    scan.complete(attempt, {"engines": {e: {"status": "completed"} for e in ENGINES}, "commit": "abc123"})
    yield from scan.collect_events()


def domain_events(total: int, big_scans: int) -> Iterator[Any]:
    """About `total` events: accounts, projects, big scans, triage, then small scans to fill up."""
    produced = 0
    users = []
    for n in range(USERS):
        user = User(email=f"user{n}@example.com", name=f"User {n}", password_hash="$argon2id$bench")
        claim = UniqueClaim(kind=EMAIL_CLAIM, value=user.email, holder_id=user.id)
        users.append(user)
        for event in (*user.collect_events(), *claim.collect_events()):
            produced += 1
            yield event
    projects = []
    for n in range(PROJECTS):
        owner = users[n % USERS]
        project = Project(
            owner_id=owner.id, name=f"project {n}", repository_url="https://example.com/repo.git",
            description="", default_branch="main", actor=f"user:{owner.id}",
        )  # fmt: skip
        claim = UniqueClaim(
            kind=PROJECT_NAME_CLAIM, value=project_name_key(owner.id, project.name), holder_id=project.id
        )
        projects.append(project)
        for event in (*project.collect_events(), *claim.collect_events()):
            produced += 1
            yield event
    for n in range(big_scans):
        for event in _scan(projects[n], n, 100_000):
            produced += 1
            yield event
    for n in range(TRIAGED):
        project = projects[n % PROJECTS]
        triage = Triage(
            project_id=project.id, ref="main", fingerprint=_finding(n % PROJECTS, 0)["fingerprint"],
            owner_id=project.owner_id,
        )  # fmt: skip
        triage.decide("false_positive", "bench", "", None, f"user:{project.owner_id}")
        for event in triage.collect_events():
            produced += 1
            yield event
    n = 0
    while produced < total:
        for event in _scan(projects[n % PROJECTS], n % PROJECTS, FINDINGS_PER_SMALL_SCAN):
            produced += 1
            yield event
        n += 1


def write_events(database_url: str, total: int, big_scans: int) -> int:
    app = PairsecApplication(env=eventsourcing_env(database_url, pool_size=1))
    written = 0
    events = domain_events(total, big_scans)
    try:
        with app.recorder.datastore.transaction(commit=True) as curs:  # type: ignore[attr-defined]
            with curs.copy(
                "COPY pairsec_events (originator_id, originator_version, topic, state) FROM STDIN"
            ) as copy:
                while chunk := list(islice(events, 10_000)):
                    for event in chunk:
                        stored = app.mapper.to_stored_event(event)
                        copy.write_row(
                            (stored.originator_id, stored.originator_version, stored.topic, stored.state)
                        )
                    written += len(chunk)
            curs.execute("ANALYZE pairsec_events")
    finally:
        app.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--big-scans", type=int, default=2)
    parser.add_argument("--profile", help="write a cProfile profile of the replay here")
    args = parser.parse_args()
    with database() as url:
        migrate(url, Settings(home=Path(tempfile.mkdtemp(prefix="pairsec-replay-"))))
        began = time.monotonic()
        written = write_events(url, args.events, args.big_scans)
        print(f"wrote {written:,} events in {time.monotonic() - began:.1f} s")
        replay = Replay(url)
        profiler = cProfile.Profile() if args.profile else None
        if profiler is not None:
            profiler.enable()
        try:
            report = replay.run(verify=False)
        finally:
            replay.close()
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(args.profile)  # read with: python -m pstats FILE
        print(
            f"replay of {report.events:,} events into {len(report.read_models)} read models "
            f"({', '.join(report.read_models)}): {report.seconds:.1f} s = {report.rate:,.0f} events/s; "
            f"replaced {', '.join(report.replaced) or 'none'}"
        )


if __name__ == "__main__":
    main()
