"""A per-client rate limit for the public API, over Django's cache.

Searches over a million providers cost real database time: one client must not be
able to take the API (and the pages sharing its database) down. DRF's throttles read
their rates once, when the class is defined; this one reads `API_THROTTLE_RATE` on
each request, so deployments and tests can change it, and `None` turns it off.
The count lives in the default cache: per process with the local-memory cache, shared
by every app server when the cache is shared (Redis).

A cms core module: it imports no app.
"""

from rest_framework.throttling import SimpleRateThrottle

from django.conf import settings

from .security import client_ip


class APIClientRateThrottle(SimpleRateThrottle):
    """`API_THROTTLE_RATE` requests per client (a signed-in user, else an address)."""

    scope = "api"

    def __init__(self):
        # SimpleRateThrottle reads the rate in __init__; read ours instead.
        self.rate = self.get_rate()
        if self.rate is not None:
            self.num_requests, self.duration = self.parse_rate(self.rate)

    def get_rate(self):
        return settings.API_THROTTLE_RATE

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            ident = f"user-{user.pk}"
        else:
            ident = f"ip-{client_ip(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
