"""A Clinical review notification leaves through a real SMTP server, configured the way
production reads it from the environment (docs/deployment.md#email)."""

import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller

from django.urls import reverse

from cms.settings.environment import email_settings

from .workflow import submit_new_procedure

pytestmark = pytest.mark.django_db


class Inbox:
    """An aiosmtpd handler that keeps every message it is given, as Python messages."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope.mail_from, envelope.rcpt_tos, message))
        return "250 Message accepted for delivery"


class LocalSMTP(Controller):
    """aiosmtpd's controller on a socket bound to 127.0.0.1 port 0: the kernel picks a
    free port, so parallel runs never collide and no port is guessed."""

    def __init__(self, handler):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        super().__init__(handler, hostname="127.0.0.1", port=self.socket.getsockname()[1])

    def _create_server(self):
        return self.loop.create_server(self._factory_invoker, sock=self.socket)


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    server = LocalSMTP(inbox)
    server.start()
    yield server, inbox
    server.stop()


def test_submitting_for_review_emails_the_reviewers_through_smtp(
    settings, smtp_server, as_user, writer, reviewer, procedure_index
):
    server, inbox = smtp_server
    for name, value in email_settings(
        {
            "EMAIL_HOST": server.hostname,
            "EMAIL_PORT": str(server.port),
            "DEFAULT_FROM_EMAIL": "Procedures CMS <reviews@example.org>",
        }
    ).items():
        setattr(settings, name, value)
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"

    page = submit_new_procedure(as_user(writer), procedure_index)

    to_reviewer = [m for m in inbox.messages if m[1] == [reviewer.email]]
    assert len(to_reviewer) == 1, inbox.messages
    sender, recipients, message = to_reviewer[0]
    assert sender == "reviews@example.org"
    assert message["From"] == "Procedures CMS <reviews@example.org>"
    assert message["To"] == reviewer.email
    assert message["Auto-Submitted"] == "auto-generated"
    assert "Vertebroplasty" in message["Subject"]
    assert "Clinical review" in message["Subject"]
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "http://testserver" + reverse("wagtailadmin_pages:edit", args=[page.pk]) in body
    assert not any(writer.email in m[1] for m in inbox.messages)  # not to who submitted
