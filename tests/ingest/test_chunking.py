from assistant.ingest.chunking import Chunker, split_sentences
from assistant.ingest.document import Block, ParsedDocument, Section
from assistant.tokens import count_tokens


def _doc(*sections: Section) -> ParsedDocument:
    return ParsedDocument(title="Doc", sections=list(sections))


def test_chunks_respect_the_token_bound_and_keep_the_heading_path() -> None:
    paragraph = " ".join(f"Sentence number {i} explains one idea about prompts." for i in range(200))
    chunks = Chunker(max_tokens=100, overlap=20).split(
        _doc(Section(("Basics", "Instructions"), [Block(paragraph)]))
    )
    assert len(chunks) > 5
    assert all(c.tokens <= 100 for c in chunks)
    assert all(c.section == "Basics > Instructions" for c in chunks)
    assert [c.ordinal for c in chunks] == list(range(len(chunks)))


def test_consecutive_chunks_overlap_by_whole_sentences() -> None:
    paragraph = " ".join(f"Fact {i} is stated here in full." for i in range(120))
    first, second = Chunker(max_tokens=80, overlap=20).split(_doc(Section((), [Block(paragraph)])))[:2]
    last_sentence = split_sentences(first.text)[-1]
    assert second.text.startswith(split_sentences(second.text)[0])
    assert last_sentence in second.text


def test_a_code_block_that_fits_is_never_split() -> None:
    code = "```python\n" + "\n".join(f"x{i} = {i}  # step" for i in range(20)) + "\n```"
    intro = Block("Intro sentence. " * 30)
    chunks = Chunker(max_tokens=200, overlap=20).split(_doc(Section(("Code",), [intro, Block(code, "code")])))
    assert any(code in c.text for c in chunks)


def test_an_oversized_code_block_is_cut_at_line_ends() -> None:
    code = "\n".join(f"line_{i} = compute({i})" for i in range(400))
    chunks = Chunker(max_tokens=120, overlap=20).split(_doc(Section((), [Block(code, "code")])))
    assert all(c.tokens <= 120 for c in chunks)
    assert all(line.startswith("line_") for c in chunks for line in c.text.splitlines())


def test_sections_never_share_a_chunk() -> None:
    chunks = Chunker().split(
        _doc(Section(("A",), [Block("Alpha text.")]), Section(("B",), [Block("Beta text.")]))
    )
    assert [(c.section, c.text) for c in chunks] == [("A", "Alpha text."), ("B", "Beta text.")]


def test_a_sentence_without_boundaries_is_hard_split() -> None:
    blob = "x" * 20000
    chunks = Chunker(max_tokens=100, overlap=10).split(_doc(Section((), [Block(blob)])))
    assert all(count_tokens(c.text) <= 100 for c in chunks)
    assert "".join(c.text.replace("\n", "") for c in chunks).count("x") == 20000


def test_urdu_sentences_split_on_the_urdu_full_stop() -> None:
    assert len(split_sentences("یہ پہلا جملہ ہے۔ یہ دوسرا جملہ ہے۔")) == 2
