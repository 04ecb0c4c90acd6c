"""A fake Telegram Bot API server on loopback, so the bot is driven by the real python-telegram-bot
application over real HTTP (`base_url=server.base_url`).

    with FakeTelegram() as tg:
        tg.push_text(chat_id=42, text="What is temperature?")   # served to getUpdates
        sent = tg.wait_for(lambda calls: tg.sent(chat_id=42))  # what the bot sent

It implements the methods the bot uses (getMe, getUpdates, sendMessage, editMessageText,
editMessageReplyMarkup, answerCallbackQuery, sendChatAction, setWebhook, deleteWebhook, setMyCommands...)
and, like Telegram, rejects HTML that does not parse (unknown tags, unclosed tags, bad entities) and texts
longer than 4,096 characters, with 400 "Bad Request". `fail` makes a method fail for good, `fail_next` for
its next few calls (a 5xx, or flood control: 429 with `retry_after`).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from types import TracebackType
from typing import Any, TypeVar

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.helpers.chroma_server import free_port
from tests.helpers.threaded_server import start_in_thread, stop_in_thread

T = TypeVar("T")
TOKEN = "123456:TEST-token_secret"
BOT_ID = 123456
BOT_USERNAME = "ustad_test_bot"
ALLOWED_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "a",
    "code",
    "pre",
    "tg-spoiler",
    "span",
    "blockquote",
    "tg-emoji",
}
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|lt|gt|amp|quot);")


class HTMLRejected(ValueError):
    pass


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            raise HTMLRejected(f'Unsupported start tag "{tag}"')
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            raise HTMLRejected(f'Unmatched end tag "{tag}"')
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if "<" in data or ">" in data:
            raise HTMLRejected("Unescaped < or >")
        self.text.append(data)

    def handle_entityref(self, name: str) -> None:
        if name not in {"lt", "gt", "amp", "quot"}:
            raise HTMLRejected(f"Unsupported entity &{name};")
        self.text.append("x")

    def handle_charref(self, name: str) -> None:
        self.text.append("x")


def check_html(text: str) -> str:
    """The visible text of Telegram HTML; raises `HTMLRejected` where Telegram would say 'can't parse'."""
    bare = _ENTITY.sub("", text)
    if "&" in bare:
        raise HTMLRejected("Unescaped &")
    checker = _Checker()
    checker.feed(text)
    checker.close()
    if checker.stack:
        raise HTMLRejected(f'Unclosed start tag "{checker.stack[-1]}"')
    return "".join(checker.text)


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass
class Failure:
    """How a failing call is answered, and how many more calls fail so."""

    times: int
    status: int
    description: str
    retry_after: int | None = None

    def response(self) -> JSONResponse:
        body: dict[str, Any] = {"ok": False, "error_code": self.status, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return JSONResponse(body, self.status)


class FakeTelegram:
    """Records every Bot API call in `calls` as (method, params, monotonic time)."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.base_url = f"{self.url}/bot"
        self.calls: list[tuple[str, dict[str, Any], float]] = []
        self.webhook: dict[str, Any] | None = None
        self.fail: dict[str, tuple[int, str]] = {}  # method -> (status, description), to simulate errors
        self.failing: dict[str, Failure] = {}  # method -> its next calls' failure (`fail_next`)
        self._updates: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        # unique across runs, as Telegram's are: update ids may be remembered in Redis between runs
        self._update_ids = itertools.count(int(time.time() * 1000) % 10**12)
        self._message_ids = itertools.count(1)
        self._server = uvicorn.Server(
            uvicorn.Config(
                Starlette(routes=[Route("/bot{token}/{method}", self._method, methods=["GET", "POST"])]),
                host="127.0.0.1",
                port=self.port,
                log_level="warning",
                lifespan="off",
                ws="none",
                timeout_graceful_shutdown=1,
                limit_concurrency=2000,
                backlog=2048,
            )
        )
        self._thread = threading.Thread(target=self._server.run, name="fake-telegram", daemon=True)

    # --- updates the test sends "from users" ---

    def new_update_id(self) -> int:
        return next(self._update_ids)

    def message_update(
        self,
        text: str | None = None,
        *,
        chat_id: int = 42,
        user_id: int | None = None,
        chat_type: str = "private",
        reply_to: dict[str, Any] | None = None,
        edited: bool = False,
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """An update carrying a message (`text` None: no text, put e.g. a sticker in `extra`)."""
        user_id = user_id if user_id is not None else chat_id
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {
                "id": chat_id,
                "type": chat_type,
                **({"title": "Group"} if chat_type != "private" else {}),
            },
            "from": {"id": user_id, "is_bot": False, "first_name": "Learner", "language_code": "en"},
        }
        if text is not None:
            message["text"] = text
            if text.startswith("/"):
                command = text.split()[0]
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
            mention = f"@{BOT_USERNAME}"
            if mention in text:
                message.setdefault("entities", []).append(
                    {"type": "mention", "offset": text.index(mention), "length": len(mention)}
                )
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        message.update(extra or {})
        if edited:
            message["edit_date"] = int(time.time())
        return {"update_id": self.new_update_id(), "edited_message" if edited else "message": message}

    def callback_update(
        self, data: str, message: dict[str, Any], *, user_id: int | None = None
    ) -> dict[str, Any]:
        """A press on an inline button of `message` (as the bot sent it)."""
        chat_id = message["chat"]["id"]
        return {
            "update_id": self.new_update_id(),
            "callback_query": {
                "id": str(self.new_update_id()),
                "from": {"id": user_id or chat_id, "is_bot": False, "first_name": "Learner"},
                "chat_instance": "ci",
                "data": data,
                "message": message,
            },
        }

    def push(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue an update for getUpdates (polling mode)."""
        with self._lock:
            self._updates.append(update)
        return update

    def push_text(self, text: str, **kwargs: Any) -> dict[str, Any]:
        return self.push(self.message_update(text, **kwargs))

    def fail_next(
        self,
        method: str,
        times: int,
        status: int = 500,
        description: str = "Internal Server Error",
        retry_after: int | None = None,
    ) -> None:
        """The next `times` calls of `method` fail; `retry_after` (with 429) is Telegram's flood control."""
        if status == 429 and description == "Internal Server Error":
            description = f"Too Many Requests: retry after {retry_after}"
        self.failing[method] = Failure(times, status, description, retry_after)

    # --- what the bot did ---

    def methods(self, name: str) -> list[dict[str, Any]]:
        with self._lock:
            return [params for method, params, _ in self.calls if method == name]

    def sent(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """sendMessage calls that succeeded, as the Message objects returned (text, reply_markup...)."""
        calls = self.methods("sendMessage")
        return [p["_result"] for p in calls if "_result" in p and chat_id in (None, int(p["chat_id"]))]

    def wait_for(self, probe: Callable[[], T], timeout: float = 20.0) -> T:
        """Poll `probe` until it returns something truthy."""
        deadline = time.monotonic() + timeout
        while True:
            value = probe()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; calls so far: {[c[0] for c in self.calls]}")
            time.sleep(0.02)

    def wait_sent(self, chat_id: int, count: int, timeout: float = 20.0) -> list[dict[str, Any]]:
        """Wait until the bot has sent at least `count` messages to `chat_id`; return them all."""
        self.wait_for(lambda: len(self.sent(chat_id)) >= count, timeout)
        return self.sent(chat_id)

    # --- the HTTP side ---

    async def _method(self, request: Request) -> Response:
        if request.path_params["token"] != self.token:
            return JSONResponse({"ok": False, "error_code": 401, "description": "Unauthorized"}, 401)
        method = request.path_params["method"]
        params = await _params(request)
        if method != "getUpdates":
            with self._lock:
                self.calls.append((method, params, time.monotonic()))
        if method in self.fail:
            status, description = self.fail[method]
            return JSONResponse({"ok": False, "error_code": status, "description": description}, status)
        with self._lock:
            failure = self.failing.get(method)
            if failure is not None:
                failure.times -= 1
                if failure.times <= 0:
                    del self.failing[method]
        if failure is not None:
            return failure.response()
        handler = getattr(self, f"_m_{method}", None)
        try:
            result = await handler(params) if handler is not None else True
        except HTMLRejected as exc:
            description = f"Bad Request: can't parse entities: {exc}"
            return JSONResponse({"ok": False, "error_code": 400, "description": description}, 400)
        except _BadRequest as exc:
            return JSONResponse({"ok": False, "error_code": 400, "description": f"Bad Request: {exc}"}, 400)
        params["_result"] = result
        return JSONResponse({"ok": True, "result": result})

    async def _m_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "Ustad",
            "username": BOT_USERNAME,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _m_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 0.5)
        while True:
            with self._lock:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
                ready = list(self._updates[: int(params.get("limit") or 100)])
            if ready or time.monotonic() >= deadline:
                return ready
            await asyncio.sleep(0.01)

    def _message(self, params: dict[str, Any]) -> dict[str, Any]:
        text = str(params.get("text", ""))
        if not text.strip():
            raise _BadRequest("message text is empty")
        visible = check_html(text) if params.get("parse_mode") == "HTML" else text
        if _utf16(visible) > 4096 or _utf16(text) > 4096 * 4:
            raise _BadRequest("message is too long")
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": int(params["chat_id"]), "type": "private"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Ustad", "username": BOT_USERNAME},
            "text": text,
        }
        if "inline_keyboard" in (params.get("reply_markup") or {}):  # Telegram echoes inline keyboards only
            message["reply_markup"] = params["reply_markup"]
        return message

    async def _m_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._message(params)

    async def _m_editMessageText(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._message(params)
        message["message_id"] = int(params["message_id"])
        return message

    async def _m_setWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = params
        return True

    async def _m_deleteWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = None
        return True

    # --- lifecycle ---

    def start(self) -> FakeTelegram:
        start_in_thread(self._server, self._thread, f"fake Telegram on {self.url}")
        return self

    def stop(self) -> None:
        stop_in_thread(self._server, self._thread)

    def __enter__(self) -> FakeTelegram:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


_PLAIN_FIELDS = {"text", "parse_mode", "secret_token", "url", "callback_query_id", "action", "caption"}


class _BadRequest(ValueError):
    pass


async def _params(request: Request) -> dict[str, Any]:
    """PTB sends url-encoded form fields (no files here), JSON-encoding the values that are not strings."""
    if request.headers.get("content-type", "").startswith("application/json"):
        body = await request.body()
        return dict(json.loads(body)) if body else {}
    body = (await request.body()).decode()
    params: dict[str, Any] = {}
    for key, value in urllib.parse.parse_qsl(body, keep_blank_values=True):
        if key in _PLAIN_FIELDS:
            params[key] = value
            continue
        try:
            params[key] = json.loads(value)
        except ValueError:
            params[key] = value
    return params
