"""The curl examples of docs/api.md#caching, run as written against a live server.

Each ```sh block of the section is run with bash (the documented address replaced by the
live server's), and every line of the ```text block after it must start a line of the
output (case-insensitively: header names are). So the documentation cannot promise a
header or a status the site does not send.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import settle_last_modified

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
DOCUMENTED_BASE = "http://127.0.0.1:8000"


def caching_examples():
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Caching", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```(sh|text)\n(.*?)```", section, flags=re.DOTALL)
    pairs = []
    for (kind, body), (next_kind, expected) in zip(blocks, blocks[1:], strict=False):
        if kind == "sh" and next_kind == "text":
            pairs.append((body, [line for line in expected.splitlines() if line.strip()]))
    return pairs


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
