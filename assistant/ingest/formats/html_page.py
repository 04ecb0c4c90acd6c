"""Load HTML pages: keep the main content (the page's own landmarks first: <main>, role="main", its
article), drop navigation and other page furniture, keep headings whatever their inner markup (a FAQ's
question in a <button>) and tables as rows and cells."""

from __future__ import annotations

import re
import warnings

from bs4 import BeautifulSoup, Comment, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning
from bs4.element import NavigableString, PageElement, Tag

from assistant.errors import DocumentParseError
from assistant.ingest.document import Block, ParsedDocument
from assistant.ingest.formats.structure import Event, Heading, assemble, first_title
from assistant.ingest.formats.tables import is_caption, make_table, table_block
from assistant.ingest.formats.textutil import looks_binary, normalize_newlines

_NOISE_TAGS = ["script", "style", "noscript", "nav", "aside", "form", "template", "iframe", "svg"]
_NOISE_TAGS += ["button", "select", "input", "textarea", "footer", "object", "embed", "canvas"]
_NOISE_ATTR = re.compile(
    r"menu|navbar|sidebar|cookie|consent|gdpr|breadcrumb|banner|footer|skip-link|social|share|newsletter"
    r"|related|top-?bar|toolbar|pagination",
    re.I,
)
# a control whose words are content: a FAQ question in a heading or an accordion's toggle
_KEEP_CONTROLS = "h1 button, h2 button, h3 button, h4 button, h5 button, h6 button, summary button, dt button"
_KEEP_CONTROLS += ", button[aria-controls], button[aria-expanded]"
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


def _table(tag: Tag, caption: str) -> Block | None:
    """Rows and cells; the first row is the header when it is in <thead> or made of <th> cells."""
    rows = [tr for tr in tag.find_all("tr") if tr.find_parent("table") is tag]
    if not rows:
        return None
    first = rows[0].find_all(["th", "td"], recursive=False)
    header = (rows[0].find_parent("thead") is not None or all(c.name == "th" for c in first)) or None
    cells = [[_text(c) for c in tr.find_all(["th", "td"], recursive=False)] for tr in rows]
    own = tag.find("caption")
    if own is not None and _text(own):
        caption = _text(own)
    table = make_table(cells, header=header, caption=caption)
    return table_block(table) if table is not None else None


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
            last = self.events[-1] if self.events else None
            caption = ""
            if isinstance(last, Block) and last.kind == "text" and is_caption(last.text):
                caption = last.text
                self.events.pop()
            table = _table(tag, caption)
            if table is not None:
                self.events.append(table)
        elif name in ("ul", "ol"):
            self.events.append(Block("\n".join(_list(tag)), "list"))
        else:
            self.visit(tag)


def _soup(data: bytes) -> BeautifulSoup:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(data, "lxml")


def _main_content(soup: BeautifulSoup) -> Tag | None:
    """The page's own landmark for its content: <main>, role="main", its one (or longest) <article>;
    else the body, which the noise filters then clean."""
    for found in (soup.find("main"), soup.find(role="main")):
        if isinstance(found, Tag):
            return found
    articles = [a for a in soup.find_all("article") if a.find_parent("article") is None]
    if articles:
        return max(articles, key=lambda a: len(a.get_text(" ", strip=True)))
    body = soup.body or soup
    return body if isinstance(body, Tag) else None


def load_html(data: bytes) -> ParsedDocument:
    """Parse an HTML page, preferring the page's main landmark over the whole <body>."""
    if not data.strip():
        raise DocumentParseError("empty file")
    if looks_binary(data):
        raise DocumentParseError("looks like a binary file, not text")
    soup = _soup(data)
    page_title = _text(soup.title) if soup.title else None
    root = _main_content(soup)
    if root is None:
        raise DocumentParseError("no HTML content")
    for control in root.select(_KEEP_CONTROLS):
        control.unwrap()
    _remove_noise(root)
    walker = _Walker()
    walker.visit(root)
    events: list[Event] = []
    for event in walker.events:
        if isinstance(event, Block):
            event = Block(normalize_newlines(event.text), event.kind, event.table)
        elif isinstance(event, Heading):
            event = Heading(event.level, normalize_newlines(event.text))
        events.append(event)
    outline = assemble(events)
    if page_title and outline.first_h1 and outline.first_h1 in page_title:
        page_title = outline.first_h1  # "<h1> | Site name": the page's own words without the site's
    title = first_title(page_title, outline.first_h1, outline.first_heading)
    return ParsedDocument(title=normalize_newlines(title), sections=outline.sections)
