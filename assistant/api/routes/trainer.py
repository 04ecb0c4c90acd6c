"""The trainer console: `/trainer` (a static page) and its JSON API under `/trainer/api`. Thin over
`assistant.trainer`; sign-in, CSRF and roles in `assistant.api.auth`."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi import Path as PathParam
from fastapi.responses import StreamingResponse

from assistant.api.auth import (
    AdminUser,
    ConsoleUser,
    check_same_origin,
    end_session,
    session_csrf,
    start_session,
)
from assistant.api.console_schemas import (
    ActiveIn,
    AuditEntries,
    ChartsOut,
    ConsoleProgress,
    Conversation,
    CuratedIn,
    CuratedList,
    Gaps,
    LoginIn,
    LogPage,
    Me,
    SignedIn,
    SignedOut,
    WordingIn,
)
from assistant.api.deps import RateLimiterDep, ServicesDep
from assistant.api.errors import not_found
from assistant.api.limits import check_rate_limit, client_address
from assistant.api.schemas import MAX_ROW_ID
from assistant.api.static_files import CONSOLE_CSP, static_response
from assistant.trainer.csv_export import csv_lines
from assistant.trainer.curated import Curated
from assistant.trainer.labels import CHANNEL_LABELS, RESULTS
from assistant.trainer.log_queries import MISSED_BELOW, LogFilter, Page, learner_filter
from assistant.trainer.progress import cohort_progress, learner_progress

# Learners' data: never stored by the browser (consoles run on shared office computers), never sniffed
# into another type, never framed.
API_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
}


PageSize = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]


def _api_headers(response: Response) -> None:
    response.headers.update(API_HEADERS)


router = APIRouter(tags=["trainer console"])
api = APIRouter(prefix="/trainer/api", dependencies=[Depends(_api_headers)])


def log_filter(
    account: ConsoleUser,
    start: date | None = None,
    end: date | None = None,
    channel: Annotated[Literal["api", "web", "telegram", "cli"] | None, Query()] = None,
    cohort: Annotated[str | None, Query(max_length=100)] = None,
    learner: Annotated[
        str | None,
        Query(max_length=100, description='As the log shows it: "learner #12", "#12" or 12; admins: a name'),
    ] = None,
    doc_type: Annotated[str | None, Query(max_length=32)] = None,
    status: Literal["refused", "answered", "missed"] | None = None,
    rating: Literal["up", "down", "none"] | None = None,
    answerer: Annotated[str | None, Query(max_length=16)] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    reason: Annotated[
        Literal["refused", "disliked", "weak"] | None, Query(description="The queue and gaps: why waiting")
    ] = None,
) -> LogFilter:
    learner_id, learner_name = (
        learner_filter(learner, account) if learner and learner.strip() else (None, None)
    )
    if learner_id is not None and learner_id > MAX_ROW_ID:
        learner_id = 0  # no such learner
    return LogFilter(
        start,
        end,
        channel,
        cohort or None,
        learner_id,
        doc_type or None,
        status,
        rating,
        answerer,
        q,
        learner_name=learner_name,
        reason=reason,
    )


Filter = Annotated[LogFilter, Depends(log_filter)]


@router.get("/trainer", include_in_schema=False)
def console_page() -> Response:
    return static_response("trainer.html", csp=CONSOLE_CSP)


@router.get("/trainer/console.{ext}", include_in_schema=False)
def console_asset(ext: Literal["js", "css"]) -> Response:
    return static_response(f"console.{ext}", csp=CONSOLE_CSP)


@api.post("/login")
def login(
    body: LoginIn, request: Request, response: Response, services: ServicesDep, limiter: RateLimiterDep
) -> SignedIn:
    """Sign in with a console account (`assistant users add`); sets the session cookie."""
    check_same_origin(request)
    check_rate_limit(limiter, f"login:{client_address(request)}")
    check_rate_limit(limiter, f"login:account:{body.username}")  # guesses spread over many addresses
    console = services.console
    account = console.accounts.authenticate(body.username, body.password)
    if account is None:
        console.audit.record(body.username[:64], "login.failed")
        raise HTTPException(401, "Wrong username or password.")
    csrf = start_session(request, response, account)
    console.audit.record(account.username, "login")
    return SignedIn(username=account.username, role=account.role, cohort=account.cohort, csrf=csrf)


@api.post("/logout")
def logout(account: ConsoleUser, request: Request, response: Response, services: ServicesDep) -> SignedOut:
    """Sign out everywhere: this account's session cookies, copied or in other browsers, stop working."""
    end_session(request, response, account)
    services.console.audit.record(account.username, "logout")
    return SignedOut()


@api.get("/me")
def me(account: ConsoleUser, request: Request, services: ServicesDep) -> Me:
    """Who is signed in, the CSRF token for this session, and the filter choices."""
    return Me(
        username=account.username,
        role=account.role,
        cohort=account.cohort,
        csrf=session_csrf(request),
        cohorts=services.console.log.cohorts(account),
        channels=CHANNEL_LABELS,
        results=list(RESULTS),
        missed_below=MISSED_BELOW,
    )


@api.get("/messages")
def messages(
    account: ConsoleUser,
    flt: Filter,
    services: ServicesDep,
    limit: PageSize = 50,
    offset: Offset = 0,
) -> LogPage:
    """The question log, newest first, filtered."""
    return _page_out(services.console.log.page(flt, account, limit, offset))


@api.get("/messages.csv", responses={200: {"content": {"text/csv": {}}}})
def messages_csv(account: ConsoleUser, flt: Filter, services: ServicesDep) -> StreamingResponse:
    """Every row of the filtered view as CSV (learner names only for admins)."""
    services.console.audit.record(account.username, "export.csv", None, filter=_filter_detail(flt))
    rows = services.console.log.iter_rows(flt, account)
    headers = {**API_HEADERS, "Content-Disposition": 'attachment; filename="ustad-questions.csv"'}
    return StreamingResponse(csv_lines(rows), media_type="text/csv; charset=utf-8", headers=headers)


@api.get("/conversations/{session_id}", responses=not_found("No such conversation in your view"))
def conversation(
    session_id: Annotated[str, PathParam(max_length=64)], account: ConsoleUser, services: ServicesDep
) -> Conversation:
    """A whole conversation, with the citations the learner saw."""
    rows = services.console.log.conversation(session_id, account)
    if not rows:
        raise HTTPException(404, "No such conversation (or not in your cohort).")
    return Conversation(session_id=session_id, messages=rows)


@api.get("/queue")
def queue(
    account: ConsoleUser,
    flt: Filter,
    services: ServicesDep,
    limit: PageSize = 50,
    offset: Offset = 0,
) -> LogPage:
    """Refused, disliked and possibly missed answers (weak evidence) waiting for a curated answer."""
    return _page_out(services.console.log.queue(flt, account, limit, offset))


@api.get("/curated")
def curated_list(account: ConsoleUser, services: ServicesDep, inactive: bool = False) -> CuratedList:
    """Trainers' approved answers (the inactive ones too, on request), with the wordings learners taught."""
    return CuratedList(
        curated=services.console.curated.list(include_inactive=inactive),
        taught=services.console.taught_wordings(account),
    )


@api.post("/curated/{curated_id}/wordings")
def curated_wording(
    curated_id: Annotated[int, PathParam(ge=1, le=MAX_ROW_ID)],
    body: WordingIn,
    account: ConsoleUser,
    services: ServicesDep,
) -> Curated:
    """Add a wording to an active curated answer: questions worded so get it too (400 if it is unknown,
    withdrawn or already stands for 50 wordings)."""
    return services.console.add_wording(account, curated_id, body.wording)


@api.post("/curated", status_code=201, responses=not_found("No such message in your view"))
def curated_add(body: CuratedIn, account: ConsoleUser, services: ServicesDep) -> Curated:
    """Approve an answer: matching questions on every channel get it from now on (a knowledge gap's
    other wordings too, and its messages leave the queue)."""
    return services.console.approve(
        account,
        body.question,
        body.answer,
        body.source_message_id,
        variants=body.variants,
        sources=body.source_message_ids,
    )


@api.post("/curated/{curated_id}/active")
def curated_active(
    curated_id: Annotated[int, PathParam(ge=1, le=MAX_ROW_ID)],
    body: ActiveIn,
    account: ConsoleUser,
    services: ServicesDep,
) -> Curated:
    """Switch a curated answer on or off (it is kept either way)."""
    curated = services.console.curated.set_active(curated_id, body.active)
    action = "curated.activate" if body.active else "curated.deactivate"
    services.console.audit.record(account.username, action, f"curated/{curated_id}")
    return curated


@api.get("/gaps")
def gaps(account: ConsoleUser, flt: Filter, services: ServicesDep) -> Gaps:
    """Questions waiting for a trainer (refused, disliked, weak evidence) grouped by meaning, largest
    group first, each labelled by its most central question and the words its questions share."""
    return Gaps(gaps=services.console.gaps(flt, account))


@api.get("/charts")
def charts(account: ConsoleUser, flt: Filter, services: ServicesDep) -> ChartsOut:
    """Questions and refusals per day, feedback, top topics and answerers, for the filtered view."""
    result = services.console.log.charts(flt, account)
    return ChartsOut.model_validate({**asdict(result), "refusal_rate": result.refusal_rate})


@api.get("/progress")
def progress(
    account: ConsoleUser, services: ServicesDep, cohort: Annotated[str | None, Query(max_length=100)] = None
) -> ConsoleProgress:
    """Exercise progress per learner and per cohort."""
    database = services.console.database
    return ConsoleProgress(
        learners=learner_progress(database, account, cohort or None),
        cohorts=cohort_progress(database, account),
    )


@api.get("/audit")
def audit(
    account: AdminUser,
    services: ServicesDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Offset = 0,
) -> AuditEntries:
    """The audit log of console actions (administrators only)."""
    return AuditEntries(entries=services.console.audit.recent(limit, offset))


def _page_out(page: Page) -> LogPage:
    return LogPage(total=page.total, rows=page.rows)


def _filter_detail(flt: LogFilter) -> dict[str, str]:
    return {k: str(v) for k, v in asdict(flt).items() if v is not None and k != "text"}


router.include_router(api)
