"""A built site in Chromium (Debian's, driven by Playwright) for the search tests: a static server on a
free port and one page that records console errors. Skips without Chromium unless OGI_REQUIRE_BROWSER."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Closed network: no background requests, no sandbox as root.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def require_chromium() -> None:
    if CHROMIUM:
        return
    if os.environ.get("OGI_REQUIRE_BROWSER"):
        pytest.fail("chromium is required (OGI_REQUIRE_BROWSER is set): apt-get install chromium", pytrace=False)
    pytest.skip("Debian's chromium is not installed (`make browser` installs it)")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path):
    """A static server for `folder` on a free port; → its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()


@contextlib.contextmanager
def chromium():
    """One Chromium for a test module (Playwright's sync API runs one at a time in a process)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def site_page(browser, site: Path, width: int = 1280):
    """(page, base URL, console errors) over the site in `site`, served on a free port."""
    with serve(site) as base:
        page = browser.new_page(viewport={"width": width, "height": 900})
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        try:
            yield page, base, errors
        finally:
            page.close()


@contextlib.contextmanager
def browser_session(site: Path, width: int = 1280):
    """A Chromium of its own and a page over `site` (for scripts)."""
    with chromium() as browser, site_page(browser, site, width) as session:
        yield session
