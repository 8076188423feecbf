"""The provider directory: doctors, their specialties, and the procedures they perform.

Providers are shaped like the US national provider registry (NPPES) so imports
round-trip, plus the consumer facts NPPES lacks (accepting new patients,
telehealth, languages, board certification, years in practice), each with the
date an editor last verified it.

A provider is linked to a procedure through `ProviderProcedure`, which carries
the *basis* of the claim (verified by an editor, billing volume from a data
source, or derived from specialty) — the directory never says "top" without
saying why. See docs/providers.md.
"""

from localflavor.us.models import USStateField, USZipCodeField

from django.apps import apps
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.models import DraftStateMixin, Orderable, RevisionMixin
from wagtail.search import index

from core.npi import validate_npi

from . import labels
from .choices import LinkBasis, Sex

# Imported so that Django registers the models of the import records' own module.
from .import_records import DeferredIndex, ImportRun  # noqa: F401
from .names import proper_case
from .nppes_status import NPPESStatusPanel
from .search import search_providers
from .serializers import (
    LanguagesField,
    ListedProcedureBasisField,
    MedicareCostsField,
    PracticeLocationField,
    ProcedureLinksField,
    ProfileUrlField,
    SpecialtiesField,
    SpecialtyField,
)

# The page type a procedure is. The directory sits below the procedures app (see
# docs/architecture.md): it names that model by its label, as a ForeignKey does, and
# never imports it.
PROCEDURE_MODEL = "procedures.ProcedurePage"


def procedure_model():
    """The procedure page class, looked up by label (the app registry must be ready)."""
    return apps.get_model(PROCEDURE_MODEL)


taxonomy_code_validator = RegexValidator(
    r"^[0-9]{3}[0-9A-Z]{6}X$",
    "A NUCC taxonomy code is 10 characters ending in X, e.g. 2085R0204X.",
)
phone_validator = RegexValidator(r"^[0-9]{10}$", "Enter the 10-digit phone number, digits only.")


class Specialty(index.Indexed, models.Model):
    """A NUCC Health Care Provider Taxonomy code: the specialty vocabulary NPPES uses."""

    code = models.CharField(max_length=10, unique=True, validators=[taxonomy_code_validator])
    grouping = models.CharField(max_length=200, blank=True)
    classification = models.CharField(max_length=200)
    specialization = models.CharField(max_length=200, blank=True)
    display_name = models.CharField(max_length=255, blank=True)
    definition = models.TextField(blank=True)

    search_fields = [
        index.SearchField("code"),
        index.SearchField("classification"),
        index.SearchField("specialization"),
        index.SearchField("display_name"),
        index.AutocompleteField("classification"),
        index.AutocompleteField("specialization"),
    ]

    class Meta:
        ordering = ["classification", "specialization"]
        verbose_name_plural = "specialties"

    def __str__(self):
        return self.name

    @property
    def name(self):
        """The English name (NUCC's display name): what search, imports and the
        Spanish catalog's msgids read. Visitors read `label`."""
        if self.display_name:
            return self.display_name
        if self.specialization:
            return f"{self.classification}: {self.specialization}"
        return self.classification

    @property
    def label(self):
        """The name in the reader's language, or English marked as such
        (`providers.labels.Label`)."""
        return labels.specialty_label(self.name)


class Language(models.Model):
    """A language a provider's practice speaks with patients (ISO 639-1 code)."""

    code = models.CharField(max_length=3, unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        """The language's name in the reader's language, from CLDR ("chino"); `name`
        (English) in English."""
        return labels.language_name(self.code, self.name)


class YearsForOrder(models.Func):
    """``COALESCE(years_in_practice, -1)``: years in practice with unknown below zero, so
    one descending index (`provider_years_order`) lists the most years first and the
    unknown last. The same order as ``years_in_practice DESC NULLS LAST`` (years are
    never negative), in a form SQLite's indexes can express too. The -1 is written
    into the SQL, not bound: a bound parameter in a prepared statement's generic plan
    would keep the expression from matching the index's."""

    template = "COALESCE(%(expressions)s, -1)"
    output_field = models.IntegerField()

    def __init__(self, prefix=""):
        super().__init__(F(f"{prefix}years_in_practice"))


class ProviderQuerySet(models.QuerySet):
    def live(self):
        return self.filter(live=True)

    def matching(self, query):
        """Providers whose name, NPI or city match every word of `query` (see
        `providers.search`)."""
        return search_providers(self, query)

    def with_listing_data(self):
        """Everything a provider card or API item shows, in a fixed number of queries."""
        return self.select_related("primary_specialty", "photo").prefetch_related(
            "specialties", "languages"
        )


def revision_link(verbose_name):
    """Wagtail's link to a revision, without an index or a database constraint (see below)."""
    return models.ForeignKey(
        "wagtailcore.Revision",
        related_name="+",
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        db_index=False,
        db_constraint=False,
    )


def provider_slug(first_name, middle_name, last_name):
    """The name part of a profile's URL (`/doctors/<npi>-<slug>/`)."""
    return slugify(f"{first_name} {middle_name} {last_name}") or "provider"


class Provider(DraftStateMixin, RevisionMixin, ClusterableModel):
    """A clinician: NPPES identity and practice location plus verified consumer facts.

    Drafts and unpublished providers (``live=False``) appear nowhere public.
    Not in Wagtail's search index: bulk imports never write to it, so every provider
    search runs on the table itself (`providers.search`).
    """

    # NPPES identity
    # Unique through Meta.constraints rather than unique=True, which on PostgreSQL
    # adds a second (LIKE) index that every imported row would pay for.
    npi = models.CharField(
        "NPI",
        max_length=10,
        validators=[validate_npi],
        help_text="10-digit National Provider Identifier.",
    )
    name_prefix = models.CharField("prefix", max_length=10, blank=True)
    first_name = models.CharField(max_length=50)
    middle_name = models.CharField(max_length=50, blank=True)
    last_name = models.CharField(max_length=60)
    name_suffix = models.CharField("suffix", max_length=10, blank=True)
    credential = models.CharField(max_length=50, blank=True, help_text="e.g. MD, DO")
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True)

    # Practice location (NPPES "Business Practice Location")
    address_line_1 = models.CharField(max_length=100, blank=True)
    address_line_2 = models.CharField(max_length=100, blank=True)
    city = models.CharField(max_length=60, blank=True)
    state = USStateField()  # indexed with live and name, see Meta.indexes
    zip_code = USZipCodeField("ZIP code", blank=True)
    phone = models.CharField(max_length=10, blank=True, validators=[phone_validator])
    website = models.URLField(blank=True)

    primary_specialty = models.ForeignKey(
        Specialty,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="primary_providers",
        # Indexed with `live` instead (see Meta.indexes).
        db_index=False,
    )
    specialties = ParentalManyToManyField(
        Specialty,
        blank=True,
        related_name="providers",
        verbose_name="other specialties",
    )

    # Editorial, consumer-facing facts (never overwritten by imports)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        # Rarely set: no index or database constraint check for every imported row
        # (Django still applies on_delete when an image is deleted).
        db_index=False,
        db_constraint=False,
    )
    bio = models.TextField("short bio", max_length=1500, blank=True)
    accepting_new_patients = models.BooleanField(null=True, blank=True)
    accepting_new_patients_verified_on = models.DateField("verified on", null=True, blank=True)
    telehealth = models.BooleanField("offers telehealth", null=True, blank=True)
    telehealth_verified_on = models.DateField("verified on", null=True, blank=True)
    languages = ParentalManyToManyField(Language, blank=True, related_name="providers")
    languages_verified_on = models.DateField("verified on", null=True, blank=True)
    board_certified = models.BooleanField(null=True, blank=True)
    board_certification = models.CharField(
        max_length=200, blank=True, help_text="Certifying board, e.g. American Board of Radiology."
    )
    board_certification_verified_on = models.DateField("verified on", null=True, blank=True)
    years_in_practice = models.PositiveSmallIntegerField(null=True, blank=True)
    years_in_practice_verified_on = models.DateField("verified on", null=True, blank=True)

    # NPPES bookkeeping
    enumeration_date = models.DateField(null=True, blank=True, editable=False)
    nppes_updated_on = models.DateField(null=True, blank=True, editable=False)
    deactivated_on = models.DateField(null=True, blank=True, editable=False)
    # Set only when an import unpublished the provider because NPPES deactivated its
    # NPI, so that a later reactivation publishes it again; an editor's publish or
    # unpublish clears it (providers.signals), and from then on publication is theirs.
    # A database default as well, so rows written by raw SQL get it too.
    unpublished_by_import = models.BooleanField(default=False, db_default=False, editable=False)
    # The import run that recorded the deactivation: an NPPES file, or the monthly
    # deactivated-NPI report (whose date the run keeps), for editors and the profile's
    # "deactivated" page. No index or database constraint: runs are never deleted,
    # and a million imported rows would each pay for them.
    deactivated_by_run = models.ForeignKey(
        "providers.ImportRun",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )

    objects = ProviderQuerySet.as_manager()

    api_fields = [
        APIField("npi"),
        APIField("name_prefix"),
        APIField("first_name"),
        APIField("middle_name"),
        APIField("last_name"),
        APIField("name_suffix"),
        APIField("credential"),
        APIField("display_name"),
        APIField("primary_specialty", serializer=SpecialtyField()),
        APIField("specialties", serializer=SpecialtiesField(source="*")),
        APIField("practice_location", serializer=PracticeLocationField(source="*")),
        APIField("accepting_new_patients"),
        APIField("accepting_new_patients_verified_on"),
        APIField("telehealth"),
        APIField("languages", serializer=LanguagesField()),
        APIField("board_certified"),
        APIField("board_certification"),
        APIField("years_in_practice"),
        APIField("procedures", serializer=ProcedureLinksField(source="*")),
        APIField("procedure_basis", serializer=ListedProcedureBasisField(source="*")),
        APIField("medicare_costs", serializer=MedicareCostsField(source="*")),
    ]
    api_meta_fields = [APIField("profile_url", serializer=ProfileUrlField(source="*"))]

    identity_panels = [
        NPPESStatusPanel(heading="NPPES status"),
        FieldPanel("npi"),
        FieldRowPanel(
            [
                FieldPanel("name_prefix"),
                FieldPanel("first_name"),
                FieldPanel("middle_name"),
                FieldPanel("last_name"),
                FieldPanel("name_suffix"),
            ],
            heading="Name",
        ),
        FieldRowPanel([FieldPanel("credential"), FieldPanel("sex")]),
        FieldPanel("primary_specialty"),
        FieldPanel("specialties"),
        MultiFieldPanel(
            [
                FieldPanel("address_line_1"),
                FieldPanel("address_line_2"),
                FieldRowPanel([FieldPanel("city"), FieldPanel("state"), FieldPanel("zip_code")]),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("website")]),
            ],
            heading="Practice location",
        ),
    ]
    consumer_panels = [
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldRowPanel(
            [FieldPanel("accepting_new_patients"), FieldPanel("accepting_new_patients_verified_on")]
        ),
        FieldRowPanel([FieldPanel("telehealth"), FieldPanel("telehealth_verified_on")]),
        FieldRowPanel([FieldPanel("languages"), FieldPanel("languages_verified_on")]),
        FieldRowPanel(
            [
                FieldPanel("board_certified"),
                FieldPanel("board_certification"),
                FieldPanel("board_certification_verified_on"),
            ]
        ),
        FieldRowPanel(
            [FieldPanel("years_in_practice"), FieldPanel("years_in_practice_verified_on")]
        ),
    ]
    procedure_panels = [
        InlinePanel(
            "verified_procedures",
            heading="Procedures this doctor is verified to perform",
            label="Verified procedure",
            help_text="Record what you have confirmed, with when and how. Verified doctors are "
            "listed first for the procedure once you publish; billing data and specialty "
            "links are added by the imports and are not edited here.",
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(identity_panels, heading="Identity and location"),
            ObjectList(consumer_panels, heading="Patient information"),
            ObjectList(procedure_panels, heading="Procedures performed"),
        ]
    )

    # Wagtail's revision links, NULL until an editor saves a provider, which imported
    # providers mostly never are: a partial index (see Meta) instead of one holding a
    # million NULLs, and no database constraint check per imported row (Django still
    # applies on_delete when a revision is purged).
    latest_revision = revision_link("latest revision")
    live_revision = revision_link("live revision")

    # Wagtail indexes first_published_at for page listings; providers never sort by
    # it, and a million imported rows would each pay for the index.
    first_published_at = models.DateTimeField(
        "first published at", blank=True, null=True, db_index=False
    )

    class Meta:
        ordering = ["last_name", "first_name", "npi"]
        constraints = [models.UniqueConstraint(fields=["npi"], name="unique_provider_npi")]
        indexes = [
            models.Index(fields=["live", "state", "last_name", "first_name"]),
            # The default order (above) of the admin list and of /api/v2/providers/:
            # without it a page of either sorts the whole table.
            models.Index(fields=["last_name", "first_name", "npi"], name="provider_name_order"),
            # The order of a name search (`search.SEARCH_ORDER`): the providers whose
            # last name starts with a searched word are one range of it, read in order
            # and stopped at the page (`search.OrderedSearch`), so a common surname's
            # page is not a sort of all its matches. Not partial: PostgreSQL uses the
            # statistics of an index expression only from a full index.
            models.Index(
                Upper("last_name"),
                Upper("first_name"),
                F("npi"),
                name="provider_search_order",
            ),
            # `order=-years_in_practice` of /api/v2/providers/, all states and one state:
            # years first (unknown last, see `YearsForOrder`), then the name order.
            models.Index(
                YearsForOrder().desc(),
                F("last_name"),
                F("first_name"),
                F("npi"),
                name="provider_years_order",
            ),
            models.Index(
                F("state"),
                YearsForOrder().desc(),
                F("last_name"),
                F("first_name"),
                F("npi"),
                name="provider_state_years_order",
            ),
            # The foreign key's index, with `live`: a specialty's live providers are
            # counted from the index alone (`/api/v2/providers/?specialty=`), not by
            # reading rows until the count's cap.
            models.Index(fields=["primary_specialty", "live"], name="provider_specialty_live"),
            # A specialty's providers in name order: the primary half of the API's
            # `specialty` list without `procedure` (`providers.listing.OrderedUnion`) is
            # one range, read up to the page's end, at any offset. `live`, `state` and
            # the id after the order (not changing it) make that read index-only:
            # otherwise a common specialty's deepest page reads thousands of provider
            # rows only for their `live`. (Key columns, not INCLUDE, which SQLite
            # lacks.)
            models.Index(
                fields=[
                    "primary_specialty",
                    "last_name",
                    "first_name",
                    "npi",
                    "live",
                    "state",
                    "id",
                ],
                name="provider_specialty_name",
            ),
            # The API's yes/no filters, in name order. Partial: imports never set these
            # facts (editors verify them), so the indexes hold only what editors entered
            # and a filter for them is a short range scan, never a walk of the name order
            # looking for the few that match.
            models.Index(
                fields=["accepting_new_patients", "last_name", "first_name", "npi"],
                condition=Q(accepting_new_patients__isnull=False),
                name="provider_accepting_order",
            ),
            models.Index(
                fields=["telehealth", "last_name", "first_name", "npi"],
                condition=Q(telehealth__isnull=False),
                name="provider_telehealth_order",
            ),
            # The admin list's "NPI deactivated in NPPES" filter, in name order: the
            # deactivated providers listed and counted from the index alone, not found
            # by reading the whole table. Partial: only they pay for it on import.
            models.Index(
                fields=["last_name", "first_name", "npi"],
                condition=Q(deactivated_on__isnull=False),
                name="provider_deactivated_name",
            ),
            models.Index(
                fields=["latest_revision"],
                condition=models.Q(latest_revision__isnull=False),
                name="provider_latest_revision",
            ),
            models.Index(
                fields=["live_revision"],
                condition=models.Q(live_revision__isnull=False),
                name="provider_live_revision",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def full_name(self):
        parts = [self.name_prefix, self.first_name, self.middle_name, self.last_name]
        name = " ".join(part for part in parts if part)
        if self.name_suffix:
            name = f"{name} {self.name_suffix}"
        return name

    @property
    def display_name(self):
        return f"{self.full_name}, {self.credential}" if self.credential else self.full_name

    @property
    def name_for_visitors(self):
        """The display name in proper case (NPPES sends capitals); the credential as given.

        Pages and JSON-LD show this; the API and search keep `display_name` as stored.
        """
        name = proper_case(self.full_name)
        return f"{name}, {self.credential}" if self.credential else name

    @property
    def city_for_visitors(self):
        return proper_case(self.city)

    @property
    def sort_name(self):
        return f"{self.last_name} {self.first_name} {self.middle_name}".strip().lower()

    @property
    def slug(self):
        return provider_slug(self.first_name, self.middle_name, self.last_name)

    @property
    def state_name(self):
        """The state's name in the reader's language."""
        return labels.state_name(self.state)

    def get_absolute_url(self):
        return reverse("providers:profile", kwargs={"npi": self.npi, "slug": self.slug})

    @cached_property
    def all_specialties(self):
        """Primary first, then the others (uses prefetched `specialties`)."""
        others = [s for s in self.specialties.all() if s.pk != self.primary_specialty_id]
        return ([self.primary_specialty] if self.primary_specialty else []) + others

    @property
    def is_deactivated(self):
        """NPPES lists the NPI as deactivated (the provider may still be live if an
        editor published it since; the next NPPES file listing it unpublishes it again)."""
        return self.deactivated_on is not None

    def with_content_json(self, content):
        """Whether NPPES deactivated the NPI, and who unpublished the provider, belong
        to the row, which imports write with SQL, not to an editor's revision: publishing
        a draft saved before a deactivation must not bring back an active NPI."""
        provider = super().with_content_json(content)
        for name in ("deactivated_on", "deactivated_by_run_id", "unpublished_by_import"):
            setattr(provider, name, getattr(self, name))
        return provider


class ProviderProcedureQuerySet(models.QuerySet):
    def public(self):
        return self.filter(provider_live=True)

    def ranked(self):
        """The transparent "top" order (explained to visitors by
        `providers.filters.RANKING_EXPLANATION`)."""
        return self.order_by(*RANKING_ORDER)


# The provider fields that links copy (see ProviderProcedure.provider_fields).
PROVIDER_LINK_SOURCES = (
    "state",
    "live",
    "board_certified",
    "years_in_practice",
    "first_name",
    "middle_name",
    "last_name",
    "primary_specialty",
)

# Verified first, then higher billing volume, then board certified, then years in
# practice, then name. The `provider_link_rank` index has these columns in this order,
# after (procedure, state), so a state page's first page is one index range scan.
# Ranking columns are NOT NULL (0 = unknown) so the order needs no NULLS LAST, which
# SQLite indexes cannot express.
RANKING_ORDER = (
    "basis",
    "-annual_volume",
    "-board_certified",
    "-years_in_practice",
    "sort_name",
    "provider_id",
)


class ProviderProcedure(models.Model):
    """ "This provider performs this procedure", and on what basis.

    One row per provider and procedure, carrying the strongest basis (verified >
    volume > specialty) plus any billing volume. The provider's state, live flag and
    ranking inputs are copied here so "procedure × state, top first" is one index
    scan even with a million providers (copied from the provider's saved row by
    `providers.linking.refresh_provider_fields`, so a draft never reaches them).
    """

    # Links are derived data, written millions at a time by importers: no database
    # FK constraints (whose per-row checks are a large share of an import; Django still cascades
    # deletes) and no index per FK (the unique constraint starts with `provider`, the
    # ranking index with `procedure`; a page deletion, rare, can afford a scan).
    provider = models.ForeignKey(
        Provider,
        on_delete=models.CASCADE,
        related_name="procedure_links",
        db_index=False,
        db_constraint=False,
    )
    procedure = models.ForeignKey(
        PROCEDURE_MODEL,
        on_delete=models.CASCADE,
        related_name="provider_links",
        db_index=False,
        db_constraint=False,
    )
    basis = models.PositiveSmallIntegerField(choices=LinkBasis.choices)
    annual_volume = models.PositiveIntegerField(
        default=0, help_text="Services a year from the billing data source; 0 when unknown."
    )
    volume_year = models.PositiveSmallIntegerField(null=True, blank=True)
    volume_source = models.CharField(max_length=100, blank=True, help_text="e.g. Medicare")
    verified_on = models.DateField(null=True, blank=True)
    # With `verified_on`, copied from the provider's published `VerifiedProcedure`.
    # A database default too: importers COPY links without this column.
    verification_source = models.CharField(max_length=200, blank=True, default="", db_default="")

    # Copied from the provider (see docstring).
    state = models.CharField(max_length=2)
    provider_live = models.BooleanField(default=False)
    board_certified = models.BooleanField(default=False)
    years_in_practice = models.PositiveSmallIntegerField(default=0)
    sort_name = models.CharField(max_length=200, default="")
    # The provider's primary specialty, so "procedure × specialty, top first" is one
    # range of `provider_link_specialty_rank` rather than a walk of the procedure's
    # ranked links testing each provider (`providers.directory_query`). Like the fields
    # above: no FK constraint and no index of its own. Django still nulls it when a
    # specialty is deleted (as on the provider), with a scan: a rare admin action.
    primary_specialty = models.ForeignKey(
        Specialty,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )

    # Whether the provider has other specialties at all (a few percent of providers):
    # the other-specialties half of a specialty filter reads only these links, from
    # `provider_link_others_rank`, instead of probing every link of the procedure
    # (`providers.directory_query`). A database default too: SQL inserts that
    # predate it and COPYs without the column.
    has_other_specialties = models.BooleanField(default=False, db_default=False)

    objects = ProviderProcedureQuerySet.as_manager()

    class Meta:
        verbose_name = "provider procedure link"
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "procedure"], name="unique_provider_procedure"
            )
        ]
        indexes = [
            models.Index(
                fields=["procedure", "state", *RANKING_ORDER[:-1], "provider"],
                name="provider_link_rank",
                condition=Q(provider_live=True),
            ),
            # A procedure's list in every state (the API without `state`), in each
            # `order` the API offers: without them a first page sorts all of a popular
            # procedure's links. With `state`, the ranking has the index above;
            # by name or years, the planner walks these and skips other states, or
            # sorts the state's range of the one above, whichever reads less.
            models.Index(
                fields=["procedure", *RANKING_ORDER[:-1], "provider"],
                name="provider_link_rank_all",
                condition=Q(provider_live=True),
            ),
            models.Index(
                fields=["procedure", "sort_name", "provider"],
                name="provider_link_name",
                condition=Q(provider_live=True),
            ),
            models.Index(
                fields=["procedure", "-years_in_practice", "sort_name", "provider"],
                name="provider_link_years",
                condition=Q(provider_live=True),
            ),
            # A procedure's list narrowed to a specialty, the half of the filter that is
            # the primary specialty (`providers.directory_query.provider_filter_q`), in ranked
            # order: with a state too, PostgreSQL walks this range skipping other
            # states (a specialty's share of a procedure is a few thousand links).
            models.Index(
                fields=["procedure", "primary_specialty", *RANKING_ORDER[:-1], "provider"],
                name="provider_link_specialty_rank",
                condition=Q(provider_live=True),
            ),
            # The other half: the links of providers with other specialties, ranked,
            # then (after the provider, so not changing the order) the primary
            # specialty, the id and the state, so the half's "primary is not S", a
            # state page's state and a page's keys (`OrderedUnion`) are read from the
            # index alone, not each link looked up from the other-specialties rows
            # (docs/performance.md). (Key columns, not INCLUDE, which SQLite lacks
            # and warns about.)
            models.Index(
                fields=[
                    "procedure",
                    *RANKING_ORDER[:-1],
                    "provider",
                    "primary_specialty",
                    "id",
                    "state",
                ],
                name="provider_link_others_rank",
                condition=Q(provider_live=True, has_other_specialties=True),
            ),
        ]

    def __str__(self):
        return f"{self.provider} – {self.procedure} ({self.get_basis_display()})"

    def save(self, *args, **kwargs):
        if self.provider_id:
            # Copied from the provider's saved row, never from an instance in memory,
            # which may carry an editor's unpublished draft.
            saved = Provider.objects.only(*PROVIDER_LINK_SOURCES).get(pk=self.provider_id)
            for field, value in self.provider_fields(saved).items():
                setattr(self, field, value)
        super().save(*args, **kwargs)

    @property
    def basis_key(self):
        return LinkBasis(self.basis).key

    @property
    def volume_text(self):
        """ "≈120 a year, Medicare 2023", or "" without volume data."""
        if not self.annual_volume:
            return ""
        text = ngettext("≈%(count)s a year", "≈%(count)s a year", self.annual_volume) % {
            "count": labels.number(self.annual_volume)
        }
        source = " ".join(str(part) for part in (self.volume_source, self.volume_year) if part)
        return f"{text}, {source}" if source else text

    @property
    def basis_text(self):
        """Why the directory says this provider performs the procedure, in one line."""
        if self.basis == LinkBasis.VERIFIED:
            parts = [gettext("Performs this procedure: verified"), self.volume_text]
        elif self.basis == LinkBasis.VOLUME:
            parts = [self.volume_text or gettext("Billing data shows this procedure")]
        else:
            parts = [gettext("Specialty typically performs")]
        return " \u00b7 ".join(part for part in parts if part)

    @property
    def basis_sentence(self):
        """Why this doctor is listed, in words a patient understands.

        `basis_text` is the compact, sourced line ("Performs this procedure:
        verified · ≈228 a year, Medicare 2023") that the API and the card's
        details keep; visitors read this sentence first, with no symbols, jargon
        or source names, and the detail is one click away.
        """
        volume = self.annual_volume
        count = {"count": labels.number(volume)}
        if self.basis == LinkBasis.VERIFIED:
            sentence = gettext("Our editors have confirmed that this doctor does this procedure.")
            if volume:
                sentence += (
                    " "
                    + ngettext(
                        "Records show they do it about %(count)s time a year.",
                        "Records show they do it about %(count)s times a year.",
                        volume,
                    )
                    % count
                )
            return sentence
        if self.basis == LinkBasis.VOLUME:
            if volume:
                return (
                    ngettext(
                        "Insurance records show this doctor does this procedure about %(count)s "
                        "time a year.",
                        "Insurance records show this doctor does this procedure about %(count)s "
                        "times a year.",
                        volume,
                    )
                    % count
                )
            return gettext("Insurance records show this doctor does this procedure.")
        return gettext(
            "Doctors in this specialty often do this procedure. "
            "We have not confirmed that this doctor does."
        )

    @classmethod
    def provider_fields(cls, provider):
        return {
            "state": provider.state,
            "provider_live": provider.live,
            "board_certified": bool(provider.board_certified),
            "years_in_practice": provider.years_in_practice or 0,
            "sort_name": provider.sort_name[:200],
            "primary_specialty_id": provider.primary_specialty_id,
            # The saved rows, not an instance's (perhaps unsaved) relation.
            "has_other_specialties": Provider.specialties.through.objects.filter(
                provider_id=provider.pk
            ).exists(),
        }


class ProcedureStateCount(models.Model):
    """How many live providers perform a procedure in a state: the map's numbers.

    Counting a popular procedure's links live would read a large share of the links
    on every page view; this summary is refreshed where links change instead (see
    `providers.counts`), so a procedure page reads at most 56 small rows.
    """

    procedure = models.ForeignKey(PROCEDURE_MODEL, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=2)
    providers = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["procedure", "state"], name="unique_procedure_state")
        ]

    def __str__(self):
        return f"{self.procedure_id} {self.state}: {self.providers}"


class ProcedureSpecialty(Orderable):
    """A specialty that typically performs a procedure (drives `specialty` links)."""

    page = ParentalKey(PROCEDURE_MODEL, on_delete=models.CASCADE, related_name="specialty_links")
    specialty = models.ForeignKey(Specialty, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("specialty")]

    class Meta(Orderable.Meta):
        verbose_name = "performing specialty"
        constraints = [
            models.UniqueConstraint(fields=["page", "specialty"], name="unique_procedure_specialty")
        ]

    def __str__(self):
        return str(self.specialty)


class ProcedureFeaturedProvider(Orderable):
    """A provider an editor features on a procedure page, and why.

    No one pays to be listed: a featured doctor is an editor's pick, and the page
    tells visitors the reason, so the feature is accountable.
    """

    page = ParentalKey(
        PROCEDURE_MODEL, on_delete=models.CASCADE, related_name="featured_provider_links"
    )
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(
        "why featured",
        max_length=200,
        help_text="Shown to visitors as “Editor’s pick: …”, e.g. “Leads the regional spine "
        "fracture service and publishes its outcomes.” Never a payment or sponsorship.",
    )

    panels = [FieldPanel("provider"), FieldPanel("reason")]

    class Meta(Orderable.Meta):
        verbose_name = "featured provider"
        constraints = [
            models.UniqueConstraint(fields=["page", "provider"], name="unique_featured_provider")
        ]


class VerifiedProcedure(Orderable):
    """An editor's record that a provider performs a procedure: the "verified" basis.

    Edited on the provider (its *Procedures performed* tab) and kept with its drafts
    and revisions: only publishing the provider turns these rows into verified links
    (`providers.linking.sync_verified_links`), which rank first on state pages.
    Removing one drops the link back to what the data says (billing volume or
    specialty) or removes it.
    """

    provider = ParentalKey(Provider, on_delete=models.CASCADE, related_name="verified_procedures")
    procedure = models.ForeignKey(
        PROCEDURE_MODEL, on_delete=models.CASCADE, related_name="verified_providers"
    )
    verified_on = models.DateField(help_text="When this was last confirmed.")
    source = models.CharField(
        "how it was verified",
        max_length=200,
        help_text="e.g. “Confirmed with the practice by phone” or “Hospital credentialing "
        "list”. Shown to visitors.",
    )
    source_url = models.URLField(
        "source link", blank=True, help_text="Optional: where the evidence can be checked."
    )

    panels = [
        FieldPanel("procedure"),
        FieldRowPanel([FieldPanel("verified_on"), FieldPanel("source")]),
        FieldPanel("source_url"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "verified procedure"
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "procedure"], name="unique_verified_procedure"
            )
        ]

    def __str__(self):
        return f"{self.provider} performs {self.procedure} (verified {self.verified_on})"
