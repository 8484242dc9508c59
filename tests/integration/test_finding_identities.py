"""Finding identities across scans: open, fixed, removed, reopened; GET /projects/{id}/findings; replay.

Scans here are recorded through the real commands (commands/scans.py) and applied by the real
projector; test_finding_identities_pipeline.py drives the same through git, the broker and workers.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import falcon.testing
import pytest
from eventsourcing.persistence import Tracking

from infra.bootstrap import Container, datastore_for, migrate, view_for
from infra.postgres import drop_database, ensure_database, with_dbname
from projections.finding_identities import FindingIdentitiesProjection, FindingIdentitiesView
from tests.integration.conftest import Account, register_and_login
from tests.integration.pipeline import wait_for

SAST_RAN = {"engines": {"sast": {"status": "completed"}}}


def finding(name: str, path: str, *, engine: str = "sast", severity: str = "high") -> dict[str, Any]:
    return {
        "rule_id": f"python.test.{name}", "engine": engine, "severity": severity, "confidence": "high",
        "title": f"Finding {name}", "message": "m", "file_path": path, "start_line": 3, "end_line": 3,
        "snippet": "eval(x)", "cwe": ["CWE-95"], "owasp": [], "fix": "", "fingerprint": f"fp-{name}",
        "extra": {},
    }  # fmt: skip


def identity_scan_status(container: Container, scan_id: uuid.UUID) -> str | None:
    row = container.scans_view.fetch_one("SELECT status FROM identity_scans WHERE scan_id = %s", (scan_id,))
    return row["status"] if row else None


def record_scan(
    container: Container,
    owner: uuid.UUID,
    project_id: uuid.UUID,
    findings: list[dict[str, Any]],
    summary: dict[str, Any],
    *,
    scan_type: str = "sast",
    outcome: str = "completed",
) -> str:
    """A scan of an uploaded archive recorded through the commands, waited for in the identities."""
    upload = container.uploads.save(owner, project_id, "a.tar.gz", b"\x1f\x8b fake")
    scan = container.scans.request(owner, "user:test", project_id, scan_type, upload_id=upload.id).value
    job = container.scans.begin_attempt(scan.id, "test-worker")
    container.scans.record_findings(scan.id, job.attempt, findings)
    if outcome == "completed":
        container.scans.complete(scan.id, job.attempt, {"counts": {}, **summary})
    elif outcome == "failed":
        container.scans.fail(scan.id, job.attempt, "the engine crashed", summary)
    else:
        container.scans.cancel(owner, scan.id, "user:test")
    wait_for(lambda: identity_scan_status(container, scan.id) == outcome, 30)
    return str(scan.id)


def new_project(client: falcon.testing.TestClient, account: Account) -> uuid.UUID:
    answer = client.simulate_post(
        "/api/v1/projects", json={"name": f"ids-{uuid.uuid4().hex[:8]}"}, headers=account.auth
    )
    assert answer.status_code == 201, answer.text
    return uuid.UUID(answer.json["data"]["id"])


def identities(
    client: falcon.testing.TestClient, account: Account, project_id: uuid.UUID, **params: str
) -> dict[str, Any]:
    answer = client.simulate_get(
        f"/api/v1/projects/{project_id}/findings", params=params, headers=account.auth
    )
    assert answer.status_code == 200, answer.text
    return answer.json["data"]


def states(client: falcon.testing.TestClient, account: Account, project_id: uuid.UUID) -> dict[str, str]:
    items = identities(client, account, project_id, per_page="100")["items"]
    return {item["rule_id"].removeprefix("python.test."): item["state"] for item in items}


@pytest.fixture(scope="module")
def lifecycle(client: falcon.testing.TestClient, container: Container) -> dict[str, Any]:
    """Three scans: a, b, c found; then a fixed, b's file deleted, d new; then a back."""
    account = register_and_login(client, "identities")
    owner, project_id = uuid.UUID(account.user_id), new_project(client, account)
    a, b, c, d = (finding("a", "src/a.py"), finding("b", "src/b.py", severity="critical"),
                  finding("c", "src/c.py", severity="low"), finding("d", "src/d.py"))  # fmt: skip
    tree = {**SAST_RAN, "files": ["src/a.py", "src/c.py", "src/d.py"]}  # src/b.py deleted after scan 1
    first = record_scan(
        container, owner, project_id, [a, b, c], {**SAST_RAN, "files": ["src/a.py", "src/b.py", "src/c.py"]}
    )
    second = record_scan(container, owner, project_id, [c, d], tree)
    third = record_scan(container, owner, project_id, [a, c, d], tree)
    return {"account": account, "project_id": project_id, "scans": (first, second, third)}


def test_identities_move_open_fixed_removed_and_reopened_across_scans(
    client: falcon.testing.TestClient, lifecycle: dict[str, Any]
) -> None:
    account, project_id = lifecycle["account"], lifecycle["project_id"]
    first, second, third = lifecycle["scans"]
    items = {i["rule_id"]: i for i in identities(client, account, project_id)["items"]}
    assert {rule: item["state"] for rule, item in items.items()} == {
        "python.test.a": "reopened", "python.test.b": "removed", "python.test.c": "open",
        "python.test.d": "open",
    }  # fmt: skip
    a, b, c = items["python.test.a"], items["python.test.b"], items["python.test.c"]
    assert (a["first_seen_scan_id"], a["last_seen_scan_id"], a["closed_scan_id"]) == (first, third, None)
    assert (b["first_seen_scan_id"], b["last_seen_scan_id"], b["closed_scan_id"]) == (first, first, second)
    assert b["closed_at"] and b["first_seen_at"] <= b["closed_at"]
    assert (c["first_seen_scan_id"], c["last_seen_scan_id"]) == (first, third)
    assert a["status"] == "open" and a["ref"] == "" and a["engine"] == "sast" and a["file_path"] == "src/a.py"


def test_each_completed_scan_records_its_transitions(container: Container, lifecycle: dict[str, Any]) -> None:
    first, second, third = lifecycle["scans"]
    rows = container.scans_view.fetch_all(
        "SELECT scan_id, rule_id, transition FROM finding_transitions WHERE project_id = %s",
        (lifecycle["project_id"],),
    )
    moves = {(str(r["scan_id"]), r["rule_id"].removeprefix("python.test."), r["transition"]) for r in rows}
    assert moves == {
        (first, "a", "new"), (first, "b", "new"), (first, "c", "new"),
        (second, "a", "fixed"), (second, "b", "removed"), (second, "d", "new"),
        (third, "a", "reopened"),
    }  # fmt: skip


def test_project_statistics_count_what_the_last_scan_fixed(
    client: falcon.testing.TestClient, container: Container
) -> None:
    account = register_and_login(client, "fixes")
    owner, project_id = uuid.UUID(account.user_id), new_project(client, account)
    files = {"files": ["x.py", "y.py", "z.py"]}
    found = [finding("x", "x.py"), finding("y", "y.py"), finding("z", "z.py")]
    record_scan(container, owner, project_id, found, {**SAST_RAN, **files})

    def fixed_in_last_scan() -> int:
        answer = client.simulate_get(f"/api/v1/projects/{project_id}", headers=account.auth)
        return answer.json["data"]["statistics"]["fixed_in_last_scan"]

    assert fixed_in_last_scan() == 0
    record_scan(container, owner, project_id, found[2:], {**SAST_RAN, **files})
    assert fixed_in_last_scan() == 2
    record_scan(container, owner, project_id, found[2:], {**SAST_RAN, **files}, outcome="failed")
    assert fixed_in_last_scan() == 2  # a failed scan is not the last completed one
    record_scan(container, owner, project_id, found[2:], {**SAST_RAN, **files})
    assert fixed_in_last_scan() == 0


def test_a_rule_disabled_for_the_scan_removes_its_findings_instead_of_fixing_them(
    client: falcon.testing.TestClient, container: Container
) -> None:
    account = register_and_login(client, "disabled")
    owner, project_id = uuid.UUID(account.user_id), new_project(client, account)
    files = {"files": ["p.py", "q.py"]}
    record_scan(
        container, owner, project_id, [finding("p", "p.py"), finding("q", "q.py")], {**SAST_RAN, **files}
    )
    record_scan(container, owner, project_id, [], {**SAST_RAN, **files, "disabled_rules": ["python.test.p"]})
    assert states(client, account, project_id) == {"p": "removed", "q": "fixed"}


def test_only_engines_the_scan_ran_can_fix_or_remove(
    client: falcon.testing.TestClient, container: Container
) -> None:
    account = register_and_login(client, "engines")
    owner, project_id = uuid.UUID(account.user_id), new_project(client, account)
    secret = finding("key", "conf.py", engine="secrets")
    record_scan(container, owner, project_id, [finding("s", "app.py"), secret],
                {"engines": {"sast": {"status": "completed"}, "secrets": {"status": "completed"}},
                 "files": ["app.py", "conf.py"]}, scan_type="full")  # fmt: skip
    secrets_only = {"engines": {"secrets": {"status": "completed"}}, "files": ["app.py", "conf.py"]}
    record_scan(container, owner, project_id, [], secrets_only, scan_type="secrets")
    assert states(client, account, project_id) == {"s": "open", "key": "fixed"}
    record_scan(container, owner, project_id, [], {"engines": {"sast": {"status": "not_available"}},
                "files": ["app.py"]})  # fmt: skip
    assert states(client, account, project_id)["s"] == "open"  # the engine did not run: nothing proven


def test_failed_and_cancelled_scans_change_nothing(
    client: falcon.testing.TestClient, container: Container
) -> None:
    account = register_and_login(client, "failures")
    owner, project_id = uuid.UUID(account.user_id), new_project(client, account)
    record_scan(container, owner, project_id, [finding("f", "f.py")], {**SAST_RAN, "files": ["f.py"]})
    before = identities(client, account, project_id)["items"]
    record_scan(container, owner, project_id, [finding("g", "g.py")], SAST_RAN, outcome="failed")
    record_scan(container, owner, project_id, [finding("h", "h.py")], SAST_RAN, outcome="cancelled")
    assert identities(client, account, project_id)["items"] == before
    left = container.scans_view.fetch_one(
        "SELECT count(*) AS n FROM identity_sightings s JOIN identity_scans r USING (scan_id) "
        "WHERE r.project_id = %s",
        (project_id,),
    )
    assert left["n"] == 0  # staged findings of ended scans do not linger


def test_only_the_newest_attempts_findings_count(
    client: falcon.testing.TestClient, container: Container
) -> None:
    account = register_and_login(client, "attempts")
    owner, project_id = uuid.UUID(account.user_id), new_project(client, account)
    upload = container.uploads.save(owner, project_id, "a.tar.gz", b"\x1f\x8b fake")
    scan = container.scans.request(owner, "user:test", project_id, "sast", upload_id=upload.id).value
    first = container.scans.begin_attempt(scan.id, "worker-that-died")
    container.scans.record_findings(scan.id, first.attempt, [finding("stale", "s.py")])
    second = container.scans.begin_attempt(scan.id, "worker-that-finished")
    container.scans.record_findings(scan.id, second.attempt, [finding("fresh", "f.py")])
    container.scans.complete(scan.id, second.attempt, {**SAST_RAN, "files": ["s.py", "f.py"]})
    wait_for(lambda: identity_scan_status(container, scan.id) == "completed", 30)
    assert states(client, account, project_id) == {"fresh": "open"}


def test_project_findings_filter_sort_and_page_with_cursors(
    client: falcon.testing.TestClient, lifecycle: dict[str, Any]
) -> None:
    account, project_id = lifecycle["account"], lifecycle["project_id"]

    def rules(**params: str) -> list[str]:
        return [i["rule_id"].removeprefix("python.test.") for i in identities(client, account, project_id,
                **params)["items"]]  # fmt: skip

    assert rules()[0] == "b" and rules()[-1] == "c"  # worst first by default
    assert rules(sort="severity")[0] == "c"
    assert rules(sort="path") == ["a", "b", "c", "d"]
    assert sorted(rules(state="open,reopened")) == ["a", "c", "d"]
    assert rules(state="removed") == ["b"] and rules(state=["fixed"]) == []
    assert rules(severity="critical") == ["b"] and rules(engine="secrets") == []
    assert rules(rule_id="python.test.d") == ["d"] and rules(ref="main") == []
    assert sorted(rules(sort="path", status="open")) == ["a", "b", "c", "d"]
    totals = {state: identities(client, account, project_id, state=state)["pagination"]["total"]
              for state in ("open,reopened", "removed", "fixed")}  # fmt: skip
    assert totals == {"open,reopened": 3, "removed": 1, "fixed": 0}
    assert identities(client, account, project_id, severity="high", engine="sast")["pagination"]["total"] == 2
    page_one = identities(client, account, project_id, sort="path", per_page="3")
    assert page_one["pagination"]["total"] == 4 and page_one["pagination"]["total_pages"] == 2
    cursor = page_one["pagination"]["next_cursor"]
    page_two = identities(client, account, project_id, sort="path", per_page="3", cursor=cursor)
    walked = [i["file_path"] for i in page_one["items"] + page_two["items"]]
    assert walked == ["src/a.py", "src/b.py", "src/c.py", "src/d.py"]
    assert page_two["pagination"]["next_cursor"] is None
    assert [i["file_path"] for i in identities(client, account, project_id, sort="path", per_page="3",
            page="2")["items"]] == ["src/d.py"]  # fmt: skip


def test_project_findings_carry_their_triage(
    client: falcon.testing.TestClient, lifecycle: dict[str, Any]
) -> None:
    account, project_id = lifecycle["account"], lifecycle["project_id"]
    third = lifecycle["scans"][2]
    occurrences = client.simulate_get(f"/api/v1/scans/{third}/findings", headers=account.auth).json["data"]
    d = next(o for o in occurrences["items"] if o["rule_id"] == "python.test.d")
    answer = client.simulate_put(
        f"/api/v1/findings/{d['id']}/triage",
        json={"status": "false_positive", "reason": "test data"},
        headers=account.auth,
    )
    assert answer.status_code == 200, answer.text
    (item,) = identities(client, account, project_id, status="false_positive")["items"]
    assert item["rule_id"] == "python.test.d" and item["status"] == "false_positive"
    assert (
        item["triage"]["reason"] == "test data" and item["triage"]["decided_by"] == f"user:{account.user_id}"
    )
    assert "python.test.d" not in [i["rule_id"] for i in identities(client, account, project_id,
                                   status="open")["items"]]  # fmt: skip


@pytest.mark.parametrize(
    ("params", "field"),
    [({"state": "closed"}, "state"), ({"severity": "urgent"}, "severity"), ({"status": "ignored"}, "status"),
     ({"engine": "dast"}, "engine"), ({"sort": "title"}, "sort"), ({"cursor": "garbage"}, "cursor"),
     ({"colour": "red"}, "colour")],
)  # fmt: skip
def test_bad_project_findings_parameters_are_400_naming_the_field(
    client: falcon.testing.TestClient, lifecycle: dict[str, Any], params: dict[str, str], field: str
) -> None:
    account, project_id = lifecycle["account"], lifecycle["project_id"]
    answer = client.simulate_get(
        f"/api/v1/projects/{project_id}/findings", params=params, headers=account.auth
    )
    assert answer.status_code == 400 and field in answer.json["details"], answer.text


def test_another_users_project_findings_are_404(
    client: falcon.testing.TestClient, lifecycle: dict[str, Any]
) -> None:
    intruder = register_and_login(client, "intruder")
    path = f"/api/v1/projects/{lifecycle['project_id']}/findings"
    assert client.simulate_get(path, headers=intruder.auth).status_code == 404
    assert (
        client.simulate_get(f"/api/v1/projects/{uuid.uuid4()}/findings", headers=intruder.auth).status_code
        == 404
    )


@pytest.fixture
def replay_database(database_url: str, settings: Any) -> Iterator[str]:
    url = with_dbname(database_url, f"pairsec_replay_{uuid.uuid4().hex[:10]}")
    ensure_database(url)
    migrate(url, settings)
    yield url
    drop_database(url)


def _dump(view: Any, head: int) -> dict[str, list[tuple]]:
    tables = {
        "finding_identities": "identity_id", "finding_transitions": "identity_id, scan_id",
        "identity_scans": "scan_id", "identity_sightings": "scan_id, identity_id",
        "identity_counts": "project_id, ref, state, engine, severity_rank",
    }  # fmt: skip
    return {table: [tuple(row.values()) for row in view.fetch_all(f"SELECT * FROM {table} ORDER BY {order}")]
            for table, order in tables.items()}  # fmt: skip


def test_replaying_the_projection_from_the_start_gives_the_same_tables(
    container: Container, lifecycle: dict[str, Any], replay_database: str
) -> None:
    app = container.app
    head = app.recorder.max_notification_id() or 0
    live = view_for(FindingIdentitiesView, FindingIdentitiesProjection.name, container.datastore)
    live.wait(app.name, head, timeout=30)
    datastore = datastore_for(replay_database, 1)
    try:
        replayed = view_for(FindingIdentitiesView, FindingIdentitiesProjection.name, datastore)
        projection = FindingIdentitiesProjection(view=replayed)
        position = 0
        while position < head:
            batch = app.recorder.select_notifications(position + 1, 500, stop=head)
            for notification in batch:
                projection.process_event(app.mapper.to_domain_event(notification), Tracking(app.name,
                                         notification.id))  # fmt: skip
            position = batch[-1].id
        assert _dump(replayed, head) == _dump(live, head)
    finally:
        datastore.close()


def test_deleting_a_project_removes_its_identities_and_transitions(
    client: falcon.testing.TestClient, container: Container
) -> None:
    account = register_and_login(client, "forget")
    owner, project_id = uuid.UUID(account.user_id), new_project(client, account)
    record_scan(container, owner, project_id, [finding("gone", "g.py")], {**SAST_RAN, "files": ["g.py"]})
    assert client.simulate_delete(f"/api/v1/projects/{project_id}", headers=account.auth).status_code == 200
    assert (
        client.simulate_get(f"/api/v1/projects/{project_id}/findings", headers=account.auth).status_code
        == 404
    )
    for table in ("finding_identities", "finding_transitions", "identity_scans"):
        left = container.scans_view.fetch_one(f"SELECT count(*) AS n FROM {table} WHERE project_id = %s",
                                              (project_id,))  # fmt: skip
        assert left["n"] == 0, table
