"""The widget as a new learner meets it (issue 15): on a real phone profile, in Urdu, reading an answer from
its top, answers with markdown, a 👎 with a comment that reaches the trainer, exercises (their material,
capped scores explained, lesson links, progress), "give me an exercise", coming back after a reload, and
axe-core's accessibility checks. Screenshots go to artifacts/screenshots/ (learner-*.png are committed)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Locator, Page, expect

from assistant.messages import say
from tests.helpers.browser import NewContext
from tests.web.conftest import ROOT, Sites, shot

pytestmark = pytest.mark.browser
ANSWERABLE = "What makes a good prompt?"
LISTED = "How many government officials are being trained?"  # an answer with a list and numbers
URDU_CHIP = "اے آئی ٹول استعمال کرتے وقت ذاتی معلومات کیسے محفوظ رکھیں؟"
FIRST_EXERCISE = "L1-01-plain-reply-water-complaint"
OPEN = "Ask Ustad"
OPEN_UR = "استاد سے پوچھیں"
AXE_REPORTS = ROOT / "artifacts" / "axe"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice", "experimental"]


def open_widget(page: Page, name: str = OPEN) -> Locator:
    page.get_by_role("button", name=name).click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    return dialog


def ask(page: Page, question: str, box: str = "Your question") -> Locator:
    """Ask in the widget and wait for the whole answer (its feedback buttons come last)."""
    field = page.get_by_role("textbox", name=box)
    field.fill(question)
    field.press("Enter")
    answer = page.locator(".msg.bot").last
    expect(answer.locator(".feedback")).to_be_visible(timeout=30_000)
    return answer


def in_view(item: Locator, frame: Locator) -> bool:
    box, view = item.bounding_box(), frame.bounding_box()
    assert box and view
    return view["y"] - 1 <= box["y"] and box["y"] + 16 <= view["y"] + view["height"]


@pytest.mark.parametrize("device", ["Pixel 7", "iPhone 13"])
def test_the_demo_portal_and_the_widget_fit_a_phone(
    new_context: NewContext, sites: Sites, device: str
) -> None:
    phone = new_context(device).new_page()
    phone.goto(sites.app + "/")
    size = phone.viewport_size
    assert size
    assert phone.evaluate("document.documentElement.scrollWidth") <= size["width"]
    expect(phone.locator("body")).not_to_contain_text("HS256")  # the portal speaks to learners
    launcher = phone.get_by_role("button", name=OPEN)
    box = launcher.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= size["width"]
    assert box["y"] + box["height"] <= size["height"]
    slug = device.lower().replace(" ", "-")
    shot(phone, f"phone-portal-{slug}")

    launcher.tap()
    panel = phone.get_by_role("dialog")
    expect(panel).to_be_visible()
    answer = ask(phone, ANSWERABLE)
    panel_box = panel.bounding_box()
    assert panel_box and panel_box["width"] >= size["width"] - 1  # the whole screen, not a cramped box
    assert answer.evaluate("n => n.scrollWidth <= n.clientWidth")
    assert phone.evaluate("document.documentElement.scrollWidth") <= size["width"]
    shot(phone, "learner-phone" if device == "Pixel 7" else f"phone-widget-{slug}")


def test_urdu_panel_keeps_english_answers_left_to_right(page: Page, sites: Sites) -> None:
    page.goto(sites.portal + "/ur")
    dialog = open_widget(page, OPEN_UR)
    expect(dialog).to_have_attribute("dir", "rtl")
    expect(dialog.locator(".intro")).to_contain_text("کورس یا اے آئی پالیسی کے بارے میں سوال پوچھیں۔")
    expect(page.get_by_role("tab", name="مشقیں")).to_be_visible()
    page.get_by_role("button", name=URDU_CHIP).click()
    answer = page.locator(".msg.bot").last
    expect(answer.locator(".feedback")).to_be_visible(timeout=30_000)
    question = page.locator(".msg.user .q").first
    text = answer.locator(".text")
    assert question.evaluate("n => getComputedStyle(n).direction") == "rtl"
    assert text.evaluate("n => getComputedStyle(n).direction") == "ltr"
    assert text.evaluate("n => getComputedStyle(n).unicodeBidi") == "isolate"
    assert text.locator("li").first.evaluate("n => n.matches(':dir(ltr)')")
    expect(answer.locator(".who")).to_have_text("استاد")
    expect(answer.get_by_role("button", name="مفید نہیں")).to_be_visible()
    shot(page, "learner-urdu", clip_widget=True)

    english = ask(page, LISTED, box="آپ کا سوال")  # "- 10,000 government officials ..." reads as written
    item = english.locator(".text li").filter(has_text="10,000 government officials").first
    assert item.evaluate("n => n.matches(':dir(ltr)')")
    assert item.inner_text().startswith("10,000 government officials")

    page.get_by_role("button", name=re.compile("^English")).click()  # switch mid-conversation
    expect(dialog).to_have_attribute("dir", "ltr")
    expect(dialog.locator(".intro")).to_contain_text("Ask a question about the course")
    expect(answer.locator(".who")).to_have_text("Ustad")
    assert text.evaluate("n => getComputedStyle(n).direction") == "ltr"  # earlier messages do not flip
    assert question.evaluate("n => getComputedStyle(n).direction") == "rtl"
    page.get_by_role("button", name=re.compile("^اردو")).click()
    expect(dialog).to_have_attribute("dir", "rtl")
    assert text.evaluate("n => getComputedStyle(n).direction") == "ltr"


def test_a_long_answer_is_read_from_its_first_line(new_context: NewContext, sites: Sites) -> None:
    page = new_context().new_page()
    page.set_viewport_size({"width": 1280, "height": 700})
    page.goto(sites.portal + "/")
    open_widget(page)
    ask(page, LISTED)
    answer = ask(page, ANSWERABLE)  # the second exchange, below the first
    log = page.locator(".log")
    log_box, answer_box = log.bounding_box(), answer.bounding_box()
    assert log_box and answer_box and answer_box["height"] > log_box["height"]  # it cannot all be seen
    assert in_view(answer.locator(".text"), log)
    assert in_view(page.locator(".msg.user").last, log)
    shot(page, "widget-answer-from-the-top", clip_widget=True)


def test_answers_render_safe_markdown(page: Page, sites: Sites) -> None:
    question = "How do I ask for a meeting note in a fixed format?"
    sites.services.console.curated.add(
        question,
        "Give the AI a template between delimiters:\n\n```text\nSubject: <Meeting>\nDecisions:\n```\n\n"
        "**Steps**\n1. Paste the notes.\n2. Ask for `bullet points`.\n\n"
        "Read [Lesson 4](/sources/view?source=course%2F04-delimiters-and-output-formats.md) and not "
        '[this](javascript:alert(1)).\n\n<img src=x onerror="window.__pwned = 1">',
        "trainer-md",
    )
    page.goto(sites.portal + "/")
    open_widget(page)
    answer = ask(page, question)
    text = answer.locator(".text")
    expect(text.locator("pre > code")).to_have_text("Subject: <Meeting>\nDecisions:")
    expect(text).not_to_contain_text("```")
    expect(text.locator("ol > li")).to_have_count(2)
    expect(text.locator("strong")).to_have_text("Steps")
    expect(text.locator("code").last).to_have_text("bullet points")
    lesson = text.get_by_role("link", name="Lesson 4")
    expect(lesson).to_have_attribute(
        "href", sites.app + "/sources/view?source=course%2F04-delimiters-and-output-formats.md"
    )
    expect(text.get_by_role("link", name="this")).to_have_count(0)  # javascript: is not a link
    expect(text).to_contain_text('<img src=x onerror="window.__pwned = 1">')  # shown as text
    expect(answer.locator("img")).to_have_count(0)
    assert page.evaluate("window.__pwned") is None
    shot(page, "widget-markdown", clip_widget=True)


def test_a_related_trainer_answer_is_offered_and_one_tap_asks_it(page: Page, sites: Sites) -> None:
    approved = "How many days of casual leave can a BPS-17 officer take in a calendar year?"
    sites.services.console.curated.add(approved, "Twenty days in a calendar year.", "trainer-leave")
    page.goto(sites.portal + "/")
    open_widget(page)
    first = ask(page, "what is the yearly casual leave entitlement of a grade 17 officer?")
    expect(first.locator(".related-label")).to_have_text("A trainer has answered a similar question:")
    chip = first.locator(".related").get_by_role("button", name=approved)
    chip.scroll_into_view_if_needed()
    shot(page, "widget-related-trainer-answer", clip_widget=True)
    chip.click()
    second = page.locator(".msg.bot").nth(1)
    expect(second.locator(".feedback")).to_be_visible(timeout=30_000)
    expect(page.locator(".msg.user").last).to_have_text(re.compile("casual leave can a BPS-17"))
    expect(second.locator(".text")).to_have_text("Twenty days in a calendar year.")
    expect(second.locator(".sources .curated")).to_contain_text("Answer approved by trainer")
    expect(second.locator(".related")).to_have_count(0)


def test_a_thumbs_down_comment_reaches_the_trainer(page: Page, browser: BrowserContext, sites: Sites) -> None:
    comment = "It did not say how many examples to give."
    sites.services.console.accounts.add("bilal", "another long trainer password", "trainer")
    page.goto(sites.portal + "/")
    open_widget(page)
    answer = ask(page, "What is few-shot prompting?")
    answer.get_by_role("button", name="Not helpful").click()
    box = answer.get_by_role("textbox", name="What was wrong with this answer? (optional)")
    expect(box).to_be_focused()
    box.fill(comment)
    shot(page, "learner-feedback", clip_widget=True)
    answer.get_by_role("button", name="Send comment").click()
    expect(answer.get_by_role("status")).to_contain_text("Your trainer will see your comment.")
    expect(answer.get_by_role("button", name="Not helpful")).to_have_attribute("aria-pressed", "true")

    console = browser.new_page()
    console.goto(sites.app + "/trainer")
    console.get_by_label("Username").fill("bilal")
    console.get_by_label("Password").fill("another long trainer password")
    console.get_by_role("button", name="Sign in").click()
    expect(console.get_by_role("tab", name="Question log")).to_be_visible()
    console.get_by_label("Feedback").select_option("down")
    console.get_by_role("button", name="Apply").click()
    row = console.locator("table.log tbody tr", has_text="What is few-shot prompting?").first
    expect(row).to_contain_text(comment)
    shot(console, "console-log-comment")


def test_an_exercise_shows_its_material_explains_a_cap_and_counts_progress(page: Page, sites: Sites) -> None:
    exercise = sites.services.exercises.get(FIRST_EXERCISE)
    page.goto(sites.portal + "/")
    open_widget(page)
    page.get_by_role("tab", name="Exercises").click()
    pane = page.locator("#ustad-ex")
    expect(pane.locator(".summary")).to_contain_text("You have completed 0 of")
    pane.get_by_role("button", name=re.compile(re.escape(exercise.title))).click()
    heading = pane.get_by_role("heading", name=exercise.title)
    expect(heading).to_be_focused()
    material = pane.get_by_role("region", name="The material given with the task")
    expect(material).to_contain_text("Director's note on file")
    material.scroll_into_view_if_needed()
    height = material.evaluate("n => n.getBoundingClientRect().height")
    assert height > 100 and material.evaluate("n => n.scrollHeight <= n.clientHeight + 1")  # all of it shown
    shot(page, "widget-exercise-material", clip_widget=True)
    pane.locator("summary").click()
    lesson = pane.locator(".rubric a").first
    expect(lesson).to_have_text(re.compile(r"^Read Lesson \d+: "))
    lesson_url = re.escape(sites.app + "/sources/view?source=course%2F")
    expect(lesson).to_have_attribute("href", re.compile(lesson_url))

    prompt = pane.get_by_role("textbox", name="Your prompt")
    prompt.fill("Write a reply to the citizen in plain language.")
    pane.get_by_role("button", name="Get feedback").click()
    score = pane.locator(".score")
    expect(score).to_be_focused()
    capped = re.compile(r"capped at \d+/100\. The checks below add up to \d+/100")
    expect(pane.locator(".cap")).to_contain_text(capped)
    expect(pane.locator(".flags")).to_contain_text(say("flag_too_short", "en"))
    expect(pane.locator(".flags .detail")).not_to_have_text("")  # what the grader saw, in numbers
    expect(pane.locator(".flags a")).to_have_text(re.compile(r"^Read Lesson \d+: "))
    expect(pane.locator(".criteria a").first).to_have_text(re.compile(r"^Read Lesson \d+: "))
    shot(page, "learner-exercise", clip_widget=True)

    prompt.fill(exercise.model_answer)
    pane.get_by_role("button", name="Get feedback").click()
    expect(pane.locator(".passed")).to_contain_text("this exercise is completed")
    pane.get_by_role("button", name="All exercises").click()
    item = pane.locator(f"button.exercise[data-id='{FIRST_EXERCISE}']")
    expect(item).to_contain_text("Completed, best score")
    expect(item).to_be_focused()
    expect(pane.locator(".summary")).to_contain_text("You have completed 1 of")
    expect(pane.locator(".level.locked").first).to_contain_text("complete 2 more exercises of level 1")
    shot(page, "widget-exercise-progress", clip_widget=True)


def test_asking_for_an_exercise_offers_a_button_that_opens_it(page: Page, sites: Sites) -> None:
    page.goto(sites.portal + "/")
    open_widget(page)
    answer = ask(page, "give me an exercise")
    answer.get_by_role("button", name="Open this exercise").click()
    title = sites.services.exercises.get(FIRST_EXERCISE).title
    expect(page.get_by_role("tab", name="Exercises")).to_have_attribute("aria-selected", "true")
    expect(page.locator("#ustad-ex").get_by_role("heading", name=title)).to_be_focused()


def test_the_conversation_and_the_language_survive_a_reload(page: Page, sites: Sites) -> None:
    page.goto(sites.portal + "/")
    open_widget(page)
    ask(page, ANSWERABLE)
    session = page.evaluate("localStorage.getItem('ustad-session:anon')")
    assert session
    page.get_by_role("button", name=re.compile("^اردو")).click()
    page.reload()
    dialog = open_widget(page, OPEN_UR)
    expect(dialog).to_have_attribute("dir", "rtl")
    expect(page.locator(".msg.user .q")).to_have_text([ANSWERABLE])
    earlier = page.locator(".msg.bot").first
    expect(earlier.locator(".sources a").first).to_be_visible()
    expect(earlier.get_by_role("button", name="مفید", exact=True)).to_be_visible()
    assert in_view(page.locator(".msg.user").last, page.locator(".log"))
    ask(page, "How do I use delimiters?", box="آپ کا سوال")
    assert page.evaluate("localStorage.getItem('ustad-session:anon')") == session  # the same conversation
    expect(page.locator(".msg.user .q")).to_have_count(2)


def _axe(page: Page, name: str) -> list[dict[str, object]]:
    """axe-core (shipped inside the axe-playwright-python wheel) on the page, its experimental rules
    included (label in name, WCAG 2.5.3); the violations and the checks it could not settle are kept."""
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations", "incomplete"]}
    results = Axe().run(page, options=options).response

    def brief(found: list[dict[str, Any]]) -> list[dict[str, object]]:
        return [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "targets": [n["target"] for n in v["nodes"]][:5],
            }
            for v in found
        ]

    violations = brief(results["violations"])
    report = {"violations": violations, "needs_review": brief(results["incomplete"])}
    AXE_REPORTS.mkdir(parents=True, exist_ok=True)
    (AXE_REPORTS / f"{name}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), "utf-8")
    return violations


def _serious(found: list[dict[str, object]]) -> list[dict[str, object]]:
    return [v for v in found if v["impact"] in ("serious", "critical")]


def test_axe_finds_nothing_serious_in_the_widget_and_the_console_login(page: Page, sites: Sites) -> None:
    page.goto(sites.app + "/")
    open_widget(page)
    answer = ask(page, ANSWERABLE)
    answer.get_by_role("button", name="Not helpful").click()
    expect(answer.get_by_role("textbox")).to_be_visible()
    english = _axe(page, "widget-en")
    assert _serious(english) == [], english

    page.get_by_role("tab", name="Exercises").click()
    page.locator("#ustad-ex button.exercise").first.click()
    page.get_by_role("textbox", name="Your prompt").fill("Write a reply to the citizen in plain language.")
    page.get_by_role("button", name="Get feedback").click()
    expect(page.locator("#ustad-ex .score")).to_be_visible()
    exercise = _axe(page, "widget-exercise")
    assert _serious(exercise) == [], exercise
    shot(page, "learner-desktop")

    page.goto(sites.portal + "/ur")
    open_widget(page, OPEN_UR)
    ask(page, URDU_CHIP, box="آپ کا سوال")
    urdu = _axe(page, "widget-ur")
    assert _serious(urdu) == [], urdu
    page.get_by_role("tab", name="مشقیں").click()
    page.locator("#ustad-ex button.exercise").first.click()
    page.get_by_role("textbox", name="آپ کا پرامپٹ").fill("Write a reply to the citizen in plain language.")
    page.get_by_role("button", name="رائے حاصل کریں").click()
    expect(page.locator("#ustad-ex .flags")).to_contain_text(say("flag_too_short", "ur"))
    expect(page.locator("#ustad-ex .cap")).to_contain_text("آپ کا اسکور")
    expect(page.locator("#ustad-ex .score bdi")).to_have_text(re.compile(r"^\d+/100$"))  # one isolated value
    urdu_exercise = _axe(page, "widget-ur-exercise")
    assert _serious(urdu_exercise) == [], urdu_exercise
    shot(page, "widget-urdu-exercise", clip_widget=True)

    page.goto(sites.app + "/trainer")
    expect(page.get_by_label("Username")).to_be_visible()
    login = _axe(page, "console-login")
    assert _serious(login) == [], login
