"""Translated pages under clinical governance: what a translation keeps of its own, when
it is out of date, and how it goes to Clinical review (docs/translation.md).

wagtail-localize makes and syncs translations. By default it copies every field it does
not translate from the source page on each sync; a review is per page and per language,
so the review fields are declared `PerTranslation`: never offered for translation, never
copied over the translation's own. Citations name published works in their own language,
so references are synchronised as they are (translating a DOI or an author's name would
break it).

A translation is *out of date* when its source page was published after the translation
source was last synced (wagtail-localize's "Sync translated pages" reads the source's
live content and records when: `TranslationSource.last_updated_at`). Publishing is what
changes what the source says to readers, and syncing is what brings the change into
the translation, so the flag stands from the one to the other. Republishing the source
unchanged (an approval that only records a review) flags it too: a sync clears it.

wagtail-localize's translation editor publishes, but has no way to submit to a
workflow, and its "save draft" writes a live translation's database row (what visitors
read). `submit_for_review` saves the translated text as a new revision, as Wagtail's
own editor does, and starts the page's workflow.
"""

from dataclasses import dataclass

from wagtail_localize.fields import BaseTranslatableField, SynchronizedField
from wagtail_localize.models import Translation, TranslationSource

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page, WorkflowState


class PerTranslation(BaseTranslatableField):
    """A field each language's page keeps its own value of: wagtail-localize neither
    extracts it for translation nor copies it from the source when it syncs."""

    def __repr__(self):
        return f"<PerTranslation {self.field_name}>"


# `override_translatable_fields` of a reviewed page type (procedures.models.EditorialPage).
REVIEW_TRANSLATABLE_FIELDS = [
    PerTranslation("reviewer"),
    PerTranslation("last_reviewed"),
    PerTranslation("next_review_due"),
    SynchronizedField("references", overridable=False),
]


# --- Out of date ---------------------------------------------------------------------


def _sources_behind():
    """For a page (the outer query): the translation sources it is an enabled translation
    of whose source page was published after their last sync."""
    source_published_later = Page.objects.filter(
        translation_key=OuterRef("object_id"),
        locale_id=OuterRef("locale_id"),
        last_published_at__gt=OuterRef("last_updated_at"),
    )
    return TranslationSource.objects.filter(
        Exists(source_published_later),
        object_id=OuterRef("translation_key"),
        translations__target_locale_id=OuterRef("locale_id"),
        translations__enabled=True,
    )


def with_translation_status(pages):
    """`pages` annotated with `translation_out_of_date` (one subquery, no query per row)."""
    return pages.annotate(translation_out_of_date=Exists(_sources_behind()))


@dataclass(frozen=True)
class TranslationStatus:
    """Where a translated page stands against its source (`translation_status`)."""

    translation: Translation
    source_page: Page
    synced_at: object  # when the source was last synced (a datetime)

    @property
    def source_published_at(self):
        return self.source_page.last_published_at

    @property
    def out_of_date(self):
        published = self.source_published_at
        return published is not None and published > self.synced_at


def translation_status(page):
    """The status of `page` as a wagtail-localize translation, or None when it is not
    one (a source page, or a translation made or edited without wagtail-localize)."""
    translation = (
        Translation.objects.filter(
            source__object_id=page.translation_key,
            target_locale_id=page.locale_id,
            enabled=True,
        )
        .select_related("source", "target_locale", "source__locale")
        .first()
    )
    if translation is None:
        return None
    source_page = Page.objects.filter(
        translation_key=page.translation_key, locale_id=translation.source.locale_id
    ).first()
    if source_page is None:
        return None
    return TranslationStatus(translation, source_page, translation.source.last_updated_at)


# --- Submitting a translation to Clinical review -------------------------------------

NOT_SUBMITTABLE = _(
    "This translation cannot be submitted: it has no review workflow, is already in "
    "review, or you may not edit it."
)


def can_submit_for_review(page, user):
    """Whether `user` may submit the translation `page` to its workflow now, as Wagtail's
    editor would let them submit the page (edit permission, a workflow, none in progress
    except one waiting for changes)."""
    perms = page.permissions_for_user(user)
    if not perms.can_edit() or perms.page_locked() or not page.has_workflow:
        return False
    state = page.current_workflow_state
    return state is None or state.status == WorkflowState.STATUS_NEEDS_CHANGES


@transaction.atomic
def submit_for_review(translation, user):
    """Save the translation's current text (untranslated strings in the source language,
    as wagtail-localize's preview shows them) as a new revision of the translated page and
    submit that to the page's workflow; resume a workflow waiting for changes. Return
    the revision.

    A live page keeps its database row, which is what visitors read: the revision goes
    live when the workflow approves it. A page never published gets its row updated, as
    Wagtail's editor does, through wagtail-localize (which also keeps its slug unique).
    """
    page = translation.get_target_instance().specific
    if not can_submit_for_review(page, user):
        raise PermissionDenied(NOT_SUBMITTABLE)
    if page.live:
        draft = translation.source.get_ephemeral_translated_instance(
            translation.target_locale, fallback=True
        )
        revision = draft.save_revision(user=user, log_action=True)
    else:
        translation.save_target(user=user, publish=False)
        page.refresh_from_db()
        revision = page.get_latest_revision()
    page = Page.objects.get(pk=page.pk).specific
    state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
    else:
        page.get_workflow().start(page, user)
    return revision
