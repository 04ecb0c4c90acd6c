"""The in-memory sliding-window limiter, on a fake clock."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from assistant.config import Settings
from assistant.ratelimit import InMemoryRateLimiter, RateDecision, RateLimiter, build_rate_limiter


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def test_allows_up_to_the_limit_then_refuses_with_retry_after(clock: FakeClock) -> None:
    limiter = InMemoryRateLimiter(3, 60.0, clock=clock)

    decisions = [limiter.hit("u1") for _ in range(3)]
    clock.now += 10
    refused = limiter.hit("u1")

    assert decisions == [RateDecision(True, 0, 2), RateDecision(True, 0, 1), RateDecision(True, 0, 0)]
    assert refused == RateDecision(False, 50, 0)


def test_the_window_slides_one_hit_at_a_time(clock: FakeClock) -> None:
    limiter = InMemoryRateLimiter(2, 60.0, clock=clock)
    limiter.hit("u1")
    clock.now += 30
    limiter.hit("u1")

    clock.now += 29.5
    assert limiter.hit("u1") == RateDecision(False, 1, 0)  # rounds up: never "retry in 0 s"
    clock.now += 0.5
    assert limiter.hit("u1") == RateDecision(True, 0, 0)  # the first hit has left the window
    assert limiter.hit("u1") == RateDecision(False, 30, 0)


def test_refused_hits_do_not_extend_the_wait(clock: FakeClock) -> None:
    limiter = InMemoryRateLimiter(1, 60.0, clock=clock)
    limiter.hit("u1")
    for _ in range(10):
        clock.now += 5
        assert not limiter.hit("u1").allowed
    clock.now += 10
    assert limiter.hit("u1").allowed


def test_keys_are_independent(clock: FakeClock) -> None:
    limiter = InMemoryRateLimiter(1, 60.0, clock=clock)
    assert limiter.hit("a").allowed
    assert not limiter.hit("a").allowed
    assert limiter.hit("b").allowed


def test_idle_keys_are_evicted(clock: FakeClock) -> None:
    limiter = InMemoryRateLimiter(5, 60.0, clock=clock)
    for n in range(100):
        limiter.hit(f"user-{n}")
    assert len(limiter) == 100

    clock.now += 61
    limiter.hit("late")

    assert len(limiter) == 1


def test_memory_is_bounded_by_max_keys(clock: FakeClock) -> None:
    limiter = InMemoryRateLimiter(1, 60.0, max_keys=3, clock=clock)
    for key in ("a", "b", "c"):
        limiter.hit(key)
    limiter.hit("a")  # refused, but "a" is now the most recently seen

    limiter.hit("d")  # forgets "b", the least recently seen

    assert len(limiter) == 3
    assert not limiter.hit("a").allowed
    assert not limiter.hit("c").allowed
    assert limiter.hit("b").allowed  # forgotten, so it starts afresh


def test_concurrent_hits_never_exceed_the_limit(clock: FakeClock) -> None:
    limiter = InMemoryRateLimiter(50, 60.0, clock=clock)
    start = threading.Barrier(8)

    def burst(_: int) -> int:
        start.wait()
        return sum(limiter.hit("shared").allowed for _ in range(100))

    with ThreadPoolExecutor(8) as pool:
        assert sum(pool.map(burst, range(8))) == 50


@pytest.mark.parametrize("kwargs", [{"limit": 0}, {"limit": 1, "window_s": 0}, {"limit": 1, "max_keys": 0}])
def test_rejects_nonsense_settings(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="positive"):
        InMemoryRateLimiter(**kwargs)  # type: ignore[arg-type]


def test_built_from_settings() -> None:
    limiter: RateLimiter = build_rate_limiter(Settings(_env_file=None, rate_limit_per_minute=7))  # type: ignore[call-arg]
    assert isinstance(limiter, InMemoryRateLimiter)
    assert (limiter.limit, limiter.window_s) == (7, 60.0)
