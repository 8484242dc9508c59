"""A scan never hangs: past its time limit the worker stops the engine and the scan ends failed."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

from domain.finding import Finding
from infra.bootstrap import Container
from infra.scanning import build_scan_runner
from scanners.engine import EngineOptions
from scanners.engine_errors import EngineCancelled
from tests.integration.pipeline import tar_gz


class StuckEngine:
    """An engine that never finishes on its own (like a pathological file would make one)."""

    name = "secrets"

    def version(self) -> str:
        return "stuck 1.0"

    def scan(self, root: Path, options: EngineOptions) -> list[Finding]:
        if options.cancel.wait(60):
            raise EngineCancelled("the scan was stopped")
        return []


def test_scan_over_its_time_limit_ends_failed_with_the_reason(container: Container) -> None:
    owner = uuid.uuid4()
    project = container.projects.create(owner, "user:test", f"slow-{uuid.uuid4().hex[:6]}").value
    upload = container.uploads.save(owner, project.id, "a.tar.gz", tar_gz({"a.py": "x = 1\n"}))
    scan = container.scans.request(owner, "user:test", project.id, "secrets", upload_id=upload.id).value
    runner = build_scan_runner(container, engines={"secrets": StuckEngine()}, runner_id="time-limit-test")
    runner.time_limit_seconds = 1.5
    runner.heartbeat_seconds = 0.2
    began = time.monotonic()
    outcome = runner.handle({"scan_id": str(scan.id)})
    assert outcome == "failed" and time.monotonic() - began < 10
    refreshed = container.scans.get(owner, scan.id)
    assert refreshed.status == "failed" and "time limit" in (refreshed.error or "")
