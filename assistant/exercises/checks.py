"""Deterministic checks, one per rubric check name. Each looks at the learner's prompt and returns a
status (pass / partial / fail) with one sentence of feedback; they are small on purpose so a trainer can
read why a prompt got its mark.

The patterns accept the ways busy officers actually phrase things ("Go through the draft…", "DC sahib
needs…", "if the memo doesn't say, tell me"), not only textbook wording; evals/calibration measures how
well they agree with a trainer's bands."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from assistant.exercises.people import without_names
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


def _distinct(pattern: str, text: str) -> int:
    return len({m.group(0).lower() for m in re.finditer(pattern, text, re.IGNORECASE | re.MULTILINE)})


_VERBS = (
    r"summari[sz]e|draft|write|extract|classify|translate|list|compare|prepare|create|rewrite|check|"
    r"identify|answer|reply|respond|produce|convert|outline|explain|review|edit|categori[sz]e|tag|"
    r"generate|make|give|provide|suggest|propose|find|highlight|verify|anonymi[sz]e|replace|turn|format|"
    r"proofread|tabulate|go through|pull|put|fill|route|rank|assess|evaluate|analy[sz]e|calculate|"
    r"work out|set out|lay out|design|compose|frame|mark|label|sort|show|return|process|correct|"
    r"tell me|break|split|help me (?:draft|write|prepare|make)"
)
# Any instruction to a model has a verb: a prompt with none of these only lists terms, however punctuated
_ANY_VERB = re.compile(
    rf"\b(?:{_VERBS}|use|keep|include|add|follow|treat|ignore|copy|quote|state|say|start|begin|end|read|"
    r"run|do|take|need|want|leave|stick|avoid|focus|cover|mention|note|ask|inform|tell|thank)\b",
    re.IGNORECASE,
)


def has_verb(prompt: str) -> bool:
    """Whether the prompt has an instruction verb anywhere (English or a Roman-Urdu request)."""
    unlabelled = re.sub(r"\b[\w-]+\s*:", " ", prompt)  # "FORMAT: bullets" labels a field, asks nothing
    return bool(_ANY_VERB.search(unlabelled) or re.search(_URDU_REQUEST, unlabelled, re.IGNORECASE))


# Where an instruction can start: the beginning, after a sentence, or at the head of a (bulleted) line.
_CLAUSE_START = r"(?:^|[.!?:;]\s+|\n\s*(?:[-*•]|\d+[.)])?\s*)"
_NOT_NEGATED = r"(?<!\bdon't )(?<!\bdon’t )(?<!\bdont )(?<!\bdo not )(?<!\bnever )"
_OPENER = r"(?:please|pls|plz|kindly|can you|could you|would you|now|then|next|also|finally|first),?\s+"
# Roman-Urdu requests put the verb last ("ek guide banayein"): the imperative anywhere is the request.
_URDU_REQUEST = (
    r"\b(?:likh(?:ein|en|o|iye)|bana(?:yein|ein|en|o|iye)|tayyar kar(?:ein|en|o)|kijiye|bata(?:yein|ein|o))\b"
)


def deliverable(prompt: str) -> Verdict:
    """Pass: a sentence or line opens with an action verb, or the writer says what product they need."""
    starts = rf"{_CLAUSE_START}(?:[^.,;:\n]{{3,60}},\s*)?(?:{_OPENER})*(?:{_VERBS})\b"
    needs = r"\b(?:i|we) (?:need|want|would like)(?: you to)? (?:a|an|one|the|some|\w+ (?:a|an|the))\b"
    if _has(starts, prompt) or _has(needs, prompt) or _has(_URDU_REQUEST, prompt):
        return Verdict(
            "pass", "It opens the request with a clear action verb, so the model knows the deliverable."
        )
    if _has(rf"{_NOT_NEGATED}\b(?:{_VERBS})\b", prompt):  # "Don't write it like a letter" asks for nothing
        return Verdict(
            "partial", "The task is there, but start the instruction with the action (e.g. 'Summarise…')."
        )
    return Verdict(
        "fail", "Say what you want produced, starting with an action verb such as 'Draft' or 'Summarise'."
    )


_WHO = (
    r"\b(?:i am|i'm|i work|we are|we're|our \w+|my (?:office|section|department|boss|director|officer))\b|"
    r"\bthe (?:ministry|department|division|directorate|office)\b"
)
_SITUATION = (
    r"\b(?:background|context|situation|currently|at present|recently|tomorrow|next week|this (?:week|month)|"
    r"last (?:week|month|year|campaign)|(?:on|by) (?:monday|tuesday|wednesday|thursday|friday|saturday)|"
    r"has (?:asked|approved|sent|requested|called|directed|decided|complained)|have (?:received|been asked)|"
    r"(?:is|are) (?:starting|planning|preparing|installing|rolling|compiling|testing|opening)|"
    r"will (?:chair|start|meet|decide|sign|read|use)|chaired|meeting|received|(?:a|per|every) (?:week|month)|"
    r"under the [\w-]+(?: [\w-]+)? (?:law|act|rules|policy)|"
    r"(?:reviews?|signs?|approves?) (?:every|each|all))\b"
)
_PURPOSE = (
    r"\b(?:purpose|because|so that|in order to|so (?:i|we|he|she|they) can|this is for|it is for|"
    r"needs? (?:to|a|an|the)|wants? (?:to|a|an|the))\b"
)


def context(prompt: str) -> Verdict:
    """Pass: two different cues of who is asking, the situation or the purpose."""
    cues = _distinct(f"{_WHO}|{_SITUATION}|{_PURPOSE}", prompt)
    if cues >= 2 or (cues == 1 and len(prompt.split()) >= 60):
        return Verdict("pass", "It gives the background the model needs to do the task well.")
    if cues == 1:
        return Verdict("partial", "Add a little more background: who you are, why the output is needed.")
    return Verdict("fail", "Give the model context: the office, the situation and the purpose of the output.")


_READERS = (
    r"ministers?|secretary|secretaries|citizens?|public|readers?|officers?|officials?|staff|residents?|complainants?|"
    r"applicants?|farmers?|students?|teachers?|journalists?|audience|boss|director|head|committee|"
    r"management|colleagues?|team|people|person|layperson|non-specialists?|commissioners?|dcs?|acs?|adcs?|"
    r"deputy commissioners?|chief secretary|additional secretary|joint secretary|section officers?|"
    r"director generals?|dgs?|chairman|chairperson|cabinet|assembly|parliament|media|press|parents?|"
    r"patients?|traders?|shopkeepers?|villagers?|members?|principals?|heads?|ds|cs|tmo|dho|sahib|"
    r"laypeople|general public|ministries|divisions|clerks?|assistants?|employees|trainees|learners|"
    r"newspapers?|channels|households|inductees"
)


def audience(prompt: str) -> Verdict:
    """Pass: the reader is named as the one the output is for, or as someone who will read or use it."""
    addressed = (
        r"\b(?:for|to|addressed to|aimed at|written for|put up to|going (?:back )?to|sent to|read by)\s+"
        rf"(?:a|an|the|our|my|all|his|her)?\s*(?:[\w-]+\s+){{0,2}}(?:{_READERS})\b"
    )
    acting = (
        rf"\b(?:{_READERS})(?:\s+[\w()-]+){{0,2}}\s+(?:needs?|wants?|will|would|has to|have to|must|"
        r"is chairing|chairs|reads?|is not|is going|are going|joins?|know|knows|don'?t know|keeps?|asks?|"
        r"asked|have never|has never|can(?:not)?)\b"
    )
    named = (
        r"\baudience\b|\bwho will (?:read|use|sign|see|receive)\b|\breaders? (?:is|are|will)\b|"
        r"\b(?:intended )?readers?\s*(?::|-|–|—)\s*\S|"  # "Readers: the Secretaries of all ministries"
        r"\bi(?:'m| am) (?:a|an|the) [\w ]{3,40}\b(?:and|who) (?:will|must|have to)\b"
    )
    if _has(addressed, prompt) or _has(acting, prompt) or _has(named, prompt):
        return Verdict("pass", "It says who will read the output, so the model can pitch it right.")
    if _has(rf"\b(?:{_READERS})\b", prompt):
        return Verdict(
            "partial", "Name the reader explicitly, e.g. 'for the Minister, who has five minutes'."
        )
    return Verdict("fail", "Say who the output is for: a minister, a citizen or a colleague.")


# who the model is asked to be: "as a senior section officer", "as the district's information officer"
_ROLE_NOUN = (
    r"(?:officer|official|secretary|assistant|clerk|expert|specialist|analyst|writer|editor|translator|"
    r"drafter|draftsman|reviewer|adviser|advisor|consultant|teacher|trainer|instructor|spokes(?:person|man)|"
    r"superintendent|commissioner|director|manager|auditor|accountant|engineer|lawyer|counsel|planner|"
    r"economist|researcher|journalist|copywriter|proofreader|checker|examiner|inspector|registrar|"
    r"civil servant|bureaucrat|PRO|focal person|head|principal|deputy)s?"
)
_NOT_A_MODIFIER = r"(?!(?:for|to|of|by|from|with|in|on|and|or|that|which|as)\b)"  # "as a note to the officer"
# "readers such as officers", "as soon as the officer approves", "as well as the DC": a comparison, no role
_NOT_A_COMPARISON = r"(?<!such )(?<!soon )(?<!well )(?<!same )(?<!much )"
_AS_ROLE = (
    rf"{_NOT_A_COMPARISON}\bas (?:an? |the |our |my |their )?(?:{_NOT_A_MODIFIER}[\w'’-]+ ){{0,3}}"
    rf"{_ROLE_NOUN}\b"
)


def role(prompt: str) -> Verdict:
    if _has(
        r"\b(?:you are|you're|act as|acting as|assume the role|take the role|imagine you are|pretend you are|"
        r"play the role|your role is|in the role of|work as|as an? (?:experienced|senior|seasoned|expert)\b)",
        prompt,
    ) or _has(_AS_ROLE, prompt):
        return Verdict("pass", "It gives the model a role, which sets tone and expertise.")
    return Verdict(
        "fail", "Give the model a role, e.g. 'You are a section officer who drafts replies to citizens.'"
    )


def delimiters(prompt: str) -> Verdict:
    """Pass: ###, triple quotes, tags, a rule of ---/===, or BEGIN/END lines mark the pasted text."""
    fences = r'###|"""|\'\'\'|```|<\s*/?[a-z][\w-]*\s*>|^\s*([-=*~_#])\1{2,}'
    markers = (
        r"\[(?:text|memo|document|complaint|input)\]|^\W*(?:begin|start|end)\b.{0,30}$|"
        r"\b(?:start|end) of (?:the )?(?:text|memo|notice|document|data|letter)"
    )
    if _has(fences, prompt) or _has(markers, prompt):
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
        r"format(?:ted)? as|in the form of|template|paragraphs?|paras|chart|rows?|fields?|layout|"
        r"subject line|signature block|one line (?:per|for each|for every)|per line|in (?:this|the) form|"
        r"structure|headline|lead para)\b|"
        r"\w \| \w|\b(?:format|layout)\s*:\s*\S|"
        r"\bfor (?:each|every) [\w ]{1,30}?,? (?:write|give|return|use|answer)(?: this| the following| it)?"
        r"(?: as| like| in this way)?\s*:",  # "For each question write:" and a template
        prompt,
    ):
        return Verdict("pass", "It specifies the shape of the output.")
    return Verdict("fail", "Say what shape you want: a table, numbered bullets, short paragraphs or JSON.")


_UNITS = r"words?|sentences?|lines?|pages?|bullets?|points?|paragraphs?|paras|characters?|items?|questions?"


def length(prompt: str) -> Verdict:
    if _has(
        rf"\b\d+\s*(?:(?:-|to)\s*\d+\s*)?(?:short |numbered )?(?:{_UNITS})\b|"
        rf"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|half a|single)[- ](?:short )?"
        rf"(?:{_UNITS})\b",
        prompt,
    ):
        return Verdict("pass", "It sets a length the model can follow.")
    if _has(r"\b(?:short|brief|concise|succinct|summary)\b", prompt):
        return Verdict("partial", "Make the length concrete, e.g. 'at most 150 words' or 'five bullets'.")
    return Verdict("fail", "Set a length: a number of words, bullets or pages.")


_DO = (
    r"use|keep|write|include|stick|mention|start|end|begin|put|mark|set|copy|state|say|fill|return|quote|"
    r"show|tell|treat|leave|add|follow|apply|give|explain|thank|address|sign|refer|choose|label|sort|order|"
    rf"spell|cover|name|number|list|answer|reply|tabulate|flag|limit|count|take|report|{_VERBS}"
)


def positive_constraints(prompt: str) -> Verdict:
    """Instructions that open with what to do ('Use…', 'Write "not stated"…') against don'ts."""
    negative = _count(r"\b(?:don'?t|do not|never|avoid|not to|no\s+\w+ing)\b", prompt)
    positive = _count(
        rf"(?:{_CLAUSE_START}|\(\s*|\b(?:and|then)\s+)(?:please\s+|always\s+|just\s+|only\s+|also\s+)?"
        rf"(?:{_DO})\b|\b(?:make sure|ensure)\b",
        prompt,
    )
    if positive >= max(2, negative):  # the request itself is one 'do'; a constraint needs another
        return Verdict("pass", "Constraints are phrased as what to do, which models follow more reliably.")
    if negative:
        return Verdict(
            "partial", "Rephrase the 'don'ts' as what to do instead, e.g. 'use plain words' not 'no jargon'."
        )
    if positive:
        return Verdict("partial", "Add the constraints that matter, each phrased as what to do.")
    return Verdict("fail", "Add the constraints that matter, phrased positively ('Use plain Urdu…').")


def examples(prompt: str) -> Verdict:
    """Worked examples: labelled inputs, arrows or 'Label:' lines, or <example> blocks."""
    pairs = _count(
        r"^\s*(?:input|text|petition|complaint|example|q|case|facts?|sample)\s*\d*\s*[:：]|"
        r"<\s*(?:example|sample)[\w-]*\s*>|\bexample (?:\d|one|two|three|[a-c]\b)",
        prompt,
    )
    labelled_lines = _count(r"^.{15,}?\s(?:=|–|—|-)\s*[A-Z][\w&/]*(?: [A-Z&][\w&/]*){0,2}\s*$", prompt)
    marked = labelled_lines + _count(
        r"(?:->|→|=>)|\b(?:category|label|output|answer|a|wing|json|result|class|type)\s*[:：]", prompt
    )
    if pairs >= 2 or marked >= 2:
        return Verdict("pass", "It shows worked examples, so the model can copy the pattern.")
    if pairs or marked or _has(r"\b(?:for example|e\.g\.|for instance|such as)\b", prompt):
        return Verdict("partial", "Give at least two complete examples of input and the output you expect.")
    return Verdict("fail", "Add two or three worked examples (input → expected output).")


def reasoning(prompt: str) -> Verdict:
    """Steps, one item at a time, or reasons before the conclusion."""
    if _has(
        r"\bstep[- ]by[- ]step\b|\bthink (?:it )?through\b|\bexplain your reasoning\b|\bfirst\b.*\bthen\b|"
        r"\bsteps?\b|\bone (?:by|at a) (?:one|time)\b|\bin turn\b|"
        r"\b(criterion|condition|case|line|point|option|item) by \1\b|"
        r"\b(?:only )?(?:after|before) (?:that|this|all|giving|you give|concluding|the conclusion|reaching|"
        r"making|your (?:answer|recommendation|ranking|verdict|conclusion))\b|"
        r"\b(?:work|reason|go) through\b|"
        r"\bshow(?:ing)? (?:your |the |each |every |all )?"
        r"(?:working|workings|reasoning|calculations?|formulas?)|"
        r"\bbefore (?:the|any|your) (?:totals?|conclusion|answer|result|recommendation)\b",
        prompt,
    ):
        return Verdict("pass", "It asks the model to work in steps, which improves careful tasks.")
    return Verdict("fail", "Ask the model to work step by step (first…, then…).")


STAGE = r"(?:prompt|stage|step|part|round|phase|run|pass)"
_STAGE_LABEL = (
    rf"\b{STAGE}\s*(?P<n>\d|one|two|three|four|[a-d]\b)|\b(?P<o>first|second|third|fourth|final)\s+{STAGE}"
)
_HANDOFF = (
    rf"\bnext {STAGE}\b|\b(?:output|result)s? (?:of|from) (?:the |each |every )?(?:first|previous|last|"
    rf"earlier|{STAGE})|\buse (?:the|this|that|its) (?:output|result|summary|table|list|bullets|ranking)\b|"
    r"\bfeed(?:s|ing)? (?:it|this|that|them|the \w+)? ?(?:in)?to\b|\bonce i (?:confirm|check|approve|have)|"
    r"\bafter i (?:check|confirm|approve|review|add)\b|\b(?:separate|linked) (?:prompts|runs|stages|steps)\b|"
    r"\binto the next (?:one|prompt|stage|step|run)\b|\bchain\b"
)


def chaining(prompt: str) -> Verdict:
    """Two or more labelled stages ('Prompt 1', 'second round'), or stages handed on to each other."""
    labels = {
        (m.group("n") or m.group("o")).lower()
        for m in re.finditer(_STAGE_LABEL, prompt, re.IGNORECASE | re.MULTILINE)
    }
    if len(labels) >= 2 or (labels and _has(_HANDOFF, prompt)) or _count(_HANDOFF, prompt) >= 2:
        return Verdict("pass", "It splits the job into linked prompts, each feeding the next.")
    if _has(r"\bfirst\b.*\bthen\b", prompt):
        return Verdict("partial", "Make the stages separate prompts and say how each output feeds the next.")
    return Verdict("fail", "Break the task into a chain: prompt 1 produces X, prompt 2 uses X to produce Y.")


_SOURCE = (
    r"document|text|memo|circular|report|notification|notes?|letter|minutes|paper|rules?|cases?|facts?|"
    r"data|bids?|notices?|table|section|extract|material|record|file|order|attached|following|provided|"
    r"given|below|above|this|these|input|content|bullets|what (?:is|was|they) (?:written|given|say)"
)
ONLY = (  # keep to the given material (also a keyword concept)
    rf"\b(?:only|solely|strictly|exclusively)\b.{{0,50}}\b(?:{_SOURCE})\b|\b(?:{_SOURCE})\b.{{0,12}}\b(?:only|alone)\b|"
    r"\bthe only (?:source|authority|basis|reference)\b|\bnothing (?:else|outside|beyond|but)\b|"
    r"\bstick to\b|\bbased (?:only|solely|strictly) on\b|\banything you (?:may )?know\b|"
    r"\bnot from (?:your |the |any )?(?:general|own|outside|other|prior)\b|"
    r"\b(?:do not|don'?t|never|not) (?:use|rely on|add|bring in)\b.{0,30}"
    r"\b(?:own|general|outside|prior|other|external) (?:knowledge|information|sources?)"
)
MISSING = (  # what to do when the material does not say (also a keyword concept)
    r"\b(?:if|where|when|whenever|in case)\b[^.\n]{0,80}?(?:\bnot\b|n't\b|\bcannot\b|\bno\b|\bsilent\b|"
    r"\bmissing\b|\bleaves? out\b|\babsent\b|\bunclear\b)|"
    r"\bsay (?:so|that you (?:don'?t|do not) know|you (?:don'?t|do not) know)|"
    r"\bnot in the (?:document|text)\b|"
    r"\b(?:not (?:in|covered|given|found)|missing|absent)\b[^.\n]{0,30}(?:->|→|=>)|"  # 'Not in order -> say'
    r"\b(?:write|put|mark|say|state|enter)\b[^.\n]{0,12}['\"‘“]?\s*(?:not (?:stated|found|given|mentioned|"
    r"available|known|in)|information missing|n/?a\b|unknown|missing|cannot decide)"
)


_NO_GUESSING = (
    r"\b(?:do not|don'?t|never|no) (?:guess|assume|invent|estimate|make (?:up|anything up))|"
    r"\b(?:rather than|instead of) (?:guess|assum|estimat|invent|mak)"
)


def grounding(prompt: str) -> Verdict:
    """Both halves: use only the given material, and what to do when the answer is not in it."""
    only, missing = _has(ONLY, prompt), _has(MISSING, prompt) or _has(_NO_GUESSING, prompt)
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
    found = redact(prompt).kinds + (("NAME OR ADDRESS",) if without_names(prompt) != prompt else ())
    if found:
        kinds = ", ".join(k.lower() for k in found)
        return Verdict(
            "fail", f"The prompt contains personal data ({kinds}); replace it with placeholders like [Name]."
        )
    return Verdict("pass", "No personal data (name, address, CNIC, phone, e-mail) is pasted into the prompt.")


def verification(prompt: str) -> Verdict:
    """Sources, quotes or references for each claim, or a check of the output against the original."""
    if _has(
        r"\b(?:cite|citation|sources?|quote|verify|flag|uncertain|confidence|mark (?:any|each)|references?|"
        r"evidence|supported|unsupported|contradict(?:s|ed)?|cross[- ]?check|double[- ]check|re-?check|"
        r"recalculat\w*|mismatch(?:es)?|(?:came|comes) from|in (?:double )?quot(?:es|ation marks)|verbatim|"
        r"word for word|"
        r"(?:para(?:graph)?|page|clause) (?:no\.?|number|ref)|"
        r"check (?:each|every|all|the|it|them|against|with|whether)|does(?:n't| not) match|"
        r"list (?:the )?(?:facts|claims)|list (?:any|every|each|all|separately)|"
        r"compare (?:\w+ ){0,3}(?:with|against))\b",
        prompt,
    ):
        return Verdict("pass", "It asks for sources or checks, so the output can be verified.")
    return Verdict(
        "fail", "Ask the model to quote its source or flag claims it cannot support, so you can check them."
    )


_REGISTER = (
    r"\b(?:urdu|english|plain|simple|easy|everyday|bilingual|translate|translation|nastaliq|layman|asaan|aasan|"
    r"sada|aam fehm)\b"
)
_STANDARD = (
    r"\b(?:short|shorter|common|everyday|familiar|jargon|technical|legal|official|difficult|hard|"
    r"schooling|matric|class|grade|primary|secondary|literate|educated|layman|nastaliq|word[- ]for[- ]word|"
    r"literal|chote|chhote|chotay|alfaaz|alfaz|mushkil|lafzi)\b"
)


def language(prompt: str) -> Verdict:
    register, standard = _has(_REGISTER, prompt), _distinct(_STANDARD, prompt)
    if register and standard or standard >= 2:
        return Verdict("pass", "It says which language and register to write in, and how plain.")
    if register or standard:
        return Verdict(
            "partial",
            "Say how plain, too: short sentences, common words, a reading level such as ten years of "
            "schooling.",
        )
    return Verdict(
        "fail", "Say which language and register you want, e.g. 'plain Urdu a citizen can follow'."
    )


_VAGUE = r"\b(?:something|stuff|things?|some|etc|nice|good|better|whatever|anything)\b"


SPECIFIC_WORDS = 8  # below this a prompt cannot name what it needs; above, the rubric's task words decide


def specificity(prompt: str) -> Verdict:
    words = len(prompt.split())
    vague = _count(_VAGUE, prompt)
    if words < SPECIFIC_WORDS:
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

# Checks that look at the whole prompt, pasted material included (how the data is marked off, and
# whether it carries personal data); every other check reads only the learner's own words.
WHOLE_PROMPT_CHECKS = frozenset({"delimiters", "no_personal_data"})
