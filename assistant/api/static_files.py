"""The widget's and console's files, shipped in the package and served from memory (no CDN, no fonts)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from starlette.responses import Response

STATIC = "assistant.api.static"
_TYPES = {
    "js": "text/javascript; charset=utf-8",
    "css": "text/css; charset=utf-8",
    "html": "text/html; charset=utf-8",
}
# The console runs only our own script and style: a learner's `<script>` in a question cannot run even if
# some view forgot to escape it.
CONSOLE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


@cache
def read_static(name: str) -> bytes:
    return resources.files(STATIC).joinpath(name).read_bytes()


def static_response(name: str, csp: str | None = None, cache_s: int = 0) -> Response:
    headers = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}
    if csp:
        headers["Content-Security-Policy"] = csp
        headers["X-Frame-Options"] = "DENY"
    headers["Cache-Control"] = f"public, max-age={cache_s}" if cache_s else "no-cache"
    return Response(read_static(name), media_type=_TYPES[name.rsplit(".", 1)[1]], headers=headers)
