"""Fixtures for the procedures tests."""

import socket
import sys

import pytest


@pytest.fixture
def no_network(monkeypatch, tmp_path):
    """No network, no NLTK data, and textstat's caches cold, for the length of a test.

    Every outgoing socket connection fails, and NLTK looks for its data only in an
    empty folder, so code that would download the CMU dictionary (textstat's default)
    fails here as it does on a server without network access. The database is not
    affected: psycopg connects through libpq, not Python sockets.
    """
    import nltk

    from procedures import readability

    def refuse(self, *args, **kwargs):
        raise OSError("network access is disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(nltk.data, "path", [str(tmp_path)])
    readability.cmu_stress_patterns.cache_clear()
    clear_textstat_caches()
    yield
    clear_textstat_caches()


def clear_textstat_caches():
    """Empty textstat's lru caches (dictionary lookups and per-text results alike)."""
    for name, module in list(sys.modules.items()):
        if name.startswith("textstat.") and module is not None:
            for attribute in vars(module).values():
                if callable(getattr(attribute, "cache_clear", None)):
                    attribute.cache_clear()
