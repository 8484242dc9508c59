"""Browser fixtures: the real stack started as `pairsec serve`, and headless Chromium from Debian.

The browser is Debian's `/usr/bin/chromium` driven by Playwright's Python package (its own browser
download is never used). Without that binary these tests are skipped with the command that installs it.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from infra.kafka import free_loopback_port
from tests.served import serving

CHROMIUM = os.environ.get("PAIRSEC_TEST_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@dataclass(frozen=True)
class Stack:
    url: str  # http://127.0.0.1:PORT
    repos: Path  # a folder the server may scan by path (PAIRSEC_LOCAL_REPO_ROOTS)
    output: Path

    @property
    def api(self) -> str:
        return self.url + "/api/v1"


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """gunicorn + projector + relay + worker + broker, as `make serve` runs them.

    It uses its own embedded PostgreSQL (not PAIRSEC_TEST_DATABASE_URL): a whole stack holds several
    connection pools, and a server of its own keeps them off the one the other tests share.
    """
    home = tmp_path_factory.mktemp("browser-home")
    repos = tmp_path_factory.mktemp("browser-repos").resolve()
    port = free_loopback_port()
    served = Stack(f"http://127.0.0.1:{port}", repos, home / "serve.out")
    with serving(
        home, port, served.output,
        PAIRSEC_LOCAL_REPO_ROOTS=str(repos), PAIRSEC_WEB_WORKERS="1", PAIRSEC_ARGON2_MEMORY_KIB="8192",
        PAIRSEC_ARGON2_TIME_COST="1", PAIRSEC_KAFKA_PARTITIONS="1", PAIRSEC_LOG_LEVEL="WARNING",
        PAIRSEC_ACCESS_LOG="0",
    ):  # fmt: skip
        yield served


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        missing = f"{CHROMIUM} is missing: apt-get install -y chromium (as .ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(missing)  # CI installs it: its absence there is a broken set-up, not a skip
        pytest.skip(missing)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        yield launched
        launched.close()


def watch_errors(page: Page) -> list[str]:
    """Script errors and console errors (a blocked CSP violation is one) the page raises from now on."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: _console_error(message, errors))
    return errors


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context (own sessionStorage) at desktop size; page errors fail the test."""
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    context.set_default_timeout(60_000)
    opened = context.new_page()
    errors = watch_errors(opened)
    yield opened
    context.close()
    assert not errors, f"the page logged errors: {errors}"


def _console_error(message: ConsoleMessage, errors: list[str]) -> None:
    text = message.text
    # An API answer of 4xx is logged by the browser itself; the page shows it to the user.
    if message.type == "error" and not text.startswith("Failed to load resource"):
        errors.append(text)


def screenshot(page: Page, name: str) -> None:
    """docs/screenshots/<name>.png, for the README."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@dataclass(frozen=True)
class Account:
    email: str
    password: str
    token: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def register(stack: Stack, label: str) -> Account:
    email, password = f"{label}-{uuid.uuid4().hex[:8]}@example.com", "correct horse battery"
    created = requests.post(
        f"{stack.api}/auth/register", json={"email": email, "password": password}, timeout=30
    )
    assert created.status_code == 201, created.text
    login = requests.post(f"{stack.api}/auth/login", json={"email": email, "password": password}, timeout=30)
    return Account(email, password, login.json()["data"]["token"])


def scanned_project(stack: Stack, account: Account, name: str, repository: Path, scan_type: str) -> dict:
    """A project on `repository` with one completed scan of `scan_type`, made over the API."""
    project = requests.post(
        f"{stack.api}/projects", json={"name": name, "repository_url": str(repository)},
        headers=account.auth, timeout=30,
    )  # fmt: skip
    assert project.status_code == 201, project.text
    scan = requests.post(
        f"{stack.api}/scans", json={"project_id": project.json()["data"]["id"], "scan_type": scan_type},
        headers=account.auth, timeout=30,
    ).json()["data"]  # fmt: skip
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        scan = requests.get(f"{stack.api}/scans/{scan['id']}", headers=account.auth, timeout=30).json()[
            "data"
        ]
        if scan["status"] in ("completed", "failed", "cancelled"):
            break
        time.sleep(0.5)
    assert scan["status"] == "completed", scan
    return {"project": project.json()["data"], "scan": scan}


def sign_in(page: Page, stack: Stack, account: Account) -> None:
    page.goto(stack.url + "/")
    page.fill("#login-form input[name=email]", account.email)
    page.fill("#login-form input[name=password]", account.password)
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("h1:has-text('Projects')")
