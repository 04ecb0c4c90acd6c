"""The office documents as the loaders and the chunker read them: tables as rows and cells (header carried
across pages, a row cut by a page break mended), PDF headings from bookmarks or fonts, titles, pages,
no running furniture, HTML landmarks and FAQ questions in buttons."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.index.units import split_units
from assistant.ingest.chunking import Chunker
from assistant.ingest.document import ParsedDocument
from assistant.ingest.loaders import load_document
from tests.ingest.office.build import BOILERPLATE

MEMO = "office-memorandum-ai-tools.pdf"
REPORT = "annual-report-2024-25.pdf"
CALENDAR = "training-calendar-2025-26.docx"
PROCUREMENT = "procurement-note-laptops.docx"
FAQ = "ai-helpdesk-faq.html"
NOTICE = "e-office-ai-notice.html"


@pytest.fixture(scope="module")
def documents(office_corpus: Path) -> dict[str, ParsedDocument]:
    return {path.name: load_document(path) for path in sorted(office_corpus.iterdir())}


def _rows(doc: ParsedDocument) -> list[str]:
    return [line for s in doc.sections for b in s.blocks if b.kind == "table" for line in b.text.splitlines()]


def _section_of(doc: ParsedDocument, text: str) -> tuple[tuple[str, ...], int | None]:
    for section in doc.sections:
        if any(text in block.text for block in section.blocks):
            return section.heading_path, section.page
    raise AssertionError(f"{text!r} not found")


def test_no_running_header_footer_menu_banner_or_sidebar_survives(
    documents: dict[str, ParsedDocument],
) -> None:
    for name, doc in documents.items():
        for phrase in BOILERPLATE:
            assert phrase not in doc.text, (name, phrase)


def test_every_section_has_a_heading_path(documents: dict[str, ParsedDocument]) -> None:
    for doc in documents.values():
        assert all(section.heading_path for section in doc.sections)


def test_pdf_title_from_the_largest_text_or_the_metadata(documents: dict[str, ParsedDocument]) -> None:
    assert documents[MEMO].title == "Use of Generative AI Tools in Official Work"  # not "No. 7(12)/2025-..."
    assert documents[REPORT].title == "National Digital Skills Programme: Annual Report 2024-25"


def test_pdf_headings_from_bookmarks_and_from_fonts_with_pages(documents: dict[str, ParsedDocument]) -> None:
    memo, report = documents[MEMO], documents[REPORT]
    assert _section_of(memo, "within 24 hours") == (("Reporting incidents",), 4)
    assert _section_of(memo, "before 30 June 2025") == (("Reporting incidents", "Training"), 4)
    assert _section_of(report, "Turbat, Khuzdar and Zhob") == (
        ("Training delivered", "Lessons from the field"),
        1,
    )
    assert _section_of(report, "15,000 officers") == (("Plans for 2025-26",), 3)


def test_numbered_paragraphs_keep_their_number(documents: dict[str, ParsedDocument]) -> None:
    blocks = [b.text for s in documents[MEMO].sections for b in s.blocks]
    assert any(text.startswith("8. If restricted information is entered") for text in blocks)
    assert any(text.startswith("3. Officers may use an approved tool") for text in blocks)


def test_a_pdf_table_row_is_whole_with_its_label_and_wrapped_cells_joined(
    documents: dict[str, ParsedDocument],
) -> None:
    assert (
        "- C. Type of pilot: Pilots that process citizens' applications; Approving authority: Federal "
        "Secretary, after clearance by the Data Protection Officer; Maximum duration: 4 months"
    ) in _rows(documents[MEMO])


def test_a_table_across_pages_carries_its_header_and_mends_the_cut_row(
    documents: dict[str, ParsedDocument],
) -> None:
    memo, report = documents[MEMO], documents[REPORT]
    rows = _rows(memo)
    otter = next(row for row in rows if "Otter.ai" in row)
    assert "Stores meeting audio outside Pakistan" in otter  # the row's last word was on the next page
    heading, page = _section_of(memo, "Tool: LibreTranslate (local server)")
    assert (heading, page) == (("Register of approved tools",), 3)
    assert "Table 2: Register of approved tools (continued)" in memo.text
    # the report's header row itself was cut by the page break: "Budget (Rs." | "million)"
    assert (
        "- Component: Urdu language models; Budget: Rs. 48.0 million; Spent: Rs. 29.5 million"
        in "\n".join(_rows(report))
    )
    assert not any(row.startswith("- Component;") for row in _rows(report))


def test_word_tables_header_row_or_label_column_and_caption(documents: dict[str, ParsedDocument]) -> None:
    calendar, procurement = documents[CALENDAR], documents[PROCUREMENT]
    assert "Table 2: Courses in the second quarter" in calendar.text
    assert (
        "- Course: AI in Procurement; Dates: 20–22 October 2025; Venue: PADG Islamabad, Room 4; Seats: 25; "
        "Who may apply: Procurement officers"
    ) in _rows(calendar)
    assert "- Estimated cost: Rs. 18.6 million" in _rows(procurement)  # labels in bold, values beside them
    assert any(row.startswith("- C. Item: Wireless access point;") for row in _rows(procurement))


def test_word_bold_paragraphs_are_headings(documents: dict[str, ParsedDocument]) -> None:
    assert _section_of(documents[CALENDAR], "three weeks")[0] == ("Nomination procedure",)


def test_html_faq_questions_in_buttons_are_headings(documents: dict[str, ParsedDocument]) -> None:
    faq = documents[FAQ]
    assert faq.title == "AI Helpdesk: Frequently Asked Questions"
    path, _ = _section_of(faq, "300 prompts a day")
    assert path == ("Using AI tools at work", "Is there a limit on how much I can use Copilot Chat?")


def test_html_main_landmark_by_role_wins_over_sidebar_articles(documents: dict[str, ParsedDocument]) -> None:
    notice = documents[NOTICE]
    assert "NITB wins award" not in notice.text
    assert "- Phase: Phase 3; Departments: All remaining federal ministries and divisions; " in notice.text
    assert _section_of(notice, "Phase 3")[0] == ("Roll-out schedule",)


def test_a_long_table_is_chunked_by_rows_each_part_with_its_caption(
    documents: dict[str, ParsedDocument],
) -> None:
    chunks = Chunker(max_tokens=120, overlap=20).split(documents[MEMO])
    parts = [c for c in chunks if "Table 2: Register of approved tools" in c.text]
    assert len(parts) > 3
    for part in parts:
        units = split_units(part.text)
        assert any(u.text.startswith("Table 2: Register of approved tools") for u in units)
        rows = [u for u in units if u.kind == "item" and u.text.startswith("- ")]
        assert rows and all(u.text.startswith("- Tool: ") and "; Review date: " in u.text for u in rows)
    assert all(c.page is not None for c in chunks)
