"""One two-server cluster (`ops.cluster`) for every test in tests/ops/.

Starting it (a private PostgreSQL and Redis, migrate, demo content, providers,
two gunicorns, HAProxy) takes about a minute, so the tests share it; each fault
scenario leaves it running as it found it. Without HAProxy, PostgreSQL's server
binaries or redis-server the tests skip, saying what to install.

The app servers render every request (variant "uncached") unless OPS_TEST_VARIANT
says "cached" (production as deployed, the anonymous full-page cache on): then the
publish scenario also proves that a publish reaches every server's next request
through the cache (`make faulttest` runs either, FAULTTEST_VARIANT).
"""

import os

import pytest

from ops import services
from ops.cluster import Cluster

PROVIDERS = 1500  # a few thousand rows of file: enough for every page type, quick


@pytest.fixture(scope="package")
def cluster():
    try:
        started = Cluster(
            providers=PROVIDERS, variant=os.environ.get("OPS_TEST_VARIANT", "uncached"), quiet=True
        )
    except services.ServiceUnavailable as missing:
        pytest.skip(f"{missing} (the .ci/run script installs it)")
    with started:
        yield started


@pytest.fixture(scope="package")
def url_mix(cluster):
    return cluster.url_mix()
