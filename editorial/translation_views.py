"""Admin views that keep translated pages inside Clinical review (editorial.translation)."""

from wagtail_localize.models import Translation
from wagtail_localize.views.convert import convert_to_alias
from wagtail_localize.views.update_translations import UpdateTranslationsView

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail.models import Page

from .translation import NOT_SUBMITTABLE, can_submit_for_review, submit_for_review


def submit_translation_for_review(request, translation_id):
    """GET: what submitting does, and a button; POST: submit (`submit_for_review`)."""
    translation = get_object_or_404(Translation, pk=translation_id, enabled=True)
    page = translation.get_target_instance().specific
    if not isinstance(page, Page):
        raise PermissionDenied
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    if not can_submit_for_review(page, request.user):
        messages.error(request, NOT_SUBMITTABLE)
        return redirect(edit_url)
    if request.method == "POST":
        try:
            submit_for_review(translation, request.user)
        except ValidationError as error:
            # The page's validation refused the translated text: wagtail-localize marks the
            # string in its editor where it can; the message names the fields.
            messages.error(
                request,
                _("The translation was not submitted: %(errors)s") % {"errors": describe(error)},
            )
            return redirect(edit_url)
        messages.success(
            request,
            _("“%(title)s” has been submitted to %(workflow)s.")
            % {"title": page.get_admin_display_title(), "workflow": page.get_workflow().name},
        )
        return redirect(edit_url)
    total, translated = translation.get_progress()
    return TemplateResponse(
        request,
        "admin/translation_submit.html",
        {
            "page": page,
            "translation": translation,
            "workflow": page.get_workflow(),
            "missing": total - translated,
            "edit_url": edit_url,
        },
    )


def describe(error):
    """ "summary: Ensure this value has at most 300 characters." for each field."""
    if hasattr(error, "error_dict"):
        fields = error.message_dict.items()
        return "; ".join(f"{field}: {' '.join(texts)}" for field, texts in fields)
    return " ".join(error.messages)


class ReviewedUpdateTranslationsView(UpdateTranslationsView):
    """wagtail-localize's "Sync translated pages", with *Publish immediately* only for
    those who may publish every translated page: anyone may sync who may translate
    (writers too), and publishing on sync would skip Clinical review."""

    def may_publish_translations(self):
        for translation in self.object.translations.filter(enabled=True):
            try:
                target = translation.get_target_instance()
            except Page.DoesNotExist:
                continue
            if (
                isinstance(target, Page)
                and not target.permissions_for_user(self.request.user).can_publish()
            ):
                return False
        return True

    def get_form(self):
        form = super().get_form()
        if not self.may_publish_translations():
            field = form.fields["publish_translations"]
            field.widget = forms.HiddenInput()
            field.disabled = True  # a posted value is ignored: it stays unticked
        return form


def may_convert_to_alias(page, user):
    """Whether `user` may turn a translation back into an alias of its source page.

    The alias shows the source's text, live, in place of the translation's reviewed
    text at once: it changes what readers of that language see as publishing does, so
    it takes the right to publish the page (wagtail-localize asks only for editing)."""
    return page.permissions_for_user(user).can_publish()


def reviewed_convert_to_alias(request, page_id):
    """wagtail-localize's *Convert to alias page*, for those who may publish the page."""
    page = get_object_or_404(Page, id=page_id)
    if not may_convert_to_alias(page, request.user):
        raise PermissionDenied
    return convert_to_alias(request, page_id)
