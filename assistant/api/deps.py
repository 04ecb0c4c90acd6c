"""FastAPI dependencies, as `Annotated` aliases the routers import."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from assistant.api.metrics import Metrics
from assistant.ratelimit import RateLimiter
from assistant.services import Services


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def get_rate_limiter(request: Request) -> RateLimiter:
    limiter: RateLimiter = request.app.state.rate_limiter
    return limiter


def get_metrics(request: Request) -> Metrics:
    metrics: Metrics = request.app.state.metrics
    return metrics


ServicesDep = Annotated[Services, Depends(get_services)]
RateLimiterDep = Annotated[RateLimiter, Depends(get_rate_limiter)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]
