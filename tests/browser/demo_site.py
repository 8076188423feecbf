"""Fill the browser tests' database as `make demo` fills a developer's, then print what
the tests need to know about it as one line of JSON.

Run by `tests/browser/conftest.py` in its own process, against the database the test
server will serve (`DATABASE_URL`), so the content is committed and the server sees it:
the demo content, the editorial groups and workflow (`setup_roles`), and one writer and
one clinical reviewer with passwords, who log in through the real admin form.

    DATABASE_URL=postgres://… python -m tests.browser.demo_site
"""

import io
import json
import os

import django

# Who the editor flow logs in as (tests/browser/test_editor.py).
USERS = {
    "writer": {"password": "writer-pw-1", "group": "Medical writers", "name": ("Wendy", "Writer")},
    "reviewer": {
        "password": "reviewer-pw-1",
        "group": "Clinical reviewers",
        "name": ("Rhea", "Reviewer"),
    },
}
PROCEDURE = "vertebroplasty"
STATE = "TX"
# An English procedure the demo has no Spanish page of, for the translation flow
# (tests/browser/test_translation_flow.py): the demo's Vertebroplastia exists already.
TO_TRANSLATE = "carpal-tunnel-release"


def prepare():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from wagtail.models import Locale

    from costs.models import ProviderServiceFigure
    from procedures.models import ArticlePage, ProcedurePage
    from providers.directory_query import ranked_links
    from providers.models import Provider

    quiet = io.StringIO()
    call_command("load_demo_content", stdout=quiet)
    call_command("setup_roles", stdout=quiet)
    for username, user in USERS.items():
        first_name, last_name = user["name"]
        account = get_user_model().objects.create_user(
            username=username,
            password=user["password"],
            email=f"{username}@example.org",
            first_name=first_name,
            last_name=last_name,
        )
        account.groups.add(Group.objects.get(name=user["group"]))

    procedure = ProcedurePage.objects.live().get(slug=PROCEDURE)
    texan = ranked_links(procedure, STATE).first().provider
    # A demo doctor with Medicare figures (costs.demo), for the profile's cost table.
    figure = ProviderServiceFigure.objects.published().order_by("npi").first()
    spanish = Locale.objects.get(language_code="es")
    to_translate = ProcedurePage.objects.live().get(slug=TO_TRANSLATE, locale__language_code="en")
    assert to_translate.get_translation_or_none(spanish) is None, (
        f"the demo has a Spanish {TO_TRANSLATE}: give TO_TRANSLATE an English page without one"
    )
    return {
        "procedure": procedure.url,
        "procedure_id": procedure.pk,
        "profile": texan.get_absolute_url(),
        "costs_profile": Provider.objects.get(npi=figure.npi).get_absolute_url(),
        "article": ArticlePage.objects.live().public().order_by("path").first().url,
        # The same doctor's profile in Spanish (profiles are not copied per language).
        "profile_es": texan.get_absolute_url().replace("/doctors/", "/es/medicos/", 1),
        "article_es": ArticlePage.objects.live()
        .filter(locale__language_code="es")
        .order_by("path")
        .first()
        .url,
        # What the translation flow translates: the strings it finds in the editor.
        "to_translate": {
            "id": to_translate.pk,
            "title": to_translate.title,
            "slug": to_translate.slug,
            "summary": to_translate.summary,
        },
        "procedure_index_es_id": to_translate.get_parent().get_translation(spanish).pk,
    }


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    django.setup()
    print(json.dumps(prepare()))  # noqa: T201 - the parent process reads it
