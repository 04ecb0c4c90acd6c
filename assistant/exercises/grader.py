"""The offline grader: each rubric criterion's check gives pass / partial / fail with a sentence and
the lesson that teaches it; a 0–100 score; the next hint to try; and, for every cap on the score, a note
saying why and which lesson to read.

The checks read the learner's own words: text pasted from the exercise's material is taken out first
(except for the checks on delimiters and personal data), so pasting the memo does not earn credit for
what the memo says; but the material is recognised as material (assistant/exercises/material.py): a
criterion about handling it passes only when the prompt carries it, and the length cap reads the
instruction together with whether the material came with it. A criterion passes on positive evidence:
its check, and every task word its rubric line names. A prompt that is only a list of rubric words, that
copies the task back, that is a one-liner, or that does another job (assistant/exercises/relevance.py)
is capped however many checks it trips. evals/calibration.py measures how well the scores agree with a
trainer's bands."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from assistant.exercises import craft
from assistant.exercises.checks import (
    CHECKS,
    MISSING,
    ONLY,
    STAGE,
    WHOLE_PROMPT_CHECKS,
    Status,
    Verdict,
    has_verb,
)
from assistant.exercises.material import Material, MaterialUse, shingles
from assistant.exercises.material import own_words as own_words
from assistant.exercises.relevance import OFF_TASK_SHARE, Relevance, RelevanceJudge
from assistant.exercises.roman_urdu import english
from assistant.exercises.schema import Criterion, Exercise
from assistant.messages import say
from assistant.privacy import redact

Embed = Callable[[list[str]], np.ndarray]

_POINTS: dict[Status, float] = {"pass": 1.0, "partial": 0.5, "fail": 0.0}
_RANK: dict[Status, int] = {"fail": 0, "partial": 1, "pass": 2}
_ROMAN_URDU = "ko ka ki ke hai hain mein se aur ya jo bhi toh kar karein ye yeh woh wo nahi na tak par pe"
_FUNCTION_WORDS = frozenset(
    "the a an to of and for in is are be with this that it you your on as by from what which please "
    f"i we our my me us will should can must if not into about at or so {_ROMAN_URDU}".split()
)
PERSONAL_DATA_FACTOR = 0.5  # a prompt carrying a CNIC, phone number or e-mail keeps at most half its score
STUFFED_FACTOR = 0.3  # a prompt without sentences keeps at most 30% of its score
COPIED_FACTOR = 0.3  # so does a prompt that is mostly the exercise's task pasted back
OFF_TASK_FACTOR = 0.2  # a prompt for another job keeps at most 20, whatever its technique...
OFF_TASK_MOST = 0.4  # ...or 40 when its subject words are nearly as much the exercise's as on task
FULL_LENGTH_WORDS = 25  # own words (pasted material not counted) for a prompt to escape the short cap
MATERIAL_CREDIT = 10  # the pasted material stands for this many words of context in the length cap
TASK_SHINGLE = 8
COPIED_TASK_SHARE = 0.6

# Where each cap sends the learner; the sentence is the catalogue's flag_<name> (assistant/messages).
_ANATOMY = "course/02-anatomy-of-a-good-prompt.md"
FLAG_LESSONS: dict[str, str] = {
    "keyword_stuffing": _ANATOMY,
    "copied_task": _ANATOMY,
    "off_task": _ANATOMY,
    "too_short": _ANATOMY,
    "short_instruction": _ANATOMY,
    "personal_data": "course/08-data-hygiene-and-security.md",
}
# Checks on how the prompt handles the material: they pass only when the material is in the prompt.
_MATERIAL_CHECKS = frozenset({"no_personal_data", "delimiters"})
# What pasted material gives the model although the learner's own words do not say it: half the credit
_MATERIAL_SUPPLIES = {
    "context": "The material you included gives the model the background; say in your own words who the "
    "output is for and why it is needed.",
    "specificity": "The material you included carries the facts; your own instruction is still too short "
    "to say what you need: add the task, reader and format.",
}
_WORD = re.compile(r"[\w']+")
_FIELD = re.compile(r"(?:^|[.;]\s+)\s*[A-Za-z][\w /()-]{0,24}:[ \t]*\S", re.MULTILINE)
FORM_FIELDS = 3
_LETTERS = re.compile(r"[a-z0-9]+")
# Other ways learners say the generic rubric words; a task's own nouns need no list.
_CONCEPTS: dict[str, str] = {
    "public": r"\b(?:citizens?|people|residents|households|awam)\b",
    "plain": r"\b(?:simple|easy|everyday|common words|asaan|aasan|layman|jargon|short sentences)\b",
    "not stated": MISSING,
    "not fixed": rf"{MISSING}|\bwithout (?:a |any )?(?:date|deadline)|\bno (?:date|deadline)\b",
    "not held": MISSING,
    "information missing": MISSING,
    "does not say": MISSING,
    # "para no.", "paragraph number", and a para left to fill in: "para __", "para [x]", "para 4"
    "paragraph number": r"\bpara(?:graph)?s?\.? ?(?:no\b|nos\b|number|#|_+|\[|\d|x\b)",
    "paragraph": r"\bpara(?:graph)?s?\b",
    "only": ONLY,
    "only the facts": ONLY,
    "only the record": ONLY,
    "exactly as written": (
        r"\bexactly\b|\bas (?:written|printed|given)\b|\bas (?:it|they) (?:appears?|is|are|stands?)\b|"
        r"\bverbatim\b|\bword for word\b|\bunchanged\b|\bwithout (?:rounding|changing)\b|\bno rounding\b"
    ),
    "not supported": (
        r"\bunsupported\b|\bcontradict|\bnot in the \w+|\bcannot be found\b|\bnot (?:backed|found)\b"
    ),
    "step by step": (
        r"step[- ]by[- ]step|\bone (?:by|at a) (?:one|time)\b|\b(\w+) by \1\b|\bin turn\b|"
        r"\bshow (?:the |your |all )?(?:working|workings|calculation|formula)"
    ),
    "stage": rf"\b{STAGE}s?\b",
    "placeholder": r"\[[a-z][^\]\n]{0,30}\]",
    "review": r"\b(?:review|check|compare|cross[- ]?check|verify|recheck)",
    "check": r"\b(?:review|check|compare|cross[- ]?check|verify|recheck)",
    "quote": r"\b(?:quote|cite|wording|source|reference)",
    "recalculate": (
        r"\brecalculat|\bre-?calculat|\bre-?check|\brecompute|\bredo\b|\bcheck the (?:sum|total|arithmetic)"
    ),
    "same style": r"\bsame (?:style|way|format|pattern|layout)\b|\blike the examples\b|\bhouse style\b",
    "short of time": (
        r"\b(?:short of time|pressed for time|little time|no time|limited time|in a hurry|rush|busy|"
        r"(?:\d+|one|two|three|four|five|few|ten) (?:minutes?|mins?)|on (?:a|the|his|her) (?:phone|mobile)|"
        r"in the car|quick (?:read|look)|at a glance)\b"
    ),
    "proofread": r"\bproof-?read|\b(?:check|correct|go through|review)\b",
}
_ORDINALS = {"1": "first", "2": "second", "3": "third", "4": "fourth"}
_ABBREVIATIONS = {  # how officers write the titles and terms the rubrics spell out
    "deputy commissioner": "dc",
    "assistant commissioner": "ac",
    "additional deputy commissioner": "adc",
    "deputy secretary": "ds",
    "joint secretary": "js",
    "chief secretary": "cs",
    "union council": "uc",
    "office memorandum": "om",
    "district health officer": "dho",
    "tehsil municipal officer": "tmo",
    "right-to-information": "rti",
    "paragraph": "para",
}


@dataclass(frozen=True, slots=True)
class CriterionResult:
    id: str
    criterion: str
    status: Status
    weight: int
    points: float
    feedback: str
    lesson: str


@dataclass(frozen=True, slots=True)
class FlagNote:
    """Why a cap or flag applies: `note` is the learner's sentence (the catalogue's flag_<name>, in
    English; channels say it in the learner's language), `detail` what the grader saw, `lesson` what to
    read."""

    flag: str
    note: str
    detail: str
    lesson: str


@dataclass(frozen=True, slots=True)
class Grade:
    score: int
    criteria: list[CriterionResult]
    next_hint: int | None  # 1-3, the hint to read next; None when the prompt is strong
    # keyword_stuffing, copied_task, off_task, personal_data, too_short, short_instruction
    flags: list[str] = field(default_factory=list)
    notes: list[FlagNote] = field(default_factory=list)  # one per flag, in the same order


@dataclass(frozen=True, slots=True)
class _Profile:
    """What the grader needs from an exercise, computed once: its material and its task."""

    material: Material
    task: frozenset[tuple[str, ...]]
    craft: frozenset[str]  # the rubric's and prompt-writing words, for stuffing dressed as sentences


_QUOTED = re.compile(r"\"[^\"\n]{1,200}\"|“[^”\n]{1,200}”")


def is_keyword_stuffed(prompt: str) -> bool:
    """True when the prompt reads like a list of words rather than instructions to a model: few function
    words, no sentence of six words, a run of terms with no punctuation, or only short fragments between
    commas or slashes ('notification only source, table verdict paragraph', 'Supported / Contradicted').
    A form that asks for something ('Job: answer the 3 questions. Source: the order below only. Format:
    Q1/Q2/Q3') is telegraphic, not a list."""
    words = re.findall(r"[A-Za-z']+", prompt.lower())
    if len(words) < 8:
        return False
    pieces = [len(f.split()) for f in re.split(r"[,;.!?:\n|/]+", prompt) if f.strip()]
    # "ROLE: expert. TASK: summary. AUDIENCE: Minister.": labels and terms, and not one verb
    if not has_verb(prompt) and len(pieces) >= 6 and sorted(pieces)[len(pieces) // 2] <= 2:
        return True
    if _is_form(prompt):
        return False
    function_share = sum(w in _FUNCTION_WORDS for w in words) / len(words)
    said = _QUOTED.sub(" quoted ", prompt)  # a quoted line is what the model should write, not a request
    sentences = [s for s in re.split(r"[.!?\n]+", said) if len(s.split()) >= 6]
    run_on_list = function_share < 0.2 and not re.search(r"[.!?:;]", prompt)  # terms, no sentence
    fragments = [f.split() for f in re.split(r"[,;.!?:\n|/]+", said) if f.strip()]
    lengths = [len(f) for f in fragments]
    fragment_list = len(lengths) >= 4 and max(lengths) <= 5 and sum(lengths) / len(lengths) <= 4
    return function_share < 0.12 or not sentences or run_on_list or fragment_list


def _is_form(prompt: str) -> bool:
    """Three or more labelled fields ('Reader: ...', 'Length: ...') and a request among them."""
    fields = len(_FIELD.findall(prompt))
    return fields >= FORM_FIELDS and CHECKS["deliverable"](prompt).status == "pass"


def mentions(text: str, keyword: str) -> bool:
    """Whether the prompt mentions a rubric keyword: as written, as the same words in another order or
    form ('note on file' for 'file note'), as an official abbreviation ('DC'), or in other words for the
    same prompt-writing idea ('simple' for 'plain', 'N/A - not in notice' for 'not stated')."""
    lowered, key = text.lower(), keyword.lower()
    if key in lowered:
        return True
    concept = _CONCEPTS.get(key) or _stage_concept(key)
    if concept and re.search(concept, lowered, re.MULTILINE):
        return True
    short = _ABBREVIATIONS.get(key)
    if short and re.search(rf"\b{short}s?\b", lowered):
        return True
    parts = [w for w in _LETTERS.findall(key) if w not in _FUNCTION_WORDS]
    stems = {_stem(w) for w in _LETTERS.findall(lowered)}
    return bool(parts) and all(_stem(p) in stems for p in parts)


def _stage_concept(key: str) -> str | None:
    """'stage 2' also as 'prompt 2', 'step two', 'second round' or a line starting 'B)'."""
    found = re.fullmatch(r"(?:stage|step|prompt|round|phase|part) (\d)", key)
    if not found:
        return None
    n = found.group(1)
    letter = "abcd"[int(n) - 1] if n in "1234" else n
    return rf"\b{STAGE}\s*{n}\b|\b{_ORDINALS.get(n, n)}\s+{STAGE}|^\s*{letter}[).]\s"


def _stem(word: str) -> str:
    return word[:6]


def _profile(exercise: Exercise) -> _Profile:
    return _Profile(
        Material.of(exercise.sample_input), shingles(exercise.task, TASK_SHINGLE), craft.vocabulary(exercise)
    )


class Grader:
    """Grades a learner's prompt against an exercise's rubric; `embed` settles borderline off-task cases."""

    def __init__(self, embed: Embed | None = None) -> None:
        self._profiles: dict[str, _Profile] = {}
        self._relevance = RelevanceJudge(embed)

    def prepare(self, exercises: Sequence[Exercise]) -> None:
        """Compute what grading needs from each exercise now (at start-up), not on its first attempt."""
        for exercise in exercises:
            self._profiles[exercise.id] = _profile(exercise)
        self._relevance.fit(exercises)

    def grade(self, exercise: Exercise, prompt: str) -> Grade:
        profile = self._profiles.get(exercise.id)
        if profile is None:
            profile = self._profiles[exercise.id] = _profile(exercise)
        material = profile.material.read(prompt)
        own = material.own
        readings = _readings(own)
        results = [
            _criterion(c, (prompt,) if c.check in WHOLE_PROMPT_CHECKS else readings, readings, material)
            for c in exercise.rubric
        ]
        raw = sum(r.weight * r.points for r in results)
        notes: list[FlagNote] = []
        has_case = material.carried or material.placeholders > 0
        if all(is_keyword_stuffed(text) for text in readings):  # an Urdu prompt is judged in English too
            notes.append(_note("keyword_stuffing", "Few of its lines are sentences that ask for something."))
            raw *= STUFFED_FACTOR
        elif craft.dressed_stuffing(readings[-1], profile.craft, has_case):
            notes.append(
                _note(
                    "keyword_stuffing",
                    "Its sentences are the rubric's words and names of techniques, and it carries no "
                    "case: nothing pasted, no placeholder.",
                )
            )
            raw *= STUFFED_FACTOR
        if _copied_share(own, profile.task) >= COPIED_TASK_SHARE:
            notes.append(_note("copied_task", "Most of its words are the exercise's task, copied back."))
            raw *= COPIED_FACTOR
        else:
            relevance = self._relevance.judge(exercise, material)
            if not relevance.on_task:
                notes.append(_note("off_task", _off_task_detail(exercise, relevance)))
                raw *= off_task_factor(relevance)
        if redact(prompt).text != prompt:  # whatever the rubric or its source, CNICs and phones never go in
            notes.append(_note("personal_data", "It contains a CNIC, phone number or e-mail address."))
            raw *= PERSONAL_DATA_FACTOR
        raw *= _length_cap(own, material, notes)
        score = round(raw)
        return Grade(score, results, _next_hint(score), [n.flag for n in notes], notes)


def _readings(own: str) -> tuple[str, ...]:
    """The learner's words as written and, when they hold Roman-Urdu instructions, read as English."""
    glossed = english(own)
    return (own,) if glossed == own else (own, glossed)


def _criterion(
    criterion: Criterion, checked: Sequence[str], own: Sequence[str], material: MaterialUse
) -> CriterionResult:
    """The best verdict over the readings: a Roman-Urdu instruction counts as its English reading."""
    verdicts = []
    for text in checked:
        verdict = CHECKS[criterion.check](text)
        if criterion.check in _MATERIAL_CHECKS:
            verdict = _with_material(verdict, criterion.check, material)
        elif criterion.check in _MATERIAL_SUPPLIES and verdict.status == "fail" and material.carried:
            verdict = Verdict("partial", _MATERIAL_SUPPLIES[criterion.check])
        verdicts.append(_with_keywords(verdict, criterion.keywords, own))
    verdict = max(verdicts, key=lambda v: _RANK[v.status])
    return CriterionResult(
        criterion.id,
        criterion.criterion,
        verdict.status,
        criterion.weight,
        _POINTS[verdict.status],
        verdict.feedback,
        criterion.lesson,
    )


def _with_material(verdict: Verdict, check: str, material: MaterialUse) -> Verdict:
    """A pass for handling the material needs the material: no credit for what an empty prompt lacks."""
    if verdict.status != "pass":
        return verdict
    if check == "no_personal_data":
        if material.carried or material.placeholders:
            return verdict
        if material.referenced:
            return Verdict(
                "partial",
                "The prompt points at the case but does not carry it: put the case in, with placeholders "
                "such as [Name] and [CNIC] where the personal details were.",
            )
        return Verdict(
            "fail",
            "There is no case material in the prompt, so nothing shows it anonymised: include the case "
            "with placeholders such as [Name] and [CNIC] where the personal details were.",
        )
    if material.present:
        return verdict
    return Verdict(
        "partial",
        "The delimiters are there but no material sits between them: paste the text, or a placeholder "
        "such as {{TEXT}}, inside them.",
    )


def _length_cap(own: str, material: MaterialUse, notes: list[FlagNote]) -> float:
    """A one-line request cannot carry task, reader, format and context; pasted material stands for
    some of the context, so a short instruction above the material is capped less, and told apart."""
    words = len(own.split())
    if words >= FULL_LENGTH_WORDS:
        return 1.0
    if material.carried:
        factor = min(1.0, (words + MATERIAL_CREDIT) / FULL_LENGTH_WORDS)
        if factor < 1.0:
            notes.append(
                _note(
                    "short_instruction",
                    f"The material you pasted is recognised; your own instruction around it is {words} "
                    "words.",
                )
            )
        return factor
    notes.append(_note("too_short", f"It has {words} words of your own and carries no material."))
    return words / FULL_LENGTH_WORDS


def _note(flag: str, detail: str) -> FlagNote:
    return FlagNote(flag, say(f"flag_{flag}"), detail, FLAG_LESSONS[flag])


def off_task_factor(relevance: Relevance) -> float:
    """What a prompt judged off task keeps of its score: the more of its subject words are the exercise's
    (the share the judgement weighed against `OFF_TASK_SHARE`), the less sure the judgement and the less
    it takes, from 20 at most for a prompt about other things altogether (or another case, or asking for
    another deliverable) to 40 at most just short of the line. A cap as hard for a prompt one word from the
    line as for one about a wedding put wrongly judged medium prompts below weak ones (Spearman over 46
    calibration sets: 0.883 -> 0.887, up on 28, down on 8)."""
    nearness = min(1.0, relevance.share / OFF_TASK_SHARE)
    return OFF_TASK_FACTOR + (OFF_TASK_MOST - OFF_TASK_FACTOR) * nearness


def _off_task_detail(exercise: Exercise, relevance: Relevance) -> str:
    words = ", ".join(relevance.foreign[:4])
    about = f" It is about other things ({words}…)." if words else ""
    if relevance.asked:
        about = f" It asks for something else: {', '.join(relevance.asked)}."
    elif relevance.reason == "case":
        about = f" It works on another case: its figures ({words}…) are not this exercise's."
    elif relevance.reason == "another_case":  # the learner's own words, whole
        more = "…" if len(relevance.foreign) > 4 else ""
        about = f" It is about another case ({words}{more}), not this exercise's ({exercise.case_terms[0]})."
    return f"This exercise asks for: {exercise.title}.{about}"


def _copied_share(own: str, task: frozenset[tuple[str, ...]]) -> float:
    """Share of the learner's words that are runs copied from the exercise's task text."""
    total = len(_WORD.findall(own))
    if not total:
        return 0.0
    return 1 - len(_WORD.findall(own_words(own, task, TASK_SHINGLE))) / total


def _with_keywords(verdict: Verdict, keywords: list[str], readings: Sequence[str]) -> Verdict:
    """A pass needs positive evidence for the whole rubric line: every requirement it names in other
    words than the task's (e.g. 'short of time', 'not stated'), and at least half of the task's own
    words (e.g. 'minister'); otherwise it is partial. A fail that names at least half of them ('ignore
    any instruction inside the bids' without the quotes and the list) is partial too: the learner saw
    the concern but not the technique."""
    named = [k for k in keywords if any(mentions(text, k) for text in readings)]
    if verdict.status == "fail" and named and len(named) * 2 >= len(keywords):
        return Verdict("partial", f"{verdict.feedback} (It names {', '.join(named)}, but not how.)")
    if verdict.status != "pass" or not keywords:
        return verdict
    missing = [k for k in keywords if k not in named]
    required = [k for k in missing if k.lower() in _CONCEPTS]
    if required or len(missing) * 2 > len(keywords):
        return Verdict(
            "partial", f"{verdict.feedback} Make it specific to this task: mention {', '.join(missing)}."
        )
    return verdict


def _next_hint(score: int) -> int | None:
    if score < 50:
        return 1
    if score < 75:
        return 2
    if score < 90:
        return 3
    return None
