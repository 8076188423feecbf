"""What editors see of NPPES deactivating a provider's NPI, in the admin.

The importers record the deactivation on the provider (`deactivated_on`, the run that
recorded it, and whether that unpublished it: `unpublished_by_import`); this says it
in words on the provider's edit view and list, with a link to the import run.
"""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wagtail.admin.panels import Panel


def deactivation_source(run):
    """ "the NPPES deactivation report of 10 March 2024", or the NPPES file's run."""
    if run is None:
        return ""
    if run.kind == run.Kind.DEACTIVATIONS and run.report_date:
        return _("the NPPES deactivation report of %(date)s") % {
            "date": date_format(run.report_date)
        }
    return _("the NPPES file imported on %(date)s") % {"date": date_format(run.started_at)}


def deactivation_summary(provider):
    """One line for the provider list: empty unless NPPES deactivated the NPI."""
    if provider.deactivated_on is None:
        return ""
    return _("Deactivated %(date)s") % {"date": date_format(provider.deactivated_on)}


def publication_note(provider):
    """Who decides whether the provider comes back when NPPES reactivates the NPI."""
    if provider.live:
        return _(
            "An editor published this provider after the deactivation. The next NPPES file "
            "or report that lists the NPI as deactivated unpublishes it again."
        )
    if provider.unpublished_by_import:
        return _(
            "The import unpublished this provider. If NPPES reactivates the NPI, the next "
            "NPPES file publishes it again, unless you publish or unpublish it yourself first."
        )
    return _(
        "An editor had unpublished this provider: if NPPES reactivates the NPI, it stays "
        "unpublished until an editor publishes it."
    )


class NPPESStatusPanel(Panel):
    """On a provider: that NPPES deactivated the NPI, when, by which run; read-only.

    Shown only for a deactivated NPI."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "admin/panels/nppes_status.html"

        def is_shown(self):
            return getattr(self.instance, "deactivated_on", None) is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            provider = self.instance
            run = provider.deactivated_by_run
            context.update(
                {
                    "deactivated_on": provider.deactivated_on,
                    "source": deactivation_source(run),
                    "run": run,
                    "run_url": reverse("providers_importrun_modeladmin_inspect", args=[run.pk])
                    if run is not None
                    else "",
                    "note": publication_note(provider),
                }
            )
            return context
