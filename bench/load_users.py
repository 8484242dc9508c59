"""The locust users of bench/load.py: each registers, logs in, creates projects, uploads source, requests
scans, lists and exports, and writes down every write the server accepted so load.py can count them in
the read models afterwards. Run by load.py (`locust -f bench/load_users.py --ledger PATH ...`)."""

from __future__ import annotations

import io
import json
import random
import tarfile
import uuid
from collections import Counter
from typing import Any

from locust import HttpUser, between, events, task

ACCEPTED: dict[str, list[str]] = {"users": [], "projects": [], "uploads": [], "scans": []}
STATUSES: Counter[int] = Counter()
SCAN_TYPES = ("secrets",) * 6 + ("dependencies",) * 3 + ("sast",)


@events.init_command_line_parser.add_listener
def _arguments(parser: Any) -> None:
    parser.add_argument("--ledger", default="load-ledger.json", help="where to write the accepted writes")


@events.request.add_listener
def _count_status(response: Any = None, **_: Any) -> None:
    if response is not None and getattr(response, "status_code", None):
        STATUSES[response.status_code] += 1


@events.quitting.add_listener
def _write_ledger(environment: Any, **_: Any) -> None:
    with open(environment.parsed_options.ledger, "w") as sink:
        json.dump({"accepted": ACCEPTED, "statuses": dict(STATUSES)}, sink)


def _archive(index: int) -> bytes:
    files = {
        "app/settings.py": f'API_TOKEN = "ghp_{uuid.uuid4().hex}{uuid.uuid4().hex[:4]}"\n',
        "app/views.py": (
            f"import os\n\n\ndef view_{index}(request):\n    return os.system(request.args['cmd'])\n"
        ),
        "requirements.txt": "django==2.2.0\nrequests==2.19.0\n",
    }
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


class Analyst(HttpUser):
    """A security engineer working through the API: mostly reads, some writes, a scan now and then."""

    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self.email = f"load-{uuid.uuid4().hex[:12]}@example.com"
        self.password = "load-" + uuid.uuid4().hex
        self.projects: list[str] = []
        self.scans: list[str] = []
        with self.client.post(
            "/auth/register", json={"email": self.email, "password": self.password}, catch_response=True
        ) as answer:
            if answer.status_code == 201:
                ACCEPTED["users"].append(answer.json()["data"]["id"])
            else:
                answer.failure(f"register: {answer.status_code}")
        self.login()
        self.create_project()

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    @task(1)
    def login(self) -> None:
        body = {"email": self.email, "password": self.password}
        with self.client.post("/auth/login", json=body, catch_response=True) as answer:
            if answer.status_code == 200:
                self.token = answer.json()["data"]["token"]
            else:
                answer.failure(f"login: {answer.status_code}")

    @task(3)
    def create_project(self) -> None:
        body = {"name": f"load {uuid.uuid4().hex[:10]}", "repository_url": "https://github.com/org/repo"}
        with self.client.post("/projects", json=body, headers=self.auth, catch_response=True) as answer:
            if answer.status_code == 201:
                project_id = answer.json()["data"]["id"]
                ACCEPTED["projects"].append(project_id)
                self.projects.append(project_id)
            else:
                answer.failure(f"create project: {answer.status_code}")

    @task(3)
    def request_scan(self) -> None:
        if not self.projects:
            return
        project_id = random.choice(self.projects)
        headers = {**self.auth, "Content-Type": "application/gzip"}
        with self.client.post(
            f"/projects/{project_id}/uploads", data=_archive(len(self.scans)), headers=headers,
            name="/projects/{id}/uploads", catch_response=True,
        ) as answer:  # fmt: skip
            if answer.status_code != 201:
                answer.failure(f"upload: {answer.status_code}")
                return
            upload_id = answer.json()["data"]["upload_id"]
            ACCEPTED["uploads"].append(upload_id)
        body = {"project_id": project_id, "scan_type": random.choice(SCAN_TYPES), "upload_id": upload_id}
        with self.client.post("/scans", json=body, headers=self.auth, catch_response=True) as answer:
            if answer.status_code == 202:
                scan_id = answer.json()["data"]["id"]
                ACCEPTED["scans"].append(scan_id)
                self.scans.append(scan_id)
            else:
                answer.failure(f"request scan: {answer.status_code}")

    @task(4)
    def list_projects(self) -> None:
        self.client.get("/projects", params={"per_page": 20, "sort": "-created_at"}, headers=self.auth)

    @task(4)
    def list_scans(self) -> None:
        self.client.get("/scans", params={"per_page": 20}, headers=self.auth)

    @task(2)
    def read_scan(self) -> None:
        if self.scans:
            self.client.get(f"/scans/{random.choice(self.scans)}", headers=self.auth, name="/scans/{id}")

    @task(3)
    def export(self) -> None:
        if not self.scans:
            return
        scan_id = random.choice(self.scans)
        export_format = random.choice(("json", "csv", "sarif"))
        self.client.get(
            f"/scans/{scan_id}/export", params={"format": export_format}, headers=self.auth,
            name=f"/scans/{{id}}/export?format={export_format}",
        )  # fmt: skip
