"""Admission control: a bound on the answer work (chat, search, a graded attempt, a Telegram question or
attempt) in flight in one worker process, and on how long a request may wait for a slot.

Without it every request goes straight to a thread pool of 40 and all of them share two cores: past
capacity each answer takes longer, the queue grows, and under 200 learners chat p95 reached 18 s (a
webhook 68 s). With it, a few answers run at once (as many as the cores keep busy), a request waits at
most `max_wait_s` for one of them to finish, and past that it is refused at once with
`OverloadedError` (the API's 503 with Retry-After, the bot's polite "busy" reply), so what is served is
served fast and what is not is told so in about a second, instead of everyone waiting a minute.

The defaults (4 slots, 0.5 s; `Settings`) were measured on 2 cores: in process, 4 answers at once gave
31.6 answers/s against 27.5 at 2 and 30.2 at 8, whose p95 doubled (239 -> 505 ms); one ONNX session and the
GIL serialise the work, so more slots only lengthen the wait. With p95 near 0.25 s, a request that waited
0.5 s is still answered within a second.

Waiting is first come, first served. The gate belongs to no event loop: the API's, the bot's (`assistant
bot` runs its own) and a test's each wait on futures of their own, and a slot may be released from any
thread (a streamed answer's generator ends in the thread pool).
"""

from __future__ import annotations

import asyncio
import math
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass

from assistant.errors import OverloadedError

RETRY_AFTER_RANGE_S = (1, 30)
_SMOOTHING = 0.2  # weight of the latest hold time in the running mean


@dataclass(frozen=True, slots=True)
class AdmissionStats:
    """A snapshot for /metrics and benchmarks."""

    slots: int
    in_flight: int
    waiting: int
    admitted: dict[str, int]
    shed: dict[str, int]
    mean_hold_s: float


class Slot:
    """One admitted piece of work; `release()` may be called from any thread, more than once."""

    def __init__(self, gate: Admission) -> None:
        self._gate = gate
        self._started = time.monotonic()
        self._released = False
        self._lock = threading.Lock()

    def release(self) -> None:
        with self._lock:
            if self._released:
                return
            self._released = True
        self._gate._release(time.monotonic() - self._started)

    async def __aenter__(self) -> Slot:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.release()


class Admission:
    """At most `slots` pieces of work at once; a request waits up to `max_wait_s` for one, else it is
    shed with `OverloadedError` (which says when to try again)."""

    def __init__(self, slots: int, max_wait_s: float) -> None:
        if slots < 1 or max_wait_s < 0:
            raise ValueError("slots must be at least 1 and max_wait_s not negative")
        self.slots = slots
        self.max_wait_s = max_wait_s
        self._lock = threading.Lock()
        self._busy = 0
        self._waiters: deque[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = deque()
        self._admitted: Counter[str] = Counter()
        self._shed: Counter[str] = Counter()
        self._mean_hold_s = 0.2  # until measured: about one extractive answer

    async def enter(self, kind: str) -> Slot:
        """A slot for work of `kind` ("chat", "search", "telegram"...), or `OverloadedError` when none
        frees up within `max_wait_s`. Release it with `Slot.release()` or `async with`."""
        loop = asyncio.get_running_loop()
        with self._lock:
            if self._busy < self.slots and not self._waiters:
                self._busy += 1
                self._admitted[kind] += 1
                return Slot(self)
            if self.max_wait_s == 0:
                raise self._refuse(kind)
            future: asyncio.Future[None] = loop.create_future()
            self._waiters.append((loop, future))
        try:
            async with asyncio.timeout(self.max_wait_s):
                await future
        except (TimeoutError, asyncio.CancelledError) as exc:
            with self._lock:
                try:
                    self._waiters.remove((loop, future))
                except ValueError:  # already handed a slot: `_hand_over` passes it on if we did not take it
                    pass
                if future.done() and not future.cancelled():  # granted, but we stopped waiting
                    self._admitted[kind] += 1
                    granted = Slot(self)
                else:
                    granted = None
            if granted is not None:
                granted.release()
            if isinstance(exc, TimeoutError):
                with self._lock:
                    raise self._refuse(kind) from None
            raise
        with self._lock:
            self._admitted[kind] += 1
        return Slot(self)

    def _release(self, held_s: float) -> None:
        with self._lock:
            self._mean_hold_s += _SMOOTHING * (held_s - self._mean_hold_s)
            if self._waiters:  # the slot goes to the longest waiter; `_busy` stays as it is
                loop, future = self._waiters.popleft()
            else:
                self._busy -= 1
                return
        try:
            loop.call_soon_threadsafe(self._hand_over, future)
        except RuntimeError:  # that waiter's loop has closed: the slot is nobody's
            self._release(held_s)

    def _hand_over(self, future: asyncio.Future[None]) -> None:
        """In the waiter's loop: wake it, or pass the slot on when it stopped waiting meanwhile."""
        if future.done():
            self._release(self._mean_hold_s)
        else:
            future.set_result(None)

    def _refuse(self, kind: str) -> OverloadedError:
        """Called with the lock held."""
        self._shed[kind] += 1
        # the time the work ahead of a new request takes to drain at the pace measured
        ahead = (self._busy + len(self._waiters)) * self._mean_hold_s / self.slots
        low, high = RETRY_AFTER_RANGE_S
        return OverloadedError(retry_after_s=min(high, max(low, math.ceil(ahead))), kind=kind)

    def stats(self) -> AdmissionStats:
        with self._lock:
            return AdmissionStats(
                self.slots,
                self._busy,
                len(self._waiters),
                dict(self._admitted),
                dict(self._shed),
                self._mean_hold_s,
            )
