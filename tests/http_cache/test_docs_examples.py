"""The curl examples of docs/api.md#caching, run as written against a live server.

Each ```sh block of the section is run with bash (the documented address replaced by the
live server's), and every line of the ```text block after it must start a line of the
output (case-insensitively: header names are). So the documentation cannot promise a
header or a status the site does not send.
"""

import shutil
import subprocess

import pytest

from tests.support import DOCUMENTED_BASE, documented_examples

from .conftest import settle_last_modified


def caching_examples():
    return documented_examples("Caching")


def test_the_section_has_examples():
    assert len(caching_examples()) >= 5


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
# A live server reads committed data; serialized_rollback keeps Wagtail's root page,
# which its migration creates, for the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(("script", "expected"), caching_examples())
def test_documented_curl_example(live_server, texan, script, expected):
    if "If-Modified-Since" in script:
        settle_last_modified()
    script = script.replace(DOCUMENTED_BASE, live_server.url)
    done = subprocess.run(  # noqa: S603 - the documentation's own commands
        ["bash", "-euo", "pipefail", "-c", script],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = [line.strip().lower() for line in done.stdout.splitlines()]
    for want in expected:
        assert any(line.startswith(want.strip().lower()) for line in lines), (want, done.stdout)
