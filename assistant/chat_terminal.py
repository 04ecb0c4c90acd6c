"""The terminal conversation behind `assistant chat` (and the answer of `assistant ask`): an answer's
markdown subset (`assistant.markdown`) as rich text, its sources with the address of their view when
ASSISTANT_PUBLIC_URL is set, and the command that opens an exercise the answer suggests. Answer text is
never read as rich markup. Input and output are injected for tests."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console
from rich.style import Style
from rich.text import Text

from assistant.answering.links import source_view_url
from assistant.answering.pipeline import RELATED_QUESTION, ChatRequest, Tutor
from assistant.answering.types import Answer, Citation
from assistant.errors import AssistantError
from assistant.markdown import CodeBlock, Line, Span, parse
from assistant.messages import language_of

Read = Callable[[str], str]  # like `input`: raises EOFError at the end of input
LEAVE_WORDS = frozenset({"quit", "exit", "bye", "q", "خدا حافظ", "الوداع"})
CODE_INDENT = "    "
GREETING = (
    "Ustad: ask about the course or the AI policy. I'm an AI assistant and I cite my sources.\n"
    "Type quit or exit (or press Enter on an empty line) to leave."
)
# the terminal's own words, in the language of the learner's question
_OPEN_EXERCISE = {
    "en": "To open it here: {command}",
    "ur": "اسے یہاں کھولنے کے لیے: {command}",
}
_RELATED = {  # asked as written, the question gets the trainer's answer
    "en": "A trainer has answered a similar question. Ask it as written to see the answer: {question}",
    "ur": "ٹرینر نے اس سے ملتے جلتے سوال کا جواب دیا ہے۔ جواب دیکھنے کے لیے یہی سوال پوچھیں: {question}",
}


class ChatSession:
    """Questions read from the terminal, answered by the tutor, until the learner leaves."""

    def __init__(
        self, tutor: Tutor, console: Console, errors: Console, public_url: str | None, read: Read = input
    ) -> None:
        self.tutor = tutor
        self.out = console
        self.err = errors
        self.public_url = public_url
        self.read = read

    def run(self) -> None:
        """Until quit, exit or bye, an empty line, Ctrl-D or Ctrl-C."""
        self.out.print(GREETING)
        session: str | None = None
        while True:
            try:
                question = self.read("\nyou> ").strip()
            except (EOFError, KeyboardInterrupt):
                return
            if not question or question.lower().strip(" .!") in LEAVE_WORDS:
                return
            try:
                result = self.tutor.ask(ChatRequest(question, session_id=session, channel="cli"))
            except AssistantError as exc:
                self.err.print(Text(f"error: {exc}"), soft_wrap=True)
                continue
            session = result.session_id
            self.out.print()
            print_answer(self.out, result.answer, self.public_url, language_of(question))


def print_answer(out: Console, answer: Answer, public_url: str | None, lang: str = "en") -> None:
    """The answer, its sources, (for a suggested exercise) the command that opens it, and a related
    question a trainer has answered."""
    out.print(answer_text(answer.text, public_url), soft_wrap=True)
    exercise_id = answer.meta.get("exercise_id")
    if answer.reason == "exercise_suggestion" and exercise_id:
        command = f"assistant exercise --id {exercise_id}"
        words = _OPEN_EXERCISE["ur" if lang == "ur" else "en"].split("{command}")
        out.print()
        out.print(Text.assemble(words[0], (command, "bold"), words[1]), soft_wrap=True)
    if answer.citations:
        out.print()
        for citation in answer.citations:
            out.print(Text(source_line(citation, public_url), style="dim"), soft_wrap=True)
    related = answer.meta.get(RELATED_QUESTION)
    if related:
        words = _RELATED["ur" if lang == "ur" else "en"].split("{question}")
        out.print()
        out.print(Text.assemble(words[0], (related, "bold"), words[1]), soft_wrap=True)


def source_line(c: Citation, public_url: str | None) -> str:
    """'[1] Title > Section (where to read it, page 3)': its view's address when the public URL is set,
    else the source path."""
    where = f" > {c.section}" if c.section else ""
    page = f", page {c.page}" if c.page else ""
    read_at = f"{public_url}{source_view_url(c.source, c.section)}" if public_url else c.source
    return f"[{c.n}] {c.title}{where} ({read_at}{page})"


def answer_text(markdown: str, public_url: str | None = None) -> Text:
    """An answer's markdown subset as rich text: bullets, indented code, bold, `code` in colour, and each
    link's address after its title (terminals that can also make the title clickable)."""
    text = Text()
    for i, block in enumerate(parse(markdown, public_url)):
        if i:
            text.append("\n")
        if isinstance(block, CodeBlock):
            lines = block.code.split("\n")
            text.append("\n".join(CODE_INDENT + line for line in lines), style="cyan")
        else:
            _append_line(text, block)
    return text


def _append_line(text: Text, line: Line) -> None:
    if line.bullet:
        text.append(f"{line.indent}• ")
    for span in line.spans:
        _append_span(text, span)


def _append_span(text: Text, span: Span) -> None:
    style = Style(bold=span.bold or None, color="cyan" if span.code else None)
    if span.url is None:
        text.append(span.text, style=style)
        return
    text.append(span.text, style=style + Style(underline=True, link=span.url))
    text.append(f" ({span.url})", style="dim")
