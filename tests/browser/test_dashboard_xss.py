"""Text from scanned code reaches the page as text: a file path, snippet and project name full of HTML
and `<script>` are shown literally, and nothing of them runs or becomes an element."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.browser.conftest import Stack, register, scanned_project, screenshot, sign_in
from tests.integration.pipeline import make_repository

AWS_KEY = "AKIA" + "Z7Q3XK4M2PLW9RTY"  # assembled here: no key sits in our own source
LINE = f'AWS_ACCESS_KEY_ID = "{AWS_KEY}"  # <script>alert(3)</script><img src=x onerror=alert(4)>\n'
IMG_PATH = "<img src=x onerror=alert(1)>.py"
SCRIPT_PATH = "<script>alert(2)</script>.py"  # a folder `<script>alert(2)<` holding `script>.py`
PROJECT_NAME = '<img src=x onerror=alert(7)><b id="injected">bold</b>'

ELEMENTS_FROM_DATA = (
    "document.querySelectorAll('main img, main script, main b#injected, main [onerror]').length"
)


def test_html_in_paths_snippets_and_names_is_shown_as_text_and_never_runs(page: Page, stack: Stack) -> None:
    repository = make_repository(stack.repos / "hostile", {IMG_PATH: LINE, SCRIPT_PATH: LINE})
    account = register(stack, "xss")
    made = scanned_project(stack, account, PROJECT_NAME, repository, "secrets")
    assert made["scan"]["findings"]["total"] == 2
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, stack, account)

    page.get_by_role("link", name=PROJECT_NAME).click()
    page.get_by_role("heading", name=PROJECT_NAME).wait_for()
    page.get_by_role("link", name=made["scan"]["id"][:8]).click()
    page.locator("#findings").wait_for()
    assert page.get_by_text(f"{SCRIPT_PATH}:1", exact=True).is_visible()
    assert page.get_by_text(f"{IMG_PATH}:1", exact=True).is_visible()

    page.locator("tr", has_text=IMG_PATH).get_by_role("link").click()
    panel = page.locator("#finding-panel")
    panel.wait_for()
    assert panel.get_by_text(f"{IMG_PATH}:1", exact=True).is_visible()
    snippet = panel.locator("pre.snippet").inner_text()
    assert "<script>alert(3)</script><img src=x onerror=alert(4)>" in snippet
    assert AWS_KEY not in snippet  # secrets stay redacted on the page too
    screenshot(page, "xss-literal-text")

    assert page.evaluate(ELEMENTS_FROM_DATA) == 0
    page.goto(f"{stack.url}/#/projects/{made['project']['id']}/history")
    page.get_by_role("heading", name="Audit history").wait_for()
    assert page.get_by_text(PROJECT_NAME).first.is_visible()
    assert page.evaluate(ELEMENTS_FROM_DATA) == 0
    assert dialogs == []
