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

    def new_connection(self, **options):
        """A connection of its own to the primary, set up like the pool's (timeouts, TLS, ...)."""
        pool_options = {**self._pool_options, **options}
        return self._pool_class.from_url(self._servers[0], **pool_options).make_connection()


class _TrackedReads:
    """Values read from Redis, kept in this process for as long as Redis reports no change.

    Server-assisted client-side caching: one connection per process speaks RESP3 with CLIENT
    TRACKING on, so Redis pushes an invalidation down it as soon as a key it read is written,
    deleted, expired, evicted or flushed, by anyone. Before answering, a read takes whatever
    waits on that socket without blocking: with nothing there, the values read last still hold.
    Redis sends the invalidation as it executes the change, so a read sees the change once that
    push has crossed to this process: microseconds after the writer had its answer, on one host.

    Only a live, empty socket vouches for the values: any error drops them with the connection,
    and a new connection starts with nothing known.
    """

    def __init__(self, new_connection, make_key, loads):
        self._new_connection = new_connection
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
            self._connection, self._pid = self._new_connection(protocol=3), os.getpid()
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
            new_connection=lambda **options: self._cache.new_connection(**options),
            make_key=self.make_and_validate_key,
            loads=lambda raw: self._cache.decode(raw),
        )

    def get_many_tracked(self, keys):
        """get_many() for a few keys read on every request and rarely written: answered from
        this process without a round trip while Redis reports none of them changed."""
        return self._tracked.get_many(keys)
