"""Which case is a prompt about? A skilled prompt for another case of the same office (another tender,
another advance, another nomination) uses the exercise's own vocabulary throughout, so the topic words
cannot tell it apart. Two things can:
- its figures: a prompt that carries no material but states its own dates, amounts, times and years,
  few of which the exercise knows, is working on another case;
- the case's name: each exercise lists the words that name its case, not its kind
  (`Exercise.case_terms`: "domicile", "house building", "DA"); `names_the_case` says whether a prompt
  uses one of them, and assistant/exercises/relevance.py weighs that against the words of another case
  the prompt brings; `case_mentions` keeps the word written before each term, which may name another
  one of the case's kind ("medicine tenders").

Counts and lengths ("150 words", "5 bullets"), list numbering, the numbers one to ten and personal data
(a CNIC, a phone number) say how to write or whom about, not which case, and are left out, except a
small number that is an amount ("Rs. 9 million").
Measured on the calibration sets the grader is tuned on (prompts, blind, heldout-2): of the prompts that
carry no material and state at least three figures, no strong or medium one has a third or fewer of them
in the exercise; 14 of 16 off-task ones do."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.exercises.people import without_names
from assistant.exercises.schema import Exercise
from assistant.privacy import redact

MIN_FIGURES = 3  # fewer: too little to say which case
KNOWN_SHARE = 1 / 3  # at most this share of the prompt's figures in the exercise: another case

_UNITS = (
    r"words?|bullets?|lines?|sentences?|points?|paragraphs?|paras|pages?|faqs?|questions?|items?|rows?|"
    r"columns?|examples?|prompts?|characters?|steps?|parts?|sections?|options?|categories|labels?|"
    r"languages?|versions?|minutes? to read"
)
_FIGURE = re.compile(
    rf"(?<![\w\[])(\d{{1,2}}:\d{{2}}\b|\d[\d,]*(?:\.\d+)?)(?!\s*(?:[-–]|to)?\s*(?:\d+\s*)?(?:{_UNITS})\b)",
    re.I,
)
_NUMBERING = re.compile(r"^\s*(?:\d+[.)]|\(\w\)|[-*•])\s*", re.M)
_SMALL = frozenset(str(n) for n in range(11))
# a small number that is an amount all the same: "Rs. 9 million", "3 lakh" (a day of the month is not: the
# exercise's own dates share too many of them by chance)
_AMOUNT_AFTER = re.compile(r"\s*(?:million|billion|lakh|crore|thousand|percent\b|%)", re.I)
_CURRENCY_BEFORE = re.compile(r"(?:rs|pkr|usd|\$)\.?\s*$", re.I)


def figures(text: str) -> list[str]:
    """The case figures of `text`, normalised ("1,500" is "1500", "11:30" is "11.30", "04" is "4")."""
    return [figure for figure, _ in _figures_as_written(text)]


@lru_cache(maxsize=64)
def _figures_as_written(text: str) -> tuple[tuple[str, str], ...]:
    """(normalised figure, as the text writes it) for each case figure of `text`. Kept for a few texts: the
    relevance judgement asks both `other_case_figures` and `states_its_figures` of the same prompt."""
    found = []
    # a CNIC, a phone number or a house number is personal data, not a figure of another case
    text = _NUMBERING.sub("", without_names(redact(text).text))
    for match in _FIGURE.finditer(text):
        written = match.group(1).rstrip(".,")
        figure = written.replace(",", "").replace(":", ".").lstrip("0") or "0"
        case = _AMOUNT_AFTER.match(text, match.end()) or _CURRENCY_BEFORE.search(text[: match.start()])
        if figure not in _SMALL or case:
            found.append((figure, written))
    return tuple(found)


def known_figures(exercise: Exercise) -> frozenset[str]:
    """Every figure the exercise states: scenario, task, material, model answer, hints, mistakes."""
    text = " ".join(
        [exercise.title, exercise.scenario, exercise.task, exercise.sample_input or "", exercise.model_answer]
        + exercise.hints
        + exercise.common_mistakes
    )
    stated = figures(text)
    return frozenset(stated) | frozenset(f.split(".")[0] for f in stated)  # "11.00" knows "11" too


def other_case_figures(own: str, known: frozenset[str]) -> tuple[str, ...]:
    """The prompt's figures the exercise does not know, as the prompt writes them ("10:00", "1,500"),
    when they say it is about another case; else ()."""
    stated: dict[str, str] = {}
    for figure, written in _figures_as_written(own):
        stated.setdefault(figure, written)  # each figure once, as first written
    if len(stated) < MIN_FIGURES:
        return ()
    unknown = tuple(written for figure, written in stated.items() if figure not in known)
    return unknown if len(stated) - len(unknown) <= KNOWN_SHARE * len(stated) else ()


def states_its_figures(own: str, known: frozenset[str], least: int = 2) -> bool:
    """Whether the prompt works on the exercise's case by its figures: at least `least` of the exercise's
    own, of two digits or more ("20 June", "Rs. 45 million"; a single digit matches by chance), and more
    of them than figures the exercise does not know (a day or a page number also matches by chance)."""
    stated = {figure for figure, _ in _figures_as_written(own)}
    mine = {f for f in stated if f in known and len(f.split(".")[0]) >= 2}
    return len(mine) >= least and len(mine) > len(stated - known)


_TOKEN = re.compile(r"[a-z0-9]+")


def singular(word: str) -> str:
    """The word without a plural s: "BHUs" is "BHU", "paras" is "para" (crude, and the same both sides)."""
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def _stems(text: str) -> str:
    """The text's words, singular and cut to six letters, one space apart: "BHUs" and "bhu" meet, as do
    "house-building" and "house building"."""
    return " ".join(singular(w)[:6] for w in _TOKEN.findall(text.lower()))


def names_the_case(terms: list[str], *texts: str) -> bool:
    """Whether any of the texts names the case by one of its terms (a term of several words as a phrase)."""
    read = [f" {_stems(text)} " for text in texts]
    return any(f" {_stems(term)} " in text for term in terms for text in read)


# words, and the punctuation that ends a phrase ("P&D", "house-building" and "citizen's" do not)
_PHRASE = re.compile(r"[A-Za-z0-9]+|[^\sA-Za-z0-9&'’-]")
_NOT_NAMES = ("ing", "ed", "ly")
_PREFIXES = frozenset(
    "anti post semi multi inter intra extra ultra super pseudo mini micro macro self".split()
)
MODIFIERS = 1  # the word just before a case term: "the revised conveyance allowance"


@dataclass(frozen=True, slots=True)
class Mention:
    """Where a text names a case term, or the last word of one ("allowance" of "daily allowance"): whether
    the whole term is there, and the words written just before it in the same phrase."""

    whole: bool
    before: tuple[str, ...]
    words: int = 1  # in the term: "daily allowance" names its case; "tender" may be any tender
    after: tuple[str, ...] = ()  # what a preposition attaches: "tenders for desilting", "memo on amending"


def case_mentions(terms: list[str], text: str, stop: frozenset[str]) -> list[Mention]:
    """Each place `text` uses a case term or its last word, with up to `MODIFIERS` words before it (up to
    a function word in `stop` or of three letters or fewer, a figure or punctuation): "the medicine tender
    notices" mentions the term "tender" after "medicine", which says which tender it is."""
    tokens = _PHRASE.findall(text)
    stems = [singular(t.lower())[:6] for t in tokens]
    mentions = []
    for term in terms:
        words = _stems(term).split()
        if not words:
            continue
        n = len(words)
        # "e-Office" is one word: its "office" is no kind of which the "e" says which one
        one_word = len(term.split()) == 1
        for end in (i for i, stem in enumerate(stems) if stem == words[-1]):
            whole = stems[max(0, end - n + 1) : end + 1] == words
            if one_word and not whole:
                continue
            start = end - n + 1 if whole else end
            before: list[str] = []
            for token in reversed(tokens[max(0, start - MODIFIERS) : start]):
                # "regarding the pension", "the delayed refund", "partly damaged": a verb, preposition or
                # adverb, not a name
                if (
                    not _content_word(token, stop)
                    or token.lower() in _PREFIXES  # "anti-dengue", "post-flood": the same case
                    or token.endswith(_NOT_NAMES)
                ):
                    break
                before.insert(0, token)
            mentions.append(Mention(whole, tuple(before), n, _attached(tokens, end, stop)))
    return mentions


_PREPOSITIONS = frozenset("on for about regarding concerning of".split())
_ATTACHED = 3  # content words kept, of the five words read after the preposition


def _attached(tokens: list[str], end: int, stop: frozenset[str]) -> tuple[str, ...]:
    """The content words a preposition attaches to a case term, up to the phrase's end: "the memo on
    amending the Apprenticeship Act", "tender notices for supply of medicines" (one word, "notices", may
    come between)."""
    i = end + 1
    if i < len(tokens) and tokens[i].isalpha() and tokens[i].lower() not in _PREPOSITIONS:
        i += 1
    if i >= len(tokens) or tokens[i].lower() not in _PREPOSITIONS:
        return ()
    words: list[str] = []
    for token in tokens[i + 1 : i + 6]:
        if not token.isalnum() or len(words) == _ATTACHED:
            break
        if _content_word(token, stop):
            words.append(token)
    return tuple(words)


def _content_word(token: str, stop: frozenset[str]) -> bool:
    """A word that may say which case: letters only, four or more, not a function word, and not an
    acronym ("PDMA damage": an office's acronym, often the exercise's own)."""
    return token.isalpha() and len(token) >= 4 and not token.isupper() and token.lower() not in stop
