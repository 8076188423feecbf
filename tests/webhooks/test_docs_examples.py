"""The verification examples of docs/api.md#webhooks, run as written on a real delivery.

A procedure is published, the worker posts it to a receiver on 127.0.0.1, and the
documented Python function and openssl command are run on the body and signature
that arrived. So the documentation cannot describe a signature the site does not send.
"""

import shutil
import subprocess

import pytest

from procedures.factories import ProcedurePageFactory
from tests.support import API_DOC, documented_blocks

from .conftest import SECRET, make_endpoint, run_webhook_tasks


def section_blocks(language):
    return [text for _, text in documented_blocks("Webhooks", language)]


@pytest.fixture
def delivered(procedure_index, receiver, django_capture_on_commit_callbacks):
    make_endpoint(receiver.url, ["procedure.published"])
    page = ProcedurePageFactory(parent=procedure_index)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    run_webhook_tasks()
    [got] = receiver.received
    return got


@pytest.mark.django_db
def test_documented_python_verification(delivered):
    [snippet] = section_blocks("python")
    namespace = {}
    exec(compile(snippet, str(API_DOC), "exec"), namespace)  # noqa: S102 - the docs' own code
    verify_webhook = namespace["verify_webhook"]
    body, signature = delivered["body"], delivered["headers"]["X-Webhook-Signature"]

    assert verify_webhook(SECRET, body, signature) == delivered["payload"]
    with pytest.raises(ValueError, match="bad signature"):
        verify_webhook(SECRET, body.replace(b"published", b"unpublished"), signature)
    with pytest.raises(ValueError, match="bad signature"):
        verify_webhook("another-secret", body, signature)
    with pytest.raises(ValueError, match="too old"):
        verify_webhook(SECRET, body, signature, max_age_seconds=-1)


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
@pytest.mark.django_db
def test_documented_openssl_command(delivered, tmp_path):
    [script] = section_blocks("sh")
    (tmp_path / "body.json").write_bytes(delivered["body"])
    done = subprocess.run(  # noqa: S603 - the documentation's own command
        ["bash", "-euo", "pipefail", "-c", script],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=30,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "WEBHOOK_SECRET": SECRET},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == delivered["headers"]["X-Webhook-Signature"]
