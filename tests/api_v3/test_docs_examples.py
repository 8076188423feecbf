"""The curl examples of docs/api.md#previewing-drafts, run as written against a live
server, with a token created as the section says (`manage.py api_tokens create`).

Each ```sh block is run with bash (the documented address replaced by the live
server's, the token in `TOKEN`), and every line of the ```text block after it must be a
line of the output (case-insensitively: header names are). So the guide cannot show a
draft, a header or a status the site does not send.
"""

import os
import shutil
import subprocess

import pytest

from django.contrib.auth.models import Permission

from tests.support import DOCUMENTED_BASE, create_token, documented_examples


def preview_examples():
    return documented_examples("Previewing drafts")


def test_the_section_has_examples_with_and_without_a_token():
    scripts = [script for script, _expected in preview_examples()]
    assert len(scripts) >= 5
    assert any("$TOKEN" in script and "version=draft" in script for script in scripts)
    assert any("$TOKEN" not in script and "version=draft" in script for script in scripts)


@pytest.mark.skipif(
    shutil.which("curl") is None or shutil.which("jq") is None, reason="needs curl and jq"
)
# A live server reads committed data; serialized_rollback keeps Wagtail's root page.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(("script", "expected"), preview_examples())
def test_documented_preview_example(live_server, procedure, editor, script, expected):
    # Step 1: View on Locales, for the languages example.
    editor.user_permissions.add(Permission.objects.get(codename="view_locale"))
    done = subprocess.run(  # noqa: S603 - the documentation's own commands
        ["bash", "-euo", "pipefail", "-c", script.replace(DOCUMENTED_BASE, live_server.url)],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "TOKEN": create_token(editor.username)},
    )
    assert done.returncode == 0, done.stderr
    lines = [line.strip().lower() for line in done.stdout.splitlines()]
    for want in expected:
        assert want.strip().lower() in lines, (want, done.stdout)
