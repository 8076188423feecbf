"""The editorial roles and the *Clinical review* workflow, set up idempotently.

Names every app's models, so it lives at the top of the dependency picture
(docs/architecture.md). `manage.py setup_roles` runs it; `make demo` (and so
`make run`) calls that after loading the demo content. Re-running changes nothing,
and it only adds: permissions an administrator grants by hand are left alone.

- **Medical writers** create and edit procedure and article pages and submit them
  for review; they cannot publish.
- **Clinical reviewers** approve a page, or request changes with a comment, in the
  *Clinical review* workflow; approving names them as the page's reviewer.
- **Editors** publish, manage the provider directory (providers and their verified
  procedures), people, site settings and the media library.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from editorial.models import ClinicalReviewTask, Person
from procedures.models import ArticleIndexPage, ProcedureIndexPage
from providers.models import Provider

WRITERS, REVIEWERS, EDITORS = "Medical writers", "Clinical reviewers", "Editors"
WORKFLOW_NAME = "Clinical review"
TASK_NAME = "Clinical review"

# Page permissions on the procedures and articles sections (wagtailcore codenames).
SECTION_PERMISSIONS = {
    WRITERS: ["add_page", "change_page"],
    REVIEWERS: [],  # they see a page through its workflow task
    EDITORS: [
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
        "bulk_delete_page",
    ],
}
# Media library permissions on the root collection.
COLLECTION_PERMISSIONS = {
    WRITERS: ["wagtailimages.add_image", "wagtailimages.choose_image"],
    REVIEWERS: [],
    EDITORS: [
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtailimages.delete_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "wagtaildocs.delete_document",
    ],
}


def _model_permissions(model, actions):
    return [f"{model._meta.app_label}.{action}_{model._meta.model_name}" for action in actions]


# Model permissions ("app_label.codename").
# "Translate this page" and "Sync translated pages" (wagtail-localize) are for those who
# write pages; a translation then goes through the section's workflow like any page.
TRANSLATE = "wagtail_localize.submit_translation"

MODEL_PERMISSIONS = {
    WRITERS: ["wagtailadmin.access_admin", TRANSLATE, *_model_permissions(Person, ["view"])],
    REVIEWERS: ["wagtailadmin.access_admin", *_model_permissions(Person, ["view"])],
    EDITORS: [
        "wagtailadmin.access_admin",
        *_model_permissions(Provider, ["add", "change", "delete", "publish", "view"]),
        *_model_permissions(Person, ["add", "change", "delete", "view"]),
        "home.change_sitesettings",
        TRANSLATE,
    ],
}


def _permission(dotted):
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def sections():
    """The pages the roles and the workflow apply to: every procedures and articles index,
    in every language."""
    return [*ProcedureIndexPage.objects.all(), *ArticleIndexPage.objects.all()]


def setup_groups(section_pages):
    groups = {}
    root_collection = Collection.get_first_root_node()
    for name in (WRITERS, REVIEWERS, EDITORS):
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        group.permissions.add(*(_permission(p) for p in MODEL_PERMISSIONS[name]))
        for page in section_pages:
            for codename in SECTION_PERMISSIONS[name]:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=page, permission=_permission(f"wagtailcore.{codename}")
                )
        for dotted in COLLECTION_PERMISSIONS[name]:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=_permission(dotted)
            )
    return groups


def setup_workflow(reviewers, section_pages):
    """The *Clinical review* workflow (one clinical review task for the reviewers),
    on every section; a section that already has another workflow keeps it."""
    task = ClinicalReviewTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = ClinicalReviewTask.objects.create(name=TASK_NAME)
    task.groups.add(reviewers)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for page in section_pages:
        WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def setup_roles(stdout=None):
    """Create or complete the three groups and the workflow; return the workflow."""
    section_pages = sections()
    groups = setup_groups(section_pages)
    workflow = setup_workflow(groups[REVIEWERS], section_pages)
    if stdout:
        stdout.write(
            f"Roles ready: {', '.join(groups)}; workflow “{workflow.name}” on "
            f"{len(section_pages)} section(s)."
        )
    return workflow


def extend_to_translation(sender, source_obj, target_obj, **kwargs):
    """A section copied into another language (a `copy_for_translation_done` receiver:
    the demo loader, or wagtail-localize translating a page whose section is not yet
    translated) gets its source's workflow and group page permissions, so its pages
    go through the same Clinical review, written by the same groups."""
    source = getattr(source_obj, "specific", source_obj)
    if not isinstance(source, ProcedureIndexPage | ArticleIndexPage):
        return
    for link in WorkflowPage.objects.filter(page=source):
        WorkflowPage.objects.get_or_create(page=target_obj, defaults={"workflow": link.workflow})
    for grant in GroupPagePermission.objects.filter(page=source):
        GroupPagePermission.objects.get_or_create(
            group_id=grant.group_id, page=target_obj, permission_id=grant.permission_id
        )
