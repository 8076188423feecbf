"""schemathesis over the live app: every operation of /api/v2/openapi.json, against a
real HTTP server on 127.0.0.1 with the demo content (plus an image and a document).

Checks: no 5xx, every response (status and body) as the document says, and input the
document calls invalid is refused with a 4xx (`negative_data_rejection`): bad input
is a documented 400. Generation is deterministic, so CI repeats the same cases; at
least `MIN_CASES` of them. The rate limit is off in test settings (`API_THROTTLE_RATE`).
"""

import pytest

from django.conf import settings

from wagtail.models import Page

from procedures.models import ProcedurePage
from tests.support import schemathesis

CHECKS = (
    "not_a_server_error",
    "response_schema_conformance",
    "status_code_conformance",
    "content_type_conformance",
    "negative_data_rejection",
)
MAX_EXAMPLES = 10  # per operation and phase: about 1,350 cases in all
WORKERS = 2  # the live server is threaded
MIN_CASES = 1000
OPERATIONS = 14


# The live server reads committed data, so the test commits (transaction=True);
# serialized_rollback puts back what the migrations created (content types, the root
# page) instead of re-creating it, which later serialized tests would collide with.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_schemathesis_finds_no_failure_in_at_least_1000_cases(live_server, api_content, tmp_path):
    assert settings.API_THROTTLE_RATE is None
    procedures = ProcedurePage.objects.live().order_by("pk")[:3]
    generated = schemathesis(
        f"{live_server.url}/api/v2/openapi.json",
        tmp_path,
        checks=CHECKS,
        max_examples=MAX_EXAMPLES,
        operations=OPERATIONS,
        workers=WORKERS,
        env={
            "SCHEMATHESIS_HOOKS": "tests.openapi.schemathesis_hooks",
            # Real procedures, by slug and by id, for `procedure` (schemathesis_hooks.py).
            "CMS_PROCEDURES": ",".join([*(p.slug for p in procedures), str(procedures[0].pk)]),
            # English pages with a live Spanish translation, for `translation_of`.
            "CMS_TRANSLATED_PAGES": ",".join(str(pk) for pk in translated_pages()),
        },
    )
    assert generated >= MIN_CASES


def translated_pages():
    english = Page.objects.live().filter(locale__language_code="en")
    spanish = Page.objects.live().filter(locale__language_code="es")
    ids = list(
        english.filter(translation_key__in=spanish.values("translation_key")).values_list(
            "pk", flat=True
        )
    )
    assert ids, "the API content has no page in both languages"
    return ids
