"""The procedure page's part of this app: its billing codes and "What it costs with Medicare".

`costs` sits below `procedures` (docs/architecture.md): the procedure page includes
this mixin, as it includes `providers.routes.FindADoctorMixin`, and the billing codes'
inline (`ProcedureBillingCode`) points at the page by its label.
"""

from django.utils.functional import SimpleLazyObject

from wagtail.admin.panels import MultiFieldPanel

from core.http_cache.fragments import fragment_context
from providers.panels import DirectoryInlinePanel

from .figures import costs_for_pages
from .panels import BillingCodesPreviewPanel


class MedicareCostsMixin:
    """Adds `medicare_costs` to the page's context and the editor's billing codes panels."""

    medicare_costs_panels = [
        MultiFieldPanel(
            [
                DirectoryInlinePanel(
                    "billing_codes",
                    label="Billing code",
                    help_text="The codes Medicare pays for this procedure, each with your own "
                    "plain label (never the CPT descriptor: it is licensed text). A primary "
                    "code is billed once; an add-on code once per extra level treated "
                    "(e.g. 22510, + 22512 for each extra bone).",
                ),
                BillingCodesPreviewPanel(heading="What each code shows"),
            ],
            heading="What it costs with Medicare",
        )
    ]

    def medicare_costs(self):
        """This page's costs (uses what a listing loaded for many pages at once)."""
        found = getattr(self, "_medicare_costs", None)
        if found is None:
            found = costs_for_pages([self])[self.pk]
            self._medicare_costs = found
        return found

    @classmethod
    def prefetch_medicare_costs(cls, pages):
        found = costs_for_pages(pages)
        for page in pages:
            page._medicare_costs = found[page.pk]

    def get_context(self, request, *args, **kwargs):
        """`medicare_costs` is read when the section is rendered: a public view whose
        section is cached (`medicare_costs_fragment`, under the content version, which
        a publish and a cost import both bump) runs none of its five queries."""
        context = super().get_context(request, *args, **kwargs)
        context["medicare_costs"] = SimpleLazyObject(self.medicare_costs)
        context["medicare_costs_fragment"] = fragment_context(request, self, "medicare_costs")
        return context
