"""The *Clinical review* workflow step and what approving it records.

Wagtail's workflow publishes the page's latest revision when the last task is
approved (`wagtail.workflows.publish_workflow_state`), and its `task_approved`
signal fires only after that. So the review is written into the latest revision
when the reviewer approves, before Wagtail goes on: the revision that gets
published carries the reviewer and the dates, the live page changes only by
being published, and the revision history shows the review as a change.
"""

from django.db import transaction
from django.utils import timezone

from wagtail.models import AbstractGroupApprovalTask

from .dates import default_next_review
from .models import Person, ReviewedPageMixin


def person_for_user(user):
    """The `Person` linked to an admin account, created from the account's name if
    the reviewer has none yet (editors then add credentials under *People*)."""
    person = Person.objects.filter(user=user).first()
    if person is None:
        name = user.get_full_name() or user.get_username()
        person = Person.objects.create(name=name, user=user)
    return person


@transaction.atomic
def record_review(page, user, on=None):
    """Name `user`'s Person as reviewer of `page`'s latest revision, reviewed `on`
    (today by default), next due after the review period. Pages without review
    metadata are left alone."""
    page = page.specific
    if not isinstance(page, ReviewedPageMixin):
        return None
    revision = page.get_latest_revision()
    if revision is None:
        return None
    reviewed = on or timezone.localdate()
    person = person_for_user(user)
    revision.content = {
        **revision.content,
        "reviewer": person.pk,
        "last_reviewed": reviewed.isoformat(),
        "next_review_due": default_next_review(reviewed).isoformat(),
    }
    revision.save(update_fields=["content"])
    return revision


class ClinicalReviewTask(AbstractGroupApprovalTask):
    """A group approval step whose approval records the clinical review.

    Members of its groups (*Clinical reviewers*) approve or request changes with a
    comment, as in Wagtail's group approval task; approving also names them as the
    page's reviewer and dates the review (`record_review`).
    """

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            record_review(task_state.workflow_state.content_object, user)
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return (
            "Members of the chosen groups approve the page; approving records them as its "
            "clinical reviewer, with today's date"
        )

    class Meta:
        verbose_name = "clinical review task"
        verbose_name_plural = "clinical review tasks"
