"""Who wrote and who checked a page, when, and on what evidence.

`editorial` sits between `providers` and `procedures` (docs/architecture.md): it
knows nothing of page types. Procedure and article pages include
`ReviewedPageMixin` through their shared `EditorialPage` base, so review metadata
is defined once; the report, dashboard panel and page-listing flag find the
reviewed page types by that mixin (`reviewed_page_models`), never by import.
"""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import AbstractGroupApprovalTask, Orderable
from wagtail.search import index

from core.npi import validate_npi

from .blocks import ReferencesBlock
from .dates import default_next_review, due_soon_limit, today


class Person(index.Indexed, models.Model):
    """A writer or clinical reviewer named on pages (the "Medically reviewed by" line).

    A snippet rather than a user account: most authors never log in, and what
    visitors see (credentials, bio) is editorial content. A reviewer who approves
    in the admin is linked to their account (`user`), so approving can name them.
    """

    name = models.CharField(max_length=150)
    credentials = models.CharField(
        max_length=100, blank=True, help_text=_("Shown after the name, e.g. “MD, FRCR”.")
    )
    role = models.CharField(
        max_length=150,
        blank=True,
        help_text=_("Their job, e.g. “Consultant interventional radiologist” or “Medical writer”."),
    )
    npi = models.CharField(
        _("NPI"),
        max_length=10,
        blank=True,
        validators=[validate_npi],
        help_text=_(
            "Optional: a clinician's National Provider Identifier, so readers can check it."
        ),
    )
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    bio = models.TextField(max_length=600, blank=True, help_text=_("Two or three sentences."))
    profile_url = models.URLField(
        _("profile page"),
        blank=True,
        help_text=_("A page about them, here or elsewhere (a profile, an about-us anchor)."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="editorial_person",
        help_text=_(
            "Their admin account, if they review in the admin: approving a page names "
            "this person as its reviewer."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("credentials")]),
        FieldPanel("role"),
        FieldPanel("npi"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldPanel("profile_url"),
        FieldPanel("user"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    def clean(self):
        super().clean()
        if self.user_id and is_login_name(self.name, self.user):
            raise ValidationError(
                {
                    "name": _(
                        "This is the linked account's login, which is never shown in public: "
                        "write the person's real name."
                    )
                }
            )

    @property
    def display_name(self):
        return str(self)


class PageAuthor(Orderable):
    """An author of a reviewed page, in the order the byline names them.

    The key points at Wagtail's `Page` so one table serves every reviewed page
    type and `editorial` needs no page model; only reviewed pages show the panel.
    """

    page = ParentalKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="page_authors")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    panels = [FieldPanel("person")]

    class Meta(Orderable.Meta):
        verbose_name = _("author")
        constraints = [
            models.UniqueConstraint(fields=["page", "person"], name="unique_page_author")
        ]

    def __str__(self):
        return str(self.person)


class ReviewedPageMixin(models.Model):
    """Review metadata for a page whose content a clinician must check.

    `reviewer` and `last_reviewed` are written by approving the page in the
    *Clinical review* workflow (`ClinicalReviewTask`), never typed: they are
    read-only in the editor. `next_review_due` defaults to the review date plus
    `EDITORIAL_REVIEW_PERIOD_MONTHS`; an editor may bring it forward.
    """

    reviewer = models.ForeignKey(
        Person,
        verbose_name=_("medically reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    last_reviewed = models.DateField(null=True, blank=True)
    next_review_due = models.DateField(
        null=True,
        blank=True,
        help_text=_(
            "Set when a reviewer approves the page (last reviewed plus the review "
            "period); bring it forward for a fast-moving topic."
        ),
    )
    references = StreamField(
        ReferencesBlock(),
        blank=True,
        help_text=_(
            "Numbered in this order. Cite one in a section with an anchor link to #ref-1, #ref-2…"
        ),
    )

    review_panels = [
        InlinePanel("page_authors", label=_("Author"), heading=_("Authors")),
        MultiFieldPanel(
            [
                FieldPanel("reviewer", read_only=True),
                FieldRowPanel(
                    [FieldPanel("last_reviewed", read_only=True), FieldPanel("next_review_due")]
                ),
            ],
            heading=_("Clinical review"),
            help_text=_("Filled in when a clinical reviewer approves the page."),
        ),
        FieldPanel("references"),
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.last_reviewed and not self.next_review_due:
            self.next_review_due = default_next_review(self.last_reviewed)

    @property
    def is_reviewed(self):
        return self.last_reviewed is not None and self.reviewer_id is not None

    def review_status(self, on=None):
        """ "overdue", "due_soon", "current" or "" (never reviewed)."""
        if self.next_review_due is None:
            return ""
        on = on or today()
        if self.next_review_due < on:
            return "overdue"
        if self.next_review_due <= due_soon_limit(on):
            return "due_soon"
        return "current"

    @cached_property
    def authors(self):
        """The authors in byline order.

        A listing that prefetched them, or a preview whose authors are still in memory
        (modelcluster), reads those. Otherwise one query fetches the whole byline, the
        authors and the reviewer, and leaves the reviewer where `page.reviewer` finds it:
        the byline, the JSON-LD and the API then cost one query, not two.
        """
        in_memory = getattr(self, "_cluster_related_objects", {})
        if "page_authors" in getattr(self, "_prefetched_objects_cache", {}) or (
            "page_authors" in in_memory
        ):
            return [link.person for link in self.page_authors.all()]
        position = PageAuthor.objects.filter(page_id=self.pk, person_id=models.OuterRef("pk"))
        people = Person.objects.filter(
            models.Q(pk__in=PageAuthor.objects.filter(page_id=self.pk).values("person_id"))
            | models.Q(pk=self.reviewer_id)
        ).annotate(byline_position=models.Subquery(position.values("sort_order")[:1]))
        authors = []
        for person in people:
            if person.pk == self.reviewer_id:
                type(self).reviewer.field.set_cached_value(self, person)
            if person.byline_position is not None:
                authors.append(person)
        return sorted(authors, key=lambda person: (person.byline_position, person.pk))


def reviewed_page_models():
    """The page models that carry review metadata, found by the mixin."""
    return [model for model in apps.get_models() if issubclass(model, ReviewedPageMixin)]


# The *Clinical review* workflow step and what approving it records.
#
# Wagtail's workflow publishes the page's latest revision when the last task is
# approved (`wagtail.workflows.publish_workflow_state`), and its `task_approved`
# signal fires only after that. So the review is written into the latest revision
# when the reviewer approves, before Wagtail goes on: the revision that gets
# published carries the reviewer and the dates, the live page changes only by
# being published, and the revision history shows the review as a change.


def is_login_name(name, user):
    """Whether `name` is just `user`'s login: published, it would hand attackers the
    login names to try passwords against (docs/editorial.md)."""
    return name.strip().casefold() == user.get_username().strip().casefold()


def public_name(user):
    """The name the account's owner wrote for themselves, or "" when there is none
    (no full name, or one that only repeats the login)."""
    name = user.get_full_name().strip()
    return "" if not name or is_login_name(name, user) else name


def can_be_named(user):
    """Whether approving can name `user` on pages: an editor linked a `Person` to the
    account, or its owner set a name (*Account settings*). Checked once per request."""
    if not hasattr(user, "_editorial_can_be_named"):
        user._editorial_can_be_named = bool(public_name(user)) or (
            Person.objects.filter(user=user).exists()
        )
    return user._editorial_can_be_named


NEEDS_NAME = _(
    "You cannot approve clinical reviews yet: your account has no name to show on pages as "
    "their medical reviewer, and your login is never shown. Set your first and last name in "
    "your account settings, or ask an editor to link a person to your account under People."
)


class ReviewerNeedsName(PermissionDenied):
    """An account that cannot be named on pages tried to approve a clinical review."""


def person_for_user(user):
    """The `Person` linked to an admin account, created from the name the account's
    owner set if an editor linked none yet (editors then add credentials under
    *People*). Never from the login: an account without a name has no public name,
    and `ReviewerNeedsName` is raised."""
    person = Person.objects.filter(user=user).first()
    if person is None:
        name = public_name(user)
        if not name:
            raise ReviewerNeedsName(NEEDS_NAME)
        person = Person.objects.create(name=name, user=user)
    return person


@transaction.atomic
def record_review(page, user, on=None):
    """Name `user`'s Person as reviewer of `page`'s latest revision, reviewed `on`
    (today by default), next due after the review period. Pages without review
    metadata are left alone."""
    page = getattr(page, "specific", page)
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

    # Approving publishes, though reviewers hold no publish permission (editorial.publishing).
    publishes_on_approval = True

    def user_can_moderate(self, user):
        return user.is_superuser or self._user_in_groups(user)

    def refuses_approval_by(self, user):
        """A moderator whose account cannot be named on pages (`can_be_named`): they may
        request changes, but approving would have no name to publish."""
        return self.user_can_moderate(user) and not can_be_named(user)

    def get_actions(self, obj, user):
        """Wagtail's buttons, the editor's approve and the workflow action URL all ask
        this, so leaving out "approve" refuses it everywhere (the URL answers 403)."""
        actions = super().get_actions(obj, user)
        if actions and self.refuses_approval_by(user):
            actions = [action for action in actions if action[0] != "approve"]
        return actions

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            record_review(task_state.workflow_state.content_object, user)
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups approve the page; approving records them as its "
            "clinical reviewer, with today's date"
        )

    class Meta:
        verbose_name = _("clinical review task")
        verbose_name_plural = _("clinical review tasks")
