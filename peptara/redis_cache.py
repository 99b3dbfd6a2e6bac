"""Django's Redis cache backend, keeping one client per connection pool, with tracked reads.

Django builds a new redis.Redis client for every cache call; with redis-py 6 that setup costs more
than the round trip itself, and the page cache makes one call per request. Clients are
thread-safe and draw connections from the pool, so one per pool is enough.
"""

import os
import threading

import redis
from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class _ReusedClients(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._get_connection_pool(write)
            )
        return client

    def decode(self, raw):
        """A value as get() returns it, from the bytes Redis holds."""
        return self._serializer.loads(raw)


class _TrackedReads:
    """Values read from Redis, kept in this process for as long as Redis reports no change.

    Server-assisted client-side caching: one connection per process speaks RESP3 with CLIENT
    TRACKING on, so Redis pushes an invalidation down it as soon as a key it read is written,
    deleted, expired, evicted or flushed, by anyone. Before answering, a read takes whatever
    waits on that socket without blocking: with nothing there, the values read last still hold.
    Redis queues a change's invalidation before the answer to the command that made it and writes
    both out before it serves another command, so on one host a read that starts after the writer
    had its answer sees the change; across hosts, once the invalidation has crossed the network.

    Only a live, empty socket vouches for the values: any error drops them with the connection,
    and a new connection starts with nothing known.
    """

    def __init__(self, url, make_key, loads):
        self._url = url
        self._make_key = make_key
        self._loads = loads
        self._lock = threading.Lock()  # one connection per process, whatever the threads
        self._connection = None
        self._pid = None
        self._known = {}  # key -> value, or None when Redis holds no such key

    def get_many(self, keys):
        with self._lock:
            try:
                return self._get_many_or_drop(keys)
            except redis.ConnectionError:  # lost (Redis restarted, say): again, knowing nothing
                return self._get_many_or_drop(keys)

    def _get_many_or_drop(self, keys):
        try:
            return self._get_many(keys)
        except BaseException:
            self._drop_connection()
            raise

    def _get_many(self, keys):
        connection = self._tracking_connection()
        while connection.can_read(timeout=0):
            connection.read_response(push_request=True)  # an invalidation: forget everything
            self._known.clear()
        if any(key not in self._known for key in keys):
            # Invalidations that arrive before the answer are dropped by redis-py while it reads
            # it, and they may name keys known from before: so know nothing but this answer.
            self._known.clear()
            connection.send_command("MGET", *(self._make_key(key) for key in keys))
            for key, raw in zip(keys, connection.read_response(), strict=True):
                self._known[key] = None if raw is None else self._loads(raw)
        return {key: self._known[key] for key in keys if self._known[key] is not None}

    def _tracking_connection(self):
        if self._connection is None or self._pid != os.getpid():  # none yet, or forked
            self._known.clear()
            pool = redis.ConnectionPool.from_url(self._url, protocol=3)
            self._connection, self._pid = pool.make_connection(), os.getpid()
            self._connection.connect()
            self._connection.send_command("CLIENT", "TRACKING", "ON")
            self._connection.read_response()
        return self._connection

    def _drop_connection(self):
        self._known.clear()
        if self._connection is not None and self._pid == os.getpid():
            self._connection.disconnect()
        self._connection = None


class PooledRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedClients
        self._tracked = _TrackedReads(
            self._servers[0],  # the primary: writes go there, so its invalidations are current
            make_key=self.make_and_validate_key,
            loads=lambda raw: self._cache.decode(raw),
        )

    def get_many_tracked(self, keys):
        """get_many() for a few keys read on every request and rarely written: answered from
        this process without a round trip while Redis reports none of them changed."""
        return self._tracked.get_many(keys)
