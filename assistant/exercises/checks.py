"""Deterministic checks, one per rubric check name. Each looks at the learner's prompt and returns a
status (pass / partial / fail) with one sentence of feedback; they are small on purpose so a trainer can
read why a prompt got its mark."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from assistant.privacy import redact

Status = Literal["pass", "partial", "fail"]


@dataclass(frozen=True, slots=True)
class Verdict:
    status: Status
    feedback: str


def _has(pattern: str, text: str) -> bool:
    return re.search(pattern, text, re.IGNORECASE | re.MULTILINE) is not None


def _count(pattern: str, text: str) -> int:
    return len(re.findall(pattern, text, re.IGNORECASE | re.MULTILINE))


_VERBS = (
    r"summari[sz]e|draft|write|extract|classify|translate|list|compare|prepare|create|rewrite|check|"
    r"identify|answer|reply|respond|produce|convert|outline|explain|review|edit|categori[sz]e|tag|"
    r"generate|make|give|provide|suggest|propose|find|highlight|verify|anonymi[sz]e|replace|turn|format"
)


def deliverable(prompt: str) -> Verdict:
    if _has(rf"(?:^|[.!?:]\s+|\n\s*(?:\d+[.)]\s*)?)(?:please\s+)?(?:{_VERBS})\b", prompt):
        return Verdict(
            "pass", "It opens the request with a clear action verb, so the model knows the deliverable."
        )
    if _has(rf"\b(?:{_VERBS})\b", prompt):
        return Verdict(
            "partial", "The task is there, but start the instruction with the action (e.g. 'Summarise…')."
        )
    return Verdict(
        "fail", "Say what you want produced, starting with an action verb such as 'Draft' or 'Summarise'."
    )


def context(prompt: str) -> Verdict:
    cues = _count(
        r"\b(?:background|context|purpose|because|so that|this is for|we are|i am|our (?:ministry|department|"
        r"office|section)|the (?:ministry|department|division|directorate|office)|situation|currently)\b",
        prompt,
    )
    if cues >= 2 or (cues == 1 and len(prompt.split()) >= 60):
        return Verdict("pass", "It gives the background the model needs to do the task well.")
    if cues == 1:
        return Verdict("partial", "Add a little more background: who you are, why the output is needed.")
    return Verdict("fail", "Give the model context: the office, the situation and the purpose of the output.")


_READERS = (
    r"minister|secretary|citizens?|public|readers?|officers?|officials?|staff|residents?|complainants?|"
    r"applicants?|farmers?|students?|teachers?|journalists?|audience|boss|director|head|committee|"
    r"management|colleagues?|team|people|person|layperson|non-specialists?|commissioners?|dcs?|acs?|"
    r"deputy commissioners?|chief secretary|additional secretary|joint secretary|section officers?|"
    r"director generals?|dgs?|chairman|chairperson|cabinet|assembly|parliament|media|press|parents?|"
    r"patients?|traders?|shopkeepers?|villagers?|members?|principals?|heads?"
)


def audience(prompt: str) -> Verdict:
    if _has(
        r"\b(?:for|to|addressed to|aimed at|written for)\s+(?:a|an|the|our|my)?\s*(?:[\w-]+\s+){0,2}"
        rf"(?:{_READERS})\b|\baudience\b|\bwho will read\b",
        prompt,
    ):
        return Verdict("pass", "It says who will read the output, so the model can pitch it right.")
    if _has(r"\b(?:minister|secretary|citizen|public|reader|officer|official)s?\b", prompt):
        return Verdict(
            "partial", "Name the reader explicitly, e.g. 'for the Minister, who has five minutes'."
        )
    return Verdict("fail", "Say who the output is for: a minister, a citizen or a colleague.")


def role(prompt: str) -> Verdict:
    if _has(
        (
            r"\b(?:you are|act as|acting as|assume the role|take the role|imagine you are|"
            r"as an? (?:experienced|senior)?)"
        ),
        prompt,
    ):
        return Verdict("pass", "It gives the model a role, which sets tone and expertise.")
    return Verdict(
        "fail", "Give the model a role, e.g. 'You are a section officer who drafts replies to citizens.'"
    )


def delimiters(prompt: str) -> Verdict:
    if _has(r'###|"""|```|<\s*[a-z_]+\s*>|^---\s*$|\[(?:text|memo|document|complaint|input)\]', prompt):
        return Verdict("pass", "The pasted text is clearly separated from the instructions.")
    if _has(r"[\"“][^\"”]{80,}[\"”]|:\s*\n", prompt):
        return Verdict(
            "partial", "Mark the pasted text more clearly, e.g. between ### lines or triple quotes."
        )
    return Verdict(
        "fail", "Separate your instructions from the text to work on, e.g. with ### or triple quotes."
    )


def output_format(prompt: str) -> Verdict:
    if _has(
        r"\b(?:table|bullet(?:s| points)?|numbered|list|json|csv|columns?|headings?|sections?|markdown|"
        r"format(?:ted)? as|in the form of|template|paragraphs?)\b",
        prompt,
    ):
        return Verdict("pass", "It specifies the shape of the output.")
    return Verdict("fail", "Say what shape you want: a table, numbered bullets, short paragraphs or JSON.")


def length(prompt: str) -> Verdict:
    if _has(
        (
            r"\b\d+\s*(?:-\s*\d+\s*)?(?:words?|sentences?|lines?|pages?|bullets?|points?|paragraphs?|"
            r"characters?|items?)\b"
            r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:words?|sentences?|lines?|"
            r"pages?|bullets?|points?|paragraphs?)\b"
        ),
        prompt,
    ):
        return Verdict("pass", "It sets a length the model can follow.")
    if _has(r"\b(?:short|brief|concise|succinct|one page|summary)\b", prompt):
        return Verdict("partial", "Make the length concrete, e.g. 'at most 150 words' or 'five bullets'.")
    return Verdict("fail", "Set a length: a number of words, bullets or pages.")


def positive_constraints(prompt: str) -> Verdict:
    negative = _count(r"\b(?:don'?t|do not|never|avoid|no\s+\w+ing)\b", prompt)
    positive = _count(
        r"\b(?:use|keep|write|include|make sure|ensure|stick to|mention|start with|end with)\b", prompt
    )
    if positive and positive >= negative:
        return Verdict("pass", "Constraints are phrased as what to do, which models follow more reliably.")
    if negative:
        return Verdict(
            "partial", "Rephrase the 'don'ts' as what to do instead, e.g. 'use plain words' not 'no jargon'."
        )
    return Verdict("fail", "Add the constraints that matter, phrased positively ('Use plain Urdu…').")


def examples(prompt: str) -> Verdict:
    pairs = _count(r"^\s*(?:input|text|petition|complaint|example|q)\s*\d*\s*[:：]", prompt)
    marked = _count(r"(?:->|→|=>)|\b(?:category|label|output|answer|a)\s*[:：]", prompt)
    if pairs >= 2 or marked >= 2:
        return Verdict("pass", "It shows worked examples, so the model can copy the pattern.")
    if pairs or marked or _has(r"\b(?:for example|e\.g\.|for instance|such as)\b", prompt):
        return Verdict("partial", "Give at least two complete examples of input and the output you expect.")
    return Verdict("fail", "Add two or three worked examples (input → expected output).")


def reasoning(prompt: str) -> Verdict:
    if _has(
        (
            r"\bstep[- ]by[- ]step\b|\bthink (?:it )?through\b|\bexplain your reasoning\b|"
            r"\bfirst\b.*\bthen\b|\bsteps?\b"
        ),
        prompt,
    ):
        return Verdict("pass", "It asks the model to work in steps, which improves careful tasks.")
    return Verdict("fail", "Ask the model to work step by step (first…, then…).")


def chaining(prompt: str) -> Verdict:
    if _has(
        (
            r"\b(?:prompt|stage|step|part)\s*(?:1|one)\b.*\b(?:prompt|stage|step|part)\s*(?:2|two)\b|"
            r"\bnext prompt\b|\boutput of (?:the )?(?:first|previous)\b|\buse (?:the|this) (?:output|"
            r"result|summary)\b"
        ),
        prompt,
    ):
        return Verdict("pass", "It splits the job into linked prompts, each feeding the next.")
    if _has(r"\bfirst\b.*\bthen\b", prompt):
        return Verdict("partial", "Make the stages separate prompts and say how each output feeds the next.")
    return Verdict("fail", "Break the task into a chain: prompt 1 produces X, prompt 2 uses X to produce Y.")


def grounding(prompt: str) -> Verdict:
    only = _has(
        (
            r"\b(?:only|solely|strictly)\b.{0,40}\b(?:document|text|memo|circular|report|attached|"
            r"following|provided|given|below|above)\b|\bbased only on\b"
        ),
        prompt,
    )
    missing = _has(
        (
            r"\bif (?:it|the (?:answer|information|figure|date))(?:'s| is)? not (?:there|in|given|"
            r"stated|found|mentioned)|\bsay (?:so|that you (?:don'?t|do not) know)|\bdo not guess\b|"
            r"\bnot in the (?:document|text)\b|\bwrite ['\"]?not (?:stated|found|given)"
        ),
        prompt,
    )
    if only and missing:
        return Verdict(
            "pass", "It limits the model to the document and says what to do when the answer is missing."
        )
    if only or missing:
        return Verdict("partial", "Do both: 'use only the text below' and 'if it is not there, say so'.")
    return Verdict(
        "fail", "Tell the model to use only the given text and to say when the answer is not in it."
    )


def no_personal_data(prompt: str) -> Verdict:
    found = redact(prompt).kinds
    if found:
        kinds = ", ".join(k.lower() for k in found)
        return Verdict(
            "fail", f"The prompt contains personal data ({kinds}); replace it with placeholders like [Name]."
        )
    return Verdict("pass", "No personal data (CNIC, phone, e-mail) is pasted into the prompt.")


def verification(prompt: str) -> Verdict:
    if _has(
        (
            r"\b(?:cite|citation|source|quote|verify|check (?:each|every|the)|flag|uncertain|confidence|"
            r"mark (?:any|each)|list (?:the )?(?:facts|claims))\b"
        ),
        prompt,
    ):
        return Verdict("pass", "It asks for sources or checks, so the output can be verified.")
    return Verdict(
        "fail", "Ask the model to quote its source or flag claims it cannot support, so you can check them."
    )


def language(prompt: str) -> Verdict:
    if _has(
        (
            r"\b(?:urdu|english|plain language|simple (?:words|language|urdu|english)|bilingual|"
            r"translate|everyday words)\b"
        ),
        prompt,
    ):
        return Verdict("pass", "It says which language and register to write in.")
    return Verdict(
        "fail", "Say which language and register you want, e.g. 'plain Urdu a citizen can follow'."
    )


_VAGUE = r"\b(?:something|stuff|things?|some|etc|nice|good|better|whatever|anything)\b"


def specificity(prompt: str) -> Verdict:
    words = len(prompt.split())
    vague = _count(_VAGUE, prompt)
    if words < 15:
        return Verdict(
            "fail", "The prompt is too short to say what you need; add the task, reader and format."
        )
    if vague / max(words, 1) > 0.04:
        return Verdict(
            "partial", "Replace vague words ('something', 'good', 'etc.') with exactly what you want."
        )
    return Verdict("pass", "The wording is specific.")


CHECKS: dict[str, Callable[[str], Verdict]] = {
    "deliverable": deliverable,
    "context": context,
    "audience": audience,
    "role": role,
    "delimiters": delimiters,
    "format": output_format,
    "length": length,
    "positive_constraints": positive_constraints,
    "examples": examples,
    "reasoning": reasoning,
    "chaining": chaining,
    "grounding": grounding,
    "no_personal_data": no_personal_data,
    "verification": verification,
    "language": language,
    "specificity": specificity,
}
