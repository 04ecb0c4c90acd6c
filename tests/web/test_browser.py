"""The widget and the trainer console in headless Chromium (Playwright driving Debian's /usr/bin/chromium).
Each test saves screenshots to artifacts/screenshots/ for a person to look at."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.helpers.browser import NewContext
from tests.web.conftest import Sites, shot

pytestmark = pytest.mark.browser
ANSWERABLE = "What makes a good prompt?"
OUT_OF_SCOPE = "What is the visa fee for a Schengen visa?"


def _open_widget(page: Page) -> None:
    page.get_by_role("button", name="Ask Ustad").click()
    expect(page.get_by_role("dialog")).to_be_visible()


def _ask(page: Page, question: str) -> None:
    box = page.get_by_role("textbox", name="Your question")
    box.fill(question)
    box.press("Enter")


def test_widget_on_another_origin_streams_an_answer_with_sources(page: Page, sites: Sites) -> None:
    page.goto(sites.portal + "/")
    _open_widget(page)
    shot(page, "widget-open")
    with page.expect_response(lambda r: r.url.endswith("/widget/api/chat/stream")) as streamed:
        _ask(page, ANSWERABLE)
    response = streamed.value
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    assert response.headers["access-control-allow-origin"] == sites.portal

    answer = page.locator(".msg.bot").last
    source_link = answer.locator(".sources a").first
    expect(source_link).to_be_visible(timeout=20_000)
    expect(answer.locator(".text")).to_contain_text("prompt")
    assert source_link.get_attribute("href").startswith(sites.app + "/sources/view?source=")
    expect(answer.get_by_role("button", name="Helpful", exact=True)).to_be_visible()
    shot(page, "widget-answer-with-sources")

    answer.get_by_role("button", name="Not helpful").click()
    expect(answer.get_by_role("button", name="Not helpful")).to_have_attribute("aria-pressed", "true")

    with page.context.expect_page() as opened:
        source_link.click()
    source = opened.value
    source.wait_for_load_state()
    expect(source.locator("section.cited")).to_be_visible()
    shot(source, "source-view")
    source.close()


def test_widget_is_refused_on_an_origin_not_allowed(page: Page, sites: Sites) -> None:
    page.goto(sites.other + "/")
    _open_widget(page)
    notice = page.get_by_role("alert")
    expect(notice).to_contain_text("not available on this site")
    expect(page.get_by_role("textbox", name="Your question")).to_be_disabled()
    shot(page, "widget-refused-origin")


def test_widget_in_urdu_is_right_to_left(page: Page, sites: Sites) -> None:
    page.goto(sites.portal + "/ur")
    page.get_by_role("button", name="استاد سے پوچھیں").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_have_attribute("dir", "rtl")
    assert dialog.evaluate("node => getComputedStyle(node).direction") == "rtl"
    expect(
        page.get_by_role("button", name="اے آئی ٹول استعمال کرتے وقت ذاتی معلومات کیسے محفوظ رکھیں؟")
    ).to_be_visible()
    # the input sits at the right edge, as Urdu readers expect: the send button is on its left
    box = page.get_by_role("textbox", name="آپ کا سوال").bounding_box()
    send = page.get_by_role("button", name="بھیجیں").bounding_box()
    assert box and send and send["x"] < box["x"]
    shot(page, "widget-urdu-rtl")


def test_widget_is_usable_on_a_phone(new_context: NewContext, sites: Sites) -> None:
    phone = new_context("Pixel 7").new_page()
    phone.goto(sites.portal + "/")
    _open_widget(phone)
    panel = phone.get_by_role("dialog").bounding_box()
    assert panel and panel["width"] >= 400  # full screen, not a cramped box
    phone.keyboard.press("Escape")
    expect(phone.get_by_role("dialog")).to_be_hidden()
    expect(phone.get_by_role("button", name="Ask Ustad")).to_be_focused()
    _open_widget(phone)
    shot(phone, "widget-phone")


def test_trainer_fixes_a_refused_question_and_the_next_learner_gets_it(
    page: Page, browser: BrowserContext, new_context: NewContext, sites: Sites
) -> None:
    sites.services.console.accounts.add("amina", "a long trainer password", "trainer")
    learner = browser.new_page()
    learner.goto(sites.portal + "/")
    _open_widget(learner)
    _ask(learner, OUT_OF_SCOPE)
    first = learner.locator(".msg.bot").last
    expect(first).to_have_class("msg bot refused", timeout=20_000)

    page.goto(sites.app + "/trainer")
    page.get_by_label("Username").fill("amina")
    page.get_by_label("Password").fill("a long trainer password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("tab", name="Question log")).to_be_visible()
    page.get_by_label("Status").select_option("refused")
    page.get_by_role("button", name="Apply").click()
    row = page.locator("table.log tbody tr", has_text=OUT_OF_SCOPE).first
    expect(row).to_be_visible()
    expect(page.locator("table.log tbody tr", has_text=ANSWERABLE)).to_have_count(0)
    shot(page, "console-log-refused")

    with page.expect_download() as downloaded:
        page.get_by_role("link", name="Export CSV").click()
    path = downloaded.value.path()
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert rows and all(r["refused"] == "yes" for r in rows)
    assert OUT_OF_SCOPE in {r["question"] for r in rows}

    row.get_by_role("button", name="View").click()
    page.get_by_role("button", name="Write curated answer").first.click()
    page.get_by_label("Corrected answer").fill(
        "The course does not cover visa fees. Ask the travel desk of your department for the current fee."
    )
    shot(page, "console-curated-editor")
    page.get_by_role("button", name="Approve answer").click()
    expect(page.locator("#toast")).to_contain_text("Approved")

    page.get_by_role("tab", name="Charts").click()
    expect(page.locator("#refusal-rate")).to_be_visible()
    shot(page, "console-charts")

    learner2 = new_context().new_page()  # another learner, in another browser
    learner2.goto(sites.portal + "/")
    _open_widget(learner2)
    _ask(learner2, OUT_OF_SCOPE.lower().rstrip("?"))
    answer = learner2.locator(".msg.bot").last
    expect(answer.locator(".sources .curated")).to_contain_text(
        "Answer approved by trainer — amina", timeout=20_000
    )
    expect(answer.locator(".text")).to_contain_text("travel desk")
    shot(learner2, "widget-curated-answer")
    learner.close()
    learner2.close()
