"""The source view behind a citation: a document's text from the index catalog, looked up by its catalog
source name (never a filesystem path, so there is nothing to traverse)."""

from __future__ import annotations

import html
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import HTMLResponse

from assistant.api.deps import ServicesDep
from assistant.api.errors import not_found
from assistant.api.schemas import SourceDocument, SourceSection
from assistant.api.static_files import CONSOLE_CSP
from assistant.index.catalog import Catalog

router = APIRouter(tags=["sources"])
Source = Annotated[str, Query(min_length=1, max_length=500, description="A citation's `source`.")]


def document_sections(catalog: Catalog, source: str) -> SourceDocument:
    """Title, type and the text of each section, in reading order; 404 for an unknown source."""
    record = catalog.document(source)
    if record is None:
        raise HTTPException(404, "No such document in the knowledge base.")
    chunks = sorted(catalog.chunks_by_id(sorted(catalog.chunk_ids(source))).values(), key=lambda c: c.ordinal)
    sections: list[SourceSection] = []
    for chunk in chunks:
        if sections and sections[-1].section == chunk.section:
            sections[-1].text += "\n\n" + chunk.text
        else:
            sections.append(SourceSection(section=chunk.section, text=chunk.text, page=chunk.page))
    return SourceDocument(source=source, title=record.title, doc_type=record.doc_type, sections=sections)


@router.get("/v1/sources", responses=not_found("No such document in the knowledge base"))
def get_source(source: Source, services: ServicesDep) -> SourceDocument:
    """A cited document's text by section (what a citation link shows)."""
    return document_sections(services.catalog, source)


@router.get("/sources/view", response_class=HTMLResponse, include_in_schema=False)
def view_source(
    source: Source, services: ServicesDep, section: Annotated[str | None, Query(max_length=500)] = None
) -> HTMLResponse:
    """The same as a small readable page; the cited section is highlighted."""
    doc = document_sections(services.catalog, source)
    parts = []
    for n, s in enumerate(doc.sections):
        mark = ' class="cited" id="cited"' if section is not None and s.section == section else f' id="s{n}"'
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in s.text.split("\n\n") if p.strip())
        parts.append(f"<section{mark}><h2>{html.escape(s.section or doc.title)}</h2>{paragraphs}</section>")
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(doc.title)}</title>"
        '<link rel="stylesheet" href="/trainer/console.css"></head>'
        f'<body class="source-view"><main><p class="muted">{html.escape(source)} · '
        f"{html.escape(doc.doc_type)}</p>"
        f"<h1>{html.escape(doc.title)}</h1>{''.join(parts)}</main></body></html>"
    )
    return HTMLResponse(
        page, headers={"Content-Security-Policy": CONSOLE_CSP, "X-Content-Type-Options": "nosniff"}
    )
