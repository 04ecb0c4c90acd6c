"""What a prompt asks to be produced, against what its exercise asks for. A skilled prompt from the same
office can share the exercise's nouns (the tanker, the Director, the subsidy) and still do another job:
a duty roster instead of the reply, a press release instead of the Minister's summary. The deliverable
is the noun a request makes ("Draft a press release", "turn it into a brief", "tayyar karein" read as
English first); the kinds are data (`assistant/data/deliverables.tsv`), and two names of one kind ("a
brief", "a summary") are the same job. Formats (a table, bullets, JSON) are not deliverables."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from assistant.exercises.schema import Exercise

TABLE = "deliverables.tsv"
_CREATE = (
    r"draft|write|prepare|compose|create|produce|generate|make|frame|design|build|put together|"
    r"give me|need|want|turn\b.{0,60}?\binto|convert\b.{0,60}?\binto|rewrite\b.{0,60}?\bas|into|as"
)
# Words between the verb and its noun: articles, numbers and adjectives, not a new phrase or clause.
_NOT_BETWEEN = frozenset(
    """from on about of for to based using with in by at per under below above and or that which who
    if when then so this these those it them its their is are be should must will can each every""".split()
)
_GAP = 4  # words an adjective run may take between the verb and the deliverable


@lru_cache(maxsize=1)
def kinds() -> tuple[dict[tuple[str, ...], str], int, dict[str, str]]:
    """(name as a word tuple -> its kind, the longest name's length, request verb -> the kind it asks for)."""
    table: dict[tuple[str, ...], str] = {}
    verbs: dict[str, str] = {}
    for name, kind, role in _rows():
        if name != "~":
            if role == "verb":
                verbs[name.lower()] = kind
            else:
                table[tuple(_words(name))] = kind
    return table, max((len(k) for k in table), default=1), verbs


@lru_cache(maxsize=1)
def _near() -> dict[str, frozenset[str]]:
    """kind -> the kinds near enough to it to be the same job (itself included)."""
    near: dict[str, frozenset[str]] = {}
    for name, group, _ in _rows():
        if name == "~":
            members = frozenset(k.strip() for k in group.split("|"))
            for kind in members:
                near[kind] = near.get(kind, frozenset({kind})) | members
    return near


def _rows() -> list[tuple[str, str, str]]:
    text = resources.files("assistant.data").joinpath(TABLE).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#") and "\t" in line:
            name, kind, role = [*line.split("\t"), ""][:3]
            rows.append((name.strip(), kind.strip(), role.strip()))
    return rows


def another_job(asked: set[str], wanted: set[str]) -> bool:
    """True when the prompt asks for deliverables and none is the exercise's, or near it."""
    near = _near()
    return bool(asked and wanted) and not any(near.get(a, frozenset({a})) & wanted for a in asked)


def _words(text: str) -> list[str]:
    return [
        w[:-1] if len(w) > 4 and w.endswith("s") and not w.endswith("ss") else w
        for w in re.findall(r"[a-z0-9][a-z0-9&-]*", text.lower())
    ]


def named(text: str) -> set[str]:
    """Every kind of deliverable the text names, anywhere."""
    words = _words(text)
    return {kind for _, kind in _scan(words, 0, len(words))}


# Urdu puts the negation last ("koi date na likhein"), and so does its English reading ("write ... not")
_NEGATED_AT_END = re.compile(r"(?<!\bor )\bnot\W*$")
_FORBIDDING = re.compile(r"\b(?:don['’]?t|do\s+not|never|not|avoid)\s+(?:just\s+|ever\s+)?$")


def requested(text: str) -> set[str]:
    """The kinds of deliverable the text asks to be produced: the first deliverable after a request."""
    verbs = kinds()[2]
    found = {verbs[w] for w in re.findall(r"[a-z]+", text.lower()) if w in verbs}
    for clause in re.split(r"[.;:!?\n()\"“”]+", text):
        lowered = clause.lower()
        if _NEGATED_AT_END.search(lowered):  # Roman Urdu read as English: "... apni taraf se na likhein"
            continue
        for match in re.finditer(rf"\b(?:{_CREATE})\b", lowered):
            if _FORBIDDING.search(lowered[: match.start()]):  # "don't write an essay" asks for none
                continue
            words = _words(lowered[match.end() :])
            for start, kind in _scan(words, 0, min(len(words), _GAP + 3)):
                if start > _GAP or any(w in _NOT_BETWEEN for w in words[:start] if w not in ("a", "an")):
                    break
                found.add(kind)
                break
    return found


def _scan(words: list[str], begin: int, end: int) -> list[tuple[int, str]]:
    """(position, kind) of each deliverable name in words[begin:end], longest name first."""
    table, longest, _ = kinds()
    out: list[tuple[int, str]] = []
    i = begin
    while i < end:
        for size in range(min(longest, end - i), 0, -1):
            kind = table.get(tuple(words[i : i + size]))
            if kind:
                out.append((i, kind))
                i += size
                break
        else:
            i += 1
    return out


def expected(exercise: Exercise) -> set[str]:
    """The kinds the exercise asks for, in its title, task or model answer; none when its job is no
    document (classify, compare, calculate), and then the deliverable decides nothing."""
    return requested(" \n".join([exercise.title, exercise.task, exercise.model_answer]))
