"""The shared Redis cache: shared between app servers, and harmless when Redis is down.

Against the machine's real Redis on 127.0.0.1:6379 (database 15, a key prefix of
this run's own); "down" is a port nothing listens on.
"""

import logging
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from django.core.cache import caches
from django.test import override_settings

from core.cache import ResilientRedisCache

from .support import redis_reachable

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
DEAD_REDIS_URL = "redis://127.0.0.1:1/0"  # port 1: connection refused at once


needs_redis = pytest.mark.skipif(
    not redis_reachable(), reason="needs Redis on 127.0.0.1:6379 (apt-get install redis-server)"
)


def redis_cache(url, prefix):
    return ResilientRedisCache(
        url,
        {"KEY_PREFIX": prefix, "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}},
    )


def caches_setting(url, prefix):
    return {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


@pytest.fixture
def prefix():
    return f"test-{uuid.uuid4().hex}"


@needs_redis
def test_what_one_app_server_caches_the_other_reads(prefix):
    server_a, server_b = redis_cache(REDIS_URL, prefix), redis_cache(REDIS_URL, prefix)
    server_a.set("map:vertebroplasty", "<svg>…</svg>", 30)
    assert server_b.get("map:vertebroplasty") == "<svg>…</svg>"
    assert server_a.add("hits", 1)
    assert server_b.incr("hits") == 2
    assert server_a.get("hits") == 2
    server_b.delete_many(["map:vertebroplasty", "hits"])
    assert server_a.get("map:vertebroplasty") is None


def test_an_unreachable_redis_answers_as_an_empty_cache(prefix, caplog):
    cache = redis_cache(DEAD_REDIS_URL, prefix)
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        assert cache.get("key", "default") == "default"
        cache.set("key", "value", 30)  # no error
        assert cache.add("key", "value") is False
        assert cache.get_many(["a", "b"]) == {}
        assert cache.set_many({"a": 1}) == ["a"]
        assert cache.has_key("key") is False
        assert cache.get_or_set("key", "computed") == "computed"
        with pytest.raises(ValueError):
            cache.incr("counter")
    # One warning for the outage, not one per call; later calls skip Redis.
    warnings = [r for r in caplog.records if r.name == "core.cache"]
    assert len(warnings) == 1
    assert "unreachable" in warnings[0].getMessage()
    assert not cache.available


@needs_redis
def test_the_cache_comes_back_when_redis_does(prefix, caplog):
    cache = redis_cache(REDIS_URL, prefix)
    cache._down_until = 0.0  # an outage that has just expired
    cache.set("key", "value", 30)
    assert cache.available
    assert cache.get("key") == "value"
    assert "reachable again" in caplog.text
    cache.delete("key")


@needs_redis
def test_pages_and_api_are_served_through_redis(client, home, prefix):
    with override_settings(
        CACHES=caches_setting(REDIS_URL, prefix), API_THROTTLE_RATE="100/minute"
    ):
        assert client.get("/").status_code == 200
        assert client.get("/api/v2/pages/").status_code == 200
        ready = client.get("/readyz").json()
        assert ready["checks"]["cache"] == "ok"
        # The API's rate-limit count went to Redis, where every app server reads it.
        other_server = redis_cache(REDIS_URL, prefix)
        assert other_server.get("throttle_api_ip-127.0.0.1")


def test_the_site_keeps_serving_when_redis_is_down(client, home, prefix):
    with override_settings(
        CACHES=caches_setting(DEAD_REDIS_URL, prefix), API_THROTTLE_RATE="100/minute"
    ):
        assert client.get("/").status_code == 200
        assert client.get("/api/v2/pages/").status_code == 200
        response = client.get("/readyz")
        # Ready: the database answers; the cache is reported, not fatal.
        assert response.status_code == 200
        assert response.json()["checks"] == {
            "database": "ok",
            "cache": "unavailable: serving uncached",
        }
        assert not caches["default"].available


def test_redis_url_selects_the_shared_cache():
    code = (
        "import django; django.setup(); from django.core.cache import caches; "
        "c = caches['default']; print(type(c).__name__, getattr(c, '_servers', ''))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.dev", "REDIS_URL": REDIS_URL}
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.split()[0] == "ResilientRedisCache", result.stderr
    assert REDIS_URL in result.stdout
    env.pop("REDIS_URL")
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.split()[0] == "LocMemCache", result.stderr
