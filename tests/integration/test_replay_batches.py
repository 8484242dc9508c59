"""Read models built in bulk or a batch at a time (set-based), as a replay does, equal the ones the
per-event handlers build, for every lifecycle a scan can have, whatever the batch boundaries."""

from __future__ import annotations

import uuid
from typing import Any

import psycopg
import pytest

from infra.bootstrap import Container
from infra.replay import Replay, select_read_models
from infra.replay_bulk import BulkWriter
from projections.batches import Barrier, rounds
from projections.copy_values import copy_row
from projections.registry import BATCH_WRITERS, BULK_LOADS

BATCHED = ["scans", "projects", "finding_identities"]


def _finding(n: int, severity: str = "high") -> dict[str, Any]:
    return {
        "rule_id": f"python.batches.rule-{n % 3}", "engine": "sast", "severity": severity,
        "confidence": "high", "title": f"Finding {n}", "message": "m", "file_path": f"src/f{n}.py",
        "start_line": n + 1, "end_line": n + 1, "snippet": "x = 1", "cwe": ["CWE-95"], "owasp": [],
        "fix": "", "fingerprint": f"lifecycle-{uuid.uuid4().hex[:8]}-{n}", "extra": {},
    }  # fmt: skip


def _lifecycles(container: Container) -> int:
    """Scans that complete, retry, fail, get cancelled, and whose project is deleted; returns the head."""
    owner = uuid.uuid4()
    kept = container.projects.create(owner, "user:test", f"kept-{uuid.uuid4().hex[:8]}").value
    doomed = container.projects.create(owner, "user:test", f"doomed-{uuid.uuid4().hex[:8]}").value
    upload = container.uploads.save(owner, kept.id, "a.tar.gz", b"\x1f\x8b fake")
    doomed_upload = container.uploads.save(owner, doomed.id, "a.tar.gz", b"\x1f\x8b fake")
    scans = container.scans

    def requested(project_id: uuid.UUID, upload_id: uuid.UUID) -> uuid.UUID:
        return scans.request(owner, "user:test", project_id, "sast", upload_id=upload_id).value.id

    completed, retried, failed, cancelled, deleted = (
        requested(kept.id, upload.id), requested(kept.id, upload.id), requested(kept.id, upload.id),
        requested(kept.id, upload.id), requested(doomed.id, doomed_upload.id),
    )  # fmt: skip
    first_findings = [_finding(n, ("high", "low")[n % 2]) for n in range(7)]
    for scan_id in (completed, deleted):
        job = scans.begin_attempt(scan_id, "w1")
        scans.record_findings(scan_id, job.attempt, first_findings)
        scans.complete(scan_id, job.attempt, {"engines": {}, "counts": {}, "commit": "abc", "files": ["a"]})
    first = scans.begin_attempt(retried, "w1")
    scans.record_findings(retried, first.attempt, [_finding(n) for n in range(3)])
    second = scans.begin_attempt(retried, "w2")  # the first attempt's findings are dropped
    scans.record_findings(retried, second.attempt, [_finding(n, "critical") for n in range(2)])
    scans.record_findings(retried, second.attempt, [_finding(n + 2, "medium") for n in range(2)])
    scans.complete(retried, second.attempt, {"engines": {}, "counts": {}})
    # Seen again after being fixed (reopened); not seen with its file gone or its rule disabled (removed).
    again = requested(kept.id, upload.id)
    job = scans.begin_attempt(again, "w1")
    scans.record_findings(again, job.attempt, first_findings[:2])
    summary = {
        "engines": {"sast": {"status": "completed"}}, "counts": {},
        "files": [f["file_path"] for f in first_findings[:5]], "disabled_rules": ["python.batches.rule-2"],
    }  # fmt: skip
    scans.complete(again, job.attempt, summary)
    job = scans.begin_attempt(failed, "w1")
    scans.fail(failed, job.attempt, "the archive is corrupt", {"engines": {"sast": {"status": "failed"}}})
    scans.cancel(owner, cancelled, "user:test")
    container.projects.update(owner, kept.id, "user:test", {"description": "changed mid-way"})
    container.projects.update(owner, kept.id, "user:test", {"disabled_rules": ["python.batches.rule-1"]})
    # Left as they are: one scan still queued, one running with findings recorded.
    requested(kept.id, upload.id)
    running = requested(kept.id, upload.id)
    job = scans.begin_attempt(running, "w1")
    scans.record_findings(running, job.attempt, [_finding(n, "info") for n in range(3)])
    # A scan of the deleted project that was running when the project went, and ends after it.
    late = requested(doomed.id, doomed_upload.id)
    late_job = scans.begin_attempt(late, "w1")
    scans.record_findings(late, late_job.attempt, [_finding(n) for n in range(2)])
    container.projects.delete(owner, doomed.id, "user:test")
    scans.complete(late, late_job.attempt, {"engines": {}, "counts": {"high": 2}, "files": ["b"]})
    return container.app.recorder.max_notification_id() or 0


@pytest.mark.parametrize(("bulk", "batch_events"), [(True, 500), (True, 3), (False, 3), (False, 500)])
def test_bulk_and_batch_written_read_models_equal_the_per_event_ones(
    container: Container, database_url: str, projector: object, bulk: bool, batch_events: int
) -> None:
    """Bulk: the first pass of a replay, in memory and by COPY; batches: the catch-up after it."""
    head = _lifecycles(container)
    container.scans_view.wait(container.app.name, head, timeout=30)
    container.projects_view.wait(container.app.name, head, timeout=30)
    chosen = select_read_models(BATCHED)
    writers = BULK_LOADS if bulk else BATCH_WRITERS
    assert all(projection_class in writers for projection_class, _ in chosen)  # what this tests
    replay = Replay(database_url, chosen, batch_events=batch_events, bulk=bulk)
    try:
        report = replay.run(verify=True)  # rebuilt at the live models' positions and compared
    finally:
        replay.close()
    assert report.differences == {}, "\n".join(report.differences.values())


def test_rounds_keep_each_aggregates_order_and_stop_at_barriers() -> None:
    events = [("a", 1), ("b", 1), ("a", 2), ("x", 0), ("a", 3), ("barrier", 0), ("b", 2), ("b", 3)]
    items = [(event, n) for n, event in enumerate(events)]
    parts = list(rounds(items, lambda e: None if e[0] == "x" else e[0], lambda e: e[0] == "barrier"))  # type: ignore[arg-type]
    shown = [p.item[0] if isinstance(p, Barrier) else [e for e, _ in p] for p in parts]
    assert shown == [
        [("a", 1), ("b", 1)], [("a", 2)], [("a", 3)], ("barrier", 0), [("b", 2)], [("b", 3)],
    ]  # fmt: skip


def test_a_bulk_write_that_fails_reports_its_error_and_leaves_nothing(database_url: str) -> None:
    schema = f"bulk_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
        conn.execute(f"CREATE TABLE {schema}.t (id integer NOT NULL, name text NOT NULL)")
    try:
        writer = BulkWriter(database_url, schema, ["t"])
        writer.copy("t", ("id", "name"), [copy_row((1, "kept only if all goes in"))])
        writer.copy("t", ("id", "name"), ["not a number\tx\n"])
        with pytest.raises(psycopg.errors.InvalidTextRepresentation, match="not a number"):
            for _ in range(20):  # the error reaches the caller at its next call, or when closing
                writer.copy("t", ("id", "name"), [copy_row((2, "more"))])
            writer.close()
        with psycopg.connect(database_url) as conn:
            assert conn.execute(f"SELECT count(*) FROM {schema}.t").fetchone() == (0,)
    finally:
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
