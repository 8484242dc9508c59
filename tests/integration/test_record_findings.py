"""Recording a scan's findings: one event per batch, every batch kept, a cancel between batches seen."""

from __future__ import annotations

import uuid
from typing import Any, SupportsIndex

import pytest

from domain.scan import MAX_FINDINGS_PER_EVENT, Scan, SupersededAttempt
from infra.bootstrap import Container


def _finding(n: int) -> dict[str, Any]:
    return {
        "rule_id": "python.batches.rule", "engine": "sast", "severity": "low", "confidence": "high",
        "title": f"Finding {n}", "message": "m", "file_path": f"src/f{n}.py", "start_line": 1,
        "end_line": 1, "snippet": "", "cwe": [], "owasp": [], "fix": "", "fingerprint": f"batch-{n:05d}",
        "extra": {},
    }  # fmt: skip


def _running_scan(container: Container) -> tuple[uuid.UUID, uuid.UUID, int]:
    owner = uuid.uuid4()
    project = container.projects.create(owner, "batches", f"batches-{uuid.uuid4().hex[:8]}").value
    upload = container.uploads.save(owner, project.id, "a.tar.gz", b"\x1f\x8b fake")
    scan = container.scans.request(owner, "user:test", project.id, "sast", upload_id=upload.id).value
    job = container.scans.begin_attempt(scan.id, "test-worker")
    assert job is not None
    return owner, scan.id, job.attempt


def _recorded(container: Container, scan_id: uuid.UUID) -> list[int]:
    scan = container.app.repository.get(scan_id)
    assert isinstance(scan, Scan)
    with container.datastore.cursor() as curs:
        curs.execute(
            "SELECT topic FROM pairsec_events WHERE originator_id = %s ORDER BY originator_version",
            (scan_id,),
        )
        topics = [row["topic"] for row in curs.fetchall()]
    return [scan.findings_recorded, sum(topic.endswith("FindingsRecorded") for topic in topics)]


def test_many_findings_are_recorded_as_one_event_per_batch(container: Container) -> None:
    _, scan_id, attempt = _running_scan(container)
    total = 2 * MAX_FINDINGS_PER_EVENT + 5
    container.scans.record_findings(scan_id, attempt, [_finding(n) for n in range(total)])
    container.scans.record_findings(scan_id, attempt, [_finding(total)])  # a later call still appends
    assert _recorded(container, scan_id) == [total + 1, 4]


class _CancelledAfterFirstBatch(list):
    """Findings whose second batch is taken only after the scan's owner has cancelled it."""

    def __init__(self, items: list[dict[str, Any]], cancel: Any) -> None:
        super().__init__(items)
        self._cancel = cancel
        self._slices = 0

    def __getitem__(self, index: SupportsIndex | slice) -> Any:
        if isinstance(index, slice):
            self._slices += 1
            if self._slices == 2:
                self._cancel()
        return super().__getitem__(index)


def test_a_cancel_between_batches_stops_the_recording_and_keeps_what_was_saved(container: Container) -> None:
    owner, scan_id, attempt = _running_scan(container)
    findings = _CancelledAfterFirstBatch(
        [_finding(n) for n in range(MAX_FINDINGS_PER_EVENT + 10)],
        lambda: container.scans.cancel(owner, scan_id, "user:test"),
    )
    with pytest.raises(SupersededAttempt):
        container.scans.record_findings(scan_id, attempt, findings)
    assert _recorded(container, scan_id) == [MAX_FINDINGS_PER_EVENT, 1]
    assert container.scans.status(scan_id) == ("cancelled", attempt)
