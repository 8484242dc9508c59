"""`pairsec serve` started as the README starts it, driven with the seed's curl examples over HTTP."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
import requests

from infra.kafka import free_loopback_port
from tests.integration.pipeline import VULNERABLE_APP, tar_gz
from tests.served import PAIRSEC, pairsec_env, serving


def _env(home: Path, port: int, **extra: str) -> dict[str, str]:
    return pairsec_env(PAIRSEC_HOME=str(home), PAIRSEC_PORT=str(port), **extra)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, subprocess.Popen, Path, int]]:
    home = tmp_path_factory.mktemp("serve-home")
    port = free_loopback_port()
    with serving(home, port, home / "serve.out") as process:
        yield f"http://127.0.0.1:{port}/api/v1", process, home, port


def test_seed_examples_work_over_http(served: tuple[str, subprocess.Popen, Path, int]) -> None:
    base = served[0]
    email, password = "user@example.com", "your_password"
    created = requests.post(f"{base}/auth/register", json={"email": email, "password": password}, timeout=10)
    assert created.status_code == 201, created.text
    login = requests.post(
        f"{base}/auth/login",
        headers={"Content-Type": "application/json"},
        data='{\n"email": "user@example.com",\n"password": "your_password"\n}',
        timeout=10,
    )
    assert login.status_code == 200 and login.json()["message"]
    token = login.json()["data"]["token"]
    me = requests.get(f"{base}/auth/me", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert me.json()["data"]["email"] == email
    key = requests.post(f"{base}/users/api-key", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert key.status_code == 201
    api_key = key.json()["data"]["api_key"]
    assert requests.get(f"{base}/auth/me", headers={"X-API-Key": api_key}, timeout=10).status_code == 200
    revoke = requests.delete(f"{base}/users/api-key", headers={"X-API-Key": api_key}, timeout=10)
    assert revoke.status_code == 200
    assert requests.get(f"{base}/auth/me", headers={"X-API-Key": api_key}, timeout=10).status_code == 401


def test_seed_project_and_scan_examples_run_to_completed(
    served: tuple[str, subprocess.Popen, Path, int],
) -> None:
    base = served[0]
    credentials = {"email": "scanner@example.com", "password": "scanner password"}
    requests.post(f"{base}/auth/register", json=credentials, timeout=10)
    token = requests.post(f"{base}/auth/login", json=credentials, timeout=10).json()["data"]["token"]
    auth = {"Authorization": f"Bearer {token}"}
    project = requests.post(
        f"{base}/projects", json={"name": "My Web App", "repository_url": "https://github.com/user/repo"},
        headers=auth, timeout=10,
    )  # fmt: skip
    assert project.status_code == 201, project.text
    project_id = project.json()["data"]["id"]
    upload = requests.post(
        f"{base}/projects/{project_id}/uploads", data=tar_gz({"app.py": VULNERABLE_APP}),
        headers={**auth, "Content-Type": "application/gzip"}, timeout=30,
    )  # fmt: skip
    assert upload.status_code == 201, upload.text
    scan = requests.post(
        f"{base}/scans",
        json={"project_id": project_id, "scan_type": "full", "upload_id": upload.json()["data"]["upload_id"]},
        headers=auth, timeout=10,
    )  # fmt: skip
    assert scan.status_code == 202 and scan.json()["data"]["status"] == "queued"
    scan_id = scan.json()["data"]["id"]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        status = requests.get(f"{base}/scans/{scan_id}", headers=auth, timeout=10).json()["data"]
        if status["status"] in ("completed", "failed", "cancelled"):
            break
        time.sleep(0.5)
    assert status["status"] == "completed", status
    findings = requests.get(f"{base}/scans/{scan_id}/findings", headers=auth, timeout=10).json()["data"]
    assert findings["pagination"]["total"] == status["findings"]["total"] >= 3


def test_second_instance_on_the_same_home_is_refused(served: tuple[str, subprocess.Popen, Path, int]) -> None:
    _, _, home, _ = served
    second = subprocess.run(
        [PAIRSEC, "serve"], env=_env(home, free_loopback_port()), capture_output=True, text=True, timeout=60
    )
    assert second.returncode == 1
    assert "already running" in second.stderr and str(home) in second.stderr


def test_bad_setting_is_one_line_naming_the_variable(tmp_path: Path) -> None:
    result = subprocess.run(
        [PAIRSEC, "serve"],
        env=_env(tmp_path, 1, PAIRSEC_DATABASE_URL="nonsense"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "PAIRSEC_DATABASE_URL" in result.stderr


def test_sigterm_stops_every_part_with_no_orphans(served: tuple[str, subprocess.Popen, Path, int]) -> None:
    _, process, home, _ = served
    descendants = psutil.Process(process.pid).children(recursive=True)
    assert len(descendants) >= 5  # api master + workers, projector, relay, worker, broker
    process.send_signal(signal.SIGTERM)
    assert process.wait(60) == 0
    _, alive = psutil.wait_procs(descendants, timeout=20)
    assert alive == []
    postgres = [p for p in psutil.process_iter(["cmdline"]) if str(home) in " ".join(p.info["cmdline"] or [])]
    assert postgres == []
