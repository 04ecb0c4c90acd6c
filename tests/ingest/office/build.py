"""Six documents as government offices publish them, built from code so no binary is committed: two PDFs
exported by LibreOffice from Word files (running header, "Page X of Y" footer, a table that breaks across
pages with wrapped cells; one with bookmarks, one without), two Word files full of tables, and two web pages
wrapped in menus, breadcrumbs, a cookie banner and sidebars.

Run: .venv/bin/python -m tests.ingest.office.build OUT_DIR   (needs LibreOffice: apt-get install
libreoffice-writer-nogui); then `assistant eval tests/ingest/office/questions.jsonl --corpus OUT_DIR ...`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.text.paragraph import Paragraph

HERE = Path(__file__).parent
# what must never reach a passage: running headers and footers, menus, banners, sidebars
BOILERPLATE = [
    "Ministry of IT & Telecom | Training & Capacity Wing",
    "NDSP Annual Report 2024-25 | For official use",
    "Page 2 of",
    "Page 3 of",
    "We use cookies",
    "Accept all cookies",
    "Skip to main content",
    "Home > Services",
    "Contact us",
    "Related links",
    "Latest news",
    "Copyright © 2025",
    "Follow us",
    "Screen reader | A-",
]


# -- Word helpers -----------------------------------------------------------------------------------------


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A PAGE or NUMPAGES field, which LibreOffice fills in on export."""
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def _furniture(document: object, header: str) -> None:
    section = document.sections[0]  # type: ignore[attr-defined]
    section.left_margin = section.right_margin = Cm(2.2)
    top = section.header.paragraphs[0]
    top.text = header
    top.alignment = WD_ALIGN_PARAGRAPH.CENTER
    bottom = section.footer.paragraphs[0]
    bottom.alignment = WD_ALIGN_PARAGRAPH.CENTER
    bottom.add_run("Page ")
    _field(bottom, "PAGE")
    bottom.add_run(" of ")
    _field(bottom, "NUMPAGES")


def _table(
    document: object, rows: list[list[str]], widths: list[float] | None = None, *, labels: bool = False
) -> None:
    """A ruled table with its header row in bold (or, for a form of `labels` and values, its first
    column in bold)."""
    table = document.add_table(rows=0, cols=len(rows[0]))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for n, values in enumerate(rows):
        cells = table.add_row().cells
        for column, (cell, value) in enumerate(zip(cells, values, strict=True)):
            cell.text = value
            if (column if labels else n) == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    if widths:
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Cm(width)


def _bold(document: object, text: str) -> None:
    document.add_paragraph().add_run(text).bold = True  # type: ignore[attr-defined]


# -- the memorandum (PDF with bookmarks) ------------------------------------------------------------------

_TOOLS = [
    ["Tool", "Approved for", "Conditions of use", "Review date"],
    [
        "Copilot Chat (government tenant)",
        "Drafting, summaries",
        "Signed in with the official account only",
        "June 2026",
    ],
    [
        "Gemini (public web)",
        "Public information only",
        "No official files; personal accounts not allowed",
        "March 2026",
    ],
    [
        "ChatGPT (public web)",
        "Public information only",
        "History switched off; nothing marked Restricted",
        "March 2026",
    ],
    [
        "Urdu Speech-to-Text Pilot",
        "Transcribing public hearings",
        "Recordings deleted after 30 days",
        "December 2025",
    ],
    [
        "DeepL Translator",
        "Translating published notices",
        "Only text already released to the public",
        "January 2026",
    ],
    ["Grammarly (free)", "Not approved", "Sends every keystroke to a foreign server", "Not applicable"],
    ["Otter.ai", "Not approved", "Stores meeting audio outside Pakistan", "Not applicable"],
    [
        "PakGPT Sandbox (NITB)",
        "Testing prompts with dummy data",
        "No real case files; sandbox is wiped every Friday",
        "September 2026",
    ],
    [
        "e-Office Smart Reply",
        "Suggested replies to routine letters",
        "The section officer signs off each reply",
        "July 2026",
    ],
    [
        "Canva Magic Write",
        "Posters for awareness campaigns",
        "Campaign text approved by the spokesperson",
        "February 2026",
    ],
    [
        "Perplexity (public web)",
        "Research on published policies",
        "Sources must be opened and checked before citing",
        "March 2026",
    ],
    [
        "Microsoft Translator",
        "Translating internal circulars",
        "Circulars classified Restricted are excluded",
        "May 2026",
    ],
    ["Claude (public web)", "Public information only", "No personal data of citizens or staff", "March 2026"],
    ["NADRA Verisys", "Not an AI tool", "Governed by its own access rules", "Not applicable"],
    [
        "Whisper (offline, NITB build)",
        "Transcribing internal meetings",
        "Runs on the department's own computers only, never on a cloud service",
        "October 2026",
    ],
    ["Tesseract OCR", "Digitising old files", "Scanned files stay on the department's server", "August 2026"],
    ["Bard (retired)", "Withdrawn", "Replaced by Gemini; do not use", "Not applicable"],
    ["Ustad Assistant", "Learning about AI tools", "Course questions only; no case files", "November 2026"],
    [
        "Microsoft Forms Ideas",
        "Analysing staff surveys",
        "Only anonymous surveys; remove names before upload",
        "April 2026",
    ],
    ["Zoom AI Companion", "Not approved", "Meeting summaries leave the government network", "Not applicable"],
    [
        "LibreTranslate (local server)",
        "Translating drafts that contain internal details",
        "Hosted in the NTC data centre; approved by the IT Wing on 2 May 2025",
        "May 2027",
    ],
]


def build_memo(path: Path) -> None:
    document = Document()
    _furniture(document, "Ministry of IT & Telecom | Training & Capacity Wing")
    document.add_paragraph("No. 7(12)/2025-T&C(AI)")
    for line in ("Government of Pakistan", "Ministry of Information Technology & Telecommunication"):
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("Islamabad, the 14th March, 2025").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph("Use of Generative AI Tools in Official Work", style="Title")
    document.add_paragraph(
        "The undersigned is directed to refer to the subject noted above and to convey the following "
        "instructions, which apply to all officers and staff of the Ministry and its attached departments "
        "with immediate effect."
    )
    document.add_heading("Background", level=1)
    document.add_paragraph(
        "1. Officers have begun to use public chatbots to draft letters and summaries. Several drafts sent "
        "for signature in January 2025 quoted notification numbers that did not exist."
    )
    document.add_paragraph(
        "2. A survey by the Training & Capacity Wing found that 61 percent of section officers had used a "
        "generative AI tool at least once, but only 9 percent had received any training."
    )
    document.add_heading("Permitted uses", level=1)
    document.add_paragraph(
        "3. Officers may use an approved tool to prepare a first draft of a letter, to summarise a public "
        "document or to translate a published notice. The officer who signs remains responsible for every "
        "figure, date and reference in the final text."
    )
    document.add_paragraph(
        "4. Every output must be read in full and checked against the file before it leaves the section. "
        'A draft produced with an AI tool is marked "AI-assisted" in the note sheet.'
    )
    document.add_heading("Information that must never be entered", level=1)
    document.add_paragraph(
        "5. No officer shall enter the following into any tool that is not hosted on a government server:"
    )
    for item in (
        "CNIC numbers, phone numbers or addresses of citizens or staff;",
        "documents classified Secret, Confidential or Restricted;",
        "draft cabinet summaries and budget proposals before approval;",
        "passwords, access codes and the contents of the e-Office file system.",
    ):
        document.add_paragraph(item, style="List Bullet")
    document.add_heading("Approval levels for AI pilots", level=1)
    document.add_paragraph(
        "6. A pilot that uses an AI tool in a public service needs the approval shown below before it starts."
    )
    document.add_paragraph("Table 1: Approval levels for AI pilots", style="Caption")
    _table(
        document,
        [
            ["Category", "Type of pilot", "Approving authority", "Maximum duration"],
            ["A.", "Internal drafting aids used by one section", "Joint Secretary of the wing", "3 months"],
            ["B.", "Tools shared across the Ministry's wings", "Additional Secretary (IT)", "6 months"],
            [
                "C.",
                "Pilots that process citizens' applications",
                "Federal Secretary, after clearance by the Data Protection Officer",
                "4 months",
            ],
            [
                "D.",
                "Pilots run with a private vendor",
                "Principal Accounting Officer and the IT Wing",
                "12 months",
            ],
        ],
        [2.2, 5.5, 6.0, 3.0],
    )
    document.add_heading("Register of approved tools", level=1)
    document.add_paragraph(
        "7. The IT Wing keeps the register below. A tool that is not listed may not be used for official "
        "work until it is reviewed."
    )
    document.add_paragraph("Table 2: Register of approved tools", style="Caption")
    _table(document, _TOOLS, [4.2, 4.2, 6.3, 2.5])
    document.add_heading("Reporting incidents", level=1)
    document.add_paragraph(
        "8. If restricted information is entered into a public tool by mistake, the officer shall inform "
        "the Departmental Security Officer within 24 hours and record the incident in the AI incident "
        "register kept by the IT Wing."
    )
    document.add_heading("Training", level=2)
    document.add_paragraph(
        '9. Every section officer shall complete the two-day course "Using AI Assistants Safely" at the '
        "Pakistan Academy for Digital Governance before 30 June 2025."
    )
    document.add_paragraph("(Dr. Ayesha Siddiqui)")
    document.add_paragraph("Joint Secretary (Training & Capacity)")
    document.save(str(path))


# -- the annual report (PDF without bookmarks) ------------------------------------------------------------

_PROVINCES = [
    ["Province / Area", "Courses held", "Officers trained", "Women officers", "Completion rate"],
    ["Punjab", "148", "4,210", "1,305", "91%"],
    ["Sindh", "96", "2,640", "702", "87%"],
    ["Khyber Pakhtunkhwa", "81", "2,115", "498", "89%"],
    ["Balochistan", "37", "812", "164", "78%"],
    ["Islamabad Capital Territory", "64", "1,930", "866", "94%"],
    ["Gilgit-Baltistan", "18", "402", "97", "83%"],
    ["Azad Jammu & Kashmir", "22", "515", "141", "85%"],
]

_EXPENDITURE = [
    ["Component", "Budget (Rs. million)", "Spent (Rs. million)", "Remarks"],
    ["Trainer fees", "182.0", "176.4", "Paid to 94 master trainers certified by the Academy"],
    ["Course material", "41.5", "39.9", "Printed in English and Urdu"],
    ["Venue hire", "63.2", "58.7", "Government halls were used wherever available"],
    ["Travel of participants", "118.6", "121.3", "Overspent because of the extra Balochistan batches"],
    ["Learning platform", "74.0", "70.2", "Hosted in the National Telecom Corporation data centre"],
    ["Laptops for training labs", "210.0", "198.5", "1,150 laptops for 46 labs in district headquarters"],
    ["Internet connectivity", "36.8", "35.1", "Fibre links for the labs, two years paid in advance"],
    ["Monitoring and evaluation", "22.4", "19.6", "Third-party survey of 3,000 trained officers"],
    ["Awareness campaign", "15.0", "14.2", "Radio messages in five regional languages"],
    ["Accessibility", "12.5", "11.8", "Screen readers and captioned videos for visually impaired officers"],
    ["Urdu language models", "48.0", "29.5", "Procurement delayed; the balance lapsed on 30 June 2025"],
    ["Cyber security audit", "9.6", "9.6", "Conducted by the National CERT in April 2025"],
    ["Helpdesk", "17.3", "16.9", "Open 9 am to 5 pm on working days, extension 4411"],
    ["Certification exams", "27.9", "25.2", "Exams held at 12 centres; 86 percent pass rate"],
    ["Women's mentoring network", "8.4", "8.1", "Pairs new trainees with senior women officers"],
    ["Research grants", "30.0", "12.0", "Six grants to universities; four still under review"],
    ["Data centre storage", "19.7", "19.7", "Backups kept for seven years under the records policy"],
    ["Programme management unit", "55.1", "53.8", "Salaries of the 23 staff of the programme office"],
    ["Contingencies", "10.0", "2.3", "Mostly unused; returned to the Finance Division"],
]


def build_report(path: Path) -> None:
    document = Document()
    _furniture(document, "NDSP Annual Report 2024-25 | For official use")
    document.core_properties.title = "National Digital Skills Programme: Annual Report 2024-25"
    document.add_paragraph("National Digital Skills Programme", style="Title")
    document.add_paragraph("Annual Report 2024-25")
    document.add_heading("Message from the Programme Director", level=1)
    document.add_paragraph(
        "The programme trained 12,624 public servants in its second year, against a target of 11,000. "
        "For the first time, more than a quarter of the officers trained were women."
    )
    document.add_heading("Training delivered", level=1)
    document.add_paragraph(
        "Courses were held in every province and area. The table below shows the officers trained in each."
    )
    document.add_paragraph("Table 3: Officers trained by province, 2024-25", style="Caption")
    _table(document, _PROVINCES, [5.0, 2.8, 3.0, 3.0, 3.0])
    document.add_heading("Lessons from the field", level=2)
    document.add_paragraph(
        "Completion was lowest in Balochistan, where officers travelled up to 300 kilometres to the nearest "
        "lab. From July 2025 the programme will run mobile labs in Turbat, Khuzdar and Zhob."
    )
    document.add_paragraph(
        "Officers asked most often for help with prompt writing for Urdu correspondence, with summarising "
        "long files and with checking figures produced by chatbots."
    )
    document.add_heading("Finance", level=1)
    document.add_paragraph(
        "The programme's budget for 2024-25 was Rs. 1,002.0 million, of which Rs. 940.7 million was spent. "
        "Expenditure by component is shown below."
    )
    document.add_paragraph("Table 4: Expenditure by component, 2024-25", style="Caption")
    _table(document, _EXPENDITURE, [4.6, 3.0, 3.0, 6.4])
    document.add_heading("Plans for 2025-26", level=1)
    document.add_paragraph(
        "The programme will add an advanced course on automating office work with AI assistants, and a "
        "course for trainers in Urdu. The target for 2025-26 is 15,000 officers."
    )
    document.save(str(path))


# -- the training calendar (DOCX) -------------------------------------------------------------------------

_Q1 = [
    ["Course", "Dates", "Venue", "Seats", "Who may apply"],
    ["Prompt Writing for Office Work", "7–9 July 2025", "PADG Islamabad, Room 4", "30", "BPS-16 and above"],
    [
        "AI for Urdu Correspondence",
        "21–23 July 2025",
        "PADG Lahore campus",
        "25",
        "Section officers and assistants",
    ],
    ["Summarising Files with AI", "4–6 August 2025", "PADG Islamabad, Room 2", "30", "BPS-17 and above"],
    ["Data Protection for AI Users", "18–19 August 2025", "Online (MS Teams)", "100", "All officers"],
    [
        "Checking Chatbot Figures",
        "1–3 September 2025",
        "PADG Karachi campus",
        "25",
        "Finance and accounts staff",
    ],
    [
        "Training of Trainers: AI Basics",
        "15–26 September 2025",
        "PADG Islamabad, Auditorium",
        "20",
        "Nominated master trainers",
    ],
]
_Q2 = [
    ["Course", "Dates", "Venue", "Seats", "Who may apply"],
    ["Prompt Writing for Office Work", "6–8 October 2025", "PADG Peshawar campus", "30", "BPS-16 and above"],
    ["AI in Procurement", "20–22 October 2025", "PADG Islamabad, Room 4", "25", "Procurement officers"],
    ["Automating Reports with AI", "3–7 November 2025", "PADG Lahore campus", "20", "BPS-18 and above"],
    [
        "AI for Urdu Correspondence",
        "17–19 November 2025",
        "PADG Quetta campus",
        "25",
        "Section officers and assistants",
    ],
    [
        "Responsible AI for Senior Managers",
        "1–2 December 2025",
        "PADG Islamabad, Board Room",
        "15",
        "BPS-20 and above",
    ],
]


def build_calendar(path: Path) -> None:
    document = Document()
    document.add_paragraph("Training Calendar 2025-26", style="Title")
    document.add_paragraph(
        "The Pakistan Academy for Digital Governance (PADG) offers the following courses on AI tools to "
        "officers of the federal and provincial governments. Courses are free of charge for nominated "
        "officers."
    )
    document.add_heading("Quarter 1 (July to September 2025)", level=1)
    document.add_paragraph("Table 1: Courses in the first quarter", style="Caption")
    _table(document, _Q1, [5.0, 3.2, 3.8, 1.4, 3.6])
    document.add_heading("Quarter 2 (October to December 2025)", level=1)
    document.add_paragraph("Table 2: Courses in the second quarter", style="Caption")
    _table(document, _Q2, [5.0, 3.2, 3.8, 1.4, 3.6])
    _bold(document, "Nomination procedure")
    document.add_paragraph(
        "Nominations reach the Academy through the administrative secretary of the department at least "
        "three weeks before the course starts, on the form in Annex B. Late nominations are not accepted."
    )
    _bold(document, "What participants bring")
    document.add_paragraph(
        "Participants bring their original CNIC and service card for entry to the campus, and a laptop if "
        "they have one. Lunch and tea are provided; accommodation is not."
    )
    _bold(document, "Certificates")
    document.add_paragraph(
        "A certificate is issued to participants who attend at least 90 percent of the sessions and pass "
        "the final exercise. Certificates are sent to the nominating department within two weeks."
    )
    document.save(str(path))


# -- the procurement note (DOCX) --------------------------------------------------------------------------


def build_procurement(path: Path) -> None:
    document = Document()
    document.add_paragraph("Procurement Note: Laptops for AI Training Labs", style="Title")
    _table(
        document,
        [
            ["File No.", "F.4(33)/2025-Proc"],
            ["Procuring agency", "Pakistan Academy for Digital Governance"],
            ["Procurement method", "Single Stage – Two Envelope (PPRA Rule 36(b))"],
            ["Estimated cost", "Rs. 18.6 million"],
            ["Bid submission deadline", "11:00 am, 28 April 2025"],
        ],
        [5.0, 10.0],
        labels=True,
    )
    document.add_heading("Requirement", level=1)
    document.add_paragraph(
        "1. The Academy requires laptops and accessories for four new AI training labs in Lahore, Karachi, "
        "Peshawar and Quetta, to be delivered within 45 days of the contract."
    )
    document.add_heading("Items to be procured", level=1)
    _table(
        document,
        [
            ["Sr.", "Item", "Minimum specification", "Quantity", "Estimated unit cost (Rs.)"],
            ["A.", "Laptop", "Core i7 13th generation, 16 GB RAM, 512 GB SSD", "120", "135,000"],
            ["B.", "Multimedia projector", "4,000 lumens, HDMI", "4", "210,000"],
            ["C.", "Wireless access point", "Wi-Fi 6, 200 concurrent users", "8", "48,500"],
            ["D.", "Uninterruptible power supply", "3 kVA online, 30 minutes backup", "4", "165,000"],
        ],
        [1.4, 3.6, 6.0, 2.0, 3.2],
    )
    document.add_heading("Evaluation criteria", level=1)
    document.add_paragraph(
        "2. Technical proposals are evaluated first; only bidders who pass are invited to the opening of "
        "financial proposals."
    )
    _table(
        document,
        [
            ["Criterion", "Marks"],
            ["Past supply of at least 500 laptops to government bodies", "30"],
            ["Authorised dealer certificate from the manufacturer", "20"],
            ["Service centres in all four cities", "25"],
            ["Warranty of three years or more", "25"],
        ],
        [11.0, 3.0],
    )
    document.add_paragraph("3. A bidder must score at least 70 of the 100 technical marks to qualify.")
    document.add_heading("Bid security", level=1)
    document.add_paragraph(
        "4. Each bid is accompanied by a bid security of 2 percent of the quoted price, as a pay order in "
        "favour of the Academy, valid for 120 days."
    )
    document.save(str(path))


# -- the FAQ page (HTML with <main>) ----------------------------------------------------------------------

_SITE_TOP = """
<a class="skip-link" href="#content">Skip to main content</a>
<div id="cookie-banner" class="cookie-consent" role="dialog" aria-label="Cookies">
  <p>We use cookies to improve your experience on this website.</p>
  <button>Accept all cookies</button> <button>Reject</button>
</div>
<header class="site-header">
  <div class="logo">Ministry of Information Technology &amp; Telecommunication</div>
  <nav class="main-menu"><ul><li><a href="/">Home</a></li><li><a href="/about">About Us</a></li>
  <li><a href="/services">Services</a></li><li><a href="/contact">Contact us</a></li></ul></nav>
  <div class="accessibility">Screen reader | A- A A+</div>
</header>
"""
_SITE_BOTTOM = """
<footer class="site-footer"><p>Copyright © 2025 Ministry of IT &amp; Telecom. All rights reserved.</p>
<p>Follow us on social media</p><ul><li><a href="/privacy">Privacy policy</a></li>
<li><a href="/contact">Contact us</a></li></ul></footer>
"""

_FAQ = [
    (
        "Can I use ChatGPT on my office computer?",
        "<p>Yes, for public information only. Open it through the government web gateway, switch chat "
        "history off, and never paste text from an official file.</p>",
    ),
    (
        "Who approves a new AI tool for my section?",
        "<p>Send the request to the IT Wing on form IT-17. The IT Wing reviews the tool's data handling "
        "within 15 working days and adds it to the register if it is safe.</p>",
    ),
    (
        "Is there a limit on how much I can use Copilot Chat?",
        "<p>Each officer has 300 prompts a day on the government tenant. The counter resets at midnight.</p>",
    ),
    (
        "What should I do if a chatbot invents a notification number?",
        "<p>Do not use the draft. Check every reference against the Gazette of Pakistan or the e-Office "
        "record, and report repeated fabrications to the helpdesk so the trainers can warn others.</p>",
    ),
    (
        "Can the helpdesk recover a conversation I deleted?",
        "<p>No. Deleted conversations are removed from the tenant after 24 hours and cannot be restored.</p>",
    ),
]


def build_faq(path: Path) -> None:
    items = "\n".join(
        f'<div class="faq-item"><h3><button class="accordion-toggle" aria-expanded="false" '
        f'aria-controls="faq-{n}"><span class="q">{question}</span></button></h3>'
        f'<div id="faq-{n}" class="accordion-panel">{answer}</div></div>'
        for n, (question, answer) in enumerate(_FAQ, start=1)
    )
    page = f"""<!doctype html><html lang="en"><head>
<title>AI Helpdesk: Frequently Asked Questions | MoITT</title></head><body>{_SITE_TOP}
<nav aria-label="breadcrumb"><ol class="breadcrumb"><li>Home &gt; Services &gt; AI Helpdesk</li></ol></nav>
<div class="layout">
<main id="content">
<h1>AI Helpdesk: Frequently Asked Questions</h1>
<p>Answers to the questions officers ask the AI helpdesk most often. The helpdesk is open from 9 am to 5 pm
on working days.</p>
<h2>Using AI tools at work</h2>
{items}
<h2>Helpdesk hours and contact</h2>
<p>Write to the helpdesk through the e-Office module "AI Support" or call extension 4411. Urgent incidents
outside office hours go to the duty officer of the IT Wing.</p>
</main>
<aside class="sidebar"><h2>Related links</h2><ul><li><a href="/ai-policy">AI policy 2025</a></li>
<li><a href="/training">Training calendar</a></li></ul></aside>
</div>{_SITE_BOTTOM}</body></html>"""
    path.write_text(page, encoding="utf-8")


# -- the e-Office notice (HTML with role="main", no <main>) -----------------------------------------------


def build_notice(path: Path) -> None:
    rows = [
        ("Phase 1", "Cabinet Division, Establishment Division, MoITT", "1 August 2025", "12"),
        ("Phase 2", "Finance Division, Planning Commission, Interior Division", "15 September 2025", "18"),
        ("Phase 3", "All remaining federal ministries and divisions", "1 December 2025", "40"),
        ("Phase 4", "Attached departments and autonomous bodies", "1 March 2026", "65"),
    ]
    body = "\n".join(
        f"<tr><th scope='row'>{a}</th><td>{b}</td><td>{c}</td><td>{d}</td></tr>" for a, b, c, d in rows
    )
    page = f"""<!doctype html><html lang="en"><head>
<title>Notice: AI features in e-Office | NITB</title></head><body>{_SITE_TOP}
<div class="breadcrumbs">Home &gt; Services &gt; e-Office &gt; Notices</div>
<div class="container">
<div class="content-area" role="main">
<article class="notice">
<h1>AI features in e-Office: roll-out plan</h1>
<p class="meta">Published 2 June 2025 by the National Information Technology Board</p>
<p>From August 2025, e-Office will suggest replies to routine letters and summarise long files. The
suggestions are produced by a model hosted at the NTC data centre; no file leaves the government network.</p>
<h2>Roll-out schedule</h2>
<table>
<caption>Table 1: Phases of the roll-out</caption>
<thead><tr><th>Phase</th><th>Departments</th><th>Go-live date</th><th>Training sessions</th></tr></thead>
<tbody>{body}</tbody>
</table>
<h2>What changes for section officers</h2>
<p>A suggested reply appears in grey under the incoming letter. The section officer edits it, and the
reply is sent only after it is signed in the usual way. Summaries show the page of the file each point
comes from.</p>
<h2>Switching the features off</h2>
<p>A department may switch the AI features off for files marked Secret by writing to the NITB help desk.
The features are always off for files of the Cabinet Secretariat.</p>
</article>
</div>
<div class="sidebar-right"><h3>Latest news</h3>
<article class="news-card"><h4>NITB wins award</h4><p>The board won the e-government award.</p></article>
<article class="news-card"><h4>New data centre</h4><p>A second data centre opens in Karachi.</p></article>
</div>
</div>{_SITE_BOTTOM}</body></html>"""
    path.write_text(page, encoding="utf-8")


# -- putting it together ----------------------------------------------------------------------------------


def soffice() -> str | None:
    """LibreOffice's command, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(source: Path, out_dir: Path, *, bookmarks: bool) -> Path:
    """Export a Word file to PDF the way an office does: LibreOffice, headless."""
    command = soffice()
    if command is None:
        raise RuntimeError("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    flag = "true" if bookmarks else "false"
    options = f'{{"ExportBookmarks":{{"type":"boolean","value":"{flag}"}}}}'
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(  # noqa: S603 - a fixed command line
            [
                command,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                f"pdf:writer_pdf_Export:{options}",
                "--outdir",
                str(out_dir),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    return out_dir / f"{source.stem}.pdf"


def build(out_dir: Path) -> list[Path]:
    """Write the six documents into `out_dir` (the Word sources of the PDFs are left out of it)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        memo, report = (
            Path(work) / "office-memorandum-ai-tools.docx",
            Path(work) / "annual-report-2024-25.docx",
        )
        build_memo(memo)
        build_report(report)
        to_pdf(memo, out_dir, bookmarks=True)
        to_pdf(report, out_dir, bookmarks=False)
    build_calendar(out_dir / "training-calendar-2025-26.docx")
    build_procurement(out_dir / "procurement-note-laptops.docx")
    build_faq(out_dir / "ai-helpdesk-faq.html")
    build_notice(out_dir / "e-office-ai-notice.html")
    return sorted(out_dir.iterdir())


if __name__ == "__main__":
    for written in build(Path(sys.argv[1] if len(sys.argv) > 1 else "office-corpus")):
        print(written)
