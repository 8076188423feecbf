"""What Medicare pays, from the files CMS publishes each year.

Every row belongs to the import run that wrote it (`run`) and to a data year. A row is
public only once its run is the published one for its kind and year (`Dataset`): an
import writes its rows in batches under its own run, invisible, and publishes them at
its end in one transaction that also deletes that year's previous rows. So a page
never shows a year half imported, or two imports of one year mixed, and an interrupted
import can be resumed (its batches stay, unpublished).

Code numbers only: CMS's files carry the AMA's CPT descriptors, which are licensed; the
importers never store them. Editors write a plain label per code
(`ProcedureBillingCode`).
"""

from django.db import models

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from providers.import_records import ImportRun

from .choices import CodeRole, DatasetKind, PlaceOfService
from .validation import clean_billing_code

RVU = {"max_digits": 8, "decimal_places": 2}
GPCI = {"max_digits": 6, "decimal_places": 3}
MONEY = {"max_digits": 12, "decimal_places": 2, "null": True, "blank": True}


class Dataset(models.Model):
    """The published import of one kind of file for one data year.

    Publishing a new run of the same kind and year replaces this row and that year's
    rows in one transaction (`costs.importers.publish`).
    """

    kind = models.CharField(max_length=13, choices=DatasetKind.choices)
    year = models.PositiveSmallIntegerField()
    run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="+")
    # The file's own name (no directory), as pages cite it.
    file_name = models.CharField(max_length=255)
    source = models.CharField(max_length=100, default="CMS")
    rows = models.PositiveIntegerField(default=0)
    published_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="costs_one_dataset_per_year")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.year} ({self.file_name})"


class PublishedQuerySet(models.QuerySet):
    def published(self):
        """Rows of the published run of their kind and year (see the module docstring)."""
        return self.filter(
            run_id__in=Dataset.objects.filter(kind=self.model.dataset_kind).values("run_id")
        )


class YearRow(models.Model):
    """A row of one data year, written by one import run."""

    year = models.PositiveSmallIntegerField()
    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="+")

    objects = PublishedQuerySet.as_manager()

    class Meta:
        abstract = True


class FeeScheduleItem(YearRow):
    """One row of the physician fee schedule's relative value file (PPRRVU).

    The national payment is RVUs x the conversion factor; the facility payment uses the
    facility practice-expense RVU (the facility bills its own fee), the office payment
    the non-facility one. `*_na`: CMS says the code is not paid in that setting.
    """

    dataset_kind = DatasetKind.PFS_RVU

    hcpcs = models.CharField(max_length=5)
    modifier = models.CharField(max_length=2, blank=True)
    status = models.CharField(max_length=1)
    work_rvu = models.DecimalField(**RVU)
    pe_nonfacility_rvu = models.DecimalField(**RVU)
    nonfacility_na = models.BooleanField(default=False)
    pe_facility_rvu = models.DecimalField(**RVU)
    facility_na = models.BooleanField(default=False)
    mp_rvu = models.DecimalField(**RVU)
    global_days = models.CharField(max_length=3, blank=True)
    conversion_factor = models.DecimalField(max_digits=8, decimal_places=4)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["run", "hcpcs", "modifier"], name="costs_rvu_one_row_per_code"
            )
        ]
        indexes = [models.Index(fields=["hcpcs", "year"])]

    def __str__(self):
        return f"{self.hcpcs}{'-' + self.modifier if self.modifier else ''} ({self.year})"


class PaymentLocality(YearRow):
    """A physician fee schedule payment locality and its GPCIs (the GPCI file).

    A locality is numbered within its Medicare administrative contractor (MAC).
    """

    dataset_kind = DatasetKind.PFS_GPCI

    mac = models.CharField(max_length=5)
    locality = models.CharField(max_length=2)
    state = models.CharField(max_length=2)
    name = models.CharField(max_length=120)
    gpci_work = models.DecimalField(**GPCI)
    gpci_pe = models.DecimalField(**GPCI)
    gpci_mp = models.DecimalField(**GPCI)

    class Meta:
        verbose_name_plural = "payment localities"
        constraints = [
            models.UniqueConstraint(
                fields=["run", "mac", "locality"], name="costs_gpci_one_row_per_locality"
            )
        ]
        indexes = [models.Index(fields=["state", "year"])]

    def __str__(self):
        return f"{self.mac}-{self.locality} {self.name} ({self.year})"


class LocalityCounty(YearRow):
    """Which counties of which state a payment locality covers (the locality-county file)."""

    dataset_kind = DatasetKind.PFS_LOCALITY

    mac = models.CharField(max_length=5)
    locality = models.CharField(max_length=2)
    state = models.CharField(max_length=2)
    fee_schedule_area = models.CharField(max_length=120)
    counties = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "locality counties"
        indexes = [models.Index(fields=["state", "year"])]

    def __str__(self):
        return f"{self.mac}-{self.locality} {self.state} {self.fee_schedule_area}"


class OutpatientRate(YearRow):
    """A code's hospital outpatient (OPPS) status indicator and national payment rate
    (Addendum B). No rate: the status says why (packaged, not paid under OPPS…)."""

    dataset_kind = DatasetKind.OPPS

    hcpcs = models.CharField(max_length=5)
    status_indicator = models.CharField(max_length=2)
    apc = models.CharField(max_length=5, blank=True)
    payment_rate = models.DecimalField(**MONEY)
    national_copayment = models.DecimalField(**MONEY)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "hcpcs"], name="costs_opps_one_row_per_code")
        ]
        indexes = [models.Index(fields=["hcpcs", "year"])]

    def __str__(self):
        return f"{self.hcpcs} OPPS {self.status_indicator} ({self.year})"


class SurgeryCenterRate(YearRow):
    """A code's ambulatory surgical center payment indicator and national rate (Addendum AA)."""

    dataset_kind = DatasetKind.ASC

    hcpcs = models.CharField(max_length=5)
    payment_indicator = models.CharField(max_length=2)
    payment_rate = models.DecimalField(**MONEY)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "hcpcs"], name="costs_asc_one_row_per_code")
        ]
        indexes = [models.Index(fields=["hcpcs", "year"])]

    def __str__(self):
        return f"{self.hcpcs} ASC {self.payment_indicator} ({self.year})"


class ProviderServiceFigure(YearRow):
    """One doctor's Medicare figures for one code and place of service in one year.

    From the by-provider file that `import_procedure_volume` reads; only codes
    procedure pages use are kept. CMS leaves out rows with fewer than 11
    beneficiaries, so a missing row means "suppressed or none", never zero.
    """

    dataset_kind = DatasetKind.BY_PROVIDER

    npi = models.CharField(max_length=10)
    hcpcs = models.CharField(max_length=5)
    place_of_service = models.CharField(max_length=1, choices=PlaceOfService.choices)
    state = models.CharField(max_length=2, blank=True)
    total_beneficiaries = models.PositiveIntegerField()
    total_services = models.DecimalField(max_digits=12, decimal_places=1)
    avg_submitted_charge = models.DecimalField(**MONEY)
    avg_allowed_amount = models.DecimalField(**MONEY)
    avg_payment_amount = models.DecimalField(**MONEY)
    avg_standardized_amount = models.DecimalField(**MONEY)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["run", "npi", "hcpcs", "place_of_service"],
                name="costs_figure_one_row_per_service",
            )
        ]
        indexes = [
            models.Index(fields=["npi", "year"]),
            models.Index(fields=["hcpcs", "state", "year"]),
        ]

    def __str__(self):
        return f"{self.npi} {self.hcpcs} {self.place_of_service} ({self.year})"


class ProcedureBillingCode(Orderable):
    """A billing code of a procedure page, with the editor's plain label.

    A primary code is billed once; an add-on code once per extra level treated (e.g.
    vertebroplasty: 22510 for the first level, + 22512 for each more). The label is the
    editor's own words: CMS's descriptors are the AMA's licensed CPT text.
    """

    page = ParentalKey(
        "procedures.ProcedurePage", on_delete=models.CASCADE, related_name="billing_codes"
    )
    code = models.CharField(
        "HCPCS/CPT code",
        max_length=5,
        help_text="Five characters, e.g. 22510.",
    )
    role = models.CharField(max_length=7, choices=CodeRole.choices, default=CodeRole.PRIMARY)
    label = models.CharField(
        max_length=120,
        help_text="Plain words for patients, e.g. \u201cFirst bone, neck or upper back\u201d. "
        "Do not paste the CPT descriptor: it is licensed text.",
    )

    panels = [FieldPanel("code"), FieldPanel("role"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = "billing code"
        constraints = [
            models.UniqueConstraint(fields=["page", "code"], name="costs_one_code_per_page")
        ]

    def __str__(self):
        return f"{self.code} ({self.get_role_display()})"

    def clean(self):
        self.code = clean_billing_code(self.code)
