"""The offline grader: each rubric criterion's check gives pass / partial / fail with a sentence and
the lesson that teaches it; a 0–100 score; the next hint to try.

The checks read the learner's own words: text pasted from the exercise's material is taken out first
(except for the checks on delimiters and personal data), so pasting the memo does not earn credit for
what the memo says. A prompt that is only a list of rubric words, that copies the task back, that is a
one-liner, or that does another job is capped however many checks it trips. evals/calibration.py
measures how well the scores agree with a trainer's bands."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from assistant.exercises.checks import CHECKS, MISSING, ONLY, STAGE, WHOLE_PROMPT_CHECKS, Status, Verdict
from assistant.exercises.schema import Criterion, Exercise
from assistant.privacy import redact

Embed = Callable[[list[str]], np.ndarray]

_POINTS: dict[Status, float] = {"pass": 1.0, "partial": 0.5, "fail": 0.0}
_ROMAN_URDU = "ko ka ki ke hai hain mein se aur ya jo bhi toh kar karein ye yeh woh wo nahi na tak par pe"
_FUNCTION_WORDS = frozenset(
    "the a an to of and for in is are be with this that it you your on as by from what which please "
    f"i we our my me us will should can must if not into about at or so {_ROMAN_URDU}".split()
)
PERSONAL_DATA_FACTOR = 0.5  # a prompt carrying a CNIC, phone number or e-mail keeps at most half its score
STUFFED_FACTOR = 0.3  # a prompt without sentences keeps at most 30% of its score
COPIED_FACTOR = 0.3  # so does a prompt that is mostly the exercise's task pasted back
OFF_TASK_FACTOR = 0.4
FULL_LENGTH_WORDS = 25  # own words (pasted material not counted) for a prompt to escape the short cap
MATERIAL_SHINGLE = 6  # a run of 6 words found in the sample input is pasted material
TASK_SHINGLE = 8
COPIED_TASK_SHARE = 0.6
# Off-task: the share of the learner's content words that occur anywhere in the exercise. Measured on
# the calibration set: on-task prompts >= 0.41, prompts for other jobs <= 0.35. Between the two bounds
# the embedder decides (prompt vs title and task; on-task ~0.45-0.75, unrelated ~0.2).
OFF_TASK_TOPICAL = 0.30
ON_TASK_TOPICAL = 0.45
OFF_TASK_SIMILARITY = 0.3
_MIN_CONTENT_WORDS = 6  # fewer than this: too short to call off-task (the short cap applies instead)
_EMBEDDED_WORDS = 24  # the opening states the request; 24 words decide as well as 60 at a third of the cost

_WORD = re.compile(r"[\w']+")
_LETTERS = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    # English function words, the vocabulary of any prompt, and Roman-Urdu function words: none of
    # them says what the prompt is about.
    """about above after again against also been before being below between both could does doing down
    during each from further have having here into itself just more most once only other over same should
    some such than that their them then there these they this those through under until very what when
    where which while will with would your yours shall must might cannot please kindly write draft make
    give keep words word short long sentences sentence list table format prompt output answer reply need
    want like using tell following line lines point points paragraph paragraphs number numbered bullet
    bullets text note include mention every first next last page pages karein karen likhein likhen likho
    wala wale wali isliye zaroor sirf neeche diye gaye gayi chahiye nahin pehle baad agar kitne kitna
    hisaab alag batayen dein rakhein baare""".split()
)
# Other ways learners say the generic rubric words; a task's own nouns need no list.
_CONCEPTS: dict[str, str] = {
    "public": r"\b(?:citizens?|people|residents|households|awam)\b",
    "plain": r"\b(?:simple|easy|everyday|common words|asaan|aasan|layman|jargon|short sentences)\b",
    "not stated": MISSING,
    "not fixed": MISSING,
    "not held": MISSING,
    "information missing": MISSING,
    "does not say": MISSING,
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
    "step by step": r"step[- ]by[- ]step|\bone (?:by|at a) (?:one|time)\b|\b(\w+) by \1\b|\bin turn\b",
    "stage": rf"\b{STAGE}s?\b",
    "placeholder": r"\[[a-z][^\]\n]{0,30}\]",
    "review": r"\b(?:review|check|compare|cross[- ]?check|verify|recheck)",
    "check": r"\b(?:review|check|compare|cross[- ]?check|verify|recheck)",
    "quote": r"\b(?:quote|cite|wording|source|reference)",
    "recalculate": (
        r"\brecalculat|\bre-?calculat|\bre-?check|\brecompute|\bcheck the (?:sum|total|arithmetic)"
    ),
    "same style": r"\bsame (?:style|way|format|pattern|layout)\b|\blike the examples\b|\bhouse style\b",
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
class Grade:
    score: int
    criteria: list[CriterionResult]
    next_hint: int | None  # 1-3, the hint to read next; None when the prompt is strong
    flags: list[str] = field(default_factory=list)  # keyword_stuffing, copied_task, off_task, too_short


@dataclass(frozen=True, slots=True)
class _Profile:
    """What the grader needs from an exercise, computed once: its material, its task, its vocabulary."""

    material: frozenset[tuple[str, ...]]
    task: frozenset[tuple[str, ...]]
    vocabulary: frozenset[str]


def is_keyword_stuffed(prompt: str) -> bool:
    """True when the prompt reads like a list of words rather than instructions to a model."""
    words = re.findall(r"[A-Za-z']+", prompt.lower())
    if len(words) < 8:
        return False
    function_share = sum(w in _FUNCTION_WORDS for w in words) / len(words)
    sentences = [s for s in re.split(r"[.!?\n]+", prompt) if len(s.split()) >= 6]
    run_on_list = function_share < 0.2 and not re.search(r"[.!?:;]", prompt)  # terms, no sentence
    return function_share < 0.12 or not sentences or run_on_list


def own_words(prompt: str, material: frozenset[tuple[str, ...]], n: int = MATERIAL_SHINGLE) -> str:
    """The prompt without the runs of `n`+ words it shares with the material (each becomes a line break)."""
    tokens = list(_WORD.finditer(prompt))
    lowered = [t.group(0).lower() for t in tokens]
    covered = [False] * len(tokens)
    for i in range(len(tokens) - n + 1):
        if tuple(lowered[i : i + n]) in material:
            covered[i : i + n] = [True] * n
    pieces, last, i = [], 0, 0
    while i < len(tokens):
        if not covered[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and covered[j + 1]:
            j += 1
        pieces.append(prompt[last : tokens[i].start()] + "\n")
        last, i = tokens[j].end(), j + 1
    pieces.append(prompt[last:])
    return "".join(pieces)


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


def _content(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]+", text.lower()) if len(w) >= 4 and w not in _STOP]


def _shingles(text: str, n: int) -> frozenset[tuple[str, ...]]:
    words = [w.lower() for w in _WORD.findall(text)]
    return frozenset(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def _profile(exercise: Exercise) -> _Profile:
    everything = " ".join(
        [exercise.title, exercise.scenario, exercise.task, exercise.sample_input or "", exercise.model_answer]
        + exercise.hints
        + exercise.common_mistakes
        + [f"{c.criterion} {' '.join(c.keywords)}" for c in exercise.rubric]
    )
    return _Profile(
        _shingles(exercise.sample_input or "", MATERIAL_SHINGLE),
        _shingles(exercise.task, TASK_SHINGLE),
        frozenset(_stem(w) for w in re.findall(r"[a-z]+", everything.lower())),
    )


class Grader:
    """Grades a learner's prompt against an exercise's rubric; `embed` settles borderline off-task cases."""

    def __init__(self, embed: Embed | None = None) -> None:
        self._embed = embed
        self._profiles: dict[str, _Profile] = {}
        self._task_vectors: dict[str, np.ndarray] = {}

    def prepare(self, exercises: Sequence[Exercise]) -> None:
        """Compute what grading needs from each exercise now (at start-up), not on its first attempt."""
        for exercise in exercises:
            self._profiles[exercise.id] = _profile(exercise)
        if self._embed is not None and exercises:
            vectors = self._embed([_task_text(e) for e in exercises])
            self._task_vectors.update({e.id: v for e, v in zip(exercises, vectors, strict=True)})

    def grade(self, exercise: Exercise, prompt: str) -> Grade:
        profile = self._profiles.get(exercise.id)
        if profile is None:
            profile = self._profiles[exercise.id] = _profile(exercise)
        own = own_words(prompt, profile.material)
        results = [
            self._criterion(c, prompt if c.check in WHOLE_PROMPT_CHECKS else own, own)
            for c in exercise.rubric
        ]
        raw = sum(r.weight * r.points for r in results)
        flags: list[str] = []
        if is_keyword_stuffed(own):
            flags.append("keyword_stuffing")
            raw *= STUFFED_FACTOR
        if _copied_share(own, profile.task) >= COPIED_TASK_SHARE:
            flags.append("copied_task")
            raw *= COPIED_FACTOR
        elif self._off_task(exercise, profile, own):
            flags.append("off_task")
            raw *= OFF_TASK_FACTOR
        if redact(own).text != own:  # whatever the rubric: real CNICs, phones or e-mails never go to a model
            flags.append("personal_data")
            raw *= PERSONAL_DATA_FACTOR
        words = len(own.split())
        if words < FULL_LENGTH_WORDS:  # a one-line request cannot carry task, reader, format and context
            flags.append("too_short")
            raw *= words / FULL_LENGTH_WORDS
        score = round(raw)
        return Grade(score, results, _next_hint(score), flags)

    @staticmethod
    def _criterion(criterion: Criterion, checked: str, own: str) -> CriterionResult:
        verdict = CHECKS[criterion.check](checked)
        verdict = _with_keywords(verdict, criterion.keywords, own)
        return CriterionResult(
            criterion.id,
            criterion.criterion,
            verdict.status,
            criterion.weight,
            _POINTS[verdict.status],
            verdict.feedback,
            criterion.lesson,
        )

    def _off_task(self, exercise: Exercise, profile: _Profile, own: str) -> bool:
        """Mostly words from elsewhere: off task. Borderline: the embedder compares it with the task."""
        words = _content(own)
        if len(words) < _MIN_CONTENT_WORDS:
            return False
        topical = sum(_stem(w) in profile.vocabulary for w in words) / len(words)
        if topical < OFF_TASK_TOPICAL:
            return True
        if topical >= ON_TASK_TOPICAL or self._embed is None:
            return False
        opening = " ".join(own.split()[:_EMBEDDED_WORDS])
        task = self._task_vectors.get(exercise.id)
        if task is None:  # the exercise's first borderline prompt: embed the task in the same call
            task, prompt_vector = self._embed([_task_text(exercise), opening])
            self._task_vectors[exercise.id] = task
        else:
            prompt_vector = self._embed([opening])[0]
        return float(task @ prompt_vector) < OFF_TASK_SIMILARITY


def _task_text(exercise: Exercise) -> str:
    return f"{exercise.title}. {exercise.task}"


def _copied_share(own: str, task: frozenset[tuple[str, ...]]) -> float:
    """Share of the learner's words that are runs copied from the exercise's task text."""
    total = len(_WORD.findall(own))
    if not total:
        return 0.0
    return 1 - len(_WORD.findall(own_words(own, task, TASK_SHINGLE))) / total


def _with_keywords(verdict: Verdict, keywords: list[str], prompt: str) -> Verdict:
    """A pass needs at least half of the task's own words (e.g. 'minister'), else it is partial."""
    if verdict.status != "pass" or not keywords:
        return verdict
    missing = [k for k in keywords if not mentions(prompt, k)]
    if len(missing) * 2 > len(keywords):
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
