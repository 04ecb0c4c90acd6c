"""Pure functions that turn the assistant's results into Telegram HTML, and split long HTML into messages
of at most 4,096 characters without cutting inside a tag or an entity (open tags are closed at the end of
one part and reopened at the start of the next)."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answering.links import source_view_url
from assistant.answering.types import Answer, Citation
from assistant.exercises.progress import LearnerProgress
from assistant.exercises.schema import Exercise
from assistant.exercises.service import AttemptResult
from assistant.messages import catalogue
from assistant.messages import say as shared_say
from bots.telegram.markdown import escape, isolate, link, to_html
from bots.telegram.messages import say

TELEGRAM_LIMIT = 4096  # characters (UTF-16 code units) of one message
_STATUS_MARK = {"pass": "✅", "partial": "🟡", "fail": "❌"}
_ATOM = re.compile(r"<[^<>]*>|&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});|.", re.DOTALL)
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z][a-zA-Z0-9-]*)")


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji outside the BMP counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def sources_block(citations: Sequence[Citation], lang: str, public_url: str | None = None) -> str:
    """A compact numbered source list, '[1] Title › Section, p. 3', each linked to its source view when
    the public URL is set."""
    lines = [f"<b>{say('sources', lang)}</b>"]
    for c in citations:
        where = c.title or c.source
        if c.section and c.section != c.title:
            where += f" › {c.section}"
        shown = escape(where)
        if public_url is not None:
            shown = link(public_url + source_view_url(c.source, c.section), shown)
        if lang == "ur":
            shown = isolate(where, shown)
        page = say("page", lang, page=c.page) if c.page is not None else ""
        lines.append(f"[{c.n}] {shown}{page}")
    return "\n".join(lines)


def render_answer(answer: Answer, lang: str, public_url: str | None = None) -> str:
    """The answer's text (its markdown as HTML, with its [n] markers) and, below it, the sources it
    cites; English lines are isolated in an Urdu chat."""
    body = to_html(answer.text.strip(), public_url, isolated=lang == "ur")
    if answer.citations:
        body += "\n\n" + sources_block(answer.citations, lang, public_url)
    return body


def _prose(text: str, lang: str) -> str:
    """Plain text as HTML, each English line isolated in an Urdu chat."""
    lines = text.strip().split("\n")
    if lang != "ur":
        return escape("\n".join(lines))
    return "\n".join(isolate(line, escape(line)) for line in lines)


def render_exercise(exercise: Exercise, lang: str) -> str:
    parts = [
        say("exercise_intro", lang, id=exercise.id, level=exercise.level, title=exercise.title),
        f"<b>{say('scenario', lang)}</b>\n{_prose(exercise.scenario, lang)}",
        f"<b>{say('task', lang)}</b>\n{_prose(exercise.task, lang)}",
    ]
    if exercise.sample_input:
        parts.append(
            f"<b>{say('sample_input', lang)}</b>\n<pre>{escape(exercise.sample_input.strip())}</pre>"
        )
    parts.append(say("reply_with_prompt", lang))
    return "\n\n".join(parts)


def render_attempt(result: AttemptResult, lang: str, hint: str | None, model_answer: str | None) -> str:
    """Score, then each criterion with ✅/🟡/❌ and its feedback, flags, the next hint and (once earned) a
    model answer: the same information the API returns."""
    grade = result.grade
    parts = [say("score", lang, score=grade.score, attempt=result.attempt_number, best=result.best_score)]
    criteria = [
        f"{_STATUS_MARK.get(c.status, '•')} <b>{_prose(c.criterion, lang)}</b>\n{_prose(c.feedback, lang)}"
        for c in grade.criteria
    ]
    parts.append("\n".join(criteria))
    flags = [f"⚠️ {flag_note(flag, lang)}" for flag in grade.flags if f"flag_{flag}" in catalogue("en")]
    if result.personal_data_redacted:
        flags.append(say("redacted_note", lang))
    if flags:
        parts.append("\n".join(flags))
    if result.judge is not None:
        parts.append(
            f"<b>{say('judge', lang)}</b> ({result.judge.score}/100): {_prose(result.judge.comment, lang)}"
        )
    if hint is not None and grade.next_hint is not None:
        parts.append(say("hint_text", lang, n=grade.next_hint, text=hint))
    if model_answer is not None:
        parts.append(f"<b>{say('model_answer', lang)}</b>\n<pre>{escape(model_answer.strip())}</pre>")
    parts.append(say("after_attempt", lang))
    return "\n\n".join(parts)


def shared_words(key: str, lang: str) -> str:
    """Words every channel shares (assistant/messages), as HTML."""
    return html.escape(shared_say(key, lang), quote=False)


def flag_note(flag: str, lang: str) -> str:
    """Why the score was capped, in the words every channel shares."""
    return shared_words(f"flag_{flag}", lang)


def render_progress(progress: LearnerProgress, lang: str, next_title: str | None) -> str:
    lines = [
        say(
            "progress",
            lang,
            attempts=progress.total_attempts,
            completed=progress.completed,
            total=progress.exercises_total,
            level=progress.unlocked_level,
            streak=progress.current_streak_days,
        )
    ]
    for level in progress.levels:
        mark = "🔓" if level.unlocked else "🔒"
        lines.append(
            say(
                "progress_level",
                lang,
                level=level.level,
                completed=level.completed,
                exercises=level.exercises,
                mark=mark,
            )
        )
    if next_title:
        lines.append(say("progress_next", lang, title=next_title))
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class _Atom:
    raw: str
    tag: str | None = None  # the tag's name for tags
    closing: bool = False


def _atoms(text: str) -> list[_Atom]:
    atoms = []
    for match in _ATOM.finditer(text):
        raw = match.group()
        name = _TAG_NAME.match(raw) if raw.startswith("<") and len(raw) > 1 else None
        if name is not None:
            atoms.append(_Atom(raw, name.group(1).lower(), raw.startswith("</")))
        else:
            atoms.append(_Atom(raw))
    return atoms


def _closers(stack: Sequence[_Atom]) -> str:
    return "".join(f"</{a.tag}>" for a in reversed(stack))


def split_html(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Split Telegram HTML into parts of at most `limit` UTF-16 units, each valid on its own.

    Prefers a paragraph break, then a line break, then a space in the second half of a part; never cuts
    a tag or an entity; closes the tags open at a cut and reopens them in the next part."""
    if utf16_len(text) <= limit:
        return [text] if text.strip() else []
    parts: list[str] = []
    atoms = _atoms(text)
    start, stack = 0, list[_Atom]()  # where the current part starts in `atoms`; tags open at that point
    while start < len(atoms):
        opening = "".join(a.raw for a in stack)
        size = utf16_len(opening)
        current = list(stack)
        best: dict[int, tuple[int, list[_Atom]]] = {}  # break rank -> (atom index after it, open tags)
        end = start
        while end < len(atoms):
            atom = atoms[end]
            after = _push(current, atom)
            grown = size + utf16_len(atom.raw)
            if grown + utf16_len(_closers(after)) > limit:
                break
            current, size = after, grown
            end += 1
            rank = _break_rank(atoms, end)
            if rank is not None:
                best[rank] = (end, list(current))
        if end == len(atoms):
            cut, cut_stack = end, current
        else:
            half = start + (end - start) // 2
            choice = next((best[r] for r in (0, 1, 2) if r in best and best[r][0] > half), None)
            cut, cut_stack = choice if choice is not None else (end, current)
            if cut == start:  # one atom larger than a part: cannot happen with sane limits
                raise ValueError(f"limit {limit} is too small to split this text")
        body = "".join(a.raw for a in atoms[start:cut]).rstrip()
        part = opening + body + _closers(cut_stack)
        if _visible(part).strip():
            parts.append(part)
        start, stack = cut, cut_stack
        while start < len(atoms) and atoms[start].tag is None and atoms[start].raw.isspace():
            start += 1
    return parts


def _push(stack: list[_Atom], atom: _Atom) -> list[_Atom]:
    """The open tags after `atom`."""
    if atom.tag is None:
        return stack
    if atom.closing:
        for i in range(len(stack) - 1, -1, -1):
            if stack[i].tag == atom.tag:
                return stack[:i] + stack[i + 1 :]
        return stack
    if atom.raw.endswith("/>"):
        return stack
    return [*stack, atom]


def _break_rank(atoms: list[_Atom], end: int) -> int | None:
    """0 after a blank line, 1 after a line break, 2 after a space; None elsewhere."""
    last = atoms[end - 1].raw
    if last == "\n":
        return 0 if end >= 2 and atoms[end - 2].raw == "\n" else 1
    if last == " ":
        return 2
    return None


def _visible(part: str) -> str:
    return html.unescape(re.sub(r"<[^<>]*>", "", part))
