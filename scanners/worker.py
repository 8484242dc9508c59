"""Running one scan job: begin an attempt, fetch the source, run the engines, record the outcome.

The Kafka loop lives in infra; this module takes the job's message and its collaborators as
arguments, so it is tested without a broker.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from commands.scans import ScanJob, Scans
from domain.finding import SEVERITIES
from domain.scan import TERMINAL, SupersededAttempt
from scanners.archive_source import ArchiveSource
from scanners.engine import Engine, EngineOptions
from scanners.engine_errors import EngineError
from scanners.git_source import GitSource
from scanners.project_rules import locate_project_rules
from scanners.source_errors import SourceError

log = logging.getLogger("pairsec.worker")
MAX_ATTEMPTS = 5


class RetryLater(Exception):
    """The job could not run now for a reason that may pass (database, broker, network): redeliver it."""


class LeaseStore(Protocol):
    def renew(self, scan_id: uuid.UUID, attempt: int, worker: str) -> None: ...

    def is_held(self, scan_id: uuid.UUID) -> bool: ...

    def release(self, scan_id: uuid.UUID) -> None: ...


class UploadReader(Protocol):
    def read(self, upload_id: uuid.UUID) -> bytes: ...


@dataclass
class _Watch:
    """Renews the lease and notices cancellation, supersession or the time limit."""

    runner: ScanRunner
    job: ScanJob
    cancel: threading.Event
    deadline: float
    timed_out: bool = False
    ended_elsewhere: bool = False

    def loop(self, done: threading.Event) -> None:
        while not done.wait(self.runner.heartbeat_seconds):
            try:
                self.runner.leases.renew(self.job.scan_id, self.job.attempt, self.runner.worker_id)
                status, attempt = self.runner.scans.status(self.job.scan_id)
            except Exception:  # the database may be restarting: keep scanning, try again next beat
                log.warning("heartbeat failed", extra={"scan_id": str(self.job.scan_id)})
                continue
            if status != "running" or attempt != self.job.attempt:
                self.ended_elsewhere = True
                self.cancel.set()
            if time.monotonic() > self.deadline:
                self.timed_out = True
                self.cancel.set()


class ScanRunner:
    def __init__(
        self,
        scans: Scans,
        leases: LeaseStore,
        uploads: UploadReader,
        git: GitSource,
        archives: ArchiveSource,
        engines: Mapping[str, Engine],
        worker_id: str,
        time_limit_seconds: float = 900.0,
        heartbeat_seconds: float = 1.0,
        jobs: int = 2,
    ) -> None:
        self.scans = scans
        self.leases = leases
        self.uploads = uploads
        self.git = git
        self.archives = archives
        self.engines = engines
        self.worker_id = worker_id
        self.time_limit_seconds = time_limit_seconds
        self.heartbeat_seconds = heartbeat_seconds
        self.jobs = jobs

    def handle(self, message: Mapping[str, Any]) -> str:
        """Run the job a message names; returns what happened (for logs and tests)."""
        try:
            scan_id = uuid.UUID(str(message["scan_id"]))
        except (KeyError, ValueError):
            log.error("poison message skipped", extra={"message": str(message)[:200]})
            return "poison"
        status, _ = self.scans.status(scan_id)
        if status in TERMINAL or status == "missing":
            return "skipped: " + status
        if status == "running" and self.leases.is_held(scan_id):
            return "skipped: running elsewhere"
        job = self.scans.begin_attempt(scan_id, self.worker_id)
        if job is None:
            return "skipped: ended"
        if job.attempt > MAX_ATTEMPTS:
            self.scans.fail(
                scan_id, job.attempt, f"the scan was attempted {MAX_ATTEMPTS} times without finishing"
            )
            return "failed"
        self.leases.renew(scan_id, job.attempt, self.worker_id)
        try:
            return self._run(job)
        finally:
            self.leases.release(scan_id)

    def _run(self, job: ScanJob) -> str:
        cancel = threading.Event()
        watch = _Watch(self, job, cancel, time.monotonic() + self.time_limit_seconds)
        done = threading.Event()
        watcher = threading.Thread(target=watch.loop, args=(done,), daemon=True)
        watcher.start()
        workdir = Path(tempfile.mkdtemp(prefix="pairsec-scan-"))
        started = time.monotonic()
        try:
            root, commit = self._fetch(job, workdir)
            fetched_ms = int((time.monotonic() - started) * 1000)
            summary: dict[str, Any] = {
                "commit": commit, "engines": {}, "fetch_ms": fetched_ms, "files": _relative_files(root),
                # The rule settings in force for this scan (captured when it was requested).
                "rules_path": job.rules_path, "disabled_rules": sorted(job.disabled_rules), "warnings": [],
            }  # fmt: skip
            findings = self._run_engines(job, root, cancel, summary)
            if cancel.is_set():
                return self._interrupted(job, watch)
            self.scans.record_findings(job.scan_id, job.attempt, findings)
            summary["counts"] = {s: sum(1 for f in findings if f["severity"] == s) for s in SEVERITIES}
            summary["duration_ms"] = int((time.monotonic() - started) * 1000)
            self.scans.complete(job.scan_id, job.attempt, summary)
            return "completed"
        except SourceError as exc:
            if exc.retryable and job.attempt < MAX_ATTEMPTS:
                raise RetryLater(exc.reason) from exc
            self.scans.fail(job.scan_id, job.attempt, exc.reason)
            return "failed"
        except EngineError as exc:
            if cancel.is_set():
                return self._interrupted(job, watch)
            reason = str(exc).replace(str(workdir / "src"), ".").replace(str(workdir), ".")
            if exc.retryable and job.attempt < MAX_ATTEMPTS:
                raise RetryLater(reason) from exc
            self.scans.fail(job.scan_id, job.attempt, reason)
            return "failed"
        except SupersededAttempt:
            return "superseded"
        finally:
            done.set()
            shutil.rmtree(workdir, ignore_errors=True)

    def _interrupted(self, job: ScanJob, watch: _Watch) -> str:
        if watch.timed_out and not watch.ended_elsewhere:
            minutes = self.time_limit_seconds / 60
            self.scans.fail(
                job.scan_id, job.attempt, f"the scan exceeded its time limit of {minutes:g} minutes"
            )
            return "failed"
        return "stopped"

    def _fetch(self, job: ScanJob, workdir: Path) -> tuple[Path, str | None]:
        source = job.source
        if source.get("kind") == "upload":
            try:
                content = self.uploads.read(uuid.UUID(source["upload_id"]))
            except LookupError:
                raise SourceError("the uploaded archive no longer exists", retryable=False) from None
            return self.archives.unpack(content, workdir / "src"), None
        fetched = self.git.fetch(source["url"], source.get("ref"), workdir / "src")
        return fetched.root, fetched.commit

    def _run_engines(
        self, job: ScanJob, root: Path, cancel: threading.Event, summary: dict[str, Any]
    ) -> list[dict[str, Any]]:
        findings: dict[str, dict[str, Any]] = {}
        disabled = frozenset(job.disabled_rules)
        project_rules = locate_project_rules(root, job.rules_path) if "sast" in job.engines else None
        warnings: list[str] = summary["warnings"]
        if project_rules is not None and project_rules.warning:
            warnings.append(project_rules.warning)
        extra_rules = (project_rules.path,) if project_rules is not None and project_rules.path else ()
        for name in job.engines:
            if cancel.is_set():
                break
            engine = self.engines.get(name)
            if engine is None:
                summary["engines"][name] = {"status": "not_available"}
                continue
            began = time.monotonic()
            options = EngineOptions(
                disabled_rules=disabled,
                extra_rule_paths=extra_rules,
                jobs=self.jobs,
                timeout_seconds=self.time_limit_seconds,
                cancel=cancel,
                warnings=warnings,
            )
            # Every engine honours disabled_rules; dropping here too keeps that true for any engine.
            found = [f for f in engine.scan(root, options) if f.rule_id not in disabled]
            for finding in found:
                findings.setdefault(finding.fingerprint, finding.as_dict())
            summary["engines"][name] = {
                "status": "completed",
                "version": engine.version(),
                "findings": len(found),
                "duration_ms": int((time.monotonic() - began) * 1000),
            }
        return list(findings.values())


MAX_LISTED_FILES = 200_000


def _relative_files(root: Path) -> list[str]:
    """The scanned tree's file paths, so a later diff can tell a fixed finding from a deleted file."""
    found: list[str] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != ".git"]
        base = Path(folder).relative_to(root)
        found += [(base / name).as_posix() for name in files]
        if len(found) > MAX_LISTED_FILES:
            return sorted(found[:MAX_LISTED_FILES])
    return sorted(found)
