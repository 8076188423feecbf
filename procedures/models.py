"""Procedure and article pages.

A medical writer edits a `ProcedurePage` as a sequence of typed sections (see
`procedures.blocks`); visitors read it as HTML and apps read the same content
through the API (`api_fields`). `ArticlePage`s are patient-education articles
that procedure pages feature.
"""

from rest_framework import serializers

from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core import i18n, seo
from core.http_cache.fragments import fragment_context
from core.routing import RoutedPageMixin, unrestricted
from costs.api import ProcedureMedicareCostsField
from costs.pages import MedicareCostsMixin
from editorial.models import ReviewedPageMixin
from editorial.people import photo_renditions
from editorial.serializers import DisclaimerField, PeopleField, PersonField, ReferencesField
from editorial.translation import REVIEW_TRANSLATABLE_FIELDS, PerTranslation
from providers.panels import DirectoryFieldPanel
from providers.routes import FindADoctorMixin

from . import jsonld
from .blocks import (
    HERO_IMAGE_SPEC,
    SECTION_TYPES,
    THUMBNAIL_SPEC,
    ArticleBodyBlock,
    ProcedureSectionsBlock,
)
from .readability_admin import ReadingGradePanel, ReadingGradePreviewMixin
from .serializers import FeaturedArticlesField, PerformingSpecialtiesField
from .validators import normalize_procedure_codes, validate_procedure_codes


def shows(fields, *names):
    """Whether an API listing showing `fields` (None: every field) shows any of `names`."""
    return fields is None or any(name in fields for name in names)


class EditorialPage(ReviewedPageMixin, RoutedPageMixin, Page):
    """What procedure and article pages share: the summary, the hero image and the
    clinical governance metadata (authors, clinical reviewer, review dates,
    references: `editorial.models.ReviewedPageMixin`), defined once for both.
    """

    summary = models.TextField(
        max_length=300,
        help_text=gettext_lazy(
            "One or two plain sentences. Used in listings, search results, the meta "
            "description and the API."
        ),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    search_fields = [*Page.search_fields, index.SearchField("summary")]
    # wagtail-localize: each language's page has its own clinical review, and cites the
    # same works as its source (editorial.translation).
    override_translatable_fields = REVIEW_TRANSLATABLE_FIELDS
    # The page reads no query parameter (a procedure page's `doctors/` routes declare
    # their own): the page cache and ETag ignore them all (core.http_cache.query).
    query_parameters = frozenset()

    class Meta:
        abstract = True

    @property
    def meta_description(self):
        return self.search_description or self.summary

    def og_image_url(self, request):
        """The hero image for link previews (Open Graph, Twitter), absolute; or None."""
        if not self.hero_image:
            return None
        return seo.absolute_url(request, self.hero_image.get_rendition(seo.OG_IMAGE_SPEC).url)

    # What apps get about who wrote and checked the page (see editorial.serializers).
    editorial_api_fields = [
        APIField("authors", serializer=PeopleField(source="*")),
        APIField("reviewed_by", serializer=PersonField(source="reviewer")),
        APIField("last_reviewed"),
        APIField("next_review_due"),
        APIField("references", serializer=ReferencesField()),
        APIField("disclaimer", serializer=DisclaimerField(source="*")),
    ]

    @classmethod
    def prefetch_editorial(cls, pages):
        """Authors and reviewers of many pages (with photo renditions) in a fixed
        number of queries, for API listings."""
        prefetch_related_objects(
            pages,
            Prefetch("reviewer__photo", queryset=photo_renditions()),
            Prefetch("page_authors__person__photo", queryset=photo_renditions()),
        )
        return pages

    @classmethod
    def prefetch_for_listing(cls, pages, fields=None):
        """Load for many pages at once what the API fields `fields` show (all when
        None), so a listing's query count does not grow with its size."""
        pages = list(pages)
        if pages and shows(fields, "authors", "reviewed_by"):
            cls.prefetch_editorial(pages)
        return pages

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        crumbs = self.breadcrumbs(request)
        canonical = seo.absolute_url(request, self.get_url(request))
        image_url = self.og_image_url(request)
        context["breadcrumbs"] = crumbs
        context["seo"] = seo.page_seo(
            request,
            title=self.seo_title or self.title,
            description=self.meta_description,
            canonical=canonical,
            crumbs=crumbs,
            nodes=[jsonld.page_data(self, canonical, image_url)],
            og_type="article",
            image=image_url,
        )
        return context


class HomeChildMixin:
    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1


class ProcedureIndexPage(RoutedPageMixin, HomeChildMixin, Page):
    """The A–Z list of procedures (`/procedures/`); procedure pages live under it."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    subpage_types = ["procedures.ProcedurePage"]
    template = "pages/procedure_index_page.html"
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    api_fields = [APIField("intro")]
    per_page = 24
    # What `get_context` reads; the page cache and ETag ignore other parameters.
    query_parameters = frozenset({"page"})

    def procedures(self):
        return (
            ProcedurePage.objects.child_of(self)
            .live()
            .public()
            .order_by("title")
            .select_related("hero_image")
            .only("id", "title", "url_path", "slug", "summary", "hero_image", "path", "depth")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(self.procedures(), self.per_page)
        # get_page: a bad number shows page 1, one past the end the last page.
        page_obj = paginator.get_page(request.GET.get("page"))
        context["page_obj"] = page_obj
        context["paginator"] = paginator
        context["procedures_by_letter"] = group_by_initial(page_obj.object_list)
        context.update(
            index_seo(
                self,
                request,
                page_obj,
                _(
                    "Plain-language guides to medical procedures, A to Z: how to prepare, what "
                    "happens, recovery and risks, and doctors who perform them in your state."
                ),
            )
        )
        context["letters"] = jump_links(
            self.procedures().values_list("title", flat=True), self.per_page, page_obj.number
        )
        return context


def index_seo(page, request, page_obj, default_description):
    """Breadcrumbs and head of a paginated index (`/procedures/`, `/articles/`).

    Each page of the list is its own canonical URL; the description is the editor's
    search description, else the intro, else a sentence about the list.
    """
    crumbs = page.breadcrumbs(request)
    canonical = seo.paginated(seo.absolute_url(request, page.get_url(request)), page_obj)
    title = page.seo_title or page.title
    if page_obj.number > 1:
        title = _("%(title)s (page %(number)s)") % {"title": title, "number": page_obj.number}
    description = seo.describe(page.search_description, page.intro, default_description)
    return {
        "breadcrumbs": crumbs,
        "seo": seo.collection_seo(
            request,
            title=title,
            description=description,
            canonical=canonical,
            crumbs=crumbs,
            language=i18n.page_language(page),
        ),
    }


ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def initial(title):
    return title[:1].upper() if title[:1].isalpha() else "#"


def jump_links(titles, per_page, current_page):
    """The A–Z bar: every letter, with a link to where its procedures start.

    [(letter, href or None), …]: "#letter-k" on the page showing it, "?page=3#letter-k"
    on another page of the list, None for a letter with no procedure (shown, not
    linked, so the bar keeps its shape). `titles` are every listed title in list
    order (one query of titles: a few kB for a thousand procedures).
    """
    first_page = {}
    for position, title in enumerate(titles):
        first_page.setdefault(initial(title), position // per_page + 1)
    letters = [letter for letter in first_page if letter not in ALPHABET]
    links = []
    for letter in [*ALPHABET, *letters]:
        page = first_page.get(letter)
        if page is None:
            links.append((letter, None))
        elif page == current_page:
            links.append((letter, f"#letter-{letter_id(letter)}"))
        else:
            links.append((letter, f"?page={page}#letter-{letter_id(letter)}"))
    return links


def letter_id(letter):
    """The heading id of a letter's group: "letter-a" (the issue's form), "letter-other"."""
    return letter.lower() if letter in ALPHABET else "other"


def group_by_initial(pages):
    """[(letter, heading id, [pages…]), …] in order, for an A–Z listing."""
    groups = []
    for page in pages:
        letter = initial(page.title)
        if not groups or groups[-1][0] != letter:
            groups.append((letter, f"letter-{letter_id(letter)}", []))
        groups[-1][2].append(page)
    return groups


class ProcedurePage(ReadingGradePreviewMixin, MedicareCostsMixin, FindADoctorMixin, EditorialPage):
    """One medical procedure, told as typed sections.

    The Overview is required and each section appears at most once; the order
    is the writer's. Featured articles are picked and ordered by the editor.

    The page also anchors the provider directory: its billing codes and
    performing specialties link providers to it, and `FindADoctorMixin` (from
    `providers`) gives it the ``doctors/`` and ``doctors/<state>/`` routes.
    `MedicareCostsMixin` (from `costs`) adds its billing codes, with the editor's
    labels, and what Medicare pays for them.
    """

    # What the writer's reading grade reads (procedures.readability).
    reading_grade_fields = ("sections",)

    also_known_as = models.TextField(
        blank=True,
        max_length=500,
        help_text=gettext_lazy(
            "Other names patients search for, one per line (e.g. “Percutaneous vertebroplasty”)."
        ),
    )
    procedure_codes = models.CharField(
        gettext_lazy("CPT/HCPCS codes"),
        max_length=250,
        blank=True,
        validators=[validate_procedure_codes],
        help_text=gettext_lazy(
            "Billing codes for this procedure, separated by commas (e.g. 22510, 22511, "
            "22512). Medicare billing data for these codes links doctors to this page."
        ),
    )
    sections = StreamField(
        ProcedureSectionsBlock(),
        help_text=gettext_lazy(
            "Overview is required; Preparation, Procedure, Recovery, Risks and Aftercare "
            "may each appear once, in the order you choose."
        ),
    )

    parent_page_types = ["procedures.ProcedureIndexPage"]
    subpage_types = []
    template = "pages/procedure_page.html"

    # The directory's rows (billing codes, performing specialties, featured doctors) are
    # the English page's and serve every language: a translation neither copies them
    # when it is made nor has them synced (publishing a page with specialties derives a
    # provider link for each of their providers).
    directory_fields = (
        "procedure_codes",
        "specialty_links",
        "featured_provider_links",
        "billing_codes",
    )
    override_translatable_fields = [
        *EditorialPage.override_translatable_fields,
        *(PerTranslation(name) for name in directory_fields),
    ]

    search_fields = [
        *EditorialPage.search_fields,
        # Other names patients type weigh nearly as much as the title (boost 2).
        index.SearchField("also_known_as", boost=1.5),
        index.SearchField("sections"),
    ]

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("also_known_as"),
        FieldPanel("hero_image"),
        FieldPanel("sections"),
        ReadingGradePanel(),
        MultiFieldPanel(
            [InlinePanel("featured_article_links", label=gettext_lazy("Article"))],
            heading=gettext_lazy("Featured articles"),
        ),
    ]
    directory_panels = [
        DirectoryFieldPanel("procedure_codes"),
        *FindADoctorMixin.find_a_doctor_panels,
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=gettext_lazy("Content")),
            ObjectList(ReviewedPageMixin.review_panels, heading=gettext_lazy("Review and sources")),
            ObjectList(directory_panels, heading=gettext_lazy("Find a doctor")),
            ObjectList(
                MedicareCostsMixin.medicare_costs_panels, heading=gettext_lazy("Medicare costs")
            ),
            ObjectList(Page.promote_panels, heading=gettext_lazy("Promote")),
            ObjectList(Page.settings_panels, heading=gettext_lazy("Settings")),
        ]
    )

    api_fields = [
        APIField("summary"),
        APIField(
            "also_known_as",
            serializer=serializers.ListField(
                child=serializers.CharField(), source="also_known_as_list"
            ),
        ),
        APIField("hero_image", serializer=ImageRenditionField(HERO_IMAGE_SPEC)),
        APIField(
            "hero_image_thumbnail",
            serializer=ImageRenditionField(THUMBNAIL_SPEC, source="hero_image"),
        ),
        APIField("featured_articles", serializer=FeaturedArticlesField(source="*")),
        APIField(
            "procedure_codes",
            serializer=serializers.ListField(
                child=serializers.CharField(), source="procedure_codes_list"
            ),
        ),
        APIField("performing_specialties", serializer=PerformingSpecialtiesField(source="*")),
        APIField("medicare_costs", serializer=ProcedureMedicareCostsField(source="*")),
        APIField("sections"),
        *EditorialPage.editorial_api_fields,
    ]

    class Meta:
        verbose_name = gettext_lazy("procedure page")

    def copy_for_translation(self, locale, copy_parents=False, alias=False, exclude_fields=None):
        """Wagtail's copy into another language, without the directory's rows."""
        excluded = [*(exclude_fields or []), *self.directory_fields]
        return super().copy_for_translation(
            locale, copy_parents=copy_parents, alias=alias, exclude_fields=excluded
        )

    @property
    def also_known_as_list(self):
        return [name.strip() for name in self.also_known_as.splitlines() if name.strip()]

    @property
    def procedure_codes_list(self):
        return [code for code in self.procedure_codes.replace(" ", "").split(",") if code]

    def clean(self):
        super().clean()
        self.procedure_codes = normalize_procedure_codes(self.procedure_codes)

    @cached_property
    def section_blocks(self):
        """The canonical sections, in the writer's order (for the table of contents)."""
        return [block for block in self.sections if block.block_type in SECTION_TYPES]

    @property
    def sections_title(self):
        """ "Vertebroplasty: Overview, Preparation, …, and Aftercare", from the sections present."""
        labels = [block.block.label for block in self.section_blocks]
        if not labels:
            return self.title
        if len(labels) == 1:
            joined = labels[0]
        elif len(labels) == 2:
            joined = _("%(first)s and %(last)s") % {"first": labels[0], "last": labels[1]}
        else:
            joined = _("%(first)s, and %(last)s") % {
                "first": ", ".join(str(label) for label in labels[:-1]),
                "last": labels[-1],
            }
        return _("%(title)s: %(sections)s") % {"title": self.title, "sections": joined}

    def visible_featured_articles(self):
        """Featured articles a visitor may see: live and public, in the editor's order.

        Uses the prefetched links when a listing prefetched them (see
        `prefetch_for_listing`), so a list of pages costs one query, not one per page.
        """
        links = getattr(self, "_visible_featured_article_links", None)
        if links is None:
            links = ProcedureFeaturedArticle.objects.filter(page=self).visible()
        return [link.article for link in links]

    @classmethod
    def prefetch_for_listing(cls, pages, fields=None):
        """Load, for many pages at once, what the API fields `fields` show (all when
        None).

        Called by the API's page listing: sections (and the images and
        renditions in them) are converted in one pass over all pages, featured
        articles in one query, so the query count does not grow with the list.
        """
        pages = super().prefetch_for_listing(pages, fields)
        if not pages:
            return pages
        if shows(fields, "hero_image", "hero_image_thumbnail"):
            prefetch_related_objects(
                pages,
                Prefetch(
                    "hero_image",
                    queryset=get_image_model().objects.prefetch_renditions(
                        HERO_IMAGE_SPEC, THUMBNAIL_SPEC
                    ),
                ),
            )
        if shows(fields, "sections"):
            stream_block = cls._meta.get_field("sections").stream_block
            converted = stream_block.bulk_to_python([page.sections.raw_data for page in pages])
            for page, value in zip(pages, converted, strict=True):
                page.sections = value
        if shows(fields, "featured_articles"):
            links_by_page = {}
            for link in ProcedureFeaturedArticle.objects.filter(page__in=pages).visible():
                links_by_page.setdefault(link.page_id, []).append(link)
            for page in pages:
                page._visible_featured_article_links = links_by_page.get(page.pk, [])
        if shows(fields, "performing_specialties"):
            cls.prefetch_performing_specialties(pages)
        if shows(fields, "medicare_costs"):
            cls.prefetch_medicare_costs(pages)
        return pages

    def get_context(self, request, *args, **kwargs):
        """Featured articles are read when their section is rendered: a public view whose
        section is cached (`featured_articles_fragment`, under the content version,
        which publishing this page or an article bumps) runs no query for them."""
        context = super().get_context(request, *args, **kwargs)
        context["featured_articles"] = SimpleLazyObject(self.visible_featured_articles)
        context["featured_articles_fragment"] = fragment_context(request, self, "featured_articles")
        return context


class FeaturedArticleQuerySet(models.QuerySet):
    def visible(self):
        """Links whose article is live and not in a private section, in editor order."""
        return (
            self.filter(unrestricted("article__path"), article__live=True)
            .select_related("article")
            # What a card shows; not the article body, which is the bulk of the row.
            .only(
                "page_id",
                "sort_order",
                "article__title",
                "article__summary",
                "article__slug",
                "article__url_path",
                "article__path",
                "article__depth",
                "article__locale_id",
            )
            .order_by("page_id", "sort_order")
        )


class ProcedureFeaturedArticle(Orderable):
    """An article an editor features on a procedure page, in the editor's order."""

    page = ParentalKey(
        ProcedurePage, on_delete=models.CASCADE, related_name="featured_article_links"
    )
    article = models.ForeignKey(
        "procedures.ArticlePage", on_delete=models.CASCADE, related_name="+"
    )

    objects = FeaturedArticleQuerySet.as_manager()

    panels = [FieldPanel("article")]

    class Meta(Orderable.Meta):
        verbose_name = gettext_lazy("featured article")
        constraints = [
            models.UniqueConstraint(fields=["page", "article"], name="unique_featured_article")
        ]


class ArticleIndexPage(RoutedPageMixin, HomeChildMixin, Page):
    """The list of articles (`/articles/`), newest first."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    subpage_types = ["procedures.ArticlePage"]
    template = "pages/article_index_page.html"
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    api_fields = [APIField("intro")]
    per_page = 20
    # What `get_context` reads; the page cache and ETag ignore other parameters.
    query_parameters = frozenset({"page"})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = (
            ArticlePage.objects.child_of(self)
            .live()
            .public()
            .order_by("-first_published_at", "title")
            .select_related("hero_image")
        )
        page_obj = Paginator(articles, self.per_page).get_page(request.GET.get("page"))
        context["page_obj"] = page_obj
        context.update(
            index_seo(
                self,
                request,
                page_obj,
                _(
                    "Patient-education articles about medical procedures: preparing, recovery, "
                    "questions to ask, and what the evidence says."
                ),
            )
        )
        return context


class ArticlePage(ReadingGradePreviewMixin, EditorialPage):
    """A patient-education article, featured on procedure pages."""

    # What the writer's reading grade reads (procedures.readability).
    reading_grade_fields = ("body",)

    body = StreamField(ArticleBodyBlock())

    parent_page_types = ["procedures.ArticleIndexPage"]
    subpage_types = []
    template = "pages/article_page.html"

    search_fields = [*EditorialPage.search_fields, index.SearchField("body")]
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        ReadingGradePanel(),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=gettext_lazy("Content")),
            ObjectList(ReviewedPageMixin.review_panels, heading=gettext_lazy("Review and sources")),
            ObjectList(Page.promote_panels, heading=gettext_lazy("Promote")),
            ObjectList(Page.settings_panels, heading=gettext_lazy("Settings")),
        ]
    )
    api_fields = [
        APIField("summary"),
        APIField("hero_image", serializer=ImageRenditionField(HERO_IMAGE_SPEC)),
        APIField("body"),
        *EditorialPage.editorial_api_fields,
    ]

    class Meta:
        verbose_name = gettext_lazy("article page")

    @classmethod
    def prefetch_for_listing(cls, pages, fields=None):
        pages = super().prefetch_for_listing(pages, fields)
        if shows(fields, "hero_image"):
            prefetch_related_objects(
                pages,
                Prefetch(
                    "hero_image",
                    queryset=get_image_model().objects.prefetch_renditions(HERO_IMAGE_SPEC),
                ),
            )
        return pages
