"""The Redis server tests share with the rest of this machine: database 13 is the tests'."""

import time

TEST_REDIS_URL = "redis://127.0.0.1:6379/13"


def soon(condition, seconds=1.0):
    """Whether `condition()` holds within `seconds`: an invalidation takes the moment it needs
    to cross from Redis to the reader's socket."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.001)
    return True
