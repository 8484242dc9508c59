"""Deep pages of a scan's findings (served from anchors) hold exactly the rows a cursor walk reaches."""

from __future__ import annotations

import math
import uuid

import falcon.testing
import pytest

from infra.bootstrap import Container
from projections.findings import FindingQueries
from projections.pagination import PageRequest
from projections.scans import ANCHOR_EVERY
from tests.integration.conftest import Account, register_and_login
from tests.integration.pipeline import wait_for

SEVERITIES = ("critical", "high", "medium", "low", "info")
FINDINGS = 1100


def _finding(n: int) -> dict:
    return {
        "rule_id": f"python.deep.rule-{n % 7}", "engine": "sast",
        "severity": SEVERITIES[0] if n % 50 == 0 else SEVERITIES[n % 4 + 1], "confidence": "high",
        "title": f"Finding {n}", "message": "m", "file_path": f"src/f{n}.py", "start_line": 1, "end_line": 1,
        "snippet": "", "cwe": [], "owasp": [], "fix": "", "fingerprint": f"deep-{n:05d}", "extra": {},
    }  # fmt: skip


@pytest.fixture(scope="module")
def big_scan(client: falcon.testing.TestClient, container: Container) -> tuple[Account, uuid.UUID]:
    account = register_and_login(client, "deep")
    owner = uuid.UUID(account.user_id)
    answer = client.simulate_post("/api/v1/projects", json={"name": "deep"}, headers=account.auth)
    project_id = uuid.UUID(answer.json["data"]["id"])
    upload = container.uploads.save(owner, project_id, "a.tar.gz", b"\x1f\x8b fake")
    scan = container.scans.request(owner, "user:test", project_id, "sast", upload_id=upload.id).value
    job = container.scans.begin_attempt(scan.id, "test-worker")
    container.scans.record_findings(scan.id, job.attempt, [_finding(n) for n in range(FINDINGS)])
    container.scans.complete(scan.id, job.attempt, {"engines": {}, "counts": {}})
    query = "SELECT status FROM scans WHERE id = %s"
    wait_for(lambda: container.scans_view.fetch_one(query, (scan.id,))["status"] == "completed", 60)
    return account, scan.id


def _get(client: falcon.testing.TestClient, account: Account, scan_id: uuid.UUID, **params: str) -> dict:
    answer = client.simulate_get(f"/api/v1/scans/{scan_id}/findings", params=params, headers=account.auth)
    assert answer.status_code == 200, answer.text
    return answer.json["data"]


def test_an_ended_scan_keeps_an_anchor_every_so_many_findings_of_each_severity(
    container: Container, big_scan: tuple[Account, uuid.UUID]
) -> None:
    _, scan_id = big_scan
    rows = container.scans_view.fetch_all(
        "SELECT count_critical, count_high, count_medium, count_low, count_info FROM scans WHERE id = %s",
        (scan_id,),
    )
    expected = sum(math.ceil(count / ANCHOR_EVERY) for count in rows[0].values())
    anchors = container.scans_view.fetch_one(
        "SELECT count(*) AS n FROM finding_anchors WHERE scan_id = %s", (scan_id,)
    )
    assert anchors["n"] == expected > 5


@pytest.mark.parametrize("sort", ["-severity", "severity"])
@pytest.mark.parametrize("severity", [None, "high", "critical,low,info"])
def test_numbered_pages_match_the_cursor_walk(
    client: falcon.testing.TestClient,
    container: Container,
    big_scan: tuple[Account, uuid.UUID],
    sort: str,
    severity: str | None,
) -> None:
    account, scan_id = big_scan
    filters = {"severity": severity} if severity else {}
    walked: list[str] = []
    cursor = None
    while True:
        params = {"sort": sort, "per_page": "100", **filters, **({"cursor": cursor} if cursor else {})}
        data = _get(client, account, scan_id, **params)
        walked += [item["id"] for item in data["items"]]
        cursor = data["pagination"]["next_cursor"]
        if cursor is None:
            break
    per_page = 37
    data = _get(client, account, scan_id, sort=sort, per_page=str(per_page), **filters)
    total = data["pagination"]["total"]
    assert total == len(walked) == len(set(walked)) > ANCHOR_EVERY
    for page in range(1, math.ceil(total / per_page) + 2):
        data = _get(client, account, scan_id, sort=sort, per_page=str(per_page), page=str(page), **filters)
        expected = walked[(page - 1) * per_page : page * per_page]
        assert [item["id"] for item in data["items"]] == expected, page
        if data["pagination"]["next_cursor"]:  # a numbered page's cursor continues where it ends
            following = _get(client, account, scan_id, sort=sort, per_page=str(per_page),
                              cursor=data["pagination"]["next_cursor"], **filters)  # fmt: skip
            assert [i["id"] for i in following["items"]] == walked[page * per_page : (page + 1) * per_page]
    deep = FindingQueries(container.scans_view)
    context = deep.context(uuid.UUID(account.user_id), scan_id)
    request = PageRequest(page=total // per_page, per_page=per_page, sort=sort)
    wanted = {"severity": severity.split(",")} if severity else {}
    assert deep._anchored_page(context, request, deep._severity_counts(context, wanted)) is not None
