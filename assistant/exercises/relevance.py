"""Is the prompt doing this exercise's job? A prompt can use every technique the exercise teaches (a
reader, a format, a length, delimiters) and still ask for something else: a reply to a neighbour, a
summary for the family, a table of school fees. The rubric's checks test technique, so this judgement
looks at what the prompt asks for and about what, leaving the technique words out:

- the material: a prompt that pastes the exercise's material is on its task; material rewritten in the
  learner's words is not enough alone, since a job's office vocabulary (the service centre, CNIC copy,
  fee and receipt) serves its other jobs too (an FAQ on another service), so the words below decide;
- the subject words: the learner's content words other than prompt-writing vocabulary, each counted
  as the exercise's own (its deliverable, its material, its audience, from its text) or as from
  elsewhere, weighted by how particular each word is to one exercise of the bank, and words of private
  life (family, household, occasions) weighing more when the exercise never uses them;
- the request: the same share over the opening request, where a prompt says what it wants and for whom;
- its own material: text the prompt brings between delimiters or after 'Notes:' or 'Facts:', which for
  another job is that job's material, not this exercise's;
- its examples: left out (`without_examples`), since a few-shot prompt's worked examples are other
  cases on purpose, except for their words of private life;
- its case: the figures it states (dates, amounts, years), when few are the exercise's (and when most
  are, the prompt is on this case however long the story it tells first), and the
  case's name (assistant/exercises/case_facts.py): a prompt that never names the exercise's case
  ("domicile", "house building"), even in material it copied, but brings a word no exercise of the
  bank uses ("arms licence", "motorcycle", "photocopiers") is another tender or another advance in the
  exercise's own words. Over the eleven calibration sets, 4 of 851 strong and medium prompts are caught
  this way, each naming neither case ("so head teachers can share it"; a bid table without "laptop").
  Where a case term is the case's kind ("tender", "allowance" of "daily allowance"), the word written
  just before it, or what a preposition attaches after it, may name another one of that kind ("medicine
  tenders", "the conveyance allowance", "tenders for desilting"): a word this exercise never uses and at
  most `FOREIGN_DF` others do. Such a prompt is another case too, its bare "Tender No." notwithstanding,
  unless it names a term of several words ("daily allowance"). So does another exercise's case word
  ("polio" for the dengue press release).

Between the bounds the embedder compares the opening request with the exercise's title and task."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from assistant.exercises.case_facts import (
    case_mentions,
    known_figures,
    names_the_case,
    other_case_figures,
    singular,
    states_its_figures,
)
from assistant.exercises.deliverable import another_job, expected, requested
from assistant.exercises.material import MaterialUse
from assistant.exercises.people import without_names
from assistant.exercises.roman_urdu import english
from assistant.exercises.roman_urdu import share as roman_share
from assistant.exercises.roman_urdu import words as roman_words
from assistant.exercises.schema import Exercise

Embed = Callable[[list[str]], np.ndarray]

STOP = frozenset(
    # English function words, the vocabulary of any prompt, and Roman-Urdu function words: none of
    # them says what the prompt is about.
    """about above after again against also been before being below between both could does doesn doing down
    didn isn aren wasn weren hasn haven hadn wouldn shouldn couldn dont doesnt didnt isnt arent wasnt
    werent hasnt havent wouldnt shouldnt couldnt cant wont across past minus plus often overall actual
    actually upon within without among towards toward besides despite except inside outside onto versus
    along beyond behind near since whether though although even still also already always never ever
    again else enough quite rather almost perhaps maybe wise relevant respective concerned corresponding
    aforesaid aforementioned
    during each from further have having here into itself just more most once only other over same should
    some such than that their them then there these they this those through under until very what when
    where which while will with would your yours shall must might cannot please kindly write draft make
    give keep words word short long sentences sentence list table format prompt output answer reply need
    want like using tell following line lines point points paragraph paragraphs number numbered bullet
    bullets text note include mention every first next last page pages karein karen likhein likhen likho
    wala wale wali isliye zaroor sirf neeche diye gaye gayi chahiye nahin pehle baad agar kitne kitna
    hisaab alag batayen dein rakhein baare needed less finally""".split()
)
# Roman Urdu: learners write their instructions in it too; its words say how, not what about.
ROMAN_URDU = frozenset(
    """aap apne apni unke unki inke iske uske ismein usmein mein hain hoon raha rahe rahi gaya gayi gaye
    wala wali wale walay neeche upar yahan wahan kaafi kafi bohat bahut zyada ziada thoda kuch sab
    sabse log logon kam parhe parha likhe likha likhna likhein likhen likho badlo badlein badal bana
    banao banayein banaein kijiye karna karein karen karo kar diya diye dena dijiye bhejenge bhejna
    bhejein sunayenge sunana suna parh parhenge parhein mushkil asaan aasan sarkari alfaaz alfaz lafz
    jumlay jumle chhote chotay lambe hona honi hone chahiye chahiyen zaroori sirf bilkul waise jaise
    phir pehle baad mein magar lekin kyunke kyunki agar taake taake warna tarah tareeqa tareeqay naya
    naye nayi purana purane baat baaten cheez cheezen wagera waghera yani matlab
    agli agla agle pichli pichla pichle jaye jaaye jayega jayegi jaega jaegi jata jati jate kisi kise kisko
    koi inhein inhen unhein unhen inko unko isko usko kare karey karte karti karta kiya kiye kab kahan kaun
    tab yeh woh humein hamein apna rahen rahein tha thi thay chalana chalao chalayen cheezain cheezein
    cheezon hissa sath abhi jitna jitni utna itna itni jis jin idhar udhar aisa aisi waisa mutabiq mutaliq
    hawale tehat zariye bajaye baghair bina taraf""".split()
)
# Prompt-writing vocabulary: how to ask, never what about. Stems (first six letters).
TECHNIQUE = frozenset(
    w[:6]
    for w in """assistant model role act acting experienced expert instruction instructions deliverable
    audience reader readers format formatted length heading headings headline column columns row rows
    delimiter delimiters tags tag quotes quote triple example examples shot label labels output input
    json field fields value values step steps stage stages chain reasoning criterion criteria condition
    conditions verify verification check checked source sources cite citation placeholder placeholders
    template tone polite plain simple language formal informal common everyday brief concise summary
    summarise summarize exact exactly written copy copied missing stated treat data flag separate
    separately mark marked begin start finish maximum minimum least under within only same style
    specific clear clearly short sentence words bullet numbered structure section sections explain
    explanation answer answers reply respond response rewrite prepare produce create return give show
    write draft list lists table tables paragraph paragraphs line lines point points item items
    version versions respectful warm friendly kind patient careful correct correction corrections
    original reason reasons result results final next previous earlier later each every whole total
    state states say says tell tells keep kept use used using follow following invent invented guess
    assume make sure ensure avoid never always rather instead stated stating nothing anything something
    everything someone anyone people person thing things part parts kind type types order ordered
    sort sorted first second third fourth fifth last below above after before then once
    highlight highlighting combine combined require required important mistake
    mistakes given provide provided""".split()
)
# Words of private life: a prompt for the family, the household or an occasion is another job.
PRIVATE = frozenset(
    w[:6]
    for w in """father mother dad daddy mum mummy ammi abbu abba amma son sons daughter daughters wife
    husband brother brothers sister sisters cousin cousins uncle uncles aunt aunts aunty auntie khala
    chacha mamu phupho nephew nephews niece nieces grandmother grandfather grandson granddaughter
    grandparents grandma grandpa inlaws in-law sister-in-law brother-in-law neighbour neighbours neighbor
    neighbors friend friends family's relatives relative wedding weddings marriage birthday anniversary
    walima mehndi barat nikah dinner lunch breakfast party picnic holiday holidays recipe recipes cook
    cooking kitchen household landlord tenant maid servant cat dog pet pets shopping grocery groceries
    tuition homework guest guests invitation invite invited caterer catering hall bride groom honeymoon
    cricket football hobby vacation trip tour hotel flat apartment rent furniture painter plumber
    electrician mechanic garden shaadi shadi behen bhai bhabhi beta beti biwi shohar dost dawat
    mehmaan mehman rishtedar""".split()
)
PRIVATE_WEIGHT = 1.5
OFF_TASK_SHARE = 0.5  # below: another job (calibration sets: off-task <= 0.50, on-task >= 0.71)
ON_TASK_SHARE = 0.6  # from here: this job; in between the embedder decides
OFF_TASK_SIMILARITY = 0.3
ROMAN_PROMPT = 0.1  # a prompt whose own words are this much known Roman Urdu is written in Roman Urdu
# words no exercise uses that make a prompt that never names the case another case's (2 would miss
# 'photocopiers' for 'laptops', and over the calibration sets cost more than it saves)
OTHER_CASE_WORDS = 1
# a prompt using this many words that at most PARTICULAR_DF exercises use, this one among them, is about
# this exercise however long its background runs ("Dear AI, some background first..."): over the
# calibration sets up to heldout-17, 7 at most in an off-task prompt judged by its share of words, 8 to
# 20 in 11 of the 32 strong and medium prompts that share called off-task
PARTICULAR_DF = 2
PARTICULAR_WORDS = 8
# a word before the case's kind that names another one of it ("conveyance allowance") is used by at most
# this many other exercises: one several offices use ("government vehicle", "rural feeders") says nothing
# of which case (2 cost four strong and medium prompts over heldout-2..20 and caught no more off-task ones)
FOREIGN_DF = 1
# the exercise's own figures that a prompt states ("20 June", "Rs. 45 million"), when they outnumber its
# other figures, say it works on this case however much background it adds: over heldout-2..39, 8 strong
# and medium prompts the share of words called off-task; two of the exercise's figures alone also passed a
# file note for another hire whose "15 days" and "page 14" matched by chance
OWN_FIGURES = 2
MIN_SUBJECT_WORDS = 5  # fewer subject words: too short to judge (the short cap applies instead)
REQUEST_WORDS = 30  # the opening words where a prompt says what it wants and for whom
_EMBEDDED_WORDS = 24

_LETTERS = re.compile(r"[a-z]+")
_EXAMPLE_BLOCK = re.compile(
    r"<\s*((?:\w+[_-])?(?:examples?|samples?|shots?)(?:[_-]?\w+)?|ex(?:[_-]?\d+)?)[^>]*>.*?<\s*/\s*\1\s*>",
    re.I | re.S,
)
_EXAMPLE_LABEL = re.compile(
    r"\s*(?:[-*#>\d.)\s]*)(?:(?:examples?|samples?|for example|for instance)\b|e\.g\."
    # "Here is an example of our office style:", "Below are two sample notes:"
    r"|(?:here|below|these|this)\s+(?:is|are)\s+(?:\w+\s+){0,4}?(?:examples?|samples?)\b[^\n]*:\s*$)",
    re.I,
)
_HEADING = re.compile(r"\s*(?:#+|-{3,}|={3,})\s*\S")  # "### NEW PETITION", "--- Stage 2 ---"
_ARROW = re.compile(r"->|=>|→")
_MAPPING = re.compile(rf".*\S\s*(?:{_ARROW.pattern})\s*(\S.{{0,60}})$")  # "'Broken road' -> Works"
_QUOTED_INPUT = re.compile(rf"[\"'“‘][^\"“”\n]{{3,200}}[\"'”’]\s*(?={_ARROW.pattern})")
_BLOCKS = re.compile(
    r"<\s*([a-z][\w-]*)[^>]*>(?!\s*tags?\b)(.*?)<\s*/\s*\1\s*>|\"\"\"(.*?)\"\"\"|```(.*?)```|###(.*?)###|"
    r"\b(?:notes?|facts?|items?|rules?|details?|figures?|data|text|message|letter|invitation)\s*:\s*(.+)",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class Relevance:
    """The judgement, with the evidence a learner can be shown."""

    on_task: bool
    # deliverable | material | case | another_case | particular | own_figures | subject | request | inline |
    # similarity | too_few_words
    reason: str
    share: float  # weighted share of the learner's subject words that are the exercise's own
    foreign: tuple[str, ...]  # the subject words (or, for another case, the figures) from elsewhere
    asked: tuple[str, ...] = ()  # when another deliverable: what the prompt asks for instead


# the verb a "don't" forbids says how to write ("don't skip", "don't bury the decision"), not about what;
# so does the whole of an instruction that opens with one ("Don't add your own opinion or background.")
_NEGATION = (
    r"(?:do\s+not|don['’]?t|never|must\s+not|mustn['’]?t|should\s+not|shouldn['’]?t|cannot|can['’]?t|"
    r"won['’]?t|will\s+not|does\s+not|doesn['’]?t)"
)
_FORBIDDING_INSTRUCTION = re.compile(
    r"(?:^|(?<=[.!?;:\n]))[ \t]*(?:[-*•]|\d+[.)])?[ \t]*(?:please\s+|pls\s+|kindly\s+)?(?:and\s+)?"
    rf"{_NEGATION}\s+[^.;:!?\n]*",
    re.I,
)
_FORBIDDEN_VERB = re.compile(rf"\b{_NEGATION}\s+(?:ever\s+|just\s+|even\s+|simply\s+)?[a-z]+", re.I)


def subject_words(text: str) -> list[str]:
    """The stems of a text's content words, in order, without function and prompt-writing words, people's
    names and addresses, instructions that open with a "don't" or the verb a "don't" forbids."""
    skip = STOP | ROMAN_URDU | roman_words()
    text = _FORBIDDEN_VERB.sub(" ", _FORBIDDING_INSTRUCTION.sub(" ", without_names(text)))
    words = [w for w in _LETTERS.findall(text.lower()) if len(w) >= 4 and w not in skip]
    return [w[:6] for w in words if w[:6] not in TECHNIQUE]


def vocabulary(exercise: Exercise) -> frozenset[str]:
    """Every stem the exercise uses: its title, scenario, task, material, rubric, hints and answer."""
    text = " ".join(
        [exercise.title, exercise.scenario, exercise.task, exercise.sample_input or "", exercise.model_answer]
        + exercise.hints
        + exercise.common_mistakes
        + [f"{c.criterion} {' '.join(c.keywords)}" for c in exercise.rubric]
    )
    return frozenset(w[:6] for w in _LETTERS.findall(text.lower()))


def case_stems(exercise: Exercise) -> frozenset[str]:
    """The stems of the words that name the exercise's case (its `case_terms`), as subject words are cut."""
    return frozenset(w[:6] for w in _LETTERS.findall(" ".join(exercise.case_terms).lower()) if len(w) >= 4)


class RelevanceJudge:
    """Judges task relevance; `fit` on the bank tells which words are particular to one exercise."""

    def __init__(self, embed: Embed | None = None) -> None:
        self._embed = embed
        self._df: Counter[str] = Counter()
        self._exercises = 0
        self._vocabularies: dict[str, frozenset[str]] = {}
        self._task_vectors: dict[str, np.ndarray] = {}
        self._deliverables: dict[str, set[str]] = {}
        self._figures: dict[str, frozenset[str]] = {}
        self._case_stems: dict[str, frozenset[str]] = {}
        self._other_case_stems: dict[str, frozenset[str]] = {}  # the other exercises' case stems

    def fit(self, exercises: Sequence[Exercise]) -> None:
        """Learn the bank's vocabularies (and embed each task, when there is an embedder)."""
        for exercise in exercises:
            self._vocabularies[exercise.id] = vocabulary(exercise)
            self._deliverables[exercise.id] = expected(exercise)
        self._df = Counter(w for v in self._vocabularies.values() for w in v)
        self._case_stems = {e.id: case_stems(e) for e in exercises}
        self._other_case_stems = {}
        self._exercises = len(self._vocabularies)
        if self._embed is not None and exercises:
            vectors = self._embed([_task_text(e) for e in exercises])
            self._task_vectors.update({e.id: v for e, v in zip(exercises, vectors, strict=True)})

    def judge(self, exercise: Exercise, material: MaterialUse) -> Relevance:
        """On or off this exercise's task, and why."""
        wanted = _per_exercise(self._deliverables, exercise, expected)
        read = english(material.own)  # Roman-Urdu instructions read as English: not another job's words
        asked = requested(material.own) | requested(read)
        if another_job(asked, wanted):
            return Relevance(False, "deliverable", 0.0, (), tuple(sorted(asked)))
        if material.pasted:
            return Relevance(True, "material", 1.0, ())
        instructions = without_examples(material.own)
        # read again without its examples, unless it has none or the examples are all it says
        if instructions != material.own and len(subject_words(instructions)) >= MIN_SUBJECT_WORDS:
            read = english(instructions)
        else:
            instructions = material.own
        known = _per_exercise(self._figures, exercise, known_figures)
        unknown = other_case_figures(instructions, known)
        if unknown:
            return Relevance(False, "case", 0.0, unknown)
        own_vocabulary = _per_exercise(self._vocabularies, exercise, vocabulary)
        # In Roman Urdu, a word no exercise uses is more likely Urdu the table lacks than another topic.
        unread = roman_share(material.own) >= ROMAN_PROMPT and self._exercises >= 8

        def subject_of(text: str) -> list[str]:
            stems = (w for w in subject_words(text) if not self._generic(w))
            return list(
                dict.fromkeys(w for w in stems if not (unread and self._df[w] == 0 and w not in PRIVATE))
            )

        subject = subject_of(read)
        if instructions != material.own:  # examples from private life still say whose job it is
            subject += [w for w in subject_of(english(material.own)) if w in PRIVATE and w not in subject]
        if len(subject) < MIN_SUBJECT_WORDS:
            return Relevance(True, "too_few_words", 1.0, ())
        strange = self._another_case(exercise, material.prompt, subject, own_vocabulary)
        if strange:
            return Relevance(False, "another_case", 0.0, _as_written(strange, material.prompt))
        particular = [w for w in subject if w in own_vocabulary and self._df[w] <= PARTICULAR_DF]
        if len(particular) >= PARTICULAR_WORDS and self._exercises >= 8:
            return Relevance(True, "particular", 1.0, ())
        if states_its_figures(instructions, known, OWN_FIGURES):
            return Relevance(True, "own_figures", 1.0, ())
        share, foreign = self._share(subject, own_vocabulary)
        shares, reason = [share], "subject"
        for part, name in (
            (" ".join(read.split()[:REQUEST_WORDS]), "request"),
            (_inline(read), "inline"),
        ):
            words = subject_of(part)
            if len(words) >= 3:
                shares.append(self._share(words, own_vocabulary)[0])
                reason = name if shares[-1] < min(shares[:-1]) else reason
        share = min(share, sum(shares) / len(shares))
        if share < OFF_TASK_SHARE:
            return Relevance(False, reason, share, foreign)
        if share >= ON_TASK_SHARE or self._embed is None:
            return Relevance(True, reason, share, foreign)
        similar = self._similarity(exercise, material.own) >= OFF_TASK_SIMILARITY
        return Relevance(similar, "similarity", share, foreign)

    def _another_case(
        self, exercise: Exercise, prompt: str, subject: list[str], own: frozenset[str]
    ) -> tuple[str, ...]:
        """The words of its own case that a prompt brings when it never names the exercise's; else ().
        The name is looked for in the whole prompt, material it copied included ("the AI tools course"),
        and only once there are such words: most prompts bring none."""
        if self._exercises < 8 or not exercise.case_terms:
            return ()
        # another exercise's case ("polio" for the dengue press release) is another case, though the bank
        # knows the word
        others = _per_exercise(self._other_case_stems, exercise, self._case_stems_besides)
        mine = _per_exercise(self._case_stems, exercise, case_stems)
        strange = tuple(
            w
            for w in subject
            if not (self._known(w, own) or self._known(singular(w), own))
            or (w in others and w not in own and singular(w) not in own)
        )
        # Roman Urdu names a thing after its kind ("course AI wala"), so only English is read this way
        english_prompt = roman_share(prompt) < ROMAN_PROMPT
        mentions = case_mentions(exercise.case_terms, prompt, STOP) if english_prompt else []
        # "the conveyance allowance", "medicine tenders": the case's kind, but another one of it
        own = own | mine
        # "house building" names the case whatever comes before it; "tender" or "allowance" may be any one
        kinds = [m for m in mentions if not (m.whole and m.words > 1)]
        other = [w for m in kinds for w in m.before if self._foreign(w, own)]
        # what a preposition attaches to the kind says which one too: "the memo on amending the
        # Apprenticeship Act", "five tenders for desilting"
        other += [w for m in kinds for w in m.after if self._foreign(w, own)]
        if len(strange) < OTHER_CASE_WORDS and not other:
            return ()
        # once the prompt names another one of the kind ("medicine tenders"), a bare "tender" is that one,
        # as is any other single word of the case ("tubewell tenders" of the irrigation department)
        named = any(m.whole and (m.words > 1 or not other) for m in mentions)
        if named or names_the_case(exercise.case_terms, english(prompt)) and not other:
            return ()
        return strange or tuple(w.lower()[:6] for w in other)

    def _case_stems_besides(self, exercise: Exercise) -> frozenset[str]:
        """The case stems of every fitted exercise but this one (worked out once per exercise)."""
        return frozenset(w for e, stems in self._case_stems.items() if e != exercise.id for w in stems)

    def _foreign(self, word: str, own: frozenset[str]) -> bool:
        """A subject word this exercise never uses and at most `FOREIGN_DF` others do ("conveyance",
        not "government")."""
        stems = subject_words(word)
        return bool(stems) and not any(
            s in own or singular(s) in own or self._df[s] > FOREIGN_DF for s in stems
        )

    def _known(self, stem: str, own: frozenset[str]) -> bool:
        """Used by this exercise or by any exercise of the bank."""
        return stem in own or self._df[stem] > 0

    def _generic(self, stem: str) -> bool:
        """Used by half the bank or more: says nothing about which job this is."""
        return self._exercises >= 8 and self._df[stem] >= self._exercises / 2

    def _weight(self, stem: str) -> float:
        """How particular a word is: rare in the bank weighs more (1 when there is no bank to compare)."""
        if self._exercises < 8:
            return 1.0
        return math.log((self._exercises + 1) / (self._df[stem] + 1)) + 0.5

    def _share(self, subject: Iterable[str], own: frozenset[str]) -> tuple[float, tuple[str, ...]]:
        mine = elsewhere = 0.0
        foreign: list[tuple[float, str]] = []
        for stem in subject:
            weight = self._weight(stem)
            if stem in own:
                mine += weight
                continue
            weight *= PRIVATE_WEIGHT if stem in PRIVATE else 1.0
            elsewhere += weight
            foreign.append((weight, stem))
        total = mine + elsewhere
        ranked = tuple(stem for _, stem in sorted(foreign, key=lambda pair: -pair[0]))
        return (mine / total if total else 1.0), ranked

    def _similarity(self, exercise: Exercise, own: str) -> float:
        assert self._embed is not None
        opening = " ".join(own.split()[:_EMBEDDED_WORDS])
        task = self._task_vectors.get(exercise.id)
        if task is None:
            task, prompt_vector = self._embed([_task_text(exercise), opening])
            self._task_vectors[exercise.id] = task
        else:
            prompt_vector = self._embed([opening])[0]
        return float(task @ prompt_vector)


_Derived = TypeVar("_Derived")


def _per_exercise(
    cache: dict[str, _Derived], exercise: Exercise, derive: Callable[[Exercise], _Derived]
) -> _Derived:
    """What `derive` says of `exercise`, worked out once (an exercise outside the fitted bank too)."""
    if exercise.id not in cache:
        cache[exercise.id] = derive(exercise)
    return cache[exercise.id]


def _as_written(stems: Sequence[str], text: str) -> tuple[str, ...]:
    """Each stem as the text first writes it ("photoc" -> "photocopiers"), for the learner to read."""
    written: dict[str, str] = {}
    for word in re.findall(r"[A-Za-z]+", text):
        written.setdefault(word.lower()[:6], word)
    return tuple(written.get(stem, stem) for stem in stems)


def without_examples(text: str) -> str:
    """The prompt without the examples it gives: a worked example is another case on purpose (a few-shot
    prompt's complaints, a model note with its own figures), so it says how to write, not which job.
    An example is a tagged block, a paragraph or run of lines under an 'Example' label (up to a blank
    line or the next heading), or a line that maps an input to its label ("'Broken road' -> Works")."""
    kept = _EXAMPLE_BLOCK.sub(" ", text)
    parts = re.split(r"\n\s*\n", kept)
    paragraphs = [_without_example_lines(p) for p in parts]
    if kept == text and paragraphs == parts:
        return text
    return "\n\n".join(p for p in paragraphs if p.strip())


def _without_example_lines(paragraph: str) -> str:
    """The paragraph without its labelled example lines and input -> label lines."""
    kept: list[str] = []
    in_example = False
    for line in paragraph.split("\n"):
        if _EXAMPLE_LABEL.match(line):
            in_example = True
        elif in_example and _HEADING.match(line):
            in_example = False
        if not in_example:
            kept.append(_labels_only(line))
    return "\n".join(kept)


def _labels_only(line: str) -> str:
    """A line of input -> label examples with its inputs left out: the labels are this job's categories,
    the inputs other cases. "'Broken road' -> Works" keeps "Works"; in "Classify it, e.g. 'Can you lend
    us money' -> Loan; 'Come to the nikah' -> Wedding" only the quoted inputs go."""
    arrows = len(_ARROW.findall(line))
    if arrows == 1 and (single := _MAPPING.match(line)):
        return single.group(1)
    return _QUOTED_INPUT.sub(" ", line) if arrows else line


def _inline(text: str) -> str:
    """The material a prompt brings itself: what sits between delimiters or after 'Notes:'."""
    return " ".join(next((g for g in m.groups()[1:] if g), "") for m in _BLOCKS.finditer(text))


def _task_text(exercise: Exercise) -> str:
    return f"{exercise.title}. {exercise.task}"
