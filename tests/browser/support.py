"""Steps the browser tests share: logging in through the login form as a person would."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.builders import PASSWORD


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
