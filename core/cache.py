"""Django's Redis cache, answering as an empty cache while Redis cannot be reached.

Several app servers share one Redis (fragment cache, the API's rate-limit counts), so
what one server caches or counts, the others see. But the cache is an optimisation:
when Redis is down or restarting, pages must still be served, only uncached. Django's
`RedisCache` raises on every call instead, which would turn a Redis restart into a
site outage. This backend catches connection errors and timeouts, answers as an empty
cache would, logs the outage once, and sends nothing to Redis for
`RETRY_AFTER_SECONDS`, so a dead Redis does not cost every request a timeout.

A cms core module: it imports no app.
"""

import logging
import time

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


class ResilientRedisCache(RedisCache):
    """`RedisCache` whose every call degrades to an empty cache's answer, not an error."""

    RETRY_AFTER_SECONDS = 5.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = None  # monotonic time until which Redis is not tried

    @property
    def available(self):
        """False while an outage is remembered: no call goes to Redis then."""
        return self._down_until is None or time.monotonic() >= self._down_until

    def _guarded(self, empty_answer, call):
        if not self.available:
            return empty_answer
        try:
            answer = call()
        except UNREACHABLE as error:
            if self._down_until is None:
                logger.warning(
                    "Redis cache unreachable (%s: %s); serving uncached, retrying every %.0f s.",
                    error.__class__.__name__,
                    error,
                    self.RETRY_AFTER_SECONDS,
                )
            self._down_until = time.monotonic() + self.RETRY_AFTER_SECONDS
            return empty_answer
        if self._down_until is not None:
            logger.warning("Redis cache reachable again.")
            self._down_until = None
        return answer

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            False, lambda: super(ResilientRedisCache, self).add(key, value, timeout, version)
        )

    def get(self, key, default=None, version=None):
        return self._guarded(
            default, lambda: super(ResilientRedisCache, self).get(key, default, version)
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            None, lambda: super(ResilientRedisCache, self).set(key, value, timeout, version)
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            False, lambda: super(ResilientRedisCache, self).touch(key, timeout, version)
        )

    def delete(self, key, version=None):
        return self._guarded(False, lambda: super(ResilientRedisCache, self).delete(key, version))

    def get_many(self, keys, version=None):
        return self._guarded({}, lambda: super(ResilientRedisCache, self).get_many(keys, version))

    def has_key(self, key, version=None):
        return self._guarded(False, lambda: super(ResilientRedisCache, self).has_key(key, version))

    def incr(self, key, delta=1, version=None):
        missing = object()
        answer = self._guarded(
            missing, lambda: super(ResilientRedisCache, self).incr(key, delta, version)
        )
        if answer is missing:  # what incr() does for a key an empty cache lacks
            raise ValueError(f"Key '{key}' not found (the cache is unreachable).")
        return answer

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            list(data), lambda: super(ResilientRedisCache, self).set_many(data, timeout, version)
        )

    def delete_many(self, keys, version=None):
        return self._guarded(
            None, lambda: super(ResilientRedisCache, self).delete_many(keys, version)
        )

    def clear(self):
        return self._guarded(False, lambda: super(ResilientRedisCache, self).clear())
