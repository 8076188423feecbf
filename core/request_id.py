"""One id per request, in every log line it causes and in the response.

An operator reading an error report, the proxy's access log and the app's logs needs
one key to join them: `X-Request-ID`. The proxy's id is kept when it sends a sane one
(so the id is the same at every hop), else one is made here; it goes back in the
response header, onto every log record (`RequestIdFilter`) and, with Sentry on, onto
the error report as a tag.

A cms core module: it imports no app.
"""

import contextvars
import logging
import re
import uuid

import sentry_sdk

HEADER = "X-Request-ID"
# Ids from outside are logged verbatim: only short, plain ones are accepted.
ACCEPTED = re.compile(r"[A-Za-z0-9._-]{8,128}")

current_request_id = contextvars.ContextVar("request_id", default="-")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(HEADER, "")
        request_id = given if ACCEPTED.fullmatch(given) else uuid.uuid4().hex
        request.request_id = request_id
        token = current_request_id.set(request_id)
        sentry_sdk.set_tag("request_id", request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record ("-" outside a request: commands, start-up)."""

    def filter(self, record):
        record.request_id = current_request_id.get()
        return True
