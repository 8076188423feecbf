"""The Python garbage collector in a long-running app server.

Python's full collections walk every object still alive, and after start-up that is
mostly what never dies: modules, models, URL patterns, block definitions, templates.
In a worker that has loaded Wagtail that walk is long, and it happens in the middle of
whichever request triggers it (docs/performance.md shows those requests as the slowest
of `make bench`). `gc.freeze()` moves everything alive at that moment
out of the collector's sight for good, so later collections only look at what
requests create. Called once the site is loaded (`cms.wsgi`; `make bench` calls it
too, so its in-process figures are those of a served worker).
"""

import gc


def freeze_startup_objects():
    """Load the URLconf, collect once, then keep everything still alive out of future
    collections. Call after `django.setup()`."""
    from django.urls import get_resolver

    # Loaded lazily on the first request otherwise: every view, endpoint and block.
    get_resolver().url_patterns  # noqa: B018 - loading it is the point
    gc.collect()
    gc.freeze()
