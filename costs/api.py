"""Cost objects in the API (v2): the procedure page's `medicare_costs` and each
provider's `medicare_costs` (per procedure). Their JSON Schemas are in `costs.schemas`,
which the OpenAPI document uses (`cms.openapi.fields`).
"""

from rest_framework.fields import Field

from django.utils.translation import gettext_lazy as _

from providers.models import ProviderProcedure, procedure_model

from .doctors import doctors_costs

CAVEATS = [
    _(
        "Medicare fee-for-service (Original Medicare) only: private plans and Medicare "
        "Advantage pay differently."
    ),
    _("National amounts: Medicare adjusts them to each payment locality."),
    _("Not a quote: talk to the billing office of the doctor or facility."),
    # xgettext:no-python-format
    _("The patient's 20% is Part B coinsurance after the yearly deductible."),
]


def text(value):
    """A label or note as JSON text, in the answer's language (`?locale=`): the
    figures carry lazy translations, read here."""
    return str(value) if value else None


def money(value):
    return None if value is None else float(value)


def amount_data(amount):
    return {"amount": money(amount.value), "note": text(amount.note), "packaged": amount.packaged}


def setting_data(setting):
    return {
        "setting": setting.key,
        "label": str(setting.label),
        "physician": amount_data(setting.physician),
        "facility": amount_data(setting.facility),
        "total": money(setting.total),
        "patient_pays": money(setting.patient_pays),
        "note": text(setting.note),
    }


def procedure_costs_data(costs):
    return {
        "year": costs.year,
        "sample_data": costs.sample_data,
        "codes": [
            {
                "code": code.code,
                "role": code.role,
                "label": code.label,
                "physician_facility": amount_data(code.physician_facility),
                "physician_office": amount_data(code.physician_office),
                "hospital_outpatient": amount_data(code.hospital_outpatient),
                "surgery_center": amount_data(code.surgery_center),
            }
            for code in costs.codes
        ],
        "primaries": [
            {
                "code": primary.code.code,
                "settings": [setting_data(setting) for setting in primary.settings],
                "add_ons": [
                    {"code": add_on.code, "settings": [setting_data(s) for s in settings]}
                    for add_on, settings in primary.add_ons
                ],
            }
            for primary in costs.primaries
        ],
        "sources": [
            {
                "kind": source.kind,
                "label": str(source.label),
                "year": source.year,
                "file_name": source.file_name,
                "publisher": source.publisher,
            }
            for source in costs.sources
        ],
        "caveats": [str(caveat) for caveat in CAVEATS] if costs.has_figures else [],
    }


class ProcedureMedicareCostsField(Field):
    """A procedure page's Medicare costs (`costs.figures.ProcedureCosts`), typed."""

    def to_representation(self, page):
        return procedure_costs_data(page.medicare_costs())


def doctor_costs_data(item):
    return {
        "procedure": {"id": item.page_id, "title": item.title},
        "year": item.year,
        "suppressed": item.suppressed,
        "note": text(item.suppressed_note) if item.suppressed else None,
        "figures": [
            {
                "code": figure.code,
                "label": figure.label,
                "place_of_service": figure.place_of_service,
                "services": float(figure.services),
                "beneficiaries": figure.beneficiaries,
                "average_allowed_amount": money(figure.avg_allowed),
                "state_median_allowed_amount": money(figure.state_median),
                "state_doctors": figure.state_doctors,
            }
            for figure in item.figures
        ],
    }


def provider_costs_data(providers):
    """Set `_extension_costs` on each provider: its live procedures' figures, in five
    queries for the whole page of results (links, then `doctors_costs`)."""
    providers = list(providers)
    pages = {}
    # Live and public procedures only, as the profile and `fields=procedures` list them.
    visible = procedure_model().objects.live().public().values("pk")
    links = (
        ProviderProcedure.objects.filter(provider__in=providers, procedure__in=visible)
        .select_related("procedure")
        .only("provider_id", "procedure_id", "procedure__title", "procedure__procedure_codes")
        .order_by("provider_id", "basis", "procedure__title")
    )
    for link in links:
        pages.setdefault(link.provider_id, []).append(link.procedure)
    found = doctors_costs([(provider, pages.get(provider.pk, [])) for provider in providers])
    for provider in providers:
        provider._extension_costs = [
            doctor_costs_data(found[(provider.npi, page.pk)]) for page in pages.get(provider.pk, [])
        ]
