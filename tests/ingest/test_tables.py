"""Tables as rows and cells, and the structure of office documents, on small files made here (no
LibreOffice needed): header rows, label columns, units, captions, a PDF table across a page break,
headings from bookmarks and fonts, FAQ questions in buttons, the main landmark."""

from __future__ import annotations

from pathlib import Path

from assistant.index.units import split_sentences, split_units
from assistant.ingest.chunking import Chunker
from assistant.ingest.document import ParsedDocument, Section
from assistant.ingest.formats.tables import make_table, row_lines, table_block
from assistant.ingest.loaders import load_document


def test_a_header_row_names_every_value_and_a_label_column_prefixes_the_row() -> None:
    table = make_table(
        [
            ["Category", "Authority", "Duration"],
            ["A.", "Joint Secretary", "3 months"],
            ["C.", "Secretary", ""],
        ],
        header=True,
    )
    assert table is not None
    assert row_lines(table) == [
        "- A. Authority: Joint Secretary; Duration: 3 months",
        "- C. Authority: Secretary",
    ]


def test_a_unit_in_the_header_goes_with_the_figure() -> None:
    table = make_table(
        [
            ["Item", "Unit cost (Rs.)", "Budget (Rs. million)", "Done (%)", "Notes (draft)"],
            ["Laptop", "135,000", "16.2", "91", "x"],
        ],
        header=True,
    )
    assert table is not None
    assert row_lines(table) == [
        "- Item: Laptop; Unit cost: Rs. 135,000; Budget: Rs. 16.2 million; Done: 91%; Notes (draft): x"
    ]


def test_without_a_header_two_columns_read_as_labels_and_values() -> None:
    table = make_table([["File No.", "F.4(33)/2025"], ["Estimated cost", "Rs. 18.6 million"]], header=None)
    assert table is not None and table.header is None
    assert row_lines(table) == ["- File No.: F.4(33)/2025", "- Estimated cost: Rs. 18.6 million"]


def test_a_header_is_guessed_from_short_labels_above_figures_and_repeats_are_dropped() -> None:
    rows = [["Province", "Officers", "Rate"], ["Punjab", "4,210", "91%"], ["Province", "Officers", "Rate"]]
    rows.append(["Sindh", "2,640", "87%"])
    table = make_table(rows, header=None)
    assert table is not None and table.header == ("Province", "Officers", "Rate")
    assert len(table.rows) == 2


def test_wrapped_cells_are_one_line_and_hyphenated_words_stay_whole() -> None:
    table = make_table(
        [["Tool", "Use"], ["Urdu Speech-to-\nText Pilot", "Transcribing\npublic hearings"]], header=True
    )
    assert table is not None and row_lines(table) == [
        "- Tool: Urdu Speech-to-Text Pilot; Use: Transcribing public hearings"
    ]


def test_a_long_table_is_cut_between_rows_under_its_caption() -> None:
    rows = [["Course", "Venue"], *([f"Course number {n} on prompting", f"Room {n}"] for n in range(60))]
    table = make_table(rows, header=True, caption="Table 1: Courses")
    assert table is not None
    doc = ParsedDocument("Calendar", [Section(("Calendar",), [table_block(table)])])
    chunks = Chunker(max_tokens=120, overlap=20).split(doc)
    assert len(chunks) > 3
    assert chunks[0].text.startswith("Table 1: Courses\n\n- Course: Course number 0")
    assert all(c.text.startswith("Table 1: Courses (continued)\n\n- Course: ") for c in chunks[1:])
    assert sum(c.text.count("\n- Course: ") + c.text.startswith("- ") for c in chunks) == 60
    assert all(c.tokens <= 120 for c in chunks)


def test_a_row_is_one_unit_and_labels_or_abbreviations_end_no_sentence() -> None:
    units = split_units(
        "Table 1: Approval levels\n\n- A. Authority: Joint Secretary\n- C. Authority: Secretary"
    )
    assert [(u.kind, u.text) for u in units] == [
        ("sentence", "Table 1: Approval levels"),
        ("item", "- A. Authority: Joint Secretary"),
        ("item", "- C. Authority: Secretary"),
    ]
    assert split_sentences("See File No. 7(12)/2025. It cost Rs. 5 million. Ask Dr. Ali. Row C. Works.") == [
        "See File No. 7(12)/2025.",
        "It cost Rs. 5 million.",
        "Ask Dr. Ali.",
        "Row C. Works.",
    ]


def test_a_numbered_lead_in_is_read_by_sentence_so_its_list_follows() -> None:
    units = split_units("5. No officer shall enter the following:\n\n- CNIC numbers;\n- passwords.")
    assert [u.kind for u in units] == ["sentence", "item", "item"]


def _pdf(path: Path) -> Path:
    """A PDF with bookmarks, a bold header row and a table that breaks across a page, made by fpdf2."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title("Leave Rules for Trainees")
    pdf.add_page()
    pdf.start_section("Leave entitlements")
    pdf.set_font("helvetica", "B", 16)
    pdf.cell(0, 10, "Leave entitlements", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, "Trainees earn leave as shown in the table below.")
    pdf.ln(4)
    with pdf.table(col_widths=(20, 60, 40), repeat_headings=0) as table:
        for values in [
            ("Code", "Type of leave", "Days a year"),
            *((f"{n}.", f"Leave type {n}", f"{n + 10} days") for n in range(1, 41)),
        ]:
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.ln(4)
    pdf.start_section("Applying for leave")
    pdf.set_font("helvetica", "B", 16)
    pdf.cell(0, 10, "Applying for leave", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, "Apply through the course coordinator at least two days in advance.")
    pdf.output(str(path))
    return path


def test_a_pdf_table_across_a_page_break_keeps_its_header_under_its_bookmark(tmp_path: Path) -> None:
    doc = load_document(_pdf(tmp_path / "leave.pdf"))
    assert doc.title == "Leave Rules for Trainees"
    tables = [(s.heading_path, s.page, b) for s in doc.sections for b in s.blocks if b.table is not None]
    assert [(path, page) for path, page, _ in tables] == [
        (("Leave entitlements",), 1),
        (("Leave entitlements",), 2),
    ]
    rows = [line for _, _, block in tables for line in block.text.splitlines()]
    assert rows[0] == "- 1. Type of leave: Leave type 1; Days a year: 11 days"
    assert "- 40. Type of leave: Leave type 40; Days a year: 50 days" in rows  # on page 2, header carried
    assert len(rows) == 40
    assert [s.heading_path for s in doc.sections][-1] == ("Applying for leave",)


def test_a_pdf_without_bookmarks_takes_headings_from_larger_bold_type(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", "B", 22)
    pdf.cell(0, 12, "Annual Training Report", new_x="LMARGIN", new_y="NEXT")
    for heading, body in (("Courses held", "We held 40 courses."), ("Spending", "We spent Rs. 9 million.")):
        pdf.set_font("helvetica", "B", 14)
        pdf.cell(0, 10, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", size=11)
        pdf.multi_cell(0, 6, body)
        pdf.ln(4)
    path = tmp_path / "report.pdf"
    pdf.output(str(path))
    doc = load_document(path)
    assert doc.title == "Annual Training Report"
    assert [(s.heading_path, s.blocks[0].text) for s in doc.sections] == [
        (("Courses held",), "We held 40 courses."),
        (("Spending",), "We spent Rs. 9 million."),
    ]


def test_html_faq_buttons_in_headings_and_the_role_main_landmark(tmp_path: Path) -> None:
    page = """<html><head><title>FAQ | Site</title></head><body>
    <div class="cookie-consent">We use cookies. <button>Accept</button></div>
    <ul class="menu"><li>Home</li></ul>
    <div class="news"><article><h4>Other news</h4><p>A long story that is not the page.</p>
    </article></div>
    <div role="main"><h1>FAQ</h1>
    <h3><button aria-expanded="false"><span>Can I use ChatGPT at work?</span></button></h3>
    <div><p>Only for public information.</p></div>
    <table><caption>Table 1: Limits</caption><thead><tr><th>Tool</th><th>Prompts a day</th></tr></thead>
    <tbody><tr><td>Copilot Chat</td><td>300</td></tr></tbody></table></div>
    <footer>Copyright</footer></body></html>"""
    doc = load_document(_write(tmp_path / "faq.html", page))
    assert doc.title == "FAQ"
    assert [s.heading_path for s in doc.sections] == [("Can I use ChatGPT at work?",)]
    assert (
        doc.text
        == "Only for public information.\n\nTable 1: Limits\n\n- Tool: Copilot Chat; Prompts a day: 300"
    )


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_word_tables_with_a_bold_header_or_a_bold_label_column(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Table 3: Items", style="Caption")
    for rows, labels in (
        ([("Item", "Qty"), ("Laptop", "120")], False),
        ([("File No.", "F.4"), ("Cost", "Rs. 1")], True),
    ):
        table = document.add_table(rows=0, cols=2)
        for n, values in enumerate(rows):
            cells = table.add_row().cells
            for column, (cell, value) in enumerate(zip(cells, values, strict=True)):
                cell.paragraphs[0].add_run(value).bold = (column if labels else n) == 0
    document.add_paragraph().add_run("Delivery").bold = True
    document.add_paragraph("Within 45 days.")
    path = tmp_path / "note.docx"
    document.save(str(path))
    doc = load_document(path)
    assert [b.text for b in doc.sections[0].blocks] == [
        "Table 3: Items\n\n- Item: Laptop; Qty: 120",
        "- File No.: F.4\n- Cost: Rs. 1",
    ]
    assert (doc.sections[1].heading_path, doc.sections[1].blocks[0].text) == (
        ("Delivery",),
        "Within 45 days.",
    )
