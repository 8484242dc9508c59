"""The dashboard at a phone's width: no page scrolls sideways, and the main actions are reachable by
keyboard alone."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import PHONE, Stack, register, scanned_project, screenshot, sign_in, watch_errors
from tests.integration.pipeline import VULNERABLE_APP, make_repository

FITS = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(60_000)
    opened = context.new_page()
    errors = watch_errors(opened)
    yield opened
    context.close()
    assert not errors, f"the page logged errors: {errors}"


def _tab_to(page: Page, element_id: str, presses: int = 60) -> None:
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} is not reachable with the Tab key")


def test_pages_fit_a_phone_and_work_from_the_keyboard(phone: Page, stack: Stack) -> None:
    repository = make_repository(stack.repos / "phone-app", {"app.py": VULNERABLE_APP})
    account = register(stack, "phone")
    made = scanned_project(stack, account, "Phone shop", repository, "secrets")
    project_id, scan_id = made["project"]["id"], made["scan"]["id"]
    sign_in(phone, stack, account)
    assert phone.evaluate(FITS), "the projects list scrolls sideways"

    phone.goto(f"{stack.url}/#/projects/{project_id}")
    phone.get_by_role("heading", name="Phone shop").wait_for()
    assert phone.evaluate(FITS), "the project page scrolls sideways"
    assert phone.get_by_role("button", name="Sign out").is_visible()
    screenshot(phone, "phone-project")
    phone.locator("#page-title").focus()
    _tab_to(phone, "scan-now-submit")

    phone.goto(f"{stack.url}/#/scans/{scan_id}")
    phone.locator("#findings").wait_for()
    phone.locator("a.finding-link").first.focus()
    phone.keyboard.press("Enter")
    phone.locator("#finding-panel").wait_for()
    assert phone.evaluate(FITS), "the scan page scrolls sideways"
    _tab_to(phone, "triage-status")
    screenshot(phone, "phone-scan")

    for path, ready in (("/api-key", "#generate-api-key"), ("/profile", "#profile-form")):
        phone.goto(f"{stack.url}/#{path}")
        phone.locator(ready).wait_for()
        assert phone.evaluate(FITS), f"{path} scrolls sideways"
