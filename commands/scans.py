"""Scan commands: request and cancel (users), begin an attempt, record findings, end (workers)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from commands.application import PairsecApplication, Written, last_position
from commands.ports import UploadStore
from commands.projects import Projects
from domain.errors import Invalid, NotFound
from domain.project import check_branch
from domain.scan import MAX_FINDINGS_PER_EVENT, SCAN_TYPES, Scan, SupersededAttempt, check_scan_type

T = TypeVar("T")
SAVE_ATTEMPTS = 5


@dataclass(frozen=True)
class ScanJob:
    """Everything a worker needs to run one attempt of a scan."""

    scan_id: uuid.UUID
    attempt: int
    project_id: uuid.UUID
    scan_type: str
    engines: tuple[str, ...]
    source: dict[str, Any]
    rules_path: str | None = None  # the project's own rules, relative to the scanned tree
    disabled_rules: tuple[str, ...] = ()


class Scans:
    def __init__(self, app: PairsecApplication, projects: Projects, uploads: UploadStore) -> None:
        self._app = app
        self._projects = projects
        self._uploads = uploads

    # -- the user's side --------------------------------------------------------------------------

    def request(
        self,
        owner_id: uuid.UUID,
        actor: str,
        project_id: uuid.UUID,
        scan_type: str,
        ref: str | None = None,
        upload_id: uuid.UUID | None = None,
    ) -> Written[Scan]:
        project = self._projects.get(owner_id, project_id)
        check_scan_type(scan_type)
        if upload_id is not None:
            if not self._uploads.belongs_to(upload_id, project_id):
                raise Invalid(
                    "no such upload for this project", {"upload_id": "is not an upload of this project"}
                )
            source: dict[str, Any] = {"kind": "upload", "upload_id": str(upload_id)}
        elif project.repository_url:
            ref = ref if ref is None else check_branch(ref)
            source = {"kind": "git", "url": project.repository_url, "ref": ref or project.default_branch}
        else:
            raise Invalid(
                "the project has no repository_url; upload an archive and pass its upload_id",
                {"upload_id": "is required when the project has no repository_url"},
            )
        scan = Scan(
            project_id=project.id,
            owner_id=owner_id,
            scan_type=scan_type,
            source=source,
            actor=actor,
            rules_path=project.rules_path,
            disabled_rules=list(project.disabled_rules),
        )
        return Written(scan, last_position(self._app.save(scan)))

    def get(self, owner_id: uuid.UUID, scan_id: uuid.UUID, version: int | None = None) -> Scan:
        scan = self._load(scan_id, version)
        if scan is None or scan.owner_id != owner_id:
            raise NotFound("scan not found")
        return scan

    def cancel(self, owner_id: uuid.UUID, scan_id: uuid.UUID, actor: str) -> Written[Scan]:
        def change() -> Scan:
            scan = self.get(owner_id, scan_id)
            scan.cancel(actor)
            return scan

        return self._retrying(change)

    # -- the worker's side ------------------------------------------------------------------------

    def begin_attempt(self, scan_id: uuid.UUID, worker: str) -> ScanJob | None:
        """Start the scan's next attempt, or None when the scan is gone or already ended."""

        def change() -> Scan:
            scan = self._load(scan_id)
            if scan is None:
                raise SupersededAttempt("scan does not exist")
            scan.begin_attempt(worker)
            return scan

        try:
            scan = self._retrying(change).value
        except SupersededAttempt:
            return None
        return ScanJob(
            scan.id,
            scan.attempt,
            scan.project_id,
            scan.scan_type,
            SCAN_TYPES[scan.scan_type],
            scan.source,
            rules_path=scan.rules_path,
            disabled_rules=tuple(scan.disabled_rules),
        )

    def status(self, scan_id: uuid.UUID) -> tuple[str, int]:
        scan = self._load(scan_id)
        return (scan.status, scan.attempt) if scan else ("missing", 0)

    def record_findings(self, scan_id: uuid.UUID, attempt: int, findings: list[dict[str, Any]]) -> None:
        """One event per MAX_FINDINGS_PER_EVENT findings, each saved on its own.

        The aggregate saved with one batch records the next: loading it again would decode every
        finding recorded so far, each time (a 100,000-finding scan took 35 s to record that way).
        After a concurrent write (a cancel, say) the scan is loaded afresh and decided on again.
        """
        saved: list[Scan] = []

        def record(batch: list[dict[str, Any]]) -> Scan:
            scan = saved.pop() if saved else self._change(scan_id, lambda s: None)
            scan.record_findings(attempt, batch)
            return scan

        for start in range(0, len(findings), MAX_FINDINGS_PER_EVENT):
            batch = findings[start : start + MAX_FINDINGS_PER_EVENT]
            saved.append(self._retrying(lambda batch=batch: record(batch)).value)

    def complete(self, scan_id: uuid.UUID, attempt: int, summary: dict[str, Any]) -> int | None:
        return self._retrying(lambda: self._change(scan_id, lambda s: s.complete(attempt, summary))).position

    def fail(
        self, scan_id: uuid.UUID, attempt: int, reason: str, summary: dict[str, Any] | None = None
    ) -> None:
        self._retrying(lambda: self._change(scan_id, lambda s: s.fail(attempt, reason, summary)))

    # -- plumbing ---------------------------------------------------------------------------------

    def _load(self, scan_id: uuid.UUID, version: int | None = None) -> Scan | None:
        try:
            scan = self._app.repository.get(scan_id, version=version)
        except AggregateNotFoundError:
            return None
        return scan if isinstance(scan, Scan) else None

    def _change(self, scan_id: uuid.UUID, mutate: Callable[[Scan], None]) -> Scan:
        scan = self._load(scan_id)
        if scan is None:
            raise SupersededAttempt("scan does not exist")
        mutate(scan)
        return scan

    def _retrying(self, change: Callable[[], Scan]) -> Written[Scan]:
        """Decide on fresh state and save; on a concurrent write, decide again on the newer state."""
        for attempt in range(SAVE_ATTEMPTS):
            scan = change()
            try:
                return Written(scan, last_position(self._app.save(scan)))
            except IntegrityError:
                if attempt == SAVE_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")
