"""How learners spell the corpus's words when they do not spell them as the corpus does.

English words written in Urdu script: officers write "ٹیمپریچر" for temperature, "ٹری آف تھاٹس" for
Tree of Thoughts and "جی پی ٹی" for GPT, which no glossary can list in full. Both spellings are reduced
to the consonants a listener hears (the vowels, h, w and y, which Urdu writes loosely or not at all,
left out; "ch" one sound, "tion" as "shun", a soft c as s, a soft g as j or g), and an Urdu word whose
skeleton is a corpus word's is read as that word. Multi-word names are matched against the corpus's
titles and section headings, where its names of techniques, models and settings stand; a skeleton of
fewer than three consonants alone is too common to say which word it is ("ٹری" could be tree, try or
true), so short words count only inside such a name. A run of Urdu letter names ("ایل ایل ایم") is
the acronym it spells, when the corpus uses it.

Misspelt English ("halucination", "diffrence", "subscripton"): the commonest corpus word one edit away,
or one with the same consonants two edits away. Which words are misspelt is the searcher's call
(`HybridSearcher.corrections`): those neither the corpus nor the embedding model's vocabulary knows."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import product

MIN_CONSONANTS = 3  # a shorter skeleton alone matches too many words
MAX_NAME_WORDS = 4  # the longest heading name matched (words)
MIN_TYPO_LETTERS = 5  # a shorter unknown word is too often a real word of the learner's (a name, Urdu)

_URDU_SOUNDS = {
    **dict.fromkeys("بب", "b"),
    "پ": "p",
    **dict.fromkeys("تٹطۃ", "t"),
    **dict.fromkeys("ثسصشزذضظژ", "s"),
    "ج": "j",
    "چ": "C",  # the sound of "ch"
    **dict.fromkeys("خقکك", "k"),
    **dict.fromkeys("دڈ", "d"),
    **dict.fromkeys("رڑ", "r"),
    **dict.fromkeys("غگ", "g"),
    "ف": "f",
    "ل": "l",
    "م": "m",
    **dict.fromkeys("نں", "n"),
}
_LETTER_NAMES = {  # Urdu spellings of the English letters' names, as acronyms are written
    "اے": "a",
    "بی": "b",
    "سی": "c",
    "ڈی": "d",
    "ای": "e",
    "ایف": "f",
    "جی": "g",
    "ایچ": "h",
    "آئی": "i",
    "جے": "j",
    "کے": "k",
    "ایل": "l",
    "ایم": "m",
    "این": "n",
    "او": "o",
    "پی": "p",
    "کیو": "q",
    "آر": "r",
    "ایس": "s",
    "ٹی": "t",
    "یو": "u",
    "وی": "v",
    "ڈبلیو": "w",
    "ایکس": "x",
    "وائی": "y",
    "زیڈ": "z",
}
_NUMBER_NAMES = {  # English numbers as model names say them ("کلاڈ تھری": Claude 3)
    "ون": "1",
    "ٹو": "2",
    "تھری": "3",
    "فور": "4",
    "فائیو": "5",
    "سکس": "6",
    "سیون": "7",
    "ایٹ": "8",
    "نائن": "9",
    "ٹین": "10",
}
_ENGLISH_SOUNDS = [  # in order: longer spellings of one sound first; "C" is the sound of "ch"
    (re.compile(r"[ts]ion"), "sn"),
    (re.compile(r"t(?=ure|ua)"), "C"),
    (re.compile(r"^kn"), "n"),
    (re.compile(r"dg"), "j"),
    (re.compile(r"ng(?=th)"), "n"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"gh"), ""),
    (re.compile(r"ck"), "k"),
    (re.compile(r"ch"), "C"),
    (re.compile(r"sh"), "s"),
    (re.compile(r"th"), "t"),
    (re.compile(r"qu?"), "k"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"c(?=[eiy])"), "s"),
    (re.compile(r"c"), "k"),
    (re.compile(r"z"), "s"),
    (re.compile(r"[aeiouhwyv]"), ""),
]
# Urdu spells English t and d with the retroflex ٹ and ڈ (ت and د only in "th", تھ, and "dh"), and no
# English word with the Arabic letters: a word with either is Urdu the tables lack, not English
_NATIVE = re.compile(r"[ثحذصضطظعغقۃ]|[تد](?!ھ)")
_SOFT_G = re.compile(r"g(?=[eiy])")
_REPEATED = re.compile(r"(.)\1+")
_LATIN_WORD = re.compile(r"[a-z]+")


def urdu_skeleton(word: str) -> str:
    """The consonants of an Urdu-script word as English letters ("تھاٹس" -> "tts")."""
    return _REPEATED.sub(r"\1", "".join(_URDU_SOUNDS.get(letter, "") for letter in word))


def english_skeletons(word: str) -> set[str]:
    """The consonant skeletons of an English word ("thoughts" -> {"tts"}; "gemini" -> {"jmn", "gmn"})."""
    spellings = {word.lower()}
    if _SOFT_G.search(word.lower()):
        spellings.add(_SOFT_G.sub("j", word.lower()))
    found = set()
    for spelling in spellings:
        for pattern, sound in _ENGLISH_SOUNDS:
            spelling = pattern.sub(sound, spelling)
        found.add(_REPEATED.sub(r"\1", spelling))
    return found


def acronym(words: Sequence[str]) -> str | None:
    """The letters a run of Urdu letter names spells ("جی پی ٹی" -> "gpt"), or None."""
    if len(words) < 2 or not all(w in _LETTER_NAMES for w in words):
        return None
    return "".join(_LETTER_NAMES[w] for w in words)


@dataclass(slots=True)
class CorpusSpelling:
    """Reads learners' spellings of one corpus's words and heading names: in Urdu script (`read`) and
    misspelt (`corrected`)."""

    words: dict[str, str] = field(default_factory=dict)  # skeleton -> the corpus's commonest such word
    names: dict[tuple[str, ...], str] = field(default_factory=dict)  # word skeletons -> heading words
    vocabulary: dict[str, int] = field(default_factory=dict)  # every word of the corpus -> its count
    heading_words: dict[str, str] = field(default_factory=dict)  # skeleton -> a word of a heading

    @classmethod
    def of(cls, texts: Iterable[str], headings: Iterable[str]) -> CorpusSpelling:
        """From the corpus's texts (its words) and its titles and section headings (its names)."""
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(_LATIN_WORD.findall(text.lower()))
        skeletons: dict[str, list[str]] = {}  # a word's skeletons, worked out once for the whole corpus

        def skeletons_of(word: str) -> list[str]:
            if word not in skeletons:
                skeletons[word] = sorted(english_skeletons(word))
            return skeletons[word]

        words: dict[str, str] = {}
        for word, _ in counts.most_common():  # the commonest word keeps a shared skeleton
            for skeleton in skeletons_of(word):
                if len(skeleton) >= MIN_CONSONANTS:
                    words.setdefault(skeleton, word)
        names: dict[tuple[str, ...], str] = {}
        heading_words: dict[str, str] = {}
        for heading in set(headings):
            tokens = _LATIN_WORD.findall(heading.lower())
            for token in tokens:
                for skeleton in skeletons_of(token):
                    if len(skeleton) >= MIN_CONSONANTS:
                        heading_words.setdefault(skeleton, token)
            for size in range(2, MAX_NAME_WORDS + 1):
                for start in range(len(tokens) - size + 1):
                    name = tokens[start : start + size]
                    for key in product(*(skeletons_of(w) for w in name)):
                        if sum(map(len, key)) >= MIN_CONSONANTS:
                            names.setdefault(key, " ".join(name))
        return cls(words, names, dict(counts), heading_words)

    def corrected(self, word: str) -> str | None:
        """The corpus word a misspelt English word stands for ("halucination": hallucination), or None:
        the commonest corpus word one edit away, else one with the same consonants at most two edits
        away; for words of five letters or more the corpus does not use, first letter kept."""
        word = word.lower()
        if len(word) < MIN_TYPO_LETTERS or word in self.vocabulary or not word.isalpha():
            return None
        near = [w for w in _one_edit(word) if w in self.vocabulary and w[0] == word[0]]
        if near:
            return max(near, key=lambda w: (self.vocabulary[w], w))
        for skeleton in english_skeletons(word):
            same = self.words.get(skeleton)
            if same is not None and same[0] == word[0] and _edits(word, same) <= 2:
                return same
        return None

    def read(self, run: Sequence[str]) -> list[tuple[str, int]]:
        """The English words a run of consecutive unread Urdu words spells, longest match first, each
        with how many of the Urdu words it reads: a heading's name, a word written whole or in parts
        ("جیل بریکنگ"), an acronym or a number."""
        found: list[tuple[str, int]] = []
        i = 0
        while i < len(run):
            for size in range(min(MAX_NAME_WORDS, len(run) - i), 0, -1):
                english = self._spelled(run[i : i + size])
                if english is not None:
                    found.append((english, size))
                    i += size
                    break
            else:
                i += 1
        return found

    def _spelled(self, part: Sequence[str]) -> str | None:
        if len(part) == 1 and part[0] in _NUMBER_NAMES:
            return _NUMBER_NAMES[part[0]]
        letters = acronym(part)
        if letters is not None:
            return letters if letters in self.vocabulary else None
        if any(_NATIVE.search(w) for w in part):
            return None
        key = tuple(urdu_skeleton(w) for w in part)
        if len(part) == 1:
            return self.words.get(key[0]) if len(key[0]) >= MIN_CONSONANTS else None
        if key in self.names:
            return self.names[key]
        # one word written in parts: a heading's word ("جیل بریکنگ", "ری ایکٹ"), or another word when no
        # part is a word alone ("ورک فلو"; "ڈیفالٹ سائز" is two)
        joined = "".join(key)
        if joined in self.heading_words:
            return self.heading_words[joined]
        if len(joined) > MIN_CONSONANTS and not any(self._spelled([w]) for w in part):
            return self.words.get(joined)
        return None


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _one_edit(word: str) -> set[str]:
    """Every string one deletion, swap of neighbours, replacement or insertion from `word`."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return (
        {a + b[1:] for a, b in splits if b}
        | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
        | {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
        | {a + c + b for a, b in splits for c in _LETTERS}
    )


def _edits(a: str, b: str) -> int:
    """Levenshtein distance."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]
