"""The fault tests, short: each scenario of `ops.faults` against the shared cluster.

`make faulttest` runs the same scenarios and prints their figures. Marked
`faulttest`. No timing is asserted except the 5 s recovery the issue sets.
"""

import pytest

from ops import faults

pytestmark = pytest.mark.faulttest


def assert_passed(scenario):
    assert scenario.passed, (scenario.failed_checks(), scenario.figures.get("_failures"))


def test_a_postgresql_restart_fails_requests_only_while_it_is_down(cluster, url_mix):
    """Also: drafts saved through the restart are committed whole or refused."""
    scenario = faults.restart_postgres(cluster, url_mix)
    assert_passed(scenario)
    assert scenario.figures["failed requests"] > 0  # the outage was real


def test_the_site_keeps_serving_while_redis_is_down(cluster, url_mix):
    assert_passed(faults.stop_redis(cluster, url_mix))


def test_a_killed_worker_costs_at_most_the_request_in_flight(cluster, url_mix):
    assert_passed(faults.kill_worker(cluster, url_mix))


def test_no_read_sees_a_half_published_page(cluster, url_mix):
    assert_passed(faults.publish_during_load(cluster, url_mix))
