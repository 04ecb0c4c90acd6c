"""Browser-test fixtures: the app on one loopback port with the shipped knowledge indexed, a "training
portal" on another port (an allowed origin) and a third site that is not allowed, and headless Debian
Chromium driven by Playwright, launched once per run, with a fresh browser profile (a new learner) per test
and real phone profiles on request. Screenshots go to artifacts/screenshots/."""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from assistant.api.app import create_app
from assistant.config import Settings
from assistant.embeddings import MiniLMEncoder
from assistant.services import Services
from tests.api.conftest import client, make_client  # noqa: F401 - the API tests' app fixtures
from tests.helpers.chroma_server import free_port
from tests.helpers.live_server import LiveServer

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"


def portal_app(widget_url: str) -> Starlette:
    """A stand-in for the training portal: its pages embed the widget with the one script tag."""

    def page(lang: str) -> HTMLResponse:
        src = html.escape(widget_url, quote=True)
        return HTMLResponse(
            f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Portal</title>'
            '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
            f"<body><main><h1>Civil Service Academy portal</h1><p>Lesson page.</p></main>"
            f'<script src="{src}" data-lang="{lang}"></script></body></html>'
        )

    async def english(request: Request) -> HTMLResponse:
        return page("en")

    async def urdu(request: Request) -> HTMLResponse:
        return page("ur")

    return Starlette(routes=[Route("/", english), Route("/ur", urdu)])


class Sites:
    def __init__(self, app_url: str, portal_url: str, other_url: str, services: Services) -> None:
        self.app = app_url
        self.portal = portal_url
        self.other = other_url
        self.services = services


@pytest.fixture(scope="session")
def sites(
    tmp_path_factory: pytest.TempPathFactory, encoder: MiniLMEncoder, model_cache: Path
) -> Iterator[Sites]:
    data = tmp_path_factory.mktemp("browser") / "data"
    app_port, portal_port = free_port(), free_port()
    portal_origin = f"http://127.0.0.1:{portal_port}"
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        data_dir=data,
        model_cache_dir=model_cache,
        widget_origins=[portal_origin],
        rate_limit_per_minute=1000,
    )
    services = Services(settings, encoder=encoder)
    report = services.ingestor.ingest([ROOT / "knowledge"])
    assert report.ok, report.failed
    app = create_app(settings, services)
    widget = f"http://127.0.0.1:{app_port}/widget.js"
    with (
        LiveServer(app, port=app_port) as server,
        LiveServer(portal_app(widget), port=portal_port) as portal,
        LiveServer(portal_app(widget)) as other,
    ):
        yield Sites(server.url, portal.url, other.url, services)
    services.close()


def shot(page: Page, name: str, clip_widget: bool = False) -> Path:
    """Save a screenshot for a person to look at; `clip_widget` keeps the widget's side (smaller files)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    clip = None
    if clip_widget:
        size = page.viewport_size or {"width": 1280, "height": 860}
        width = min(size["width"], 460)
        clip = {"x": size["width"] - width, "y": 0, "width": width, "height": size["height"]}
    page.screenshot(path=str(path), full_page=False, clip=clip, scale="css")  # type: ignore[arg-type]
    return path
