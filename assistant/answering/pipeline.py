"""The answering pipeline every channel uses: redact → safety → resolve follow-ups → retrieve → decide
whether the sources can answer → answer (LLM or extractive, falling back to extractive) → cite → log."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, replace
from typing import Protocol

from assistant.answering import safety
from assistant.answering.abstention import (
    Signals,
    answer_type_in_primary,
    answerable_probability,
    counted_noun,
    coverage,
    names_elsewhere,
    refusal_reason,
    unknown_acronyms,
    unseen_share,
)
from assistant.answering.evidence import EvidenceSelector
from assistant.answering.extractive import ExtractiveAnswerer, words
from assistant.answering.followup import is_follow_up, standalone_query
from assistant.answering.links import link_file_mentions
from assistant.answering.social import social_kind
from assistant.answering.types import (
    Answer,
    Answerer,
    AnswererName,
    Citation,
    Evidence,
    Passage,
    Turn,
)
from assistant.errors import AnswererUnavailableError, InvalidQueryError, TooLongError
from assistant.exercises.schema import Exercise
from assistant.exercises.service import wants_exercise
from assistant.index.lexical import tokenize
from assistant.messages import language_of, say
from assistant.policy import AnsweringPolicy
from assistant.privacy import redact
from assistant.retrieval import HybridSearcher, SearchHit
from assistant.storage import QuestionLog
from assistant.wording import english_words

logger = logging.getLogger(__name__)

_MARKER = re.compile(r"\[(\d{1,2})\]")
_LLM_DECLINES = re.compile(r"couldn'?t find (?:this|that|it|the answer) in the course", re.IGNORECASE)
SNIPPET_CHARS = 280
_WHOLE_DOCUMENT = 200  # chunks read around the best hit when a figure is missing


RELATED_QUESTION = "related_question"  # answer meta: an approved question close to the one asked
RELATED_ID = "related_curated_id"  # ... and its curated answer's id
SuggestExercise = Callable[[str | None, str], Exercise | None]  # (learner id, channel) -> next exercise
AnswerListener = Callable[[str, Answer], None]  # (channel, answer), once per logged answer: e.g. metrics


class CuratedLookup(Protocol):
    """Trainers' approved answers (assistant.trainer.curated): the answer for a question, or None and the
    (id, approved question) of a related one to offer instead, or None."""

    def lookup(self, question: str) -> tuple[Answer | None, tuple[int, str] | None]: ...


@dataclass(frozen=True, slots=True)
class ChatRequest:
    message: str
    session_id: str | None = None
    user_id: str | None = None
    channel: str = "api"
    display_name: str | None = None
    cohort: str | None = None


@dataclass(frozen=True, slots=True)
class ChatResult:
    answer: Answer
    session_id: str
    message_id: str
    latency_ms: int


@dataclass(frozen=True, slots=True)
class StreamEvent:
    kind: str  # "token" | "done"
    text: str = ""
    result: ChatResult | None = None


@dataclass(frozen=True, slots=True)
class _Plan:
    """Everything decided before the answer text is written."""

    question: str  # redacted
    standalone: str
    evidence: Evidence  # what every answerer answers from (no passages when it refused early)
    early: Answer | None  # a refusal or safe reply, when no answerer should run
    extractive_text: str  # already numbered [1], [2]... in order of appearance
    extractive_citations: list[Citation]
    meta: dict[str, str] = field(default_factory=dict)  # the abstention signals, for the log and evals

    @property
    def passages(self) -> list[Passage]:
        return self.evidence.passages


def _none() -> Evidence:
    return Evidence([], [])


class Tutor:
    """Answers learners' questions from the indexed material, with citations, and logs every exchange."""

    def __init__(
        self,
        searcher: HybridSearcher,
        log: QuestionLog,
        evidence: EvidenceSelector,
        llm: Answerer | None = None,
        max_message_chars: int = 4000,
        policy: AnsweringPolicy | None = None,
        history_turns: int = 6,
        suggest_exercise: SuggestExercise | None = None,
        curated: CuratedLookup | None = None,
        on_answer: AnswerListener | None = None,
    ) -> None:
        self.searcher = searcher
        self.log = log
        self.evidence = evidence
        self.extractive = ExtractiveAnswerer()  # the default, and the fallback when the LLM fails
        self.llm = llm
        self.max_message_chars = max_message_chars
        self.policy = policy or AnsweringPolicy()
        self.history_turns = history_turns
        self.suggest_exercise = suggest_exercise
        self.curated = curated
        self.on_answer = on_answer

    def ask(self, request: ChatRequest) -> ChatResult:
        """Answer one message and log it."""
        started = time.perf_counter()
        session_id, user_id, history = self._open(request)
        plan = self._plan(request, history)
        answer = replace(plan.early or self._answer(plan, history), passages=tuple(plan.passages))
        return self._record(
            request, session_id, user_id, answer, plan.question, started, _doc_types(plan, answer)
        )

    def ask_stream(self, request: ChatRequest) -> Iterator[StreamEvent]:
        """Answer one message as text deltas, then a final event with citations; logged when done."""
        started = time.perf_counter()
        session_id, user_id, history = self._open(request)
        plan = self._plan(request, history)
        answer = plan.early
        if answer is None:
            pieces: list[str] = []
            stream = self._stream_answer(plan, history)
            try:
                for piece in stream:
                    pieces.append(piece)
                    yield StreamEvent("token", piece)
            except _FellBack as fallback:
                answer = fallback.answer
            if answer is None:
                answer = _from_llm(plan, "".join(pieces)) if self.llm else _extractive(plan, "extractive")
        else:
            yield StreamEvent("token", answer.text)
        answer = replace(answer, passages=tuple(plan.passages))
        yield StreamEvent(
            "done",
            result=self._record(
                request, session_id, user_id, answer, plan.question, started, _doc_types(plan, answer)
            ),
        )

    # -- steps -------------------------------------------------------------------------------------

    def _open(self, request: ChatRequest) -> tuple[str, int | None, list[Turn]]:
        if not request.message.strip():
            raise InvalidQueryError("The message is empty.")
        if len(request.message) > self.max_message_chars:
            raise TooLongError(f"The message is longer than {self.max_message_chars} characters.")
        user_id = None
        if request.user_id:
            user_id = self.log.get_or_create_user(
                request.channel, request.user_id, request.display_name, request.cohort
            )
        session_id = self.log.get_or_create_session(request.session_id, user_id, request.channel)
        items = self.log.history(session_id, limit=self.history_turns)
        history = [  # courtesies carry no topic: a follow-up after "Thanks!" leans on the question before
            Turn(i.question, i.answer, tuple(c.get("source", "") for c in i.citations))
            for i in items
            if social_kind(i.question) is None
        ]
        return session_id, user_id, history

    def _plan(self, request: ChatRequest, history: list[Turn]) -> _Plan:
        question = redact(request.message.strip()).text
        language = language_of(question)
        verdict = safety.check(question)
        if verdict:
            early = _declined(verdict.reason, language, question)
            return _Plan(question, question, _none(), early, "", [])
        courtesy = social_kind(question)
        if courtesy is not None:  # "Thanks!" is answered in kind, not with the closest sentence to it
            social = f"social_{courtesy}"
            reply = Answer(say(social, language), [], False, "extractive", question, reason=social)
            return _Plan(question, question, _none(), reply, "", [])
        curated, related = self.curated.lookup(question) if self.curated is not None else (None, None)
        if curated is not None:  # a trainer's approved answer wins over retrieval, on every channel
            return _Plan(question, question, _none(), curated, "", [])
        # each channel offers a related approved question to ask as written (which gets its answer)
        offered = {RELATED_ID: str(related[0]), RELATED_QUESTION: related[1]} if related else {}
        suggestion = self._exercise_suggestion(request, question)
        if suggestion:
            return _Plan(question, question, _none(), suggestion, "", [])
        standalone = self._standalone(question, history)
        hits = self.searcher.search(standalone, k=self.policy.evidence.passages)
        passages = _numbered(self._with_neighbours(hits, self.policy.evidence.document_radius))
        if not passages:
            early = _declined("out_of_scope", language, standalone, offered)
            return _Plan(question, standalone, _none(), early, "", [])
        evidence, signals = self._evidence(question, standalone, hits, passages)
        if not signals.answer_type_found:  # a missing figure widens the evidence before it refuses
            wider = _numbered(self._with_neighbours(hits, _WHOLE_DOCUMENT))
            more, wider_signals = self._evidence(question, standalone, hits, wider)
            if wider_signals.answer_type_found:
                passages, evidence, signals = wider, more, wider_signals
        reason = refusal_reason(signals, self.policy.abstention)
        meta = _signal_meta(signals, self.policy) | offered
        logger.debug("signals %s -> %s", signals, reason or "answer")
        if reason:
            early = _declined(reason, language, standalone, meta)
            return _Plan(question, standalone, evidence, early, "", [])
        # numbered before anything is sent, so a streamed answer shows the final citation numbers
        draft = self.extractive.answer(standalone, evidence, [])
        text, citations = _renumber(draft.text, passages)
        text = link_file_mentions(text, self.searcher.source_titled)
        return _Plan(question, standalone, evidence, None, text, citations, meta)

    def _evidence(
        self, question: str, standalone: str, hits: list[SearchHit], passages: list[Passage]
    ) -> tuple[Evidence, Signals]:
        """The sentences to quote and the signals that say whether they answer."""
        # the course's terms for the learner's words count as the learner's words when choosing sentences
        # (dev key-fact recall 0.760 -> 0.805: "retrain or hook it up to a document search" finds the
        # sentence comparing fine-tuning with RAG)
        focus = self.searcher.expand(question)
        evidence = self.evidence.select(self.searcher.expand(standalone), passages, focus=focus)
        quoted = [u.text for u in evidence.judged or evidence.units]
        meaning = evidence.meaning
        covered = coverage(self.searcher.term_weights(focus), quoted)
        if standalone != question:  # a follow-up ("how do I guard against that?") leans on its topic
            meaning = max(meaning, self.evidence.closeness(self.searcher.expand(standalone), passages))
            covered = max(covered, coverage(self.searcher.term_weights(standalone), quoted))
        language = language_of(question)
        signals = Signals(
            meaning=meaning,
            lexical=max((h.lexical or 0.0) for h in hits) / self.searcher.lexical_scale(),
            unknown_acronyms=unknown_acronyms(question, self.searcher.knows),
            answer_type_found=self._type_found(question, evidence, language),
            coverage=covered,
            unseen=unseen_share(question, self.searcher.knows),
            english=language == "en",
            named_elsewhere=self._named_elsewhere(question, evidence),
        )
        if standalone == question and language == "ur":  # a follow-up leans on its topic
            signals = self._read_in_english(signals, question, passages, quoted)
        return evidence, signals

    def _named_elsewhere(self, question: str, evidence: Evidence) -> tuple[str, ...]:
        """The question's names that the document the answer quotes first never mentions (as the figure
        asked for must come from it: `answer_type_in_primary`)."""
        if not evidence.units:
            return ()
        source = evidence.passages[evidence.units[0].passage].source
        return names_elsewhere(
            question, self.searcher.knows, lambda name: self.searcher.document_mentions(source, name)
        )

    def _type_found(self, question: str, evidence: Evidence, language: str) -> bool:
        """Whether the quotes give what the question asks for (a year, a share, a price...), read in the
        question's words and, for Urdu or Roman Urdu, in its English reading too ("kab launch hua" asks
        for a date as "when was it launched" does). The reading's thing counted is trusted when the learner
        wrote it in English ("kitne clusters": clusters, a word the corpus uses), not when the reading made
        it ("kitne mahine" reads "how many month") or passed an unread word through ("kitne logon")."""
        if not answer_type_in_primary(question, evidence):
            return False
        if language == "en":
            return True
        reading = english_words(question, 1.0, self.searcher.spelled(question))
        counted = counted_noun(reading)
        written = (
            counted is not None
            and re.search(rf"\b{re.escape(counted)}\b", question, re.I) is not None
            and all(self.searcher.knows(term) for term in tokenize(counted))
        )
        return answer_type_in_primary(reading, evidence, counted_read=written)

    def _read_in_english(
        self, signals: Signals, question: str, passages: list[Passage], quoted: list[str]
    ) -> Signals:
        """An Urdu question the vocabulary reads, judged on its English reading as an English question
        is: "چھٹی کے لیے درخواست کیسے دوں؟" reads "leave apply how", which a petition's "mutation
        application" does not answer, though "درخواست" glosses as "application". `signals` as they are
        when too much of it is unread; the acronyms and answer type stay the question's own."""
        read = english_words(question, self.policy.abstention.urdu_unread, self.searcher.spelled(question))
        if not read:
            return signals
        return replace(
            signals,
            meaning=self.evidence.closeness(read, passages),
            lexical=self.searcher.best_lexical(read),
            coverage=coverage(self.searcher.term_weights(read), quoted),
            unseen=unseen_share(read, self.searcher.knows),
            english=True,
        )

    def _exercise_suggestion(self, request: ChatRequest, question: str) -> Answer | None:
        """ "Give me an exercise" gets the learner's next exercise instead of a search of the material."""
        if self.suggest_exercise is None or not wants_exercise(question):
            return None
        exercise = self.suggest_exercise(request.user_id, request.channel)
        if exercise is None:
            return None
        language = language_of(question)
        text = say(
            "exercise_suggestion", language, title=exercise.title, level=exercise.level, task=exercise.task
        )
        meta = {"exercise_id": exercise.id}  # channels show a button that opens it
        return Answer(text, [], False, "extractive", question, reason="exercise_suggestion", meta=meta)

    def _with_neighbours(self, hits: list[SearchHit], radius: int) -> list[SearchHit]:
        """The hits, plus the best document read `radius` chunks around its best hit and the chunks next
        to the second hit: a fact often continues beyond the passage that matched (measured: key facts
        present in 75% of items with the hits alone, 81% with the best document)."""
        seen = {h.id for h in hits}
        expanded = list(hits)
        for rank, hit in enumerate(hits[:2]):
            for near in self.searcher.document_around(hit, radius if rank == 0 else 1):
                if near.id not in seen:
                    seen.add(near.id)
                    expanded.append(near)
        return expanded

    def _standalone(self, question: str, history: list[Turn]) -> str:
        stands_alone = self._stands_alone
        if (
            self.llm is not None
            and is_follow_up(question, history, stands_alone)
            and hasattr(self.llm, "rewrite_question")
        ):
            try:
                return str(self.llm.rewrite_question(question, history))
            except AnswererUnavailableError as exc:
                logger.warning("Follow-up rewrite failed, using the deterministic method: %s", exc)
        return standalone_query(question, history, stands_alone)

    def _stands_alone(self, question: str) -> bool:
        """A short question whose closest sentence in the material is this close is a topic of its own."""
        needed = self.policy.evidence.stands_alone
        return self.searcher.closest_sentence(self.searcher.expand(question)) >= needed

    def _answer(self, plan: _Plan, history: list[Turn]) -> Answer:
        if self.llm is None:
            return _extractive(plan, "extractive")
        try:
            draft = self.llm.answer(plan.standalone, plan.evidence, history)
        except AnswererUnavailableError as exc:
            logger.warning("LLM unavailable, answering extractively: %s", exc)
            return _extractive(plan, "fallback")
        return _from_llm(plan, draft.text)

    def _stream_answer(self, plan: _Plan, history: list[Turn]) -> Iterator[str]:
        if self.llm is None:
            yield from words(plan.extractive_text)
            return
        started = False
        try:
            for piece in self.llm.stream(plan.standalone, plan.evidence, history):
                started = True
                yield piece
        except AnswererUnavailableError as exc:
            logger.warning("LLM stream failed (after first token: %s): %s", started, exc)
            note = "\n\n" if started else ""
            for piece in words(note + plan.extractive_text):
                yield piece
            raise _FellBack(_extractive(plan, "fallback")) from exc

    def _record(
        self,
        request: ChatRequest,
        session_id: str,
        user_id: int | None,
        answer: Answer,
        question: str,
        started: float,
        doc_types: str | None = None,
    ) -> ChatResult:
        latency_ms = int((time.perf_counter() - started) * 1000)
        message_id = self.log.log_message(
            session_id,
            user_id,
            request.channel,
            question,
            redact(answer.text).text,
            [asdict(c) for c in answer.citations],
            answer.refused,
            answer.answerer,
            latency_ms,
            doc_types=doc_types,
            signals=answer.meta,  # the evidence signals, so trainers can see answers that may have missed
        )
        if self.on_answer is not None:  # every channel's answers, counted where they are logged
            self.on_answer(request.channel, answer)
        return ChatResult(answer, session_id, message_id, latency_ms)


class _FellBack(Exception):
    def __init__(self, answer: Answer) -> None:
        super().__init__(answer.reason)
        self.answer = answer


def _extractive(plan: _Plan, answerer: AnswererName) -> Answer:
    reason = "llm_unavailable" if answerer == "fallback" else None
    return Answer(
        plan.extractive_text,
        plan.extractive_citations,
        False,
        answerer,
        plan.standalone,
        reason=reason,
        meta=plan.meta,
    )


def _from_llm(plan: _Plan, text: str) -> Answer:
    """The LLM's answer with the citations it uses. Its [n] keep the passage numbers: streamed tokens
    were shown as they came, so renumbering afterwards would contradict them."""
    by_n = {p.n: p for p in plan.passages}
    cited = dict.fromkeys(int(m.group(1)) for m in _MARKER.finditer(text) if int(m.group(1)) in by_n)
    citations = [_citation(n, by_n[n]) for n in cited]
    refused = bool(_LLM_DECLINES.search(text)) and not citations
    offered = {k: v for k, v in plan.meta.items() if k in (RELATED_ID, RELATED_QUESTION)}
    return Answer(text.strip(), citations, refused, "llm", plan.standalone, meta=offered)


def _doc_types(plan: _Plan, answer: Answer) -> str | None:
    """The document types the answer cites ("course,policy"), so trainers can filter the log by them."""
    if answer.answerer == "curated":
        return "curated"
    cited = {c.source for c in answer.citations}
    return ",".join(sorted({p.doc_type for p in plan.passages if p.source in cited})) or None


def _passage(n: int, hit: SearchHit) -> Passage:
    return Passage(n, hit.source, hit.title, hit.section, hit.text, hit.score, hit.page, hit.doc_type)


def _renumber(text: str, passages: list[Passage]) -> tuple[str, list[Citation]]:
    """Markers renumbered 1, 2... in order of appearance; passages of the same document section share
    one number, so a source is never listed twice."""
    by_n = {p.n: p for p in passages}
    mapping: dict[int, int] = {}
    numbers: dict[tuple[str, str], int] = {}
    citations: list[Citation] = []
    for match in _MARKER.finditer(text):
        n = int(match.group(1))
        if n in by_n and n not in mapping:
            where = (by_n[n].source, by_n[n].section)
            if where not in numbers:
                numbers[where] = len(numbers) + 1
                citations.append(_citation(numbers[where], by_n[n]))
            mapping[n] = numbers[where]
    text = _MARKER.sub(lambda m: f"[{mapping[int(m.group(1))]}]" if int(m.group(1)) in mapping else "", text)
    return text.strip(), citations


def _citation(n: int, passage: Passage) -> Citation:
    snippet = (
        passage.text
        if len(passage.text) <= SNIPPET_CHARS
        else passage.text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + "…"
    )
    return Citation(
        n, passage.source, passage.title, passage.section, snippet, round(passage.score, 4), passage.page
    )


def _signal_meta(signals: Signals, policy: AnsweringPolicy) -> dict[str, str]:
    return {
        "meaning": f"{signals.meaning:.3f}",
        "lexical": f"{signals.lexical:.3f}",
        "coverage": f"{signals.coverage:.3f}",
        "unknown": ",".join(signals.unknown_acronyms),
        "type_found": str(signals.answer_type_found).lower(),
        "unseen": f"{signals.unseen:.3f}",
        "named_elsewhere": ",".join(signals.named_elsewhere),
        "p_answerable": f"{answerable_probability(signals, policy.abstention):.3f}",
    }


def _declined(reason: str, language: str, question: str, meta: dict[str, str] | None = None) -> Answer:
    """A refusal: the core's reason code, worded in the learner's language by the message catalogue."""
    return Answer(say(reason, language), [], True, "extractive", question, reason=reason, meta=meta or {})


def _numbered(hits: list[SearchHit]) -> list[Passage]:
    return [_passage(n, hit) for n, hit in enumerate(hits, start=1)]
