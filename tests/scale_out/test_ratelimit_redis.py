"""The shared rate limiter against the real Redis on 127.0.0.1:6379 (started by .ci/services.sh)."""

from __future__ import annotations

import threading
import uuid

import pytest
import redis

from assistant.config import Settings
from assistant.ratelimit import RedisRateLimiter, build_rate_limiter
from tests.helpers.chroma_server import free_port

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def prefix() -> str:
    return f"test:{uuid.uuid4().hex}:"


def _limiter(prefix: str, limit: int = 3, window_s: float = 60.0) -> RedisRateLimiter:
    return RedisRateLimiter.from_url(REDIS_URL, limit, window_s, prefix=prefix)


def test_the_limit_is_shared_by_every_limiter_on_the_same_redis(prefix: str) -> None:
    worker_a, worker_b = _limiter(prefix), _limiter(prefix)  # two processes' limiters
    assert [worker_a.hit("u1").allowed, worker_b.hit("u1").allowed, worker_a.hit("u1").allowed] == [True] * 3
    refused = worker_b.hit("u1")
    assert not refused.allowed and 1 <= refused.retry_after_s <= 60
    assert worker_a.hit("u2").allowed  # keys are independent


def test_the_window_slides(prefix: str) -> None:
    import time

    limiter = _limiter(prefix, limit=2, window_s=0.5)
    assert limiter.hit("k").allowed and limiter.hit("k").allowed
    assert not limiter.hit("k").allowed
    time.sleep(0.6)
    assert limiter.hit("k").allowed


def test_concurrent_hits_never_exceed_the_limit(prefix: str) -> None:
    limiter = _limiter(prefix, limit=25)
    results: list[bool] = []
    lock = threading.Lock()

    def hammer() -> None:
        for _ in range(10):
            allowed = limiter.hit("busy").allowed
            with lock:
                results.append(allowed)

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(results) == 25 and len(results) == 80


def test_keys_expire_with_the_window(prefix: str) -> None:
    _limiter(prefix, limit=2, window_s=5).hit("gone")
    ttl = redis.Redis.from_url(REDIS_URL).pttl(prefix + "gone")
    assert 0 < ttl <= 5000


def test_an_unreachable_redis_lets_requests_through(caplog: pytest.LogCaptureFixture) -> None:
    limiter = RedisRateLimiter.from_url(f"redis://127.0.0.1:{free_port()}/0", limit=1)
    assert limiter.hit("k").allowed and limiter.hit("k").allowed
    assert "Rate limiter unavailable" in caplog.text


def test_settings_choose_the_limiter() -> None:
    plain = Settings(_env_file=None)  # type: ignore[call-arg]
    assert not isinstance(build_rate_limiter(plain), RedisRateLimiter)
    shared = Settings(_env_file=None, redis_url=REDIS_URL)  # type: ignore[call-arg]
    assert isinstance(build_rate_limiter(shared), RedisRateLimiter)


def test_scale_out_mode_is_one_switch() -> None:
    settings = Settings(_env_file=None, mode="scale-out")  # type: ignore[call-arg]
    assert settings.database_url and settings.database_url.startswith("postgresql")
    assert settings.chroma_url and settings.redis_url
    assert settings.catalog_url == settings.database_url  # every worker reads the same catalog
    with pytest.raises(ValueError, match="PostgreSQL"):
        Settings(_env_file=None, mode="scale-out", database_url="sqlite:///x.db")  # type: ignore[call-arg]
    assert Settings(_env_file=None).catalog_url.startswith("sqlite")  # type: ignore[call-arg]
