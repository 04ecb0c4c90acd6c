"""load_document on real files of every supported format, generated in tmp_path."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.errors import DocumentParseError, UnsupportedFileError
from assistant.ingest.document import ParsedDocument
from assistant.ingest.loaders import SUPPORTED_SUFFIXES, load_document

Write = Callable[[str, str | bytes], Path]
CORPUS = Path("/work/shared/corpus")

MDX_PAGE = """\
# Chain-of-Thought Prompting

import { Callout, Cards, Card } from 'nextra/components'
import {Screenshot} from 'components/screenshot'
import COT from '../../img/cot.png'
export const meta = {
  hidden: true,
}

{/* editors: keep this page short */}
<!-- an HTML comment -->

Intro paragraph before any section, with a [link to the paper](https://arxiv.org/abs/2201.11903).

## Few-shot CoT

<Screenshot src={COT} alt="COT" />

![diagram](../../img/cot.png)

<Callout type="info" emoji="💡">
  Chain-of-thought works best with **large** models.
</Callout>

*Prompt:*
```python
# not a heading
print("hi")  # <Callout> inside code stays
```

<iframe width="100%"
  height="415px"
  src="https://www.youtube.com/embed/abc" allowFullScreen
  />

<iframe src="https://example.org/embed"></iframe>

### Zero-shot

Add "Let's think step by step" and replace `<PID>` with the id; escaped \\<MASK\\> stays.

<Tabs items={['GPT-4 (OpenAI)', 'Mixtral']}>
  <Tab>
    Tab text survives.
  </Tab>
</Tabs>

<Cards>
    <Card
    icon={<CodeIcon />}
    title="Getting Started"
    href="https://github.com/dair-ai/notebook.ipynb"
    />
</Cards>

<CourseCard
  tag="Course"
  title="Prompt Engineering for LLMs"
/>
"""


def _prose(doc: ParsedDocument) -> str:
    return "\n\n".join(b.text for s in doc.sections for b in s.blocks if b.kind != "code")


def _blocks(doc: ParsedDocument, kind: str) -> list[str]:
    return [b.text for s in doc.sections for b in s.blocks if b.kind == kind]


# --- dispatch and common failures -------------------------------------------------------------


def test_supported_suffixes() -> None:
    assert {".md", ".mdx", ".txt", ".html", ".htm", ".pdf", ".docx"} == SUPPORTED_SUFFIXES


def test_unsupported_suffix_is_rejected(write: Write) -> None:
    path = write("slides.pptx", b"PK\x03\x04")
    with pytest.raises(UnsupportedFileError, match=r"unsupported file type \.pptx"):
        load_document(path)


@pytest.mark.parametrize("name", ["empty.md", "empty.txt", "empty.html", "empty.pdf", "e.docx"])
@pytest.mark.parametrize("content", ["", "  \n\n\t \n"])
def test_empty_file(write: Write, name: str, content: str) -> None:
    with pytest.raises(DocumentParseError, match="empty file"):
        load_document(write(name, content))


def test_mdx_with_only_noise_is_empty(write: Write) -> None:
    path = write("x.mdx", "import {Callout} from 'nextra/components'\n\n<Callout>\n</Callout>\n")
    with pytest.raises(DocumentParseError, match="empty file"):
        load_document(path)


def test_binary_renamed_to_markdown(write: Write) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)) * 4
    with pytest.raises(DocumentParseError, match="binary file, not text"):
        load_document(write("diagram.md", png))


def test_control_characters_without_nul_count_as_binary(write: Write) -> None:
    with pytest.raises(DocumentParseError, match="binary"):
        load_document(write("blob.txt", bytes(range(1, 32)) * 100))


def test_missing_file_is_a_parse_error(tmp_path: Path) -> None:
    with pytest.raises(DocumentParseError, match="cannot read file"):
        load_document(tmp_path / "gone.md")


# --- Markdown / MDX ----------------------------------------------------------------------------


def test_markdown_heading_paths_start_below_single_h1(write: Write) -> None:
    doc = load_document(
        write(
            "guide.md",
            "Preface text.\n\n# Prompting Guide\n\nIntro.\n\n## Basics\n\nBasics text.\n\n"
            "### Temperature\n\nLow is focused.\n\n## Advanced\n\nAdvanced text.\n",
        )
    )
    assert doc.title == "Prompting Guide"
    paths = [(s.heading_path, s.blocks[0].text) for s in doc.sections]
    assert paths == [
        ((), "Preface text."),
        ((), "Intro."),
        (("Basics",), "Basics text."),
        (("Basics", "Temperature"), "Low is focused."),
        (("Advanced",), "Advanced text."),
    ]
    assert all(s.page is None for s in doc.sections)


def test_markdown_with_several_h1_keeps_them_in_paths(write: Write) -> None:
    doc = load_document(write("two.md", "# Part A\n\nA.\n\n## Sub\n\nS.\n\n# Part B\n\nB.\n"))
    assert doc.title == "Part A"
    assert [s.heading_path for s in doc.sections] == [("Part A",), ("Part A", "Sub"), ("Part B",)]


def test_markdown_blocks_code_table_list(write: Write) -> None:
    text = (
        "# T\n\nSome **bold** and *italic* prose\nwrapped over two lines.\n\n"
        "```python\n# not a heading\nx = 1\n\n\ny = 2\n```\n\n"
        "~~~\n## also not a heading\n~~~\n\n"
        "| Setting | Effect |\n|---|:--:|\n| temperature | [randomness](http://x) |\n\n"
        "- first item\n- second item\n  continued\n  - nested\n\n1. one\n2. two\n"
    )
    doc = load_document(write("blocks.md", text))
    assert [s.heading_path for s in doc.sections] == [()]
    kinds = [b.kind for b in doc.sections[0].blocks]
    assert kinds == ["text", "code", "code", "table", "list", "list"]
    blocks = doc.sections[0].blocks
    assert blocks[0].text == "Some bold and italic prose wrapped over two lines."
    assert blocks[1].text == "```python\n# not a heading\nx = 1\n\n\ny = 2\n```"
    assert blocks[2].text == "~~~\n## also not a heading\n~~~"
    assert blocks[3].text == "Setting | Effect\ntemperature | randomness"
    assert blocks[4].text == "- first item\n- second item continued\n  - nested"
    assert blocks[5].text == "1. one\n2. two"


def test_unclosed_fence_runs_to_end_of_file(write: Write) -> None:
    doc = load_document(write("open.md", "Text.\n\n```\n# comment\nstill code\n"))
    assert _blocks(doc, "code") == ["```\n# comment\nstill code"]
    assert doc.sections[0].heading_path == ()


def test_mdx_noise_is_removed(write: Write) -> None:
    doc = load_document(write("cot.en.mdx", MDX_PAGE))
    prose = _prose(doc)
    assert doc.title == "Chain-of-Thought Prompting"
    for noise in ("import ", "export ", "<Callout", "</Callout", "<iframe", "<Screenshot", "<Card"):
        assert noise not in prose
    for noise in ("<Tab", "<Cards", "CourseCard", "{/*", "<!--", "arxiv.org", "cot.png", "{COT}"):
        assert noise not in prose
    assert "Intro paragraph before any section, with a link to the paper." in prose
    assert "Chain-of-thought works best with large models." in prose
    assert "Tab text survives." in prose
    assert "replace `<PID>` with the id; escaped <MASK> stays." in prose
    assert _blocks(doc, "code") == [
        '```python\n# not a heading\nprint("hi")  # <Callout> inside code stays\n```'
    ]
    paths = {s.heading_path for s in doc.sections}
    assert paths == {(), ("Few-shot CoT",), ("Few-shot CoT", "Zero-shot")}


def test_mdx_unbalanced_export_does_not_swallow_the_page(write: Write) -> None:
    doc = load_document(write("x.mdx", "export const broken = {\n\nReal text.\n\nMore text.\n"))
    assert "Real text." in doc.text
    assert "More text." in doc.text


def test_html_tags_inside_markdown_table_keep_the_row(write: Write) -> None:
    doc = load_document(write("t.md", "| a | b |\n|---|---|\n| x<br>y | <img src=i.png> z |\n"))
    assert _blocks(doc, "table") == ["a | b\nx y | z"]


def test_uppercase_suffix(write: Write) -> None:
    assert load_document(write("NOTES.MD", "# Notes\n\nHello.\n")).text == "Hello."


def test_front_matter_becomes_meta(write: Write) -> None:
    text = (
        "---\ntitle: Lesson 3 – Prompt basics\ndoc_type: course\nlanguage: en\nlesson: 3\n"
        "date: 2025-08-13\ntags: [prompts, basics]\n---\n# Heading\n\nBody.\n"
    )
    doc = load_document(write("lesson.md", text))
    assert doc.meta == {
        "title": "Lesson 3 – Prompt basics",
        "doc_type": "course",
        "language": "en",
        "lesson": "3",
        "date": "2025-08-13",
        "tags": "prompts, basics",
    }
    assert doc.title == "Lesson 3 – Prompt basics"
    assert doc.text == "Body."


def test_front_matter_keys_are_lower_cased(write: Write) -> None:
    doc = load_document(write("k.md", "---\nTitle: Upper Key\nDoc_Type: policy\n---\nBody.\n"))
    assert doc.meta == {"title": "Upper Key", "doc_type": "policy"}
    assert doc.title == "Upper Key"


def test_front_matter_in_txt(write: Write) -> None:
    doc = load_document(write("policy.txt", "---\ndoc_type: policy\n---\nThe policy text.\n"))
    assert doc.meta == {"doc_type": "policy"}
    assert doc.text == "The policy text."


def test_invalid_front_matter_is_ignored(write: Write) -> None:
    doc = load_document(write("bad.md", "---\ntitle: [unclosed\n: : :\n---\n\nBody text.\n"))
    assert doc.meta == {}
    assert "Body text." in doc.text


def test_title_falls_back_to_humanised_stem(write: Write) -> None:
    assert load_document(write("cot.en.md", "Just prose.\n")).title == "Cot"
    assert load_document(write("prompt_chaining-v2.mdx", "Prose.\n")).title == "Prompt chaining v2"


# --- plain text ---------------------------------------------------------------------------------


def test_txt_paragraphs_title_and_hash_headings(write: Write) -> None:
    text = (
        "February 25, 2026\n\nPakistan launches AI training drive\n\nISLAMABAD: The ministry "
        "has begun\ntraining officials.\n\n## Background\n\nMore text.\n\n   \n\nLast paragraph.\n"
    )
    doc = load_document(write("000_8ee4.txt", text))
    assert doc.title == "Pakistan launches AI training drive"
    assert [b.text for b in doc.sections[0].blocks] == [
        "February 25, 2026",
        "Pakistan launches AI training drive",
        "ISLAMABAD: The ministry has begun training officials.",
    ]
    assert doc.sections[1].heading_path == ("Background",)
    assert [b.text for b in doc.sections[1].blocks] == ["More text.", "Last paragraph."]


def test_txt_does_not_strip_markdown_or_tags(write: Write) -> None:
    doc = load_document(write("raw.txt", "Keep <b>tags</b> and [links](x) and **stars**.\n"))
    assert doc.text == "Keep <b>tags</b> and [links](x) and **stars**."


def test_cp1252_text_is_decoded_not_rejected(write: Write) -> None:
    raw = "Café – “quotes” and naïve résumé €5\n".encode("cp1252")
    doc = load_document(write("legacy.txt", raw))
    assert doc.text == "Café – “quotes” and naïve résumé €5"


def test_utf8_bom_and_crlf(write: Write) -> None:
    doc = load_document(write("bom.md", "\ufeff# Title\r\n\r\nLine one\r\nline two\r\n".encode()))
    assert doc.title == "Title"
    assert doc.text == "Line one line two"


def test_urdu_text_survives_intact(write: Write) -> None:
    urdu = "مصنوعی ذہانت کی قومی پالیسی ۲۰۲۵ سرکاری ملازمین کی تربیت کے لیے ہے۔"
    doc = load_document(write("urdu.md", f"# قومی پالیسی\n\n## تعارف\n\n{urdu}\n"))
    assert doc.title == "قومی پالیسی"
    assert doc.sections[0].heading_path == ("تعارف",)
    assert doc.text == urdu


def test_urdu_zwnj_and_nfc_normalisation(write: Write) -> None:
    decomposed = "Cafe\u0301 \u0622\u067e\u200c\u06a9\u06cc"
    doc = load_document(write("nfc.txt", decomposed))
    assert doc.text == "Café \u0622\u067e\u200c\u06a9\u06cc"


def test_legacy_windows_1256_urdu(write: Write) -> None:
    urdu = "مصنوعي ذہانت کي پاليسي"  # Windows-1256 has Arabic yeh, not Farsi yeh
    doc = load_document(write("old.txt", urdu.encode("cp1256")))
    assert doc.text == urdu


def test_utf16_with_bom(write: Write) -> None:
    doc = load_document(write("u16.txt", "Hello سلام".encode("utf-16")))
    assert doc.text == "Hello سلام"


def _assert_loads_quickly(path: Path, min_bytes: int, min_chars: int) -> None:
    assert path.stat().st_size > min_bytes
    start = time.perf_counter()
    doc = load_document(path)
    elapsed = time.perf_counter() - start
    assert len(doc.text) > min_chars
    # a guard against quadratic parsing (minutes), not a speed target: generous for a loaded CI machine
    assert elapsed < 30, f"{path.name} took {elapsed:.1f}s"


@pytest.mark.slow
def test_twenty_megabyte_text_loads_quickly(write: Write) -> None:
    paragraph = "Officials learn to write clear prompts; a <b>tag</b> [x](y) **b** _i_ 42.\n"
    text = (paragraph * 3 + "\n") * (21 * 1024 * 1024 // (len(paragraph) * 3 + 1))
    _assert_loads_quickly(write("big.txt", text), 20 * 1024 * 1024, 20 * 1024 * 1024)


@pytest.mark.slow
def test_ten_megabyte_jsx_heavy_mdx_loads_in_linear_time(write: Write) -> None:
    text = MDX_PAGE * (10 * 1024 * 1024 // len(MDX_PAGE.encode()) + 1)
    _assert_loads_quickly(write("big.mdx", text), 10 * 1024 * 1024, 2 * 1024 * 1024)


# --- HTML ---------------------------------------------------------------------------------------

HTML_PAGE = """<!doctype html>
<html lang="en"><head><title>Prompt basics | Ustad</title>
<style>body { color: red }</style><script>var tracking = 1;</script></head>
<body>
<header><a href="/">Home</a> <a href="/about">About</a></header>
<nav class="navbar"><ul><li>Menu item</li></ul></nav>
<div class="cookie-banner">We use cookies.</div>
<main>
  <div class="breadcrumbs">Home &gt; Guides</div>
  <h1>Prompt basics</h1>
  <p>Intro   paragraph with <b>bold</b>
     text &amp; an entity.</p>
  <h2>Settings</h2>
  <p>Temperature controls randomness.</p>
  <h3>Example</h3>
  <pre><code># not a heading
print("x")</code></pre>
  <table><tr><th>Setting</th><th>Effect</th></tr><tr><td>top_p</td><td>nucleus</td></tr></table>
  <ul><li>One</li><li>Two<ul><li>Nested</li></ul></li></ul>
  <aside>Related links</aside>
  <div>Loose text in a div <span>with span</span>.</div>
  <!-- a comment -->
  <noscript>Enable JS</noscript>
</main>
<div id="sidebar">Sidebar text</div>
<footer>Copyright</footer>
</body></html>
"""


def test_html_keeps_main_content_only(write: Write) -> None:
    doc = load_document(write("page.html", HTML_PAGE))
    assert doc.title == "Prompt basics"  # the page title less the site's name
    text = doc.text
    for noise in ("Home", "Menu item", "cookies", "Related links", "Sidebar", "Copyright"):
        assert noise not in text
    for noise in ("tracking", "color: red", "Enable JS", "a comment", "Guides"):
        assert noise not in text
    assert [(s.heading_path, [b.kind for b in s.blocks]) for s in doc.sections] == [
        (("Prompt basics",), ["text"]),
        (("Settings",), ["text"]),
        (("Settings", "Example"), ["code", "table", "list", "text"]),
    ]
    assert doc.sections[0].blocks[0].text == "Intro paragraph with bold text & an entity."
    example = doc.sections[2].blocks
    assert example[0].text == '# not a heading\nprint("x")'
    assert example[1].text == "- Setting: top_p; Effect: nucleus"
    assert example[2].text == "- One\n- Two\n  - Nested"
    assert example[3].text == "Loose text in a div with span."


def test_html_without_main_uses_body_and_h1_title(write: Write) -> None:
    html = "<html><body><nav>Nav</nav><h1>Only heading</h1><p>Body text.</p></body></html>"
    doc = load_document(write("plain.htm", html))
    assert doc.title == "Only heading"
    assert doc.text == "Body text."


def test_html_cp1252_with_meta_charset(write: Write) -> None:
    html = '<html><head><meta charset="windows-1252"></head><body><p>Café “quoted”</p></body></html>'
    doc = load_document(write("legacy.html", html.encode("cp1252")))
    assert doc.text == "Café “quoted”"


def test_html_boilerplate_class_on_content_wrapper_is_kept(write: Write) -> None:
    html = (
        '<html><body><div class="page has-sidebar"><h1>Guide</h1><p>Main text.</p>'
        '<div class="sidebar">Side links</div></div></body></html>'
    )
    doc = load_document(write("wrapped.html", html))
    assert doc.text == "Main text."


def test_html_with_only_boilerplate_is_empty(write: Write) -> None:
    html = "<html><body><nav>Menu</nav><footer>Footer</footer><script>x()</script></body></html>"
    with pytest.raises(DocumentParseError, match="empty file"):
        load_document(write("shell.html", html))


# --- PDF ----------------------------------------------------------------------------------------

PDF_PAGES = [
    "Prompting basics for officers\n\nA prompt is the instruction you give a model. "
    "Clear prompts state the task, the audience and the format.\n\nKeep prompts short.",
    "Temperature controls randomness. Low values give focused answers for factual "
    "questions.\n\nNever paste personal data into a public tool.",
    "Review every output before it is used in official correspondence.",
]


def test_pdf_one_section_per_page_without_running_furniture(make_pdf: Callable[..., Path]) -> None:
    doc = load_document(make_pdf(PDF_PAGES, title="AI Training Handbook"))
    assert doc.title == "AI Training Handbook"
    assert [s.page for s in doc.sections] == [1, 2, 3]
    assert all(s.heading_path == ("AI Training Handbook",) for s in doc.sections)  # no headings: the title
    assert "Ministry of IT" not in doc.text
    assert "Page " not in doc.text
    assert "Never paste personal data into a public tool." in doc.sections[1].blocks[-1].text
    assert doc.sections[2].blocks[0].text == (
        "Review every output before it is used in official correspondence."
    )
    assert "A prompt is the instruction you give a model." in doc.sections[0].blocks[1].text


def test_pdf_title_from_first_short_line(make_pdf: Callable[..., Path]) -> None:
    assert load_document(make_pdf(PDF_PAGES)).title == "Prompting basics for officers"


def test_pdf_junk_metadata_title_is_ignored(make_pdf: Callable[..., Path]) -> None:
    doc = load_document(make_pdf(PDF_PAGES, title="Microsoft Word - draft.docx"))
    assert doc.title == "Prompting basics for officers"


def test_corrupt_pdf(write: Write) -> None:
    with pytest.raises(DocumentParseError, match="corrupt or unreadable PDF"):
        load_document(write("broken.pdf", b"%PDF-1.7\n1 0 obj <<garbage"))


def test_truncated_pdf(write: Write, make_pdf: Callable[..., Path]) -> None:
    data = make_pdf(PDF_PAGES).read_bytes()
    with pytest.raises(DocumentParseError, match="PDF"):
        load_document(write("cut.pdf", data[: len(data) // 3]))


def test_encrypted_pdf(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "Secret text")
    path = tmp_path / "locked.pdf"
    pdf.output(str(path))
    with pytest.raises(DocumentParseError, match="encrypted PDF"):
        load_document(path)


def test_scanned_pdf_without_text(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.rect(20, 20, 100, 150, style="F")
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(DocumentParseError, match=r"no extractable text \(scanned PDF\?\)"):
        load_document(path)


# --- DOCX ---------------------------------------------------------------------------------------


def _docx(path: Path, *, core_title: str | None = None, with_title: bool = True) -> Path:
    import docx

    document = docx.Document()
    if core_title:
        document.core_properties.title = core_title
    if with_title:
        document.add_heading("Responsible AI in Government", level=0)
    document.add_paragraph("Opening paragraph.")
    document.add_heading("Principles", level=1)
    document.add_paragraph("Be transparent.")
    document.add_heading("Data protection", level=2)
    document.add_paragraph("Do not share citizen data.", style="List Bullet")
    document.add_paragraph("Use approved tools.", style="List Number")
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, [("Tool", "Allowed"), ("ChatGPT", "With care")], strict=True):
        for cell, value in zip(row.cells, cells, strict=True):
            cell.text = value
    document.add_heading("Review", level=1)
    document.add_paragraph("Check   every\toutput.")
    document.save(str(path))
    return path


def test_docx_headings_lists_tables(tmp_path: Path) -> None:
    doc = load_document(_docx(tmp_path / "policy.docx", core_title="Old core title"))
    assert doc.title == "Responsible AI in Government"
    assert [(s.heading_path, [b.kind for b in s.blocks]) for s in doc.sections] == [
        (("Responsible AI in Government",), ["text"]),
        (("Principles",), ["text"]),
        (("Principles", "Data protection"), ["list", "table"]),
        (("Review",), ["text"]),
    ]
    blocks = doc.sections[2].blocks
    assert blocks[0].text == "- Do not share citizen data.\n- Use approved tools."
    assert blocks[1].text == "- Tool: Allowed\n- ChatGPT: With care"  # no header: labels and values
    assert doc.sections[3].blocks[0].text == "Check every output."


def test_docx_title_from_core_properties(tmp_path: Path) -> None:
    doc = load_document(_docx(tmp_path / "p.docx", core_title="Core Title", with_title=False))
    assert doc.title == "Core Title"


def test_corrupt_docx(write: Write) -> None:
    with pytest.raises(DocumentParseError, match="corrupt DOCX"):
        load_document(write("broken.docx", b"PK\x03\x04 this is not really a zip"))


def test_docx_that_is_a_zip_without_word_parts(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "fake.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(DocumentParseError, match="DOCX"):
        load_document(path)


# --- the shared sample corpus (optional) -------------------------------------------------------


def test_sample_corpus_loads_cleanly() -> None:
    if not CORPUS.is_dir():
        pytest.skip("sample corpus not present")
    files = [p for p in sorted(CORPUS.rglob("*")) if p.suffix.lower() in SUPPORTED_SUFFIXES]
    assert files
    for path in files:
        doc = load_document(path)
        assert doc.text.strip(), path
        assert doc.title, path
        prose = re.sub(r"`[^`\n]*`", "", _prose(doc))  # inline code may mention `<Callout>`
        lines = prose.splitlines()
        assert not [line for line in lines if line.lstrip().startswith(("import ", "export "))], path
        for noise in ("<Callout", "</Callout", "<iframe", "<CourseCard", "<Screenshot", "<Tab"):
            assert noise not in prose, (path, noise)
