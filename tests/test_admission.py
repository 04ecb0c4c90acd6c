"""The admission gate on its own: slots, first-come waiting, shedding after the wait, and slots released
from another thread or by a waiter that gave up."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest

from assistant.admission import Admission
from assistant.errors import OverloadedError

T = TypeVar("T")


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run` in a thread of its own: in the full suite the browser tests' Playwright keeps an
    event loop running in the main thread, where `asyncio.run` refuses to start another."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_slots_then_waiting_then_shed() -> None:
    async def scenario() -> None:
        gate = Admission(2, 0.05)
        first, second = await gate.enter("chat"), await gate.enter("search")
        with pytest.raises(OverloadedError) as refused:
            await gate.enter("chat")
        assert refused.value.retry_after_s >= 1 and refused.value.kind == "chat"
        first.release()
        first.release()  # twice is once
        third = await gate.enter("chat")
        stats = gate.stats()
        assert (stats.in_flight, stats.waiting) == (2, 0)
        assert stats.admitted == {"chat": 2, "search": 1} and stats.shed == {"chat": 1}
        second.release()
        third.release()
        assert gate.stats().in_flight == 0

    _run(scenario())


def test_waiters_are_served_in_order_and_a_slot_skips_one_that_gave_up() -> None:
    async def scenario() -> None:
        gate = Admission(1, 5.0)
        held = await gate.enter("chat")
        order: list[str] = []

        async def wait(name: str) -> None:
            async with await gate.enter(name):
                order.append(name)

        impatient = asyncio.create_task(wait("impatient"))
        await asyncio.sleep(0)
        patient = [asyncio.create_task(wait(f"w{n}")) for n in range(3)]
        await asyncio.sleep(0.01)
        impatient.cancel()  # the learner went away before a slot came up
        await asyncio.sleep(0.01)
        held.release()
        await asyncio.gather(*patient)
        assert order == ["w0", "w1", "w2"]
        assert gate.stats().in_flight == 0 and gate.stats().waiting == 0

    _run(scenario())


def test_a_slot_released_in_another_thread_wakes_a_waiter_in_another_loop() -> None:
    gate = Admission(1, 5.0)
    held = _run(gate.enter("chat"))  # taken in one loop
    threading.Timer(0.05, held.release).start()  # released from a worker thread

    async def waiter() -> None:
        async with await gate.enter("telegram"):
            assert gate.stats().in_flight == 1

    _run(waiter())  # served in another loop
    assert gate.stats().in_flight == 0


def test_no_wait_sheds_at_once() -> None:
    async def scenario() -> None:
        gate = Admission(1, 0)
        async with await gate.enter("chat"):
            with pytest.raises(OverloadedError):
                await gate.enter("chat")

    _run(scenario())
