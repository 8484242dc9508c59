"""Replay: read models rebuilt from the event store equal the live ones; a broken one is repaired by a
swap while the live projector keeps running; a changed projection's new column is right for old events."""

from __future__ import annotations

import uuid
from typing import Any

import falcon.testing
import psycopg
import pytest
from eventsourcing.persistence import Tracking

from domain.project import Project
from infra.bootstrap import Container
from infra.cli import main
from infra.replay import Replay, ReplayError, select_read_models
from projections.projects import ProjectsProjection, ProjectsView
from tests.integration.conftest import Account


def _project(client: falcon.testing.TestClient, account: Account, name: str | None = None) -> str:
    created = client.simulate_post(
        "/api/v1/projects",
        json={"name": name or f"replay {uuid.uuid4().hex[:8]}", "repository_url": "https://github.com/u/r"},
        headers=account.auth,
    )
    assert created.status_code == 201, created.text
    return created.json["data"]["id"]


def _completed_scan(client: falcon.testing.TestClient, account: Account, container: Container) -> str:
    project_id = _project(client, account)
    scan_id = client.simulate_post(
        "/api/v1/scans", json={"project_id": project_id, "scan_type": "sast"}, headers=account.auth
    ).json["data"]["id"]
    job = container.scans.begin_attempt(uuid.UUID(scan_id), "replay-worker")
    assert job is not None
    finding = {
        "rule_id": "eval", "engine": "sast", "severity": "high", "confidence": "high", "title": "eval",
        "message": "m", "file_path": "a.py", "start_line": 3, "end_line": 3, "snippet": "eval(x)",
        "fingerprint": uuid.uuid4().hex, "cwe": ["CWE-95"], "owasp": [], "fix": "", "extra": {},
    }  # fmt: skip
    container.scans.record_findings(job.scan_id, job.attempt, [finding])
    position = container.scans.complete(job.scan_id, job.attempt, {"engines": {}, "counts": {"high": 1}})
    container.scans_view.wait(container.app.name, position, timeout=20)
    return scan_id


def _replay(database_url: str, verify: bool, names: tuple[str, ...] = (), **kwargs: Any) -> Any:
    replay = Replay(database_url, select_read_models(names), **kwargs)
    try:
        return replay.run(verify=verify)
    finally:
        replay.close()


def test_rebuilt_read_models_equal_the_live_ones(
    client: falcon.testing.TestClient, account: Account, container: Container, database_url: str
) -> None:
    _completed_scan(client, account, container)
    report = _replay(database_url, verify=True)
    assert report.differences == {}
    assert set(report.read_models) >= {"users", "projects", "scans", "triage"} and report.events > 0


def test_verify_reports_a_damaged_row_and_a_replay_repairs_it_while_the_projector_runs(
    client: falcon.testing.TestClient, account: Account, container: Container, database_url: str
) -> None:
    scan_id = _completed_scan(client, account, container)
    with container.datastore.transaction(commit=True) as curs:
        curs.execute("UPDATE scans SET status = 'failed', findings_total = 7 WHERE id = %s", (scan_id,))

    report = _replay(database_url, verify=True, names=("scans",))
    diff = report.differences["scans"]
    assert f"id={scan_id}" in diff
    assert (
        "status: live 'failed' != rebuilt 'completed'" in diff
        and "findings_total: live 7 != rebuilt 1" in diff
    )

    repaired = _replay(database_url, verify=False, names=("scans",))
    assert repaired.replaced == ["scans"]
    answer = client.simulate_get(f"/api/v1/scans/{scan_id}", headers=account.auth)
    assert answer.json["data"]["status"] == "completed" and answer.json["data"]["findings"]["total"] == 1
    # The live projector carries on in the swapped-in tables (the API waits for it on writes).
    later = _completed_scan(client, account, container)
    assert client.simulate_get(f"/api/v1/scans/{later}", headers=account.auth).json["data"]["status"] == (
        "completed"
    )
    assert _replay(database_url, verify=True, names=("scans",)).differences == {}


def test_events_arriving_during_a_replay_are_caught_up_before_the_swap(
    client: falcon.testing.TestClient, account: Account, container: Container, database_url: str
) -> None:
    _project(client, account)
    with container.datastore.transaction(commit=True) as curs:
        curs.execute("UPDATE projects SET description = 'damaged' WHERE owner_id = %s", (account.user_id,))
    arrived: list[str] = []
    replay = Replay(database_url, select_read_models(("projects",)), batch_events=5)

    def progress(done: int, total: int) -> None:
        if not arrived:
            arrived.append(_project(client, account, "made during the replay"))

    try:
        report = replay.run(verify=False, progress=progress)
    finally:
        replay.close()
    assert report.replaced == ["projects"] and arrived
    listed = client.simulate_get("/api/v1/projects?per_page=100", headers=account.auth).json["data"]["items"]
    assert {p["name"] for p in listed} >= {"made during the replay"}
    assert {p["description"] for p in listed} == {""}


class ProjectsWithCreatorView(ProjectsView):
    """The projects view after a code change: a new column."""

    schema = (*ProjectsView.schema, "ALTER TABLE projects ADD COLUMN IF NOT EXISTS created_by text")


class ProjectsWithCreatorProjection(ProjectsProjection):
    """The projects projection after the same change: it fills the new column from Project.Created."""

    name = "projects"  # the same read model (eventsourcing would name a subclass after itself)

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:  # type: ignore[override]
        super().process_event(domain_event, tracking)
        if isinstance(domain_event, Project.Created):
            with self.view.datastore.transaction(commit=True) as curs:
                curs.execute(
                    "UPDATE projects SET created_by = %s WHERE id = %s",
                    (domain_event.actor, domain_event.originator_id),
                )


def test_a_new_column_of_a_changed_projection_is_right_for_old_events_after_replay(
    client: falcon.testing.TestClient, account: Account, container: Container, database_url: str
) -> None:
    old_project = _project(client, account)
    changed = [(ProjectsWithCreatorProjection, ProjectsWithCreatorView)]
    verify = Replay(database_url, changed)
    try:
        assert "new columns created_by" in verify.run(verify=True).differences["projects"]
    finally:
        verify.close()
    replay = Replay(database_url, changed)
    try:
        assert replay.run(verify=False).replaced == ["projects"]
    finally:
        replay.close()
    row = container.projects_view.fetch_one("SELECT created_by FROM projects WHERE id = %s", (old_project,))
    assert row == {"created_by": f"user:{account.user_id}"}
    # Back to the code the rest of the suite runs (its projector does not fill the column).
    assert _replay(database_url, verify=False, names=("projects",)).replaced == ["projects"]
    assert container.projects_view.fetch_one("SELECT * FROM projects WHERE id = %s", (old_project,))


def test_unknown_read_model_is_refused() -> None:
    with pytest.raises(ReplayError, match="unknown read model 'nope'"):
        select_read_models(("nope",))


def test_cli_verify_exits_1_with_a_readable_diff_and_replay_repairs(
    client: falcon.testing.TestClient,
    account: Account,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Any,
) -> None:
    project_id = _project(client, account, "cli replay")
    monkeypatch.setenv("PAIRSEC_DATABASE_URL", database_url)
    monkeypatch.setenv("PAIRSEC_HOME", str(tmp_path))
    assert main(["replay", "--verify", "--view", "projects"]) == 0
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("UPDATE projects SET name = 'tampered' WHERE id = %s", (project_id,))
    capsys.readouterr()
    assert main(["replay", "--verify", "--view", "projects"]) == 1
    out = capsys.readouterr().out
    assert f"id={project_id}: name: live 'tampered' != rebuilt 'cli replay'" in out
    assert main(["replay", "--view", "projects"]) == 0
    assert "swapped in the rebuilt projects" in capsys.readouterr().out
    assert main(["replay", "--verify", "--view", "nope"]) == 2
