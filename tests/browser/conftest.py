"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

No browser is ever downloaded (``playwright install`` is never run): the tests use ``/usr/bin/chromium`` from
Debian's ``chromium`` package (``.ci/run`` installs it). Without it the tests are skipped with one reason, except
under ``CI=true``, where a missing browser fails them so that CI cannot silently skip them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("LUUKKU_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
AXE_SOURCE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
SCREENSHOTS = ROOT / "test-output" / "screenshots"
DEMO_CATALOGUE = ROOT / "luukku" / "demo" / "data" / "catalogue.json"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
MISSING_REASON = (
    f"Chromium not found at {CHROMIUM}: install Debian's chromium package (apt-get install chromium)"
)


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if _in_ci():
            pytest.fail(f"{MISSING_REASON}; under CI=true the browser tests must run, not skip.")
        pytest.skip(MISSING_REASON)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django would then refuse ORM calls as "async".
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    """A fresh Finnish browser context (no cookies) on the live server; strict CSP stays on."""
    context = browser.new_context(locale="fi-FI", base_url=live_server.url, timezone_id="Europe/Helsinki")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo_catalogue(transactional_db: Any) -> Any:
    """The demo region's catalogue, loaded through the catalogue's own importer."""
    from luukku.catalogue.imports.catalogue_json import catalogue_import

    return catalogue_import(data=json.loads(DEMO_CATALOGUE.read_text(encoding="utf-8")))


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def screenshot(page: Any, name: str) -> Path:
    """Save a full-page screenshot under test-output/screenshots/ for review."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the page; the page's CSP is left on."""
    page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => { const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}}); "
        "return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, "
        "nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)})); }",
        AXE_TAGS,
    )
    return list(result)
