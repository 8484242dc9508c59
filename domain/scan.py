"""The Scan aggregate: one request to scan a project, its attempts, findings and outcome."""

from __future__ import annotations

import uuid
from typing import Any

from eventsourcing.domain import Aggregate, event

from domain.errors import Conflict, Invalid

SCAN_TYPES: dict[str, tuple[str, ...]] = {
    "full": ("sast", "secrets", "dependencies"),
    "sast": ("sast",),
    "secrets": ("secrets",),
    "dependencies": ("dependencies",),
}
SCAN_STATUSES = ("queued", "running", "completed", "failed", "cancelled")
TERMINAL = frozenset({"completed", "failed", "cancelled"})
MAX_FINDINGS_PER_EVENT = 1000


class SupersededAttempt(Exception):
    """This attempt is no longer the scan's current one (a newer attempt took over, or it ended)."""


def check_scan_type(scan_type: str) -> str:
    if scan_type not in SCAN_TYPES:
        raise Invalid("unknown scan type", {"scan_type": "must be one of " + ", ".join(SCAN_TYPES)})
    return scan_type


class Scan(Aggregate):
    @event("Requested")
    def __init__(
        self,
        project_id: uuid.UUID,
        owner_id: uuid.UUID,
        scan_type: str,
        source: dict[str, Any],
        actor: str,
        rules_path: str | None = None,
        disabled_rules: list[str] | None = None,
    ) -> None:
        self.project_id = project_id
        self.owner_id = owner_id
        self.scan_type = scan_type
        self.source = source
        # The project's rule settings when the scan was requested: a later edit never changes this scan.
        self.rules_path = rules_path
        self.disabled_rules: list[str] = list(disabled_rules or [])
        self.status = "queued"
        self.attempt = 0
        self.worker: str | None = None
        self.findings_recorded = 0
        self.summary: dict[str, Any] = {}
        self.error: str | None = None

    @property
    def is_terminal(self) -> bool:
        return self.status in TERMINAL

    def begin_attempt(self, worker: str) -> int:
        """Start the next attempt; a running one under an older attempt is superseded."""
        if self.is_terminal:
            raise SupersededAttempt(f"scan is already {self.status}")
        self._start(self.attempt + 1, worker)
        return self.attempt

    @event("Started")
    def _start(self, attempt: int, worker: str) -> None:
        self.status = "running"
        self.attempt = attempt
        self.worker = worker
        self.findings_recorded = 0

    def _check_current(self, attempt: int) -> None:
        if self.is_terminal or attempt != self.attempt:
            raise SupersededAttempt(f"attempt {attempt} is not the current attempt of this scan")

    def record_findings(self, attempt: int, findings: list[dict[str, Any]]) -> None:
        self._check_current(attempt)
        if len(findings) > MAX_FINDINGS_PER_EVENT:
            raise ValueError("at most 1000 findings per event")
        self._record(attempt, findings)

    @event("FindingsRecorded")
    def _record(self, attempt: int, findings: list[dict[str, Any]]) -> None:
        self.findings_recorded += len(findings)

    def complete(self, attempt: int, summary: dict[str, Any]) -> None:
        self._check_current(attempt)
        self._complete(attempt, summary)

    @event("Completed")
    def _complete(self, attempt: int, summary: dict[str, Any]) -> None:
        self.status = "completed"
        self.summary = summary

    def fail(self, attempt: int, reason: str, summary: dict[str, Any] | None = None) -> None:
        self._check_current(attempt)
        self._fail(attempt, reason, summary or {})

    @event("Failed")
    def _fail(self, attempt: int, reason: str, summary: dict[str, Any]) -> None:
        self.status = "failed"
        self.error = reason
        self.summary = summary

    def cancel(self, actor: str) -> None:
        if self.is_terminal:
            raise Conflict(f"the scan is already {self.status}", {"status": self.status})
        self._cancel(actor)

    @event("Cancelled")
    def _cancel(self, actor: str) -> None:
        self.status = "cancelled"
