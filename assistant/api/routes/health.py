"""Liveness and readiness probes."""

from fastapi import APIRouter

from assistant.api.deps import ServicesDep
from assistant.api.schemas import Health, Readiness

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
def healthz() -> Health:
    """The process is up."""
    return Health(status="ok")


@router.get("/readyz", response_model=Readiness, responses={503: {"description": "A dependency is down"}})
def readyz(services: ServicesDep) -> Readiness:
    """The vector index, the catalog and the question-log database can be reached."""
    services.vectors.heartbeat()
    services.database.ping()
    docs = services.catalog.documents()
    return Readiness(status="ready", documents=len(docs), chunks=sum(d.chunk_count for d in docs))
