"""Headless Debian Chromium driven by Playwright, for every browser test: launched once per run (one
Playwright instance: a second one in the same process fails), a fresh browser profile (a new learner) per
test, and real phone profiles on request. Registered once, in tests/conftest.py."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

CHROMIUM = "/usr/bin/chromium"
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


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if shutil.which(CHROMIUM) is None:
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)", pytrace=False)
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def chromium(playwright: Playwright) -> Iterator[Browser]:
    """Debian's Chromium, launched once; each test gets fresh contexts (cookies, storage) from it."""
    launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield launched
    launched.close()


NewContext = Callable[..., BrowserContext]


@pytest.fixture
def new_context(chromium: Browser, playwright: Playwright) -> Iterator[NewContext]:
    """`new_context()` a desktop browser profile, `new_context("Pixel 7")` a phone's (Playwright's device
    descriptors: viewport, pixel ratio, touch, mobile user agent): a new learner each time."""
    made: list[BrowserContext] = []

    def make(device: str | None = None) -> BrowserContext:
        if device is None:
            options: dict[str, object] = {"viewport": {"width": 1280, "height": 860}}
        else:
            options = dict(playwright.devices[device])
            options.pop("default_browser_type", None)
        context = chromium.new_context(accept_downloads=True, **options)  # type: ignore[arg-type]
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


@pytest.fixture
def browser(new_context: NewContext) -> BrowserContext:
    """One learner's desktop browser (a fresh profile per test)."""
    return new_context()


@pytest.fixture
def page(browser: BrowserContext) -> Page:
    return browser.new_page()
