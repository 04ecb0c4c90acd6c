"""Load HTML pages: keep the main content, drop navigation and other page furniture."""

from __future__ import annotations

import re
import warnings

from bs4 import BeautifulSoup, Comment, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning
from bs4.element import NavigableString, PageElement, Tag

from assistant.errors import DocumentParseError
from assistant.ingest.document import Block, ParsedDocument
from assistant.ingest.formats.structure import Event, Heading, assemble, first_title
from assistant.ingest.formats.textutil import looks_binary, normalize_newlines

_NOISE_TAGS = ["script", "style", "noscript", "nav", "aside", "form", "template", "iframe", "svg"]
_NOISE_TAGS += ["button", "select", "input", "textarea", "footer", "object", "embed", "canvas"]
_NOISE_ATTR = re.compile(r"menu|navbar|sidebar|cookie|breadcrumb|banner|footer|skip-link", re.I)
_NOISE_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu"}
_KEEP = {"html", "body", "main", "article"}
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCKS = {"p", "pre", "table", "ul", "ol", "dl", "blockquote", "figure", "figcaption", "hr"}
_BLOCKS |= {"div", "section", "article", "main", "header", "li", "address", "details", "summary"}
_BLOCKS |= set(_HEADINGS) | {"body", "center", "form", "fieldset", "br"}
_BLOCK_NAMES = sorted(_BLOCKS)


def _is_boilerplate(tag: Tag) -> bool:
    """Class, id or ARIA role names that mark menus, banners, cookie notices and the like."""
    if tag.name in _KEEP:
        return False
    if str(tag.get("role", "")).lower() in _NOISE_ROLES:
        return True
    classes = tag.get("class")
    class_names = " ".join(classes) if isinstance(classes, list) else str(classes or "")
    names = f"{class_names} {tag.get('id') or ''}"
    return bool(_NOISE_ATTR.search(names))


def _remove_noise(root: Tag) -> None:
    """Drop comments, scripts, navigation and boilerplate containers in place."""
    for comment in root.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in root.find_all(_NOISE_TAGS):
        tag.decompose()
    for tag in root.find_all("header"):
        if tag.find_parent(["article", "main"]) is None:
            tag.decompose()
    for tag in root.find_all(True):
        if tag.decomposed or not _is_boilerplate(tag):
            continue
        if tag.find(["h1", "main", "article"]) is None:  # a class name is no reason to lose the body
            tag.decompose()


def _collapse(text: str) -> str:
    """HTML whitespace (newlines included) is insignificant outside <pre>."""
    return " ".join(text.split())


def _text(el: PageElement) -> str:
    return _collapse(el.get_text(" ") if isinstance(el, Tag) else str(el))


def _table(tag: Tag) -> Block:
    rows = []
    for tr in tag.find_all("tr"):
        cells = [_text(c) for c in tr.find_all(["th", "td"])]
        if any(cells):
            rows.append(" | ".join(cells))
    return Block("\n".join(rows), "table")


def _list(tag: Tag, depth: int = 0) -> list[str]:
    lines: list[str] = []
    ordered = tag.name == "ol"
    for n, li in enumerate(tag.find_all("li", recursive=False), start=1):
        nested = li.find_all(["ul", "ol"], recursive=False)
        for sub in nested:
            sub.extract()
        marker = f"{n}." if ordered else "-"
        text = _text(li)
        if text:
            lines.append(f"{'  ' * depth}{marker} {text}")
        for sub in nested:
            lines.extend(_list(sub, depth + 1))
    return lines


class _Walker:
    """Depth-first walk emitting headings and blocks; inline runs become paragraphs."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self.inline: list[str] = []

    def flush(self) -> None:
        text = _collapse("".join(self.inline))
        if text:
            self.events.append(Block(text, "text"))
        self.inline = []

    def visit(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, Comment):
                    self.inline.append(str(child))
            elif isinstance(child, Tag):
                if child.name in _BLOCKS or child.find(_BLOCK_NAMES) is not None:
                    self.flush()
                    self.block(child)
                else:
                    self.inline.append(child.get_text())
        self.flush()

    def block(self, tag: Tag) -> None:
        name = tag.name
        if name in _HEADINGS:
            text = _text(tag)
            if text:
                self.events.append(Heading(_HEADINGS[name], text))
        elif name == "pre":
            code = tag.get_text().strip("\n")
            if code.strip():
                self.events.append(Block(code, "code"))
        elif name == "table":
            self.events.append(_table(tag))
        elif name in ("ul", "ol"):
            self.events.append(Block("\n".join(_list(tag)), "list"))
        else:
            self.visit(tag)


def _soup(data: bytes) -> BeautifulSoup:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(data, "lxml")


def load_html(data: bytes) -> ParsedDocument:
    """Parse an HTML page, preferring <main>/<article> over the whole <body>."""
    if not data.strip():
        raise DocumentParseError("empty file")
    if looks_binary(data):
        raise DocumentParseError("looks like a binary file, not text")
    soup = _soup(data)
    page_title = _text(soup.title) if soup.title else None
    root = soup.find("main") or soup.find("article") or soup.body or soup
    if not isinstance(root, Tag):
        raise DocumentParseError("no HTML content")
    _remove_noise(root)
    walker = _Walker()
    walker.visit(root)
    events: list[Event] = []
    for event in walker.events:
        if isinstance(event, Block):
            event = Block(normalize_newlines(event.text), event.kind)
        else:
            event = Heading(event.level, normalize_newlines(event.text))
        events.append(event)
    outline = assemble(events)
    title = first_title(page_title, outline.first_h1, outline.first_heading)
    return ParsedDocument(title=normalize_newlines(title), sections=outline.sections)
