"""GET /analytics/findings and `pairsec analytics export` over scans recorded through the real commands.

Alice's history (all today): project P1 scan 1 finds a, b, c; scan 2 finds b, c, d (a fixed, d new);
project P2 (named like a spreadsheet formula) scan finds e; c is triaged false positive, then accepted
risk (counted once). Bob's project has two findings of his own that Alice must never see.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, make_server

import falcon.testing
import pandas as pd
import pytest

from infra.bootstrap import Container, build_api
from infra.cli import main
from infra.settings import Settings
from tests.integration.conftest import Account, register_and_login
from tests.integration.pipeline import wait_for

NOW = datetime.now(UTC)
WINDOW = {"from": (NOW - timedelta(days=1)).isoformat(), "to": (NOW + timedelta(days=1)).isoformat()}


def _finding(name: str, severity: str, engine: str, cwe: list[str]) -> dict[str, Any]:
    return {
        "rule_id": f"test.{name}", "engine": engine, "severity": severity, "confidence": "high",
        "title": f"Finding {name}", "message": "m", "file_path": f"src/{name}.py", "start_line": 1,
        "end_line": 1, "snippet": "x", "cwe": cwe, "owasp": [], "fix": "", "fingerprint": f"fp-{name}",
        "extra": {},
    }  # fmt: skip


FINDINGS = {
    "a": _finding("a", "high", "sast", ["CWE-89: SQL Injection"]),
    "b": _finding("b", "critical", "secrets", ["CWE-798"]),
    "c": _finding("c", "medium", "sast", ["CWE-79: Cross-site Scripting"]),
    "d": _finding("d", "low", "sast", ["CWE-89"]),
    "e": _finding("e", "high", "sast", []),
    "x": _finding("x", "high", "sast", ["CWE-22"]),
    "y": _finding("y", "low", "sast", ["CWE-22"]),
}


def _scan(container: Container, owner: str, project_id: str, names: str) -> str:
    owner_id, project = uuid.UUID(owner), uuid.UUID(project_id)
    upload = container.uploads.save(owner_id, project, "a.tar.gz", b"\x1f\x8b fake")
    scan = container.scans.request(owner_id, "user:test", project, "full", upload_id=upload.id).value
    job = container.scans.begin_attempt(scan.id, "test-worker")
    container.scans.record_findings(scan.id, job.attempt, [FINDINGS[n] for n in names])
    container.scans.complete(scan.id, job.attempt, {"counts": {}})

    def transitions_recorded() -> bool:
        row = container.scans_view.fetch_one(
            "SELECT status FROM identity_scans WHERE scan_id = %s", (scan.id,)
        )
        return row is not None and row["status"] == "completed"

    wait_for(transitions_recorded, 30)
    return str(scan.id)


def _project(client: falcon.testing.TestClient, account: Account, name: str) -> str:
    answer = client.simulate_post("/api/v1/projects", json={"name": name}, headers=account.auth)
    assert answer.status_code == 201, answer.text
    return answer.json["data"]["id"]


def _triage(
    client: falcon.testing.TestClient, account: Account, scan_id: str, name: str, status: str, **body: str
) -> None:
    items = client.simulate_get(f"/api/v1/scans/{scan_id}/findings", headers=account.auth).json["data"]
    finding_id = next(f["id"] for f in items["items"] if f["rule_id"] == f"test.{name}")
    answer = client.simulate_put(
        f"/api/v1/findings/{finding_id}/triage", json={"status": status, **body}, headers=account.auth
    )
    assert answer.status_code == 200, answer.text


@pytest.fixture(scope="module")
def history(client: falcon.testing.TestClient, container: Container) -> dict[str, Any]:
    alice, bob = register_and_login(client, "analyst"), register_and_login(client, "other")
    p1 = _project(client, alice, f"Payments {uuid.uuid4().hex[:6]}")
    p2 = _project(client, alice, f"=SUM(1) {uuid.uuid4().hex[:6]}")
    q = _project(client, bob, f"Bob {uuid.uuid4().hex[:6]}")
    _scan(container, alice.user_id, p1, "abc")
    second = _scan(container, alice.user_id, p1, "bcd")
    _scan(container, alice.user_id, p2, "e")
    _scan(container, bob.user_id, q, "xy")
    _triage(client, alice, second, "c", "false_positive")
    _triage(client, alice, second, "c", "accepted_risk")
    return {"alice": alice, "bob": bob, "p1": p1, "p2": p2, "q": q}


def _get(client: falcon.testing.TestClient, account: Account, **params: str) -> falcon.testing.Result:
    return client.simulate_get(
        "/api/v1/analytics/findings", params={**WINDOW, **params}, headers=account.auth
    )


def _data(client: falcon.testing.TestClient, account: Account, **params: str) -> dict[str, Any]:
    answer = _get(client, account, **params)
    assert answer.status_code == 200, answer.text
    assert answer.json["status"] == 200 and answer.json["message"]
    return answer.json["data"]


def _totals(series: list[dict[str, Any]]) -> dict[str, int]:
    totals = {k: sum(row[k] for row in series) for k in ("new", "reopened", "fixed", "removed", "triaged")}
    totals["open"] = series[-1]["open"]
    return totals


def test_counts_match_the_hand_computed_history(
    client: falcon.testing.TestClient, history: dict[str, Any]
) -> None:
    data = _data(client, history["alice"], interval="day")
    assert _totals(data["timeseries"]) == {
        "new": 5, "reopened": 0, "fixed": 1, "removed": 0, "triaged": 1, "open": 4,
    }  # fmt: skip
    assert [row["severity"] for row in data["time_to_fix"]] == ["high"]
    assert data["time_to_fix"][0]["fixed"] == 1 and data["time_to_fix"][0]["mean_hours_to_fix"] >= 0
    assert data["top_rules"][0] == {"rule_id": "test.b", "engine": "secrets", "open": 1, "new": 1, "fixed": 0}
    assert data["top_rules"][-1] == {"rule_id": "test.a", "engine": "sast", "open": 0, "new": 1, "fixed": 1}
    assert data["top_cwes"] == [
        {"cwe": "CWE-89", "open": 1, "new": 2, "fixed": 1},
        {"cwe": "CWE-79", "open": 1, "new": 1, "fixed": 0},
        {"cwe": "CWE-798", "open": 1, "new": 1, "fixed": 0},
    ]


def test_a_decision_after_an_accepted_risk_expired_counts_as_a_new_triage(
    client: falcon.testing.TestClient, container: Container
) -> None:
    carol = register_and_login(client, "expiry")
    scan_id = _scan(container, carol.user_id, _project(client, carol, "expiring"), "a")
    expires = datetime.now(UTC) + timedelta(seconds=2)
    _triage(client, carol, scan_id, "a", "accepted_risk", expires_at=expires.isoformat())
    wait_for(lambda: datetime.now(UTC) > expires + timedelta(milliseconds=100), 10)
    _triage(client, carol, scan_id, "a", "false_positive")  # the risk had expired: the finding was open
    _triage(client, carol, scan_id, "a", "not_applicable")  # from one non-open status to another
    assert _totals(_data(client, carol, interval="day")["timeseries"])["triaged"] == 2


def test_open_count_equals_the_identities_still_open(
    client: falcon.testing.TestClient, container: Container, history: dict[str, Any]
) -> None:
    row = container.scans_view.fetch_one(
        "SELECT count(*) AS n FROM finding_identities WHERE owner_id = %s AND state IN ('open', 'reopened')",
        (uuid.UUID(history["alice"].user_id),),
    )
    assert _data(client, history["alice"], interval="day")["timeseries"][-1]["open"] == row["n"] == 4


def test_grouping_by_project_and_severity_names_the_projects(
    client: falcon.testing.TestClient, history: dict[str, Any]
) -> None:
    series = _data(client, history["alice"], interval="month", group_by="project,severity")["timeseries"]
    last = {
        (r["project_id"], r["severity"]): r["open"] for r in series if r["period"] == series[-1]["period"]
    }
    assert last == {
        (history["p1"], "critical"): 1, (history["p1"], "medium"): 1, (history["p1"], "low"): 1,
        (history["p1"], "high"): 0, (history["p2"], "high"): 1,
    }  # fmt: skip
    names = {r["project_id"]: r["project_name"] for r in series}
    assert names[history["p2"]].startswith("=SUM(1)") and names[history["p1"]].startswith("Payments")


def test_project_filter_keeps_only_that_project(
    client: falcon.testing.TestClient, history: dict[str, Any]
) -> None:
    data = _data(client, history["alice"], interval="day", project_id=history["p2"])
    assert _totals(data["timeseries"])["new"] == 1 and data["project_id"] == [history["p2"]]
    assert [rule["rule_id"] for rule in data["top_rules"]] == ["test.e"]


def test_each_user_sees_only_their_own_findings(
    client: falcon.testing.TestClient, history: dict[str, Any]
) -> None:
    data = _data(client, history["bob"], interval="week")
    assert _totals(data["timeseries"])["new"] == 2
    assert {rule["rule_id"] for rule in data["top_rules"]} == {"test.x", "test.y"}


def test_another_users_project_answers_404_like_an_unknown_one(
    client: falcon.testing.TestClient, history: dict[str, Any]
) -> None:
    foreign = _get(client, history["alice"], project_id=history["q"])
    unknown = _get(client, history["alice"], project_id=str(uuid.uuid4()))
    assert foreign.status_code == unknown.status_code == 404
    assert foreign.json["error"] == unknown.json["error"]


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"group_by": "severity,colour"}, "group_by"),
        ({"interval": "year"}, "interval"),
        ({"interval": "day,week"}, "interval"),
        ({"from": "last tuesday"}, "from"),
        ({"to": "2026-13-45"}, "to"),
        ({"from": "2026-02-01", "to": "2026-01-01"}, "from"),
        ({"format": "xlsx"}, "format"),
        ({"report": "everything"}, "report"),
        ({"top": "0"}, "top"),
        ({"project_id": "not-an-id"}, "project_id"),
        ({"from": "1990-01-01", "to": "2026-01-01", "interval": "day"}, "interval"),
        ({"colour": "red"}, "colour"),
        ({"to": "0001-01-02T00:00:00Z"}, "to"),
        ({"from": "9999-12-01T00:00:00Z", "to": "9999-12-31T23:00:00-05:00"}, "to"),
        ({"from": "0001-01-01T00:00:00+05:00", "to": "0001-02-01T00:00:00Z"}, "from"),
    ],
)
def test_malformed_parameters_are_400_naming_the_parameter(
    client: falcon.testing.TestClient, account: Account, params: dict[str, str], named: str
) -> None:
    answer = client.simulate_get("/api/v1/analytics/findings", params=params, headers=account.auth)
    assert answer.status_code == 400, answer.text
    assert named in answer.json["details"]


def test_analytics_need_authentication(client: falcon.testing.TestClient) -> None:
    assert client.simulate_get("/api/v1/analytics/findings").status_code == 401


def test_csv_is_a_download_with_the_json_rows_and_formulas_neutralised(
    client: falcon.testing.TestClient, history: dict[str, Any]
) -> None:
    params = {"interval": "week", "group_by": "project"}
    answer = _get(client, history["alice"], format="csv", **params)
    assert answer.status_code == 200, answer.text
    assert answer.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in answer.headers["Content-Disposition"]
    assert "pairsec-analytics-timeseries-week-" in answer.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    expected = _data(client, history["alice"], **params)["timeseries"]
    assert [(r["project_id"], int(r["open"]), int(r["new"])) for r in rows] == [
        (r["project_id"], r["open"], r["new"]) for r in expected
    ]
    assert all(not r["project_name"].startswith("=") for r in rows)
    assert any(r["project_name"].startswith("'=SUM(1)") for r in rows)


def test_csv_report_chooses_the_table(client: falcon.testing.TestClient, history: dict[str, Any]) -> None:
    answer = _get(client, history["alice"], format="csv", report="top_cwes")
    assert answer.status_code == 200
    assert list(csv.reader(io.StringIO(answer.text)))[:2] == [["cwe", "open", "new", "fixed"],
                                                             ["CWE-89", "1", "2", "1"]]  # fmt: skip


def test_parquet_holds_the_same_rows_as_json(
    client: falcon.testing.TestClient, history: dict[str, Any]
) -> None:
    answer = _get(client, history["alice"], format="parquet", interval="day", group_by="severity")
    assert answer.status_code == 200, answer.text
    assert answer.headers["Content-Type"] == "application/vnd.apache.parquet"
    assert ".parquet" in answer.headers["Content-Disposition"]
    frame = pd.read_parquet(io.BytesIO(answer.content))
    expected = _data(client, history["alice"], interval="day", group_by="severity")["timeseries"]
    assert frame[["period", "severity", "open", "new"]].to_dict(orient="records") == [
        {k: r[k] for k in ("period", "severity", "open", "new")} for r in expected
    ]


# Runs the API in a fresh interpreter where importing pyarrow fails, as on a server installed without
# the analytics extra: parquet must be a 400 naming the extra, and JSON and CSV must still work.
WITHOUT_PYARROW = """
import importlib.abc, json, sys
from pathlib import Path

class NoPyarrow(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "pyarrow" or name.startswith("pyarrow."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, NoPyarrow())
import falcon.testing
from infra.bootstrap import build_api, build_container
from infra.settings import Settings

args = json.loads(sys.stdin.read())
settings = Settings(
    home=Path(args["home"]), database_url=args["url"], jwt_secret=args["secret"], db_pool_size=1
)
container = build_container(settings, args["url"])
client = falcon.testing.TestClient(build_api(container))
answers = {}
for fmt in ("parquet", "csv", "json"):
    answer = client.simulate_get("/api/v1/analytics/findings", params={"format": fmt}, headers=args["auth"])
    answers[fmt] = {"status": answer.status_code, "body": answer.json if fmt != "csv" else answer.text}
container.close()
print(json.dumps({"answers": answers, "pyarrow_loaded": "pyarrow" in sys.modules}))
"""


def test_parquet_without_pyarrow_is_a_400_naming_the_analytics_extra(
    settings: Settings, database_url: str, history: dict[str, Any], tmp_path: Path
) -> None:
    args = {"home": str(tmp_path), "url": database_url, "secret": settings.jwt_secret,
            "auth": history["alice"].auth}  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAIRSEC_")}
    run = subprocess.run(
        [sys.executable, "-c", WITHOUT_PYARROW], input=json.dumps(args), capture_output=True, text=True,
        env=env, cwd=Path(__file__).parents[2], timeout=240, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[:3000]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["pyarrow_loaded"] is False
    parquet = result["answers"]["parquet"]
    assert parquet["status"] == 400
    assert "pairsec[analytics]" in parquet["body"]["details"]["format"]
    assert result["answers"]["csv"]["status"] == 200 and result["answers"]["csv"]["body"].startswith(
        "period,"
    )
    assert result["answers"]["json"]["status"] == 200


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(container: Container, projector: object) -> Iterator[str]:
    """The API on a loopback port, for the CLI (a real HTTP client) to talk to."""
    httpd = make_server("127.0.0.1", 0, build_api(container), handler_class=_QuietHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(10)


def test_cli_export_writes_what_the_api_answers(
    client: falcon.testing.TestClient, server: str, history: dict[str, Any], tmp_path: Path
) -> None:
    alice = history["alice"]
    key = client.simulate_post("/api/v1/users/api-key", json={}, headers=alice.auth).json["data"]["api_key"]
    target = tmp_path / "open.csv"
    p2_name = client.simulate_get(f"/api/v1/projects/{history['p2']}", headers=alice.auth).json["data"][
        "name"
    ]
    code = main([
        "analytics", "export", "--server", server, "--api-key", key, "--group-by", "severity",
        "--interval", "day", "--from", WINDOW["from"], "--to", WINDOW["to"], "--format", "csv",
        "--project", p2_name, "--output", str(target),
    ])  # fmt: skip
    assert code == 0
    rows = list(csv.DictReader(target.open()))
    assert {r["severity"] for r in rows} == {"high"} and sum(int(r["new"]) for r in rows) == 1


def test_cli_export_reports_a_bad_parameter_as_one_line_and_exit_2(
    client: falcon.testing.TestClient, server: str, history: dict[str, Any], capsys: pytest.CaptureFixture
) -> None:
    key = client.simulate_post("/api/v1/users/api-key", json={}, headers=history["bob"].auth).json["data"][
        "api_key"
    ]
    code = main(["analytics", "export", "--server", server, "--api-key", key, "--from", "yesterday-ish"])
    assert code == 2
    assert "from" in capsys.readouterr().err
