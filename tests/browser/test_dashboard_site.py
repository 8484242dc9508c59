"""The dashboard's shell and assets over HTTP: its own strict headers, caching, and no effect on the API."""

from __future__ import annotations

import re

import requests

from api.dashboard.site import STATIC_ROOT, DashboardSite
from tests.browser.conftest import Stack


def _shell(stack: Stack) -> requests.Response:
    answer = requests.get(stack.url + "/", timeout=10)
    assert answer.status_code == 200
    return answer


def test_shell_carries_a_strict_policy_and_refuses_framing(stack: Stack) -> None:
    headers = _shell(stack).headers
    policy = headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'",
                      "base-uri 'none'", "form-action 'self'"):  # fmt: skip
        assert directive in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "no-cache"
    assert headers["Content-Type"].startswith("text/html")


def test_shell_has_no_inline_script_and_names_versioned_assets(stack: Stack) -> None:
    html = _shell(stack).text
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.S)
    assert scripts and all(body.strip() == "" for body in scripts)
    assert not re.search(r"\son[a-z]+=", html)  # no inline event handler attributes
    assert re.search(r'src="/assets/[0-9a-f]{16}/app\.js"', html)
    assert "http://" not in html and "https://" not in html  # nothing from a CDN


def test_versioned_assets_are_cached_for_a_year_and_revalidated_otherwise(stack: Stack) -> None:
    build = re.search(r"/assets/([0-9a-f]{16})/app\.js", _shell(stack).text).group(1)  # type: ignore[union-attr]
    current = requests.get(f"{stack.url}/assets/{build}/views/scan.js", timeout=10)
    assert current.status_code == 200
    assert current.headers["Content-Type"].startswith("text/javascript")
    assert "immutable" in current.headers["Cache-Control"]
    assert current.headers["Content-Security-Policy"].startswith("default-src 'self'")
    stale = requests.get(f"{stack.url}/assets/0123456789abcdef/app.js", timeout=10)
    assert stale.status_code == 200 and stale.headers["Cache-Control"] == "no-cache"
    again = requests.get(
        f"{stack.url}/assets/{build}/app.css", headers={"If-None-Match": current.headers["ETag"]}, timeout=10
    )
    assert again.status_code == 200  # another file's ETag does not match
    etag = again.headers["ETag"]
    cached = requests.get(f"{stack.url}/assets/{build}/app.css", headers={"If-None-Match": etag}, timeout=10)
    assert cached.status_code == 304 and not cached.content


def test_unknown_assets_and_paths_outside_the_static_folder_are_404(stack: Stack) -> None:
    for path in ("/assets/0123456789abcdef/missing.js", "/assets/0123456789abcdef/../../site.py",
                 "/assets/0123456789abcdef/%2e%2e/index.html", "/dashboard/site.py"):  # fmt: skip
        answer = requests.get(stack.url + path, timeout=10)
        assert answer.status_code == 404, path
        assert answer.json()["code"] == "not_found"


def test_writes_to_the_dashboard_are_refused(stack: Stack) -> None:
    answer = requests.post(stack.url + "/", data=b"x", timeout=10)
    assert answer.status_code == 405
    assert answer.json()["status"] == 405


def test_the_api_keeps_its_own_headers(stack: Stack) -> None:
    answer = requests.get(stack.api + "/openapi.json", timeout=10)
    assert answer.headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert answer.headers["Cache-Control"] == "no-store"
    assert "/" not in {path for path in answer.json()["paths"]}  # the dashboard is not an API route


ASSETS = STATIC_ROOT / "assets"
# Ways to turn a string into markup or code, or to keep the token where other code could read it.
UNSAFE = re.compile(
    r"\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|"
    r"setTimeout\(\s*['\"`]|localStorage|document\.cookie|javascript:"
)


def test_no_script_builds_markup_from_strings_or_keeps_the_token_outside_the_tab() -> None:
    scripts = sorted(ASSETS.rglob("*.js"))
    assert len(scripts) > 5
    offenders = [
        f"{path.relative_to(ASSETS)}:{number}: {line.strip()}"
        for path in scripts
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if UNSAFE.search(line)
    ]
    assert offenders == []


def test_every_module_import_names_a_served_file() -> None:
    site = DashboardSite()
    for path in ASSETS.rglob("*.js"):
        for target in re.findall(r"^import .* from '(\.{1,2}/[^']+)';$", path.read_text(), re.M):
            resolved = (path.parent / target).resolve().relative_to(ASSETS.resolve()).as_posix()
            assert site.serves(resolved), f"{path.name} imports {target}, which is not served"
