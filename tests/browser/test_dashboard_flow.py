"""A person's whole path through the dashboard, in headless Chromium against `pairsec serve`: register,
create a project on a local repository, scan it, filter, triage, export CSV, use and revoke an API key,
read the audit history and the diff of a second scan, sign out. Screenshots go to docs/screenshots/."""

from __future__ import annotations

import csv
import io
import subprocess
import uuid
from pathlib import Path

import requests
from playwright.sync_api import Page

from tests.browser.conftest import Stack, screenshot
from tests.integration.pipeline import VULNERABLE_APP, make_repository

FIXED_QUERY = 'conn.execute("SELECT * FROM users WHERE name = ?", (name,))'
NEW_CODE = '\n\n@app.route("/calc")\ndef calc():\n    return str(eval(request.args.get("expr")))\n'


def _commit_a_fix_and_a_new_flaw(repository: Path) -> None:
    app = repository / "app.py"
    text = app.read_text()
    text = text.replace('conn.execute("SELECT * FROM users WHERE name = \'" + name + "\'")', FIXED_QUERY)
    app.write_text(text + NEW_CODE)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-C", str(repository)]
    subprocess.run([*git, "commit", "-qam", "fix the query, add a calculator"], check=True)


def _token(page: Page) -> str | None:
    return page.evaluate("sessionStorage.getItem('pairsec.token')")


def _api(stack: Stack, page: Page, path: str, **params: str) -> dict:
    answer = requests.get(
        f"{stack.api}{path}", params=params, headers={"Authorization": f"Bearer {_token(page)}"}, timeout=30
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["data"]


def test_register_scan_triage_export_and_manage_an_api_key(page: Page, stack: Stack) -> None:
    repository = make_repository(stack.repos / "webapp", {"app.py": VULNERABLE_APP})
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=stack.url)
    email = f"ada-{uuid.uuid4().hex[:8]}@example.com"

    # Sign in page, then register (which signs in).
    page.goto(stack.url + "/")
    page.locator("#login-form").wait_for()
    screenshot(page, "sign-in")
    page.get_by_role("link", name="Create one").click()
    page.get_by_label("Name").fill("Ada Lovelace")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Create account").click()
    page.get_by_text("No projects yet").wait_for()
    assert _token(page), "the token is kept in sessionStorage"
    assert "token" not in page.url and not page.context.cookies()

    # A project on the local fixture repository.
    form = page.locator("#create-project")
    form.get_by_label("Name").fill("Web shop")
    form.get_by_label("Repository").fill(str(repository))
    form.get_by_role("button", name="Create project").click()
    page.get_by_role("heading", name="Web shop").wait_for()
    page.get_by_text("No scans yet").wait_for()

    # Scan now: the page follows the scan live until it ends, then lists the findings.
    page.locator("#scan-now").get_by_role("button", name="Scan now").click()
    page.locator("#scan-status").wait_for()
    scan_id = page.url.split("#/scans/")[1].split("?")[0]
    page.locator("#findings").wait_for(timeout=240_000)
    scan = _api(stack, page, f"/scans/{scan_id}")
    assert scan["status"] == "completed" and scan["findings"]["total"] >= 3
    rows = page.locator("#findings tbody tr")
    assert rows.count() == scan["findings"]["total"]

    # Filter: critical only, as the API counts them.
    page.locator("#findings-filters").get_by_label("critical").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**severity=critical**")
    critical = _api(stack, page, f"/scans/{scan_id}/findings", severity="critical")
    assert critical["pagination"]["total"] >= 1
    page.wait_for_function(
        "n => document.querySelectorAll('#findings tbody tr').length === n",
        arg=critical["pagination"]["total"],
    )
    assert set(page.locator("#findings tbody td:first-child .badge").all_inner_texts()) == {"critical"}

    # Open the first finding with the keyboard and triage it.
    first = critical["items"][0]
    page.locator("a.finding-link").first.focus()
    page.keyboard.press("Enter")
    panel = page.locator("#finding-panel")
    panel.wait_for()
    assert panel.locator("pre.snippet").inner_text().strip() != ""
    panel.get_by_label("Status").select_option("false_positive")
    panel.get_by_label("Reason").fill("parameterised further down")
    panel.get_by_label("Comment").fill("checked by Ada")
    panel.get_by_role("button", name="Save triage").click()
    page.locator("#finding-panel .timeline li", has_text="parameterised further down").wait_for()
    assert _api(stack, page, f"/findings/{first['id']}")["status"] == "false_positive"
    screenshot(page, "scan")

    # Export CSV of what the filters show.
    with page.expect_download() as started:
        page.get_by_role("button", name="CSV").click()
    download = started.value
    assert download.suggested_filename.endswith(".csv")
    table = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert len(table) == critical["pagination"]["total"]
    assert {row["severity"] for row in table} == {"critical"}

    # Change the code and scan again; the scan runs while we look at the rest.
    _commit_a_fix_and_a_new_flaw(repository)
    page.get_by_role("link", name="Web shop").click()
    page.get_by_role("heading", name="Web shop").wait_for()
    page.locator("#trend").wait_for()
    screenshot(page, "project")
    page.locator("#scan-now").get_by_role("button", name="Scan now").click()
    page.locator("#scan-status").wait_for()
    second_scan_id = page.url.split("#/scans/")[1].split("?")[0]
    assert second_scan_id != scan_id

    # API key: generated read-only, shown once with a copy button, works, then revoked.
    page.get_by_role("link", name="API key").click()
    page.get_by_text("No API key").wait_for()
    page.get_by_label("read only").check()
    page.get_by_role("button", name="Generate key").click()
    shown = page.locator("#new-api-key")
    shown.wait_for()
    api_key = shown.input_value()
    assert api_key.startswith("psk_")
    page.get_by_role("button", name="Copy").click()
    page.get_by_text("Copied to the clipboard").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == api_key
    with_key = {"X-API-Key": api_key}
    assert requests.get(f"{stack.api}/auth/me", headers=with_key, timeout=30).status_code == 200
    assert (
        requests.post(f"{stack.api}/projects", json={"name": "x"}, headers=with_key, timeout=30).status_code
        == 403
    )
    screenshot(page, "api-key")
    page.get_by_role("button", name="Revoke key…").click()
    page.get_by_role("button", name="Revoke now").click()
    page.get_by_text("No API key").wait_for()
    assert page.locator("#new-api-key").count() == 0  # the key is not shown again
    assert requests.get(f"{stack.api}/auth/me", headers=with_key, timeout=30).status_code == 401

    # Profile and the project's audit history.
    page.get_by_role("link", name="Ada Lovelace").click()
    page.get_by_role("heading", name="Profile").wait_for()
    assert page.get_by_label("Email").input_value() == email
    page.locator("#my-history").wait_for()
    screenshot(page, "profile")
    page.goto(f"{stack.url}/#/projects/{scan['project_id']}/history")
    page.get_by_role("heading", name="Audit history").wait_for()
    assert page.locator("main tbody tr").count() >= 1
    screenshot(page, "audit-history")

    # The second scan against the first: the query fix is fixed, the eval is new.
    page.goto(f"{stack.url}/#/scans/{second_scan_id}")
    page.locator("#findings").wait_for(timeout=240_000)
    page.get_by_role("link", name="Diff against previous scan").click()
    page.locator("#diff-new").wait_for()
    diff = _api(stack, page, f"/scans/{second_scan_id}/diff")
    assert diff["base_scan_id"] == scan_id and diff["counts"]["new"] >= 1 and diff["counts"]["fixed"] >= 1
    heading = page.locator("#diff-new h2").inner_text()
    assert heading == f"New ({diff['counts']['new']})"
    screenshot(page, "diff")

    # Sign out forgets the token; a page that needs it sends us to sign in.
    page.get_by_role("button", name="Sign out").click()
    page.locator("#login-form").wait_for()
    assert _token(page) is None
    page.goto(f"{stack.url}/#/projects")
    page.locator("#login-form").wait_for()
