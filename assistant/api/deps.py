"""FastAPI dependencies, as `Annotated` aliases the routers import."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from assistant.api.metrics import Metrics
from assistant.ratelimit import RateLimiter
from assistant.services import Services
from assistant.trainer.accounts import Accounts


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def get_accounts(request: Request) -> Accounts:
    """The trainer-console accounts (sessions are checked against them on every console request)."""
    accounts: Accounts = request.app.state.services.console.accounts
    return accounts


def get_rate_limiter(request: Request) -> RateLimiter:
    limiter: RateLimiter = request.app.state.rate_limiter
    return limiter


def get_metrics(request: Request) -> Metrics:
    metrics: Metrics = request.app.state.metrics
    return metrics


ServicesDep = Annotated[Services, Depends(get_services)]
RateLimiterDep = Annotated[RateLimiter, Depends(get_rate_limiter)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]


def require_admin_token(request: Request) -> None:
    """Service endpoints need `Authorization: Bearer <ASSISTANT_ADMIN_TOKEN>`; unset, they are off."""
    configured = request.app.state.settings.admin_token
    if configured is None:
        raise HTTPException(403, "This endpoint is disabled: set ASSISTANT_ADMIN_TOKEN to enable it.")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.encode(), configured.get_secret_value().encode()
    ):
        raise HTTPException(401, "A valid bearer token is required.", headers={"WWW-Authenticate": "Bearer"})
