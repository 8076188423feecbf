"""schemathesis over /api/v3/openapi.json, short: anonymous, then with a bearer token.

API v3 is Wagtail's (the site only guards it, cms/api_v3/guard.py), so this run looks
for what the site must never do rather than re-test Wagtail: no 5xx, and responses as
the document says (which checks the StreamField schemas the site adds). Few examples
per operation (CI has two cores): the document lists only the 17 read operations.
"""

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.models import GroupPagePermission, Page

from procedures.models import ProcedurePage
from tests.support import create_token, schemathesis

CHECKS = ("not_a_server_error", "response_schema_conformance")
MAX_EXAMPLES = 5
OPERATIONS = 17


def run(url, tmp_path, *headers):
    return schemathesis(
        url,
        tmp_path,
        checks=CHECKS,
        max_examples=MAX_EXAMPLES,
        operations=OPERATIONS,
        headers=headers,
    )


# The live server reads committed data (see test_schemathesis.py).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_schemathesis_finds_no_5xx_in_v3_anonymous_or_with_a_token(
    live_server, api_content, tmp_path
):
    page = ProcedurePage.objects.live().order_by("pk").first()
    page.summary = "A draft summary."
    page.save_revision()  # a draft for the token's reads
    group = Group.objects.create(name="Preview apps")
    for home in Page.objects.filter(depth=2):  # every language's home page
        GroupPagePermission.objects.create(group=group, page=home, permission_type="change")
    user = get_user_model().objects.create_user("preview-app", "app@example.org", "pw")
    user.groups.add(group)
    token = create_token(user.username)

    url = f"{live_server.url}/api/v3/openapi.json"
    anonymous = run(url, tmp_path)
    with_token = run(url, tmp_path, f"Authorization: Bearer {token}")
    assert anonymous + with_token >= 100
