"""What a prompt does with the exercise's material (the sample input): pastes it, rewrites it, points at
it, or leaves it out. The grader uses this three ways: pasted text is not the learner's own words (so it
earns nothing by itself), a criterion about handling the material passes only when the material is
there, and the length cap reads the instruction together with whether the material came with it."""

from __future__ import annotations

import re
from dataclasses import dataclass

MATERIAL_SHINGLE = 6  # a run of 6 words found in the sample input is pasted material
CARRIED_SHARE = 0.25  # the prompt carries the material: a quarter of its 6-word runs ...
CARRIED_WORDS = 40  # ... or 40 words of it (a long sample, pasted in part) ...
ECHOED_SHARE = 0.35  # ... or, rewritten in the learner's words, a third of its distinctive words

_WORD = re.compile(r"[\w']+")
_LETTERS = re.compile(r"[a-z]+")
PLACEHOLDER = re.compile(r"\[[A-Za-z][^\]\n]{0,40}\]|\{\{\s*\w[\w ]{0,30}\}\}|\{[A-Z][A-Z_ ]{1,30}\}")
_POINTER = re.compile(
    r"\b(?:below|above|attached|enclosed|following|pasted|appended|given here|as under|"
    r"(?:i|we) (?:will|'ll|shall) (?:paste|add|attach|give|put)|after this|here (?:is|are) the)\b",
    re.IGNORECASE,
)
_COMMON = frozenset(
    """that this with from have will been were they their there which would about after before shall
    should could also only into than then them when what your other these those under within over each
    such some more most made make given must upon last next same both very just like""".split()
)


@dataclass(frozen=True, slots=True)
class MaterialUse:
    """How a prompt uses the exercise's material; `own` is the prompt without the pasted runs."""

    own: str
    pasted_words: int
    share: float  # share of the sample input's 6-word runs found in the prompt
    echoed: float  # share of the sample input's distinctive words found in the learner's own words
    referenced: bool  # the prompt points at material: 'the memo below', '[memo text]', '{{RECORD}}'
    placeholders: int  # [Name]-style placeholders in the prompt
    prompt: str = ""  # the prompt as written, pasted runs and all

    @property
    def pasted(self) -> bool:
        """The prompt contains the material as written (all of it, or a long run of it)."""
        return self.share >= CARRIED_SHARE or self.pasted_words >= CARRIED_WORDS

    @property
    def carried(self) -> bool:
        """The prompt contains the material, pasted or rewritten."""
        return self.pasted or self.echoed >= ECHOED_SHARE

    @property
    def present(self) -> bool:
        """The prompt contains the material or points at where it goes."""
        return self.carried or self.referenced or self.placeholders > 0


@dataclass(frozen=True, slots=True)
class Material:
    """An exercise's sample input, prepared once: its 6-word runs and its distinctive words."""

    shingles: frozenset[tuple[str, ...]]
    words: frozenset[str]

    @classmethod
    def of(cls, sample_input: str | None) -> Material:
        text = sample_input or ""
        words = {w for w in _LETTERS.findall(text.lower()) if len(w) >= 4 and w not in _COMMON}
        return cls(shingles(text, MATERIAL_SHINGLE), frozenset(w[:6] for w in words))

    def read(self, prompt: str) -> MaterialUse:
        """How `prompt` uses this material."""
        own, pasted, hit = _strip(prompt, self.shingles, MATERIAL_SHINGLE)
        share = len(hit) / len(self.shingles) if self.shingles else 0.0
        own_words = {w[:6] for w in _LETTERS.findall(own.lower()) if len(w) >= 4}
        echoed = len(own_words & self.words) / len(self.words) if len(self.words) >= 8 else 0.0
        return MaterialUse(
            own=own,
            pasted_words=pasted,
            share=share,
            echoed=echoed,
            referenced=bool(_POINTER.search(own)),
            placeholders=len(PLACEHOLDER.findall(prompt)),
            prompt=prompt,
        )


def shingles(text: str, n: int) -> frozenset[tuple[str, ...]]:
    words = [w.lower() for w in _WORD.findall(text)]
    return frozenset(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def own_words(prompt: str, runs: frozenset[tuple[str, ...]], n: int = MATERIAL_SHINGLE) -> str:
    """The prompt without the runs of `n`+ words it shares with `runs` (each becomes a line break)."""
    return _strip(prompt, runs, n)[0]


def _strip(prompt: str, runs: frozenset[tuple[str, ...]], n: int) -> tuple[str, int, set[tuple[str, ...]]]:
    """(the prompt without the shared runs, how many words were taken out, which runs matched)."""
    tokens = list(_WORD.finditer(prompt))
    lowered = [t.group(0).lower() for t in tokens]
    covered = [False] * len(tokens)
    hit: set[tuple[str, ...]] = set()
    for i in range(len(tokens) - n + 1):
        run = tuple(lowered[i : i + n])
        if run in runs:
            covered[i : i + n] = [True] * n
            hit.add(run)
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
    return "".join(pieces), sum(covered), hit
