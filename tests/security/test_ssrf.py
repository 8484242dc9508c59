"""Server-side request forgery: repository and webhook URLs naming the metadata service, loopback or
private ranges (in every spelling) are refused with 422; names that resolve to them are refused by the
worker before any connection; and git never follows a redirect."""

from __future__ import annotations

import http.server
import ipaddress
import socket
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from scanners.git_source import GitSource
from scanners.source_errors import SourceError
from tests.security.client import Api, World

FORBIDDEN_URLS = (
    "http://169.254.169.254/latest/meta-data/iam",
    "https://[fd00:ec2::254]/org/repo.git",
    "https://100.100.100.200/org/repo.git",
    "https://127.0.0.1/org/repo.git",
    "https://127.1/org/repo.git",
    "https://2130706433/org/repo.git",
    "https://0177.0.0.1/org/repo.git",
    "https://0x7f000001/org/repo.git",
    "https://[::1]/org/repo.git",
    "https://[::ffff:127.0.0.1]/org/repo.git",
    "https://[::ffff:a9fe:a9fe]/org/repo.git",
    "https://0.0.0.0/org/repo.git",
    "https://10.0.0.5/org/repo.git",
    "https://172.16.3.4/org/repo.git",
    "https://192.168.1.1/org/repo.git",
    "https://100.64.0.1/org/repo.git",
    "https://localhost/org/repo.git",
    "https://metadata.localhost/org/repo.git",
    "git@localhost:org/repo.git",
    "ssh://git@10.1.1.1/org/repo.git",
    "https://user:secret@github.com/org/repo.git",
    "file:///etc/passwd",
    "/etc",
    "ext::sh -c touch% /tmp/pairsec-pwned",
    "gopher://127.0.0.1:6379/_INFO",
)


@pytest.mark.parametrize("url", FORBIDDEN_URLS)
def test_forbidden_repository_url_is_422_on_create_and_update(api: Api, world: World, url: str) -> None:
    bob = world.bob.account
    before = api.call("GET", "/projects", bob, params={"per_page": 1}).json()["data"]["pagination"]["total"]
    created = api.call(
        "POST", "/projects", bob, json={"name": f"ssrf {uuid.uuid4().hex[:6]}", "repository_url": url}
    )
    assert created.status_code == 422, created.text
    assert "repository_url" in created.json()["details"]
    updated = api.call("PUT", f"/projects/{world.bob.project['id']}", bob, json={"repository_url": url})
    assert updated.status_code == 422, updated.text
    after = api.call("GET", "/projects", bob, params={"per_page": 1}).json()["data"]["pagination"]["total"]
    assert after == before


WEBHOOK_URLS = [u for u in FORBIDDEN_URLS if u.startswith(("http://", "https://"))]


@pytest.mark.parametrize("url", WEBHOOK_URLS)
def test_forbidden_webhook_url_is_422(api: Api, world: World, url: str) -> None:
    answer = api.call(
        "POST", f"/projects/{world.bob.project['id']}/webhooks", world.bob.account,
        json={"url": url, "events": ["scan.completed"]},
    )  # fmt: skip
    assert answer.status_code == 422, answer.text
    assert "url" in answer.json()["details"]


def _names_resolving_to_loopback_or_private() -> list[str]:
    """Plain DNS names (no 'localhost' in them) that this machine resolves to a non-public address."""
    candidates = {socket.gethostname()}
    hosts = Path("/etc/hosts")
    if hosts.exists():
        for line in hosts.read_text().splitlines():
            fields = line.split("#", 1)[0].split()
            candidates.update(fields[1:])
    found = []
    for name in sorted(candidates):
        if "localhost" in name or not name.replace("-", "").replace(".", "").isalnum():
            continue
        try:
            addresses = {info[4][0] for info in socket.getaddrinfo(name, None, type=socket.SOCK_STREAM)}
        except OSError:
            continue
        if addresses and all(not ipaddress.ip_address(a.split("%")[0]).is_global for a in addresses):
            found.append(name)
    return found


class _CountingServer:
    """A loopback HTTP server that answers every request with a redirect (or 404) and counts them."""

    def __init__(self, redirect_to: str | None = None) -> None:
        hits = self.hits = []
        target = redirect_to

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                if target:
                    self.send_response(302)
                    self.send_header("Location", target + self.path)
                else:
                    self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener() -> Iterator[_CountingServer]:
    server = _CountingServer()
    yield server
    server.close()


def test_a_name_resolving_to_loopback_is_refused_before_any_connection(
    api: Api, world: World, listener: _CountingServer
) -> None:
    names = _names_resolving_to_loopback_or_private()
    assert names, "this machine resolves no plain name to a non-public address (see /etc/hosts)"
    bob = world.bob.account
    for name in names[:2]:
        url = f"https://{name}:{listener.port}/org/repo.git"
        project = api.create_project(bob, repository_url=url)  # the API does no DNS: the worker checks
        requested = api.request_scan(bob, project["id"])
        scan = api.wait_for_scan(bob, requested["id"])
        assert scan["status"] == "failed", scan
        assert "non-public address" in scan["error"]
    assert listener.hits == []


def test_git_never_follows_a_redirect(tmp_path: Path) -> None:
    """Even where private networks are allowed (so the first hop on loopback is reached), a redirect to
    another address is refused and its target never sees a request."""
    target = _CountingServer()
    redirector = _CountingServer(redirect_to=f"http://127.0.0.1:{target.port}")
    try:
        source = GitSource(timeout_seconds=30, allow_private_networks=True)
        with pytest.raises(SourceError, match="redirect"):
            source.fetch(f"http://127.0.0.1:{redirector.port}/org/repo.git", None, tmp_path / "clone")
        assert redirector.hits, "git never asked the first server: the test proves nothing"
        assert target.hits == []
        assert not (tmp_path / "clone").exists()
    finally:
        redirector.close()
        target.close()


def test_without_the_private_network_setting_loopback_is_never_contacted(
    tmp_path: Path, listener: _CountingServer
) -> None:
    source = GitSource(timeout_seconds=30, allow_private_networks=False)
    for host in ("127.0.0.1", "localhost", *_names_resolving_to_loopback_or_private()[:1]):
        with pytest.raises(SourceError):
            source.fetch(f"http://{host}:{listener.port}/org/repo.git", None, tmp_path / "clone")
    assert listener.hits == []
