"""The Redis cache backend's tracked reads, against a real Redis server: answered in-process, and
fresh again as soon as Redis reports a change, whatever changed the keys and from wherever."""

import pytest
import redis

from peptara.redis_cache import PooledRedisCache
from tests.redis_server import TEST_REDIS_URL, soon


@pytest.fixture
def caches(redis_key_prefix):
    """Two cache instances of one Redis database, each with connections of its own: like the
    caches of two server processes."""
    return [PooledRedisCache(TEST_REDIS_URL, {"KEY_PREFIX": redis_key_prefix}) for _ in range(2)]


KEYS = ["epoch", "state"]


def mget_calls(server):
    return server.info("commandstats").get("cmdstat_mget", {}).get("calls", 0)


def tracking_connections(server):
    return [client for client in server.client_list() if "t" in client["flags"]]


def test_tracked_reads_return_what_get_many_returns(caches):
    reader, writer = caches
    writer.set_many({"epoch": 7, "state": {"token": "7:1"}})

    assert reader.get_many_tracked(["epoch", "state", "absent"]) == {
        "epoch": 7,
        "state": {"token": "7:1"},
    }


def test_tracked_reads_ask_redis_again_only_after_a_key_changed(caches, redis_server):
    reader, writer = caches
    writer.set("epoch", 1)
    reader.get_many_tracked(KEYS)

    before = mget_calls(redis_server)
    for _ in range(50):
        assert reader.get_many_tracked(KEYS) == {"epoch": 1}
    assert mget_calls(redis_server) == before

    writer.incr("epoch")
    assert soon(lambda: reader.get_many_tracked(KEYS) == {"epoch": 2})
    assert mget_calls(redis_server) == before + 1


@pytest.mark.parametrize(
    "change",
    [
        lambda writer: writer.incr("epoch"),
        lambda writer: writer.set("state", "new"),  # a key that was absent when read
        lambda writer: writer.delete("epoch"),
        lambda writer: writer.clear(),
    ],
    ids=["incremented", "created", "deleted", "flushed"],
)
def test_a_change_made_through_another_connection_reaches_the_reader(caches, change):
    reader, writer = caches

    def reader_sees(values):
        return soon(lambda: reader.get_many_tracked(KEYS) == values)

    for _ in range(20):
        writer.set("epoch", 1)
        writer.delete("state")
        assert reader_sees({"epoch": 1})

        change(writer)
        changed = writer.get_many(KEYS)

        assert reader_sees(changed)
        assert reader.get_many_tracked(KEYS) == changed


def test_a_lost_connection_never_leaves_values_that_redis_no_longer_holds(caches, redis_server):
    reader, writer = caches
    writer.set("epoch", 1)
    assert reader.get_many_tracked(["epoch"]) == {"epoch": 1}

    # The invalidation for the next change cannot reach a connection that is gone.
    for connection in tracking_connections(redis_server):
        redis_server.client_kill_filter(_id=connection["id"])
    writer.incr("epoch")

    assert soon(lambda: reader.get_many_tracked(["epoch"]) == {"epoch": 2})
    writer.incr("epoch")  # and tracked again, on a new connection
    assert soon(lambda: reader.get_many_tracked(["epoch"]) == {"epoch": 3})


def test_tracked_reads_fail_loudly_when_redis_is_down():
    unreachable = PooledRedisCache("redis://127.0.0.1:1/0", {})  # nothing listens on port 1

    with pytest.raises(redis.ConnectionError):
        unreachable.get_many_tracked(["epoch"])
