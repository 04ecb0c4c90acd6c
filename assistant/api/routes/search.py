"""`GET /v1/search`: the hybrid retriever over HTTP."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from starlette.concurrency import run_in_threadpool

from assistant.api.deps import ServicesDep
from assistant.api.errors import BUSY_RESPONSE
from assistant.api.schemas import SearchResponse, SearchResult, ValidationErrorResponse
from assistant.retrieval import MAX_QUERY_CHARS

router = APIRouter(prefix="/v1", tags=["search"])


@router.get(
    "/search",
    response_model=SearchResponse,
    responses={422: {"model": ValidationErrorResponse}, 503: BUSY_RESPONSE},
)
async def search(
    services: ServicesDep,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS, description="The query.")],
    k: Annotated[int, Query(ge=1, le=50)] = 5,
    doc_type: Annotated[Literal["course", "policy"] | None, Query()] = None,
) -> SearchResponse:
    """Chunks of course material and policy documents that match `q`, best first."""
    async with await services.admission.enter("search"):
        hits = await run_in_threadpool(services.searcher.search, q, k, doc_type)
    return SearchResponse(
        results=[
            SearchResult(
                source=h.source,
                title=h.title,
                section=h.section,
                text=h.text,
                score=h.score,
                page=h.page,
                doc_type=h.doc_type,
            )
            for h in hits
        ]
    )
