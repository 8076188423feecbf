"""The load test, short: the mixed read workload through HAProxy to two app servers.

`make loadtest` runs it for 60 s at 16 connections and prints the figures
(docs/deployment.md); CI runs this 10-second version. Marked `loadtest`.
"""

import pytest

from ops.loadtest import run_load, table

pytestmark = pytest.mark.loadtest

GROUPS = {"home", "procedure page", "state page", "profile", "api list", "api detail", "search"}


def test_the_url_mix_covers_every_kind_of_read(url_mix):
    assert {group for group, _ in url_mix} == GROUPS


def test_mixed_reads_at_16_connections_answer_no_5xx(cluster):
    result = run_load(cluster, seconds=10, connections=16)
    print(table(result))  # noqa: T201 - the figures, with pytest -s
    groups = result["groups"]
    assert groups["all"]["failed"] == 0, result["failures"][:10]
    # Every group was served, and served pages rather than errors of the client's.
    assert all(groups[name]["requests"] > 0 for name in GROUPS), groups.keys()
    assert not result["client_errors"], result["client_errors"][:10]
