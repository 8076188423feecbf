"""Stop publishing reviewers' login names (issue 22, docs/editorial.md).

Approving a Clinical review used to create the reviewer's `Person` from their login
when their account had no name, and pages, JSON-LD and the API then said "Medically
reviewed by <login>". Such a person (linked to an account, named exactly its login)
is taken off every procedure and article page as reviewer, in the page tables and in
every revision, so neither the live page, a draft nor a revert can show it again; it
is renamed "Unnamed reviewer (account #N)" and unlinked from the account, so it can
never again name that account's reviews. The review dates stay: the review happened,
and its schedule goes on. The page shows no review line until it is approved again by
a reviewer who can be named.

It lives here, not in `editorial`, because it changes this app's page tables.
"""

from django.db import migrations

REVIEWED_PAGES = ("procedurepage", "articlepage")


def hide_login_names(apps, schema_editor):
    Person = apps.get_model("editorial", "Person")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")

    leaked = [
        person
        for person in Person.objects.filter(user__isnull=False).select_related("user")
        if person.name.strip().casefold() == person.user.username.strip().casefold()
    ]
    if not leaked:
        return
    pks = [person.pk for person in leaked]

    for model_name in REVIEWED_PAGES:
        pages = apps.get_model("procedures", model_name).objects.filter(reviewer__in=pks)
        # What to submit for review again (`migrate` prints it; no login is printed).
        for page_id, title in pages.order_by("pk").values_list("pk", "title"):
            print(f"\n  Reviewer removed from page {page_id} ({title}): submit it for review again.")
        pages.update(reviewer=None)
    page_types = ContentType.objects.filter(app_label="procedures", model__in=REVIEWED_PAGES)
    revisions = Revision.objects.filter(content_type__in=page_types, content__reviewer__in=pks)
    for revision in revisions:
        revision.content = {**revision.content, "reviewer": None}
        revision.save(update_fields=["content"])

    for person in leaked:
        person.name = f"Unnamed reviewer (account #{person.user_id})"
        person.user = None
        person.save(update_fields=["name", "user"])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("editorial", "0001_people_reviews_workflow"),
        ("procedures", "0003_review_metadata"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(hide_login_names, migrations.RunPython.noop)]
