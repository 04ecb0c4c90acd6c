"""Roman-Urdu (and Urdu-script) instructions read as English, for the grader's checks. Officers write
"Reader aam shehri hai, isliye simple aur polite English mein likhein" or "sirf isi se jawab dein,
agar jawab na ho to likhein 'nahi hai'": the reader, the register, the grounding and the request are
all there, but in Urdu's order (postpositions after the noun, the verb last) and words the checks do not know.

`english(text)` glosses the known Roman-Urdu words and phrases (longest first) and puts them in English
order: a postposition goes before the two words it follows ("Minister sahab ke liye" reads "for Minister
sahab"), an imperative to the head of its clause ("Short rakhein" reads "keep Short"), and a helper verb
makes the word before it the imperative ("check karein" reads "check"). English text is left as it is.
The vocabulary is data: `assistant/data/roman_urdu_prompting.tsv`, over the search's Roman-Urdu glossary,
and `urdu_prompting.tsv` for the same instructions in Urdu script ("سادہ اردو میں لکھیں" reads "write in
simple Urdu"), whose words come in the same order. Officers' abbreviations for posts and offices are written
out first (`office_abbreviations.tsv`: "SO" reads "Section Officer", "P&D" "Planning and Development")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal, cast, get_args

from assistant.urdu_spelling import without_diacritics

Role = Literal["word", "after", "verb", "light", "copula", "end"]
_ROLES = frozenset(get_args(Role))
TABLE = "roman_urdu_prompting.tsv"
URDU_TABLE = "urdu_prompting.tsv"
GLOSSARY = "roman_urdu_glossary.tsv"  # the search's: its first English word, as a plain word
ABBREVIATIONS = "office_abbreviations.tsv"
POSTPOSITION_REACH = 2  # words a postposition moves back over
# Glossed words a postposition does not move back over: they are not part of the noun before it.
_BOUNDARY = frozenset("if and or then not is are only also when where which each".split())
_URDU_PUNCTUATION = "\u060c\u061b\u061f\u06d4"  # ، ؛ ؟ ۔
_TOKEN = re.compile(
    rf"[A-Za-z](?:[\w-]|'(?=[a-z]))*|(?:(?![{_URDU_PUNCTUATION}])[\u0600-\u06ff\u200c])+|\d[\w.-]*|\n|[^\w\s]"
)
_CLAUSE_END = re.compile(rf"^(?:\n|[.,;:!?()\"“”'‘’\[\]{{}}<>|/=-]|[{_URDU_PUNCTUATION}])$")
# Arabic letter forms typed on some keyboards, folded to the Urdu ones the table is written in
_URDU_FOLD = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9", "\u0647": "\u06c1"})


@dataclass(frozen=True, slots=True)
class _Gloss:
    english: str
    role: Role


@dataclass(slots=True)
class _Token:
    text: str
    role: Role | Literal["raw", "end"]


@lru_cache(maxsize=1)
def vocabulary() -> tuple[dict[tuple[str, ...], _Gloss], int]:
    """(Roman-Urdu phrase as a word tuple -> its gloss, the longest phrase's length)."""
    table: dict[tuple[str, ...], _Gloss] = {}
    for roman, english, _ in _rows(GLOSSARY):
        table[tuple(roman.split())] = _Gloss(english.split()[0] if english else "", "word")
    for name in (TABLE, URDU_TABLE):
        for phrase, english, role in _rows(name):
            table[tuple(_fold(phrase).split())] = _Gloss(english, role)
    return table, max((len(k) for k in table), default=1)


def _fold(text: str) -> str:
    """Lower case, and Urdu script in one spelling: Urdu letter forms, no diacritics."""
    return without_diacritics(text.lower().translate(_URDU_FOLD))


@lru_cache(maxsize=1)
def words() -> frozenset[str]:
    """The single Roman-Urdu words the vocabulary knows (a phrase's words may be English: "do lines")."""
    return frozenset(phrase[0] for phrase in vocabulary()[0] if len(phrase) == 1)


def share(text: str) -> float:
    """The share of a text's words that are Roman-Urdu words the vocabulary knows."""
    tokens = re.findall(r"[a-z]+", text.lower())
    known = words()
    return sum(t in known for t in tokens) / len(tokens) if tokens else 0.0


def _rows(name: str, lower: bool = True) -> list[tuple[str, str, Role]]:
    text = resources.files("assistant.data").joinpath(name).read_text(encoding="utf-8")
    rows: list[tuple[str, str, Role]] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        roman, english, role = [*line.split("\t"), "", ""][:3]
        kind = cast(Role, role.strip()) if role.strip() in _ROLES else "word"
        rows.append((roman.strip().lower() if lower else roman.strip(), english.strip(), kind))
    return rows


@lru_cache(maxsize=1)
def _abbreviations() -> tuple[re.Pattern[str], dict[str, str]]:
    rows = {short: long for short, long, _ in _rows(ABBREVIATIONS, lower=False)}
    alternatives = "|".join(re.escape(short) for short in sorted(rows, key=len, reverse=True))
    return re.compile(rf"(?<![\w&])(?:{alternatives})(?![\w&])"), rows


_SHOUTED = re.compile(r"\b[A-Z]{2,}\s+$|^\s+[A-Z]{2,}\b")  # a capitalised neighbour: "WRITE IT AS A TABLE"
_CLOCK = re.compile(r"\d\s*$")  # "3 PM" is a time


def spelled_out(text: str) -> str:
    """Officers' abbreviations for posts and offices written out ("SO" reads "Section Officer"), but not in
    a run of capitals ("USE AS TEMPLATE") nor after a number ("3 PM")."""
    pattern, rows = _abbreviations()

    def written(match: re.Match[str]) -> str:
        before, after = text[max(0, match.start() - 12) : match.start()], text[match.end() : match.end() + 12]
        if _SHOUTED.search(before) or _SHOUTED.search(after) or _CLOCK.search(before):
            return match.group(0)
        return rows[match.group(0)]

    return pattern.sub(written, text)


def english(text: str) -> str:
    """`text` with its Roman-Urdu words glossed and put in English order, and office abbreviations written
    out; unchanged when it has neither."""
    text = spelled_out(text)
    table, longest = vocabulary()
    raw = _TOKEN.findall(text)
    lowered = [_fold(t) for t in raw]
    tokens: list[_Token] = []
    changed = False
    i = 0
    while i < len(raw):
        for size in range(min(longest, len(raw) - i), 0, -1):
            gloss = table.get(tuple(lowered[i : i + size]))
            if gloss is not None:
                tokens.append(_Token(gloss.english, gloss.role))
                changed = True
                i += size
                break
        else:
            tokens.append(_Token(raw[i], "end" if _CLAUSE_END.match(raw[i]) else "raw"))
            i += 1
    if not changed:
        return text
    return _join(_reorder(tokens))


def _reorder(tokens: list[_Token]) -> list[_Token]:
    """Postpositions before their noun, helper verbs onto the word before, imperatives to the front."""
    out: list[_Token] = []
    clause_start = 0
    for token in tokens:
        if token.role == "end":
            out.append(token)
            clause_start = len(out)
        elif token.role == "after":
            at = len(out)
            while (
                at > clause_start
                and len(out) - at < POSTPOSITION_REACH
                and out[at - 1].role in ("raw", "word")  # not past another postposition or a verb
                and out[at - 1].text.lower() not in _BOUNDARY
            ):
                at -= 1
            out.insert(at, token)
        elif token.role == "light":
            if len(out) > clause_start and out[-1].role in ("raw", "word"):
                verb = out.pop()
                out.insert(clause_start, _Token(verb.text, "verb"))
        elif token.role == "verb":
            out.insert(clause_start, token)
        elif token.role == "copula":  # "Reader aam shehri hai" reads "Reader is ordinary citizen"
            out.insert(min(clause_start + 1, len(out)), token)
        else:
            out.append(token)
    return out


def _join(tokens: list[_Token]) -> str:
    text = " ".join(t.text for t in tokens if t.text)
    text = re.sub(r" ?\n ?", "\n", text)
    return re.sub(r" ([.,;:!?)\]}])", r"\1", text)
