"""The editor's view of what each billing code will show on the page."""

from wagtail.admin.panels import Panel

from .figures import costs_for_pages


class BillingCodesPreviewPanel(Panel):
    """Read-only, under the billing codes: each saved code's national figures or the
    reason it shows none, from the published datasets, so an editor sees what the
    page will say before publishing."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "admin/panels/billing_codes_preview.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            costs = None
            if page is not None and page.pk:
                costs = costs_for_pages([page])[page.pk]
            codes = costs.codes if costs is not None else []
            context.update({"saved": costs is not None, "costs": costs, "codes": codes})
            return context
