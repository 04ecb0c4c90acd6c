"""Corpora of N times ../shared/corpus for bench/scale.py: the originals, unchanged, and N-1 rewritten copies.

How a copy is rewritten (deterministic: every choice is seeded by the copy number, so copy 3 is the same
files in the 4x, 16x and 64x corpora):
- Documents are grouped by folder; a folder with fewer than 4 documents joins its parent's group.
- Each document is read with the project's own loader as a sequence of pieces under their headings: its
  paragraphs, lists, tables and code blocks, a paragraph or list longer than about 120 tokens cut between
  sentences or items.
- Per copy, each document's pieces, rotated by a random offset, are cut into three consecutive parts of
  about equal tokens (never right after a lead-in such as "Prompt:"). The parts of the group are laid out
  in three differently shuffled rows and read in threes: each variant holds three parts of three
  different documents, so none supplies more than about a third of its text and it is never a near-copy
  of one page; every piece of the group appears exactly once per copy, so a copy is as large as the
  original corpus, and sections keep about the originals' length (so do the chunks).
- Inside a variant the blocks under each heading come in a random order, and every paragraph is refilled
  with as many sentences drawn at random from all the variant's paragraphs (every list likewise with items
  from all its lists), so no passage of an original stays whole: a sentence sits among sentences of the
  other two documents. Code blocks, tables and lead-ins stay whole. Named entities (models, organisations,
  methods and benchmarks named by their papers, people, places, authors cited as "X et al.") are renamed
  through a fixed table of made-up names that differ per copy (GPT-4 may become Tavomi-4, ART KVL,
  Islamabad Kelrenabad); generic terms (prompt, temperature, RAG, chain-of-thought) are not. Numbers change
  too (years shifted, other numbers scaled by a factor of the copy). Each variant gets its own title
  ("Notes on ...", "... and ...: a briefing") and file name (`<group>/variants-KK/<first donor>.md`).

So a variant is a realistic distractor, with the group's vocabulary and subjects, and never a near-copy of
a page or of a passage. What it cannot avoid, since all its text comes from 138 documents: at N x every
sentence recurs N-1 times, each time renamed and among other material. That is harder than a real library
of N x as many documents, and a strict hit@5 (the original page in the top 5) pays for it; `<N>x.json`
records which originals each variant holds text from (its provenance), for the lenient hit@5 of
bench/scale.py that also counts a variant holding text of the expected page.

Run alone to build (and look at) the corpora: `.venv/bin/python bench/scale_corpus.py --sizes 1,4 --work DIR`.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from _common import CORPUS, require_shared

from assistant.index.units import split_sentences
from assistant.ingest.document import Block
from assistant.tokens import count_tokens

VERSION = "2"  # bump when the rewriting changes: cached corpora of another version are rebuilt
MIN_GROUP = 4  # documents a folder needs to be a group of its own
DONORS = 3  # documents mixed into one variant
PIECE_TOKENS = 120  # a longer paragraph or list is cut into pieces of about this many tokens

MODELS = (
    "ChatGPT", "GPT-4o", "GPT-4V", "GPT-4", "GPT-3.5", "GPT-3", "GPT", "Gemini Pro", "Gemini Ultra",
    "Gemini Advanced", "Gemini", "Claude", "Code Llama", "Llama", "LLaMA", "Mistral Large", "Mixtral",
    "Mistral", "Gemma", "Phi-2", "Grok-1", "Sora", "Copilot", "Bard", "PaLM", "Flan-PaLM", "BERT",
    "DALL-E", "Midjourney", "DeepSeek", "Qwen", "Bing",
)  # fmt: skip
ORGANISATIONS = (
    "OpenAI", "Google AI Studio", "Google DeepMind", "DeepMind", "Google", "Meta AI", "Meta", "Microsoft",
    "Anthropic", "Mistral AI", "Hugging Face", "Groq", "LangChain", "LlamaIndex", "Wikipedia", "DAIR.AI",
    "United Nations", "Wealth Pakistan", "Higher Education Commission", "HEC", "Asian Development Bank",
    "World Bank", "Huawei", "ZTE", "Atomcamp", "Arab News", "Associated Press of Pakistan", "Zong",
    "State Bank of Pakistan", "Pakistan Crypto Council", "Binance", "Hamas", "White House",
    "International Telecommunication Union", "Federal Directorate of Education", "Ignite", "PKCERT",
)  # fmt: skip
METHODS = (
    "ART", "Automatic Reasoning and Tool-use", "APE", "Automatic Prompt Engineer", "ReAct", "Reflexion",
    "Toolformer", "Auto-CoT", "Active-Prompt", "DSP", "Directional Stimulus Prompting", "PAL",
    "Program-Aided Language Models", "ToT", "Tree of Thoughts", "Tree-of-Thought", "OPRO", "Infini-attention",
    "ThoughtSculpt", "MMLU", "GSM8K", "HumanEval", "HotPotQA", "TruthfulQA", "HellaSwag", "BIG-Bench",
)  # fmt: skip
PLACES = (
    "Pakistan", "Islamabad", "ISLAMABAD", "Lahore", "Karachi", "Peshawar", "Quetta", "Punjab", "Sindh",
    "Khyber Pakhtunkhwa", "Balochistan", "Kashmir", "Gaza", "Palestine", "Israel", "Iran", "China",
    "Beijing", "India", "United States", "Saudi Arabia", "Qatar", "Jordan", "Egypt", "Indonesia",
    "Turkiye", "Azerbaijan", "UAE", "Europe", "Middle East", "South Asia", "East Asia",
)  # fmt: skip
PEOPLE = (
    "Trump", "Donald Trump", "Marco Rubio", "Steve Witkoff", "Tony Blair", "Jared Kushner", "Shehbaz Sharif",
    "Narendra Modi", "Modi", "Benjamin Netanyahu", "Netanyahu", "Mushahid Hussain", "Nasim Zehra", "Zehra",
    "Maleeh Lodhi", "Khawaja Asif", "Tahir Andrabi", "Bilal Bin Saqib", "Changpeng Zhao", "Karpathy",
    "Riley", "Hussain",
)  # fmt: skip
SYLLABLES = (
    "ka", "lo", "mi", "ren", "tas", "vor", "zel", "din", "bar", "qui", "sol", "tem", "nar", "fin", "gal",
    "hor", "pel", "ru", "ta", "vi", "mo", "sen", "dul", "ar", "bel", "cor", "nim", "ost", "ul", "wen",
)  # fmt: skip
PLACE_ENDINGS = ("abad", "pur", "stan", "ia", "garh", "land")
ORGANISATION_ENDINGS = (" Labs", " Institute", " Systems", " Council", " Foundation", " Group")
FACTORS = (2.0, 3.0, 0.5, 1.5, 4.0, 0.75, 5.0, 2.5, 6.0, 1.25)
YEAR_SHIFTS = (1, -1, 2, -2, 3, -3, 4, -4, 5, -5)
TITLES = (
    "Notes on {a}",
    "{a} and {b}",
    "{a}: a briefing",
    "A digest of {a} and {b}",
    "{a} in practice",
    "Working paper: {a}",
    "Circular on {a} and {b}",
    "{a}: questions from the field",
)
_ET_AL = re.compile(r"\b([A-Z][a-z]+) et al\.")
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?")
_ITEM = re.compile(r"\s*(?:[-*\u2022]|\d+[.)])\s")
_VERSION_SUFFIX = re.compile(r"^(.*?)(-\d[\w.]*)?$")
_ET_AL_STOP = ("et al. ", "et al.\u2060")  # no sentence ends after "et al." (U+2060 is not a space)


@dataclass(frozen=True, slots=True)
class Piece:
    """A paragraph, list, table or code block of an original, or a cut of a long one, under its heading."""

    donor: str
    heading: str
    block: Block
    tokens: int


@dataclass(frozen=True, slots=True)
class Original:
    source: str
    title: str
    pieces: tuple[Piece, ...]
    tokens: int


@dataclass(frozen=True, slots=True)
class ScaledCorpus:
    """A built corpus: its folder, size in documents and cl100k tokens, and each file's provenance."""

    root: Path
    size: int
    documents: int
    tokens: int
    provenance: dict[str, list[str]]  # variant source -> originals it holds text from


def read_originals() -> list[Original]:
    """The shared corpus as the project's loader reads it, cut into pieces."""
    from assistant.ingest.loaders import load_document
    from assistant.ingest.pipeline import discover

    found, _ = discover(CORPUS)
    originals = []
    for file in found:
        parsed = load_document(file.path)
        pieces = tuple(
            Piece(
                file.source, section.heading_path[-1] if section.heading_path else parsed.title, cut, tokens
            )
            for section in parsed.sections
            for block in section.blocks
            for cut, tokens in _cuts(block)
        )
        originals.append(Original(file.source, parsed.title, pieces, count_tokens(parsed.text)))
    return originals


def _cuts(block: Block) -> list[tuple[Block, int]]:
    """A long paragraph or list as pieces of whole sentences or items of about PIECE_TOKENS; others whole."""
    tokens = count_tokens(block.text)
    if block.kind not in ("text", "list") or tokens <= PIECE_TOKENS:
        return [(block, tokens)]
    parts = _sentences(block.text) if block.kind == "text" else block.text.splitlines()
    joiner = " " if block.kind == "text" else "\n"
    cuts: list[tuple[list[str], int]] = [([], 0)]
    for part in parts:
        if cuts[-1][1] >= PIECE_TOKENS:
            cuts.append(([], 0))
        cuts[-1][0].append(part)
        cuts[-1] = (cuts[-1][0], cuts[-1][1] + count_tokens(part))
    return [(Block(joiner.join(texts), block.kind), n) for texts, n in cuts if texts]


def _sentences(text: str) -> list[str]:
    protected = " ".join(text.split()).replace(*_ET_AL_STOP)
    return [s.replace(_ET_AL_STOP[1], _ET_AL_STOP[0]) for s in split_sentences(protected)]


def _is_lead_in(block: Block) -> bool:
    """A short line that introduces the next block ("Prompt:", "Output:") stays with it."""
    return block.kind == "text" and block.text.rstrip().endswith(":") and len(block.text.split()) <= 12


def group_documents(originals: Sequence[Original]) -> dict[str, list[Original]]:
    """Documents by folder; a folder with fewer than MIN_GROUP documents joins its parent's group."""
    groups: dict[str, list[Original]] = {}
    for doc in originals:
        groups.setdefault(doc.source.rsplit("/", 1)[0] if "/" in doc.source else "", []).append(doc)
    for key in sorted(groups, key=lambda k: -k.count("/")):
        if len(groups[key]) < MIN_GROUP and "/" in key:
            groups.setdefault(key.rsplit("/", 1)[0], []).extend(groups.pop(key))
    return {key: sorted(docs, key=lambda d: d.source) for key, docs in sorted(groups.items())}


class Renamer:
    """Entities and numbers of one copy: the same entity always gets the same name within a copy."""

    def __init__(self, copy: int, people: Sequence[str]) -> None:
        names: dict[str, str] = {}
        for kind, entities in (
            ("model", MODELS),
            ("organisation", ORGANISATIONS),
            ("method", METHODS),
            ("place", PLACES),
            ("person", (*PEOPLE, *people)),
        ):
            for entity in entities:
                names[entity] = pseudonym(entity, copy, kind)
        self._names = names
        alternatives = "|".join(re.escape(e) for e in sorted(names, key=len, reverse=True))
        self._entities = re.compile(rf"(?<![\w-])({alternatives})(?![\w-])")
        self._factor = FACTORS[copy % len(FACTORS)]
        self._year_shift = YEAR_SHIFTS[copy % len(YEAR_SHIFTS)]

    def __call__(self, text: str) -> str:
        renamed = self._entities.sub(lambda m: self._names[m.group(1)], text)
        return _NUMBER.sub(self._number, renamed)

    def _number(self, match: re.Match[str]) -> str:
        text = match.group(0)
        if "," in text:
            return f"{self._scaled(int(text.replace(',', ''))):,}"
        if "." in text:
            decimals = len(text.split(".")[1])
            return f"{float(text) * self._factor:.{decimals}f}"
        value = int(text)
        if len(text) == 4 and 1900 <= value <= 2100:
            return str(value + self._year_shift)
        scaled = str(self._scaled(value))
        return scaled.zfill(len(text)) if text.startswith("0") else scaled

    def _scaled(self, value: int) -> int:
        scaled = round(value * self._factor)
        return scaled if scaled != value else value + 1


def pseudonym(entity: str, copy: int, kind: str) -> str:
    """A made-up name for `entity` in copy `copy`; a model keeps its version suffix (GPT-4 -> Tavomi-4)."""
    base, version = _VERSION_SUFFIX.match(entity).groups()  # type: ignore[union-attr]
    rng = random.Random(f"{base}|{copy}")
    word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    if kind == "method" and " " not in base and (base.isupper() or sum(c.isupper() for c in base) > 1):
        word = "".join(rng.choice("ABCDEFGHKLMNPRSTVWZ") for _ in range(max(len(base), 3)))  # ART -> KVL
    elif kind == "place":
        word += rng.choice(PLACE_ENDINGS)
    elif kind == "organisation":
        word += rng.choice(ORGANISATION_ENDINGS)
    if entity.isupper() and len(entity) > 3:
        word = word.upper()
    return word + (version or "")


def cited_people(originals: Sequence[Original]) -> list[str]:
    """Surnames the corpus cites as 'X et al.', renamed like the listed people."""
    names = {m.group(1) for doc in originals for p in doc.pieces for m in _ET_AL.finditer(p.block.text)}
    return sorted(names)


def _kind(block: Block) -> str:
    """How a block is rewritten: 'prose' and 'items' are refilled from the variant's pools, the rest kept."""
    if block.kind in ("code", "table"):
        return block.kind
    if _is_lead_in(block):
        return "lead-in"
    lines = [line for line in block.text.splitlines() if line.strip()]
    if block.kind == "list" or (len(lines) > 1 and all(_ITEM.match(line) for line in lines)):
        return "items"
    return "prose"


def _mixed(blocks: Sequence[Block], rng: random.Random) -> list[str]:
    """The blocks' text with every paragraph refilled by as many sentences drawn at random from all the
    blocks' paragraphs, and every list by items from all their lists: no passage of an original stays
    whole. Code blocks, tables and lead-ins are kept as they are."""
    kinds = [_kind(b) for b in blocks]
    slots = [_slot(b, k) for b, k in zip(blocks, kinds, strict=True)]
    pools = {
        k: [piece for slot, kind in zip(slots, kinds, strict=True) if kind == k for piece in slot]
        for k in ("prose", "items")
    }
    for pool in pools.values():
        rng.shuffle(pool)
    out = []
    for block, kind, slot in zip(blocks, kinds, slots, strict=True):
        if kind in pools:
            taken, pools[kind] = pools[kind][: len(slot)], pools[kind][len(slot) :]
            out.append((" " if kind == "prose" else "\n").join(taken))
        elif kind == "table" and block.table is not None:
            out.append(_markdown_table(block))
        else:
            out.append(block.text)
    return out


def _slot(block: Block, kind: str) -> list[str]:
    """The sentences of a paragraph or the items of a list; nothing for a block kept whole."""
    if kind == "prose":
        return _sentences(block.text)
    if kind == "items":
        return [line for line in block.text.splitlines() if line.strip()]
    return []


def _markdown_table(block: Block) -> str:
    table = block.table
    assert table is not None
    rows = [list(r) for r in table.rows]
    header = list(table.header) if table.header else (rows.pop(0) if rows else [])
    if not header:
        return block.text
    width = len(header)

    def line(cells: Sequence[str]) -> str:
        padded = [*cells, *[""] * (width - len(cells))][:width]
        return "| " + " | ".join(c.replace("|", "/").replace("\n", " ") for c in padded) + " |"

    out = [line(header), "| " + " | ".join(["---"] * width) + " |", *(line(r) for r in rows)]
    return (f"{table.caption}\n\n" if table.caption else "") + "\n".join(out)


@dataclass(frozen=True, slots=True)
class Variant:
    source: str
    text: str
    donors: list[str]
    tokens: int


def variants_of_copy(group: str, docs: Sequence[Original], copy: int, rename: Renamer) -> list[Variant]:
    """One copy of a group: variants of three parts of three different documents each."""
    rng = random.Random(f"{VERSION}|{group}|{copy}")
    thirds = [_thirds(doc.pieces, rng) for doc in docs]
    rows = []
    for j in range(DONORS):
        row = [parts[j] for parts in thirds if parts[j]]
        rng.shuffle(row)
        rows.extend(row)
    windows = _windows(rows)
    titles = {doc.source: doc.title for doc in docs}
    names: set[str] = set()
    variants = []
    for parts in windows:
        donors = list(dict.fromkeys(part[0].donor for part in parts))
        a, b = (rename(titles[d]) for d in (donors[0], donors[1 % len(donors)]))
        body, tokens = _render(parts, rng, rename)
        source = _variant_source(group, copy, donors[0], names)
        title = rng.choice(TITLES).format(a=a, b=b)
        variants.append(Variant(source, f"# {title}\n\n{body}\n", sorted(donors), tokens))
    return variants


def _windows(rows: list[list[Piece]]) -> list[list[list[Piece]]]:
    """The parts in threes, in row order, no document twice in one three; a part left over joins an
    earlier three that lacks its document."""
    windows: list[list[list[Piece]]] = []
    pool = list(rows)
    while pool:
        window: list[list[Piece]] = []
        for part in pool:
            if len(window) < DONORS and all(part[0].donor != w[0].donor for w in window):
                window.append(part)
        pool = [part for part in pool if not any(part is w for w in window)]
        if len(window) == DONORS or not windows:
            windows.append(window)
            continue
        for part in window:
            home = next((w for w in windows if all(part[0].donor != x[0].donor for x in w)), windows[-1])
            home.append(part)
    return windows


def _variant_source(group: str, copy: int, anchor: str, taken: set[str]) -> str:
    """`<group>/variants-KK/<anchor's name>.md`, with a letter added when the name is taken."""
    stem = anchor.removeprefix(f"{group}/").replace("/", "-").rsplit(".", 1)[0]
    for suffix in ("", "-b", "-c", "-d", "-e", "-f"):
        source = "/".join(p for p in (group, f"variants-{copy:02d}", f"{stem}{suffix}.md") if p)
        if source not in taken:
            taken.add(source)
            return source
    raise RuntimeError(f"no free name for a variant of {anchor}")


def _thirds(pieces: Sequence[Piece], rng: random.Random) -> list[list[Piece]]:
    """The pieces rotated by a random offset, cut into DONORS consecutive parts of about equal tokens
    (never right after a lead-in)."""
    if not pieces:
        return [[] for _ in range(DONORS)]
    offset = rng.randrange(len(pieces))
    rotated = [*pieces[offset:], *pieces[:offset]]
    total = sum(p.tokens for p in rotated)
    parts: list[list[Piece]] = [[]]
    seen = 0
    for piece in rotated:
        due = len(parts) < DONORS and seen >= total * len(parts) / DONORS
        if due and parts[-1] and not _is_lead_in(parts[-1][-1].block):
            parts.append([])
        parts[-1].append(piece)
        seen += piece.tokens
    return parts + [[] for _ in range(DONORS - len(parts))]


def _render(parts: Sequence[Sequence[Piece]], rng: random.Random, rename: Renamer) -> tuple[str, int]:
    """Markdown of the parts: a heading per section, its blocks in a random order, the paragraphs and
    lists refilled across the whole variant (`_mixed`), all renamed; and the cl100k tokens of the text
    (headings not counted, as in the originals' count)."""
    layout: list[tuple[str, Block | None]] = []
    for part in parts:
        for (_, heading), section in itertools.groupby(part, key=lambda p: (p.donor, p.heading)):
            layout.append((heading, None))
            layout.extend(("", block) for block in _paragraphs([p.block for p in section], rng))
    texts = iter(_mixed([block for _, block in layout if block is not None], rng))
    out: list[str] = []
    tokens = 0
    for heading, block in layout:
        if block is None:
            out.append(f"## {rename(heading)}")
            continue
        text = rename(next(texts))
        out.append(text)
        tokens += count_tokens(text)
    return "\n\n".join(out), tokens


def _paragraphs(blocks: Sequence[Block], rng: random.Random) -> list[Block]:
    """The blocks in a random order, a lead-in kept before the block it introduces."""
    groups: list[list[Block]] = []
    for block in blocks:
        if groups and _is_lead_in(groups[-1][-1]):
            groups[-1].append(block)
        else:
            groups.append([block])
    rng.shuffle(groups)
    return [block for group in groups for block in group]


def build_corpus(size: int, work: Path, originals: Sequence[Original] | None = None) -> ScaledCorpus:
    """The `size`x corpus under `work`, built once and reused while VERSION is unchanged."""
    root = work / f"{size}x"
    manifest = work / f"{size}x.json"
    if manifest.is_file() and root.is_dir():
        saved = json.loads(manifest.read_text(encoding="utf-8"))
        if saved.get("version") == VERSION:
            return ScaledCorpus(root, size, saved["documents"], saved["tokens"], saved["provenance"])
    shutil.rmtree(root, ignore_errors=True)
    originals = originals if originals is not None else read_originals()
    provenance: dict[str, list[str]] = {}
    tokens = 0
    for doc in originals:
        (root / doc.source).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CORPUS / doc.source, root / doc.source)
        tokens += doc.tokens
    people = cited_people(originals)
    groups = group_documents(originals)
    for copy in range(1, size):
        rename = Renamer(copy, people)
        for group, docs in groups.items():
            for variant in variants_of_copy(group, docs, copy, rename):
                path = root / variant.source
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(variant.text, encoding="utf-8")
                provenance[variant.source] = variant.donors
                tokens += variant.tokens
    documents = len(originals) + len(provenance)
    saved = {"version": VERSION, "documents": documents, "tokens": tokens, "provenance": provenance}
    manifest.write_text(json.dumps(saved, indent=1), encoding="utf-8")
    return ScaledCorpus(root, size, documents, tokens, provenance)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,4", help="comma-separated multiples of the shared corpus")
    parser.add_argument("--work", type=Path, required=True, help="where the corpora are built and kept")
    args = parser.parse_args()
    require_shared()
    originals = read_originals()
    for size in (int(s) for s in args.sizes.split(",")):
        corpus = build_corpus(size, args.work, originals)
        print(f"{size}x: {corpus.documents} documents, {corpus.tokens:,} tokens in {corpus.root}")


if __name__ == "__main__":
    main()
