"""What Medicare pays for a procedure, from the published datasets (docs/costs.md).

Pure arithmetic first (no database: tested against hand-computed values), then the
loaders, which read everything a page or a page of API results needs in a fixed number
of queries, whatever the number of codes, pages or localities.

All money is `Decimal`, rounded to cents half-up at each published figure, as CMS
rounds its own fee schedule amounts.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F, Q
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.i18n import default_language
from providers.directory_query import links_key

from .choices import CodeRole, DatasetKind
from .models import (
    Dataset,
    FeeScheduleItem,
    OutpatientRate,
    PaymentLocality,
    ProcedureBillingCode,
    SurgeryCenterRate,
)

CENT = Decimal("0.01")
# Original Medicare Part B: the patient pays 20% of the allowed amount after the yearly
# deductible (no cap on the total; a supplemental plan may pay it).
COINSURANCE = Decimal("0.20")

# Fee schedule status codes (PPRRVU "CODE STATUS") paid from the national RVUs, and why
# the others show no national amount.
PAID_STATUSES = frozenset("ART")
STATUS_NOTES = {
    "B": _("Bundled: Medicare pays it as part of other services, not separately."),
    "C": _("Priced by the local Medicare contractor: there is no national amount."),
    "D": _("Deleted code: no longer paid."),
    "E": _("Excluded from the fee schedule by regulation."),
    "F": _("Deleted code: no longer paid."),
    "G": _("Not valid for Medicare: another code is billed instead."),
    "H": _("Deleted modifier combination: not paid."),
    "I": _("Not valid for Medicare: another code is billed instead."),
    "J": _("Anesthesia service: paid by a different formula."),
    "M": _("Measurement code: no payment."),
    "N": _("Not covered by Medicare."),
    "P": _("Bundled or excluded: not paid separately."),
    "X": _("Excluded by law: not a Medicare benefit."),
}
UNKNOWN_STATUS = _("Not paid separately under the fee schedule (status %(status)s).")
NOT_IN_FILE = _("Not in this year's file.")
NA_FACILITY = _("Not paid when done in a hospital or surgery center.")
NA_OFFICE = _("Not paid when done in a doctor's office.")

# OPPS status indicators that never carry a separate hospital outpatient payment.
OPPS_NOTES = {
    "B": _("Not paid under the hospital outpatient system: another code is billed instead."),
    "C": _("Inpatient only: Medicare does not pay for it as an outpatient procedure."),
    "D": _("Discontinued code."),
    "E1": _("Not covered by Medicare in a hospital outpatient department."),
    "E2": _("Not covered by Medicare in a hospital outpatient department."),
    "M": _("Not paid under the hospital outpatient system."),
    "N": _("Packaged: included in the hospital's payment for the main procedure."),
}
# ASC payment indicators with no separate surgery-center payment.
ASC_NOTES = {
    "N1": _("Packaged: included in the surgery center's payment for the main procedure."),
    "L1": _("Paid to the center as part of other services."),
    "C5": _("Inpatient only: not paid in a surgery center."),
}
PACKAGED = frozenset({"N", "N1", "L1"})
NO_OPPS_ROW = _("Not on the hospital outpatient payment list for this year.")
NO_ASC_ROW = _("Not on Medicare's list of procedures paid in a surgery center.")


def is_sample(publisher):
    """Whether a dataset's source says it is demo or sample data (`costs.demo`)."""
    text = publisher.lower()
    return "sample" in text or "demo" in text


def cents(value):
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Amount:
    """A payment, or why there is none (`note`). `packaged`: no separate payment, but
    the service is paid inside another one, so it adds nothing to a total."""

    value: Decimal | None = None
    note: str = ""
    packaged: bool = False

    @property
    def paid(self):
        return self.value is not None

    @property
    def adds(self):
        """What it adds to a total: its value, 0 when packaged, None when not paid."""
        if self.value is not None:
            return self.value
        return Decimal(0) if self.packaged else None


def national_payment(item, *, facility):
    """(work + PE + MP RVUs) x conversion factor, with the setting's PE RVU."""
    if item is None:
        return Amount(note=NOT_IN_FILE)
    if item.status not in PAID_STATUSES:
        note = STATUS_NOTES.get(item.status) or UNKNOWN_STATUS % {"status": item.status}
        return Amount(note=note)
    if facility and item.facility_na:
        return Amount(note=NA_FACILITY)
    if not facility and item.nonfacility_na:
        return Amount(note=NA_OFFICE)
    pe = item.pe_facility_rvu if facility else item.pe_nonfacility_rvu
    return Amount(cents((item.work_rvu + pe + item.mp_rvu) * item.conversion_factor))


def locality_payment(item, locality, *, facility):
    """(work x work GPCI + PE x PE GPCI + MP x MP GPCI) x conversion factor."""
    national = national_payment(item, facility=facility)
    if not national.paid:
        return national
    pe = item.pe_facility_rvu if facility else item.pe_nonfacility_rvu
    total = (
        item.work_rvu * locality.gpci_work + pe * locality.gpci_pe + item.mp_rvu * locality.gpci_mp
    )
    return Amount(cents(total * item.conversion_factor))


def outpatient_payment(rate):
    if rate is None:
        return Amount(note=NO_OPPS_ROW)
    indicator = rate.status_indicator
    if indicator in OPPS_NOTES or rate.payment_rate is None:
        note = OPPS_NOTES.get(indicator) or gettext(
            "No separate payment (status indicator %(indicator)s)."
        ) % {"indicator": indicator}
        return Amount(note=note, packaged=indicator in PACKAGED)
    return Amount(cents(rate.payment_rate))


def surgery_center_payment(rate):
    if rate is None:
        return Amount(note=NO_ASC_ROW)
    indicator = rate.payment_indicator
    if indicator in ASC_NOTES or rate.payment_rate is None:
        note = ASC_NOTES.get(indicator) or gettext(
            "No separate payment (payment indicator %(indicator)s)."
        ) % {"indicator": indicator}
        return Amount(note=note, packaged=indicator in PACKAGED)
    return Amount(cents(rate.payment_rate))


def coinsurance(total):
    """The patient's 20% of an allowed amount (after the Part B deductible)."""
    if total is None:
        return None
    return cents(total * COINSURANCE)


@dataclass
class CodeCosts:
    """One billing code's payments in each setting."""

    code: str
    role: str
    label: str
    physician_facility: Amount
    physician_office: Amount
    hospital_outpatient: Amount
    surgery_center: Amount
    # The language of `label` where it is not the page's: a translation shows the
    # editor's labels of its original's codes (`billing_codes_by_page`).
    label_language: str = ""

    @property
    def is_add_on(self):
        return self.role == CodeRole.ADD_ON

    @property
    def label_html(self):
        """The label, marked with its language where that is not the page's (screen
        readers then say it in that language), as untranslated names are."""
        if self.label and self.label_language:
            return format_html('<span lang="{}">{}</span>', self.label_language, self.label)
        return self.label


# Where a procedure can be done: (key, label). The office has no separate facility fee.
SETTINGS = (
    ("hospital_outpatient", _("Hospital outpatient department")),
    ("surgery_center", _("Ambulatory surgery center")),
    ("office", _("Doctor's office")),
)
OFFICE_FACILITY = _("None: the office's costs are part of the doctor's fee.")


@dataclass
class SettingCosts:
    """What one setting costs for one code: physician + facility = total; 20% of it."""

    key: str
    label: str
    physician: Amount
    facility: Amount
    total: Decimal | None
    patient_pays: Decimal | None
    note: str = ""


def setting_costs(code_costs):
    """The three settings for one code (a primary code's first level, or an add-on's
    extra level)."""
    found = []
    for key, label in SETTINGS:
        if key == "office":
            physician = code_costs.physician_office
            facility = Amount(note=OFFICE_FACILITY, packaged=True)
        else:
            physician = code_costs.physician_facility
            facility = getattr(code_costs, key)
        parts = (physician.adds, facility.adds)
        total = None if None in parts else cents(sum(parts))
        note = ""
        if total is None:
            note = physician.note if physician.adds is None else facility.note
        found.append(SettingCosts(key, label, physician, facility, total, coinsurance(total), note))
    return found


@dataclass
class PrimaryCosts:
    """A primary code with its settings, and what each add-on level adds per setting."""

    code: CodeCosts
    settings: list
    add_ons: list = field(default_factory=list)  # [(CodeCosts, [SettingCosts])]


@dataclass
class Source:
    kind: str
    label: str
    year: int
    file_name: str
    publisher: str


@dataclass
class ProcedureCosts:
    """Everything the "What it costs with Medicare" section shows for one page."""

    year: int | None
    primaries: list
    sources: list
    add_ons: list = field(default_factory=list)
    codes: list = field(default_factory=list)  # every code, in the editor's order

    @property
    def has_figures(self):
        """Whether the page has codes and a fee schedule year to show them for."""
        return bool(self.codes) and self.year is not None

    @property
    def sample_data(self):
        """A dataset imported as sample data (the demo): the page says so."""
        return any(is_sample(source.publisher) for source in self.sources)


def borrowed_label_language(page):
    """The language of the billing-code labels `page` shows where it is not the
    page's: a translation reads its original's codes (`links_key`), labelled in the
    default language; "" for a page showing its own."""
    return default_language() if links_key(page) is not page else ""


def procedure_costs(billing_codes, rvus, opps, asc, *, year, sources, label_language=""):
    """Assemble a page's costs from its codes and the rows for them (dicts by code);
    `label_language`: the labels' language, where it is not the page's."""
    codes = [
        CodeCosts(
            code=billing.code,
            role=billing.role,
            label=billing.label,
            label_language=label_language,
            physician_facility=national_payment(rvus.get(billing.code), facility=True),
            physician_office=national_payment(rvus.get(billing.code), facility=False),
            hospital_outpatient=outpatient_payment(opps.get(billing.code)),
            surgery_center=surgery_center_payment(asc.get(billing.code)),
        )
        for billing in billing_codes
    ]
    add_ons = [code for code in codes if code.is_add_on]
    primaries = [
        PrimaryCosts(
            code=code,
            settings=setting_costs(code),
            add_ons=[(add_on, setting_costs(add_on)) for add_on in add_ons],
        )
        for code in codes
        if not code.is_add_on
    ]
    return ProcedureCosts(
        year=year, primaries=primaries, sources=sources, add_ons=add_ons, codes=codes
    )


# --- Loading -------------------------------------------------------------------------


class Datasets:
    """The published datasets (one query), the latest year of each kind first."""

    def __init__(self):
        self.by_kind = {}
        for dataset in Dataset.objects.order_by("kind", "-year"):
            self.by_kind.setdefault(dataset.kind, dataset)

    def latest(self, kind):
        return self.by_kind.get(kind)

    def sources(self, *kinds):
        return [
            Source(kind, DatasetKind(kind).label, dataset.year, dataset.file_name, dataset.source)
            for kind in kinds
            if (dataset := self.by_kind.get(kind))
        ]


PAGE_KINDS = (DatasetKind.PFS_RVU, DatasetKind.OPPS, DatasetKind.ASC)


def rows_by_code(model, dataset, codes, **filters):
    if dataset is None or not codes:
        return {}
    rows = model.objects.filter(run_id=dataset.run_id, hcpcs__in=codes, **filters)
    return {row.hcpcs: row for row in rows}


def billing_codes_by_page(pages):
    """{page id: [ProcedureBillingCode]} in the editor's order, in one query.

    A translation keeps no billing codes (they are the directory's and the volume
    import's rows, filed under the default language's page, `providers.directory_query.
    links_key`): it gets its original's, found by translation key in the same query.
    """
    translations = [page for page in pages if links_key(page) is not page]
    rows = ProcedureBillingCode.objects.filter(page__in=[page.pk for page in pages])
    if translations:
        rows = ProcedureBillingCode.objects.filter(
            Q(page__in=[page.pk for page in pages if page not in translations])
            | Q(
                page__translation_key__in=[page.translation_key for page in translations],
                page__locale__language_code=default_language(),
            )
        ).annotate(page_key=F("page__translation_key"))
    found, by_key = {}, {}
    for billing in rows.order_by("page_id", "sort_order", "pk"):
        found.setdefault(billing.page_id, []).append(billing)
        if hasattr(billing, "page_key"):
            by_key.setdefault(billing.page_key, []).append(billing)
    for page in translations:
        found[page.pk] = by_key.get(page.translation_key, [])
    return found


def costs_for_pages(pages, datasets=None):
    """{page id: ProcedureCosts} for many pages, in five queries whatever their number:
    datasets, billing codes, fee schedule, OPPS and ASC rows."""
    datasets = datasets or Datasets()
    codes_by_page = billing_codes_by_page(pages)
    codes = {billing.code for found in codes_by_page.values() for billing in found}
    rvu = datasets.latest(DatasetKind.PFS_RVU)
    rvus = rows_by_code(FeeScheduleItem, rvu, codes, modifier="")
    opps = rows_by_code(OutpatientRate, datasets.latest(DatasetKind.OPPS), codes)
    asc = rows_by_code(SurgeryCenterRate, datasets.latest(DatasetKind.ASC), codes)
    sources = datasets.sources(*PAGE_KINDS)
    return {
        page.pk: procedure_costs(
            codes_by_page.get(page.pk, []),
            rvus,
            opps,
            asc,
            year=rvu.year if rvu else None,
            sources=sources,
            label_language=borrowed_label_language(page),
        )
        for page in pages
    }


@dataclass
class LocalityRange:
    """One code's physician payment across a state's payment localities."""

    code: CodeCosts
    facility_low: Amount
    facility_high: Amount
    office_low: Amount
    office_high: Amount
    localities: list  # [(name, facility Amount, office Amount)]


@dataclass
class StateCosts:
    state: str
    year: int | None
    ranges: list
    sources: list


def state_costs(page, state, datasets=None):
    """The physician payment for each of the page's codes across the state's localities.

    Five queries: datasets, codes, fee schedule rows, the state's localities (GPCI).
    """
    datasets = datasets or Datasets()
    # A translation keeps no billing codes: its original's (`providers` files rows there).
    billing_codes = list(
        ProcedureBillingCode.objects.filter(page=links_key(page)).order_by("sort_order")
    )
    rvu = datasets.latest(DatasetKind.PFS_RVU)
    gpci = datasets.latest(DatasetKind.PFS_GPCI)
    rvus = rows_by_code(FeeScheduleItem, rvu, {b.code for b in billing_codes}, modifier="")
    localities = []
    if gpci is not None:
        localities = list(
            PaymentLocality.objects.filter(run_id=gpci.run_id, state=state).order_by("name")
        )
    ranges = []
    for billing in billing_codes if localities else []:
        item = rvus.get(billing.code)
        rows = [
            (
                locality.name,
                locality_payment(item, locality, facility=True),
                locality_payment(item, locality, facility=False),
            )
            for locality in localities
        ]
        code = CodeCosts(
            billing.code,
            billing.role,
            billing.label,
            national_payment(item, facility=True),
            national_payment(item, facility=False),
            Amount(),
            Amount(),
            label_language=borrowed_label_language(page),
        )
        ranges.append(
            LocalityRange(code, *low_high(r[1] for r in rows), *low_high(r[2] for r in rows), rows)
        )
    sources = datasets.sources(DatasetKind.PFS_RVU, DatasetKind.PFS_GPCI)
    return StateCosts(state, rvu.year if rvu else None, ranges, sources)


def low_high(amounts):
    amounts = list(amounts)
    paid = [amount.value for amount in amounts if amount.paid]
    if not paid:
        first = amounts[0] if amounts else Amount(note=NOT_IN_FILE)
        return first, first
    return Amount(min(paid)), Amount(max(paid))
