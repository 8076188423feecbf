"""Admin panels the directory adds to other apps' editors."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from wagtail.admin.panels import FieldPanel, InlinePanel, Panel

from .directory_query import links_key
from .models import VerifiedProcedure

SHOWN = 25


class VerifiedProvidersPanel(Panel):
    """On a procedure page: the doctors editors have verified for it, read-only.

    Verification is recorded on each provider (their *Procedures performed* tab);
    this lets the procedure's editor see who is verified, and jump to them.
    """

    class BoundPanel(Panel.BoundPanel):
        template_name = "admin/panels/verified_providers.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            verified = VerifiedProcedure.objects.none()
            if page is not None and page.pk:
                verified = VerifiedProcedure.objects.filter(procedure_id=page.pk)
            rows = verified.select_related("provider").order_by(
                "provider__last_name", "provider__first_name", "provider_id"
            )[:SHOWN]
            edit = "wagtailsnippets_providers_provider:edit"
            context.update(
                {
                    "saved": bool(page is not None and page.pk),
                    "total": verified.count(),
                    "rows": [
                        {
                            "record": row,
                            "edit_url": reverse(edit, args=[row.provider_id]),
                        }
                        for row in rows
                    ],
                    "shown": SHOWN,
                    "list_url": reverse("wagtailsnippets_providers_provider:list")
                    + (f"?verified_for={page.pk}" if page is not None and page.pk else ""),
                }
            )
            return context


def shows_translation(page):
    """Whether the editor is editing a translation, whose directory rows are its
    original's (`directory_query.links_key`)."""
    return page is not None and page.pk is not None and links_key(page) is not page


def from_original_note():
    return _(
        "This page is a translation: its doctors and billing codes are the English "
        "page's. Edit them on the English page."
    )


class DirectoryInlinePanel(InlinePanel):
    """An inline of directory rows (performing specialties, featured doctors, billing
    codes), which only an original page owns: on a translation without any it says
    where they come from and posts none."""

    class BoundPanel(InlinePanel.BoundPanel):
        def render_html(self, parent_context=None):
            if self.formset.forms or not shows_translation(self.instance):
                # Rows a translation carries anyway stay editable, so they can be removed.
                return super().render_html(parent_context)
            return format_html(
                '{}<p class="help">{}</p>', self.formset.management_form, from_original_note()
            )


class DirectoryFieldPanel(FieldPanel):
    """A directory field (the procedure codes): not shown on a translation, which
    keeps it empty."""

    class BoundPanel(FieldPanel.BoundPanel):
        def is_shown(self):
            return super().is_shown() and not shows_translation(self.instance)
