"""A live server on a free loopback port, backed by its own SQLite database, and Debian's Chromium driven by
Playwright. Nothing downloads a browser: without /usr/bin/chromium these tests skip with the reason, and in
CI (CI=true) they fail instead."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, sync_playwright

from greenlane.app import create_app
from greenlane.bootstrap import Container
from greenlane.core.config import Settings
from greenlane.db import Database
from greenlane.migrations.runner import upgrade

CHROMIUM = Path(os.environ.get("GREENLANE_CHROMIUM", "/usr/bin/chromium"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def live_container(tmp_path_factory: pytest.TempPathFactory) -> Container:
    data = tmp_path_factory.mktemp("browser")
    url = f"sqlite:///{data / 'browser.db'}"
    upgrade(url)
    settings = Settings(
        data_dir=data, secret_key="browser-secret-" + "y" * 32, issuer_key_file=data / "issuer.pem"
    )
    return Container(settings=settings, db=Database(url))


@pytest.fixture(scope="module")
def base_url(live_container: Container) -> Iterator[str]:
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(live_container), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            pytest.fail("the test server did not start within 20 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield launched
        launched.close()
