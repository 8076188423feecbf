"""Admin panels the directory adds to other apps' editors."""

from django.urls import reverse

from wagtail.admin.panels import Panel

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
