"""The rate-limit store: the database by default, Redis (the real server) when configured,
shared by every worker and host; the database answers when Redis is down."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from lawreg.services.rate_limits import (
    Bucket,
    DatabaseStore,
    RedisStore,
    rate_limit_store,
)

REDIS_URL = os.environ.get("LAWREG_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def redis_client():  # type: ignore[no-untyped-def]
    """A client of the machine's Redis; CI starts it (.ci/run), elsewhere tests skip."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no Redis server at {REDIS_URL}: {error}")
    yield client
    client.close()


@pytest.fixture
def prefix(redis_client) -> str:  # type: ignore[no-untyped-def]
    value = f"lawreg-test:{uuid.uuid4().hex}:"
    yield value
    for key in redis_client.scan_iter(f"{value}*"):
        redis_client.delete(key)


def comment(client, case_id: int, body: str, address: str = "192.0.2.7"):  # type: ignore[no-untyped-def]
    return client.post(f"/hearings/{case_id}/comments", data={"body": body, "stance": "support"},
                       environ_base={"REMOTE_ADDR": address})


def never_counted(_since: datetime) -> int:
    raise AssertionError("the database must not be asked when Redis answers")


def test_a_sliding_window_in_redis(redis_client, prefix: str) -> None:  # type: ignore[no-untyped-def]
    store = RedisStore(redis_client, prefix)
    bucket = Bucket("sender", limit=3, window=timedelta(minutes=1), stored=never_counted)
    start = datetime(2027, 1, 1, tzinfo=UTC)
    assert [store.allow(bucket, start + timedelta(seconds=i)) for i in range(4)] == [True, True, True, False]
    assert not store.allow(bucket, start + timedelta(seconds=59))
    assert store.allow(bucket, start + timedelta(seconds=61))  # the first event left the window
    assert 0 < redis_client.pttl(f"{prefix}sender") <= 60_000


def test_two_hosts_share_the_count_in_redis(redis_client, prefix: str) -> None:  # type: ignore[no-untyped-def]
    """Two workers (or hosts) with their own connections: one limit between them."""
    import redis

    first = RedisStore(redis_client, prefix)
    second = RedisStore(redis.Redis.from_url(REDIS_URL), prefix)
    bucket = Bucket("hearing:case:1", limit=4, window=timedelta(minutes=10), stored=never_counted)
    now = datetime.now(UTC)
    results = [store.allow(bucket, now) for store in (first, second, first, second, first, second)]
    assert results == [True, True, True, True, False, False]


def test_hearing_comments_are_limited_through_redis_when_configured(
    app, hearing_case, redis_client, prefix: str
) -> None:  # type: ignore[no-untyped-def]
    app.config.update(REDIS_URL=REDIS_URL, REDIS_KEY_PREFIX=prefix)
    client = app.test_client()
    for number in range(5):
        assert comment(client, hearing_case, f"ความเห็นที่ {number}").status_code == 302
    assert comment(client, hearing_case, "ความเห็นที่หก").status_code == 429
    with app.app_context():
        assert isinstance(rate_limit_store(), RedisStore)
    senders = [key for key in redis_client.scan_iter(f"{prefix}hearing:sender:*")]
    assert len(senders) == 1 and redis_client.zcard(senders[0]) == 5
    assert redis_client.zcard(f"{prefix}hearing:case:{hearing_case}") == 5


def test_the_database_counts_when_redis_is_down(app, hearing_case) -> None:  # type: ignore[no-untyped-def]
    app.config.update(REDIS_URL="redis://127.0.0.1:1/0")  # nothing listens there
    client = app.test_client()
    for number in range(5):
        assert comment(client, hearing_case, f"ความเห็นที่ {number}").status_code == 302
    assert comment(client, hearing_case, "ความเห็นที่หก").status_code == 429


def test_without_redis_the_database_is_the_store(app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("LAWREG_REDIS_URL", raising=False)
    with app.app_context():
        assert isinstance(rate_limit_store(), DatabaseStore)
