"""HTTP plumbing of the security battery: the served API, accounts, Alice's resources, planted secrets."""

from __future__ import annotations

import io
import secrets
import string
import tarfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

TERMINAL = frozenset({"completed", "failed", "cancelled"})


@dataclass
class SecretLedger:
    """Every password, token, API key and planted secret the battery used: none may reach a log."""

    values: set[str] = field(default_factory=set)

    def remember(self, *values: str) -> None:
        self.values.update(v for v in values if v)


@dataclass(frozen=True)
class SecurityServer:
    base: str
    log_path: Path
    jwt_secret: str
    ledger: SecretLedger


@dataclass
class Account:
    email: str
    password: str
    user_id: str
    token: str
    api_key: str

    def auth(self, via: str = "jwt") -> dict[str, str]:
        if via == "jwt":
            return {"Authorization": f"Bearer {self.token}"}
        return {"X-API-Key": self.api_key}


def planted_github_token() -> str:
    """A credential the secrets engine reports, made at run time (no key sits in our source)."""
    alphabet = string.ascii_letters + string.digits
    return "ghp_" + "".join(secrets.choice(alphabet) for _ in range(36))


def tar_gz(files: dict[str, bytes | str]) -> bytes:
    """A .tar.gz of regular files, names exactly as given (no folder added)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, content in files.items():
            data = content.encode() if isinstance(content, str) else content
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


class Api:
    """requests against the served API; every credential it sees goes into the ledger."""

    def __init__(self, server: SecurityServer) -> None:
        self.server = server
        self.base = server.base
        self.ledger = server.ledger
        self._session = requests.Session()

    def call(
        self,
        method: str,
        path: str,
        account: Account | None = None,
        via: str = "jwt",
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> requests.Response:
        sent = {**(account.auth(via) if account else {}), **(headers or {})}
        kwargs.setdefault("timeout", 120)
        return self._session.request(method, self.base + path, headers=sent, allow_redirects=False, **kwargs)

    def new_account(self, label: str, password: str | None = None) -> Account:
        email = f"{label}-{uuid.uuid4().hex[:10]}@example.com"
        password = password or f"pw-{secrets.token_urlsafe(12)}"
        self.ledger.remember(password)
        created = self.call("POST", "/auth/register", json={"email": email, "password": password})
        assert created.status_code == 201, created.text
        token = self.login(email, password)
        key = self.call("POST", "/users/api-key", headers={"Authorization": f"Bearer {token}"})
        assert key.status_code == 201, key.text
        api_key = key.json()["data"]["api_key"]
        self.ledger.remember(api_key)
        return Account(email, password, created.json()["data"]["id"], token, api_key)

    def login(self, email: str, password: str) -> str:
        answer = self.call("POST", "/auth/login", json={"email": email, "password": password})
        assert answer.status_code == 200, answer.text
        token = answer.json()["data"]["token"]
        self.ledger.remember(token)
        return token

    def create_project(self, account: Account, **fields: Any) -> dict[str, Any]:
        body = {"name": f"project-{uuid.uuid4().hex[:8]}", **fields}
        answer = self.call("POST", "/projects", account, json=body)
        assert answer.status_code == 201, answer.text
        return answer.json()["data"]

    def upload(self, account: Account, project_id: str, archive: bytes) -> dict[str, Any]:
        answer = self.call(
            "POST", f"/projects/{project_id}/uploads", account,
            headers={"Content-Type": "application/gzip"}, data=archive,
        )  # fmt: skip
        assert answer.status_code == 201, answer.text
        return answer.json()["data"]

    def request_scan(
        self, account: Account, project_id: str, upload_id: str | None = None, scan_type: str = "secrets"
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"project_id": project_id, "scan_type": scan_type}
        if upload_id:
            body["upload_id"] = upload_id
        answer = self.call("POST", "/scans", account, json=body)
        assert answer.status_code == 202, answer.text
        return answer.json()["data"]

    def wait_for_scan(self, account: Account, scan_id: str, timeout: float = 300) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            scan = self.call("GET", f"/scans/{scan_id}", account).json()["data"]
            if scan["status"] in TERMINAL or time.monotonic() > deadline:
                return scan
            time.sleep(0.3)

    def scan_upload(self, account: Account, project_id: str, archive: bytes) -> dict[str, Any]:
        upload = self.upload(account, project_id, archive)
        scan = self.request_scan(account, project_id, upload["upload_id"])
        return self.wait_for_scan(account, scan["id"])


@dataclass
class Holdings:
    """One user's resources of every kind: a project, an upload, a finished scan and its findings."""

    account: Account
    project: dict[str, Any]
    upload_id: str
    scan: dict[str, Any]
    finding_ids: list[str]
    made: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, parent id) -> id

    def ids(self) -> dict[str, str]:
        return {
            "project": self.project["id"],
            "upload": self.upload_id,
            "scan": self.scan["id"],
            "finding": self.finding_ids[0],
        }

    def markers(self) -> set[str]:
        """Strings that appear only in this user's data: seeing one in another user's answer is a leak."""
        return {
            self.account.user_id, self.account.email, self.project["id"], self.project["name"],
            self.upload_id, self.scan["id"], *self.finding_ids,
        }  # fmt: skip


@dataclass
class World:
    alice: Holdings
    bob: Holdings
    planted: str


CSV_FORMULA_FILE = "=HYPERLINK(1)+cmd.py"


def holdings(api: Api, label: str, planted: str) -> Holdings:
    account = api.new_account(label)
    project = api.create_project(account, description=f"{label}'s private project")
    archive = tar_gz({
        "settings.py": f'GITHUB_TOKEN = "{planted}"\n',
        CSV_FORMULA_FILE: f'@cmd = "{planted}"\n',
    })  # fmt: skip
    upload = api.upload(account, project["id"], archive)
    requested = api.request_scan(account, project["id"], upload["upload_id"])
    scan = api.wait_for_scan(account, requested["id"])
    assert scan["status"] == "completed", scan
    findings = api.call("GET", f"/scans/{scan['id']}/findings", account).json()["data"]["items"]
    assert len(findings) >= 2, findings
    return Holdings(account, project, upload["upload_id"], scan, [f["id"] for f in findings])


def build_world(api: Api) -> World:
    planted = planted_github_token()
    api.ledger.remember(planted)
    return World(holdings(api, "alice", planted), holdings(api, "bob", planted), planted)
