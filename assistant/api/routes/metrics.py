"""`GET /metrics`: Prometheus text format, for a scraper inside the deployment (not for the public)."""

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST

from assistant.api.deps import MetricsDep

router = APIRouter(tags=["ops"])


@router.get("/metrics", include_in_schema=False)
async def metrics(metrics: MetricsDep) -> Response:
    """Request counts and latencies by route and status, and questions by channel and answerer."""
    return Response(metrics.render(), media_type=CONTENT_TYPE_LATEST)
