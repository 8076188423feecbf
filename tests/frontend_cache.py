"""A real frontend cache backend for the test settings: it records the URLs it is asked
to purge instead of calling a CDN, so tests can assert exactly what each event purges."""

from wagtail.contrib.frontend_cache.backends import BaseBackend

PURGED = []


class RecordingBackend(BaseBackend):
    def purge(self, url):
        PURGED.append(url)


def purged():
    """The URLs purged since the last `reset()`, as a set."""
    return set(PURGED)


def reset():
    PURGED.clear()
