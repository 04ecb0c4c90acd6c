"""Only allowed pages may use the widget: its API (`/widget/api/...`) answers browsers whose Origin is the
app's own or listed in `ASSISTANT_WIDGET_ORIGINS`, with CORS headers for exactly that origin; any other
origin gets 403 (preflight included), so the browser refuses the call; the widget's first call is a
simple GET (no preflight), whose 403 it can read and explain. On by default: with no list, only
pages served by the app itself (the demo portal at `/`) can use it."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

WIDGET_API = "/widget/api/"
ALLOWED_HEADERS = "Content-Type, X-Ustad-Token, X-Ustad-Anon"
REFUSED = "This site is not allowed to embed the assistant (ask the administrator to add its origin)."


def own_origin(scope: Scope, headers: Headers) -> str:
    return f"{scope.get('scheme', 'http')}://{headers.get('host', '')}".lower()


class WidgetOriginMiddleware:
    def __init__(self, app: ASGIApp, allowed: list[str]) -> None:
        self.app = app
        self.allowed = {o.rstrip("/").lower() for o in allowed}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(WIDGET_API):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        if origin is None:  # not a browser's cross-site call (curl, a server): nothing to enforce
            await self.app(scope, receive, send)
            return
        if origin.lower() not in self.allowed and origin.lower() != own_origin(scope, headers):
            # readable by the refused page (it carries nothing but the refusal), so the widget can say why
            refusal = {"Vary": "Origin", "Access-Control-Allow-Origin": origin}
            await JSONResponse({"detail": REFUSED}, 403, headers=refusal)(scope, receive, send)
            return
        cors = {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
        if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            preflight = {
                **cors,
                "Access-Control-Allow-Methods": "GET, POST",
                "Access-Control-Allow-Headers": ALLOWED_HEADERS,
                "Access-Control-Max-Age": "600",
            }
            await Response(status_code=204, headers=preflight)(scope, receive, send)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if not k.lower().startswith(b"access-control-")
                ]
                kept += [(k.lower().encode(), v.encode()) for k, v in cors.items()]
                message = {**message, "headers": kept}
            await send(message)

        await self.app(scope, receive, send_with_cors)
