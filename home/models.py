"""The site root and the site-wide settings editors control."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, Site

from core import i18n, seo
from core.http_cache.remembered import remembered_lookup
from core.routing import OneQueryRoutingMixin, RoutedPageMixin, unrestricted
from procedures.models import ArticlePage, ProcedurePage
from providers.directory import DIRECTORY_STATES
from providers.geography import STATE_NAMES

from .serializers import PopularProceduresField

POPULAR_PROCEDURES = 8


class HomePage(OneQueryRoutingMixin, RoutedPageMixin, Page):
    """The site's front page: an introduction and ways into the content.

    As the site root it resolves URLs below it in one query (see `core.routing`).
    """

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["procedures.ProcedureIndexPage", "procedures.ArticleIndexPage"]
    # One per language (home.locales): each language's tree hangs from its own home page.
    template = "pages/home_page.html"
    # Reads no query parameter: the page cache and ETag ignore them all (core.http_cache.query).
    query_parameters = frozenset()

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [InlinePanel("popular_procedure_links", label=_("Procedure"))],
            heading=_("Popular procedures"),
            help_text=_(
                "Shown on the home page and when a search finds nothing, in this order. "
                "Leave empty to show the first procedures A to Z."
            ),
        ),
    ]
    api_fields = [
        APIField("intro"),
        APIField("popular_procedures", serializer=PopularProceduresField(source="*")),
    ]

    def popular_procedures(self, limit=POPULAR_PROCEDURES):
        """The editor's picks that a visitor may see (live, public), in the editor's
        order; the first procedures A to Z when there are none. One query either way
        (two when the picks are all unpublished)."""
        fields = ("id", "title", "url_path", "slug", "summary", "path", "depth", "locale_id")
        links = (
            HomePopularProcedure.objects.filter(
                unrestricted("procedure__path"), page=self, procedure__live=True
            )
            .select_related("procedure")
            .only("page_id", "sort_order", *(f"procedure__{name}" for name in fields))
            .order_by("sort_order")[:limit]
        )
        picked = [link.procedure for link in links]
        if picked:
            return picked
        return list(
            ProcedurePage.objects.descendant_of(self)
            .live()
            .public()
            .order_by("title")
            .only(*fields)[:limit]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["popular_procedures"] = self.popular_procedures()
        # The "Find a doctor" form's choices: every procedure (one query of titles and
        # slugs) and every state with a directory, by name.
        context["procedure_choices"] = (
            ProcedurePage.objects.descendant_of(self)
            .live()
            .public()
            .order_by("title")
            .values_list("slug", "title")
        )
        context["state_choices"] = [
            (code, name) for code, name in STATE_NAMES.items() if code in DIRECTORY_STATES
        ]
        context["articles"] = (
            ArticlePage.objects.descendant_of(self)
            .live()
            .public()
            .order_by("-first_published_at")[:3]
        )
        # The head adds the site's name and tagline as the title, and the WebSite node.
        context["seo"] = seo.page_seo(
            request,
            title="",
            description=seo.describe(self.search_description, self.intro),
            canonical=self.get_url(request),
            home=True,
        )
        return context


class HomePopularProcedure(Orderable):
    """A procedure an editor puts on the home page (and on an empty search)."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="popular_procedure_links")
    procedure = models.ForeignKey(
        "procedures.ProcedurePage", on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("procedure")]

    class Meta(Orderable.Meta):
        verbose_name = _("popular procedure")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "procedure"], name="unique_home_popular_procedure"
            )
        ]


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting, ClusterableModel):
    """Words that frame every page: the tagline band, the footer, and the trust
    statements (medical disclaimer, editorial policy, funding and interests).

    They are written in the default language; editors give them in the others in the
    same form (`SiteSettingsTranslation`, one row per language), and pages and the API
    read them through `text`, never the fields themselves.
    """

    # The fields editors write per language (each a field of SiteSettingsTranslation).
    TRANSLATED_FIELDS = (
        "site_name",
        "default_description",
        "tagline",
        "tagline_text",
        "footer_text",
        "medical_disclaimer",
        "funding_statement",
        "conflict_of_interest_statement",
    )

    site_name = models.CharField(
        _("site name"),
        max_length=60,
        default=seo.DEFAULT_SITE_NAME,
        help_text=_("The site's name: in the header, after every page title and in link previews."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown in the header beside the site name. Optional."),
    )
    default_description = models.CharField(
        _("default description"),
        max_length=160,
        blank=True,
        default=gettext_noop(
            "Clear, reviewed guides to medical procedures, and the doctors who perform "
            "them in your state."
        ),
        help_text=_("The meta description of pages that have none of their own (160 characters)."),
    )
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The picture of link previews (Facebook, LinkedIn, X) for pages without a "
            "hero image. At least 1200×630 pixels."
        ),
    )
    tagline = models.CharField(
        _("tagline"),
        max_length=120,
        default=gettext_noop("You deserve better healthcare!"),
        help_text=_("The headline of the band above the footer on every page."),
    )
    tagline_text = models.CharField(
        _("tagline text"),
        max_length=250,
        blank=True,
        default=gettext_noop(
            "Clear, reviewed information about medical procedures, and the doctors who "
            "perform them in your state."
        ),
    )
    footer_text = RichTextField(
        _("footer text"),
        blank=True,
        features=["bold", "italic", "link"],
        default="",
    )
    medical_disclaimer = models.TextField(
        _("medical disclaimer"),
        max_length=600,
        default=gettext_noop(
            "This content is for general information only and is not medical advice. "
            "Talk to a qualified healthcare provider about your own situation."
        ),
        help_text=_("Shown on every procedure and article page, in the footer and in the API."),
    )
    editorial_policy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The page that explains how content is written, reviewed and kept up to date."),
    )
    funding_statement = models.TextField(
        _("funding statement"),
        max_length=600,
        blank=True,
        default=gettext_noop(
            "This site is independent: no provider pays to be listed or featured, and "
            "featured doctors are chosen by our editors for the reason shown."
        ),
        help_text=_("Who funds the site, and what money cannot buy. Shown on every content page."),
    )
    conflict_of_interest_statement = models.TextField(
        _("conflict of interest statement"),
        max_length=600,
        blank=True,
        help_text=_(
            "The authors' and reviewers' declared interests, or how to find them. "
            "Shown on every content page when filled in."
        ),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("site_name"),
                FieldPanel("logo"),
                FieldPanel("default_description"),
                FieldPanel("social_image"),
            ],
            heading=_("Identity and search engines"),
        ),
        MultiFieldPanel([FieldPanel("tagline"), FieldPanel("tagline_text")], heading=_("Tagline")),
        FieldPanel("footer_text"),
        MultiFieldPanel(
            [
                FieldPanel("medical_disclaimer"),
                FieldPanel("editorial_policy_page"),
                FieldPanel("funding_statement"),
                FieldPanel("conflict_of_interest_statement"),
            ],
            heading=_("Trust and transparency"),
        ),
        MultiFieldPanel(
            [InlinePanel("translations", label=_("Language"))],
            heading=_("Other languages"),
            help_text=_(
                "The texts above in another language. A text left empty shows the one "
                "above: translated while it is the text the site came with, as written "
                "once it has been changed."
            ),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")

    @classmethod
    def base_queryset(cls):
        # The texts of every language come with the settings (one query more), so a
        # page in any language reads them with no query of its own, and the copy
        # remembered per content version (`for_request`) carries them.
        return super().base_queryset().prefetch_related("translations")

    @classmethod
    def for_request(cls, request):
        """Wagtail's `for_request`, looked up once per content version for public
        requests (`core.http_cache.remembered`): pages (the `settings` context
        processor, `seo_tags`) and the API read them here. Saving the settings or a
        row of theirs moves the version (`core.http_cache.signals`, `home.signals`)."""
        cache_attribute = cls.get_cache_attr_name()
        if not hasattr(request, cache_attribute):
            site = Site.find_for_request(request)
            if site is None:
                return super().for_request(request)  # raises DoesNotExist, as Wagtail's
            found = remembered_lookup(
                request, ("site_settings", site.pk), lambda: cls.for_site(site)
            )
            found._request = request
            setattr(request, cache_attribute, found)
        return getattr(request, cache_attribute)

    def language_rows(self):
        """The rows of every other language, read once: settings just created by
        `for_site` (Wagtail's get_or_create) come without the prefetch."""
        if self.pk is not None and "translations" not in getattr(
            self, "_prefetched_objects_cache", {}
        ):
            models.prefetch_related_objects([self], "translations")
        return self.translations.all()

    def text(self, name, language=None):
        """The text of `name` (one of TRANSLATED_FIELDS) in `language` (default: the
        active one): what editors wrote for that language if they did; else the
        default-language text, in the catalog's translation while it is still the
        text the site came with (the defaults are in every catalog), as written once
        an editor has changed it."""
        if name not in self.TRANSLATED_FIELDS:
            raise ValueError(f"{name!r} is not a translated site text")
        language = language or translation.get_language() or i18n.default_language()
        if language != i18n.default_language():
            row = next((row for row in self.language_rows() if row.language == language), None)
            if row is not None and getattr(row, name):
                return getattr(row, name)
        value = getattr(self, name)
        if value and value == self._meta.get_field(name).get_default():
            with translation.override(language):
                return translation.gettext(value)
        return value


class SiteSettingsTranslation(models.Model):
    """The site settings' texts in one language other than the default, written by
    editors beside the default-language ones (an inline of the settings form). An empty
    field falls back to the default language's text (`SiteSettings.text`)."""

    settings = ParentalKey(SiteSettings, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=10, choices=i18n.other_language_choices)
    site_name = models.CharField(_("site name"), max_length=60, blank=True)
    default_description = models.CharField(_("default description"), max_length=160, blank=True)
    tagline = models.CharField(_("tagline"), max_length=120, blank=True)
    tagline_text = models.CharField(_("tagline text"), max_length=250, blank=True)
    footer_text = RichTextField(
        _("footer text"), blank=True, features=["bold", "italic", "link"], default=""
    )
    medical_disclaimer = models.TextField(_("medical disclaimer"), max_length=600, blank=True)
    funding_statement = models.TextField(_("funding statement"), max_length=600, blank=True)
    conflict_of_interest_statement = models.TextField(
        _("conflict of interest statement"), max_length=600, blank=True
    )

    panels = [
        FieldPanel("language"),
        *(FieldPanel(name) for name in SiteSettings.TRANSLATED_FIELDS),
    ]

    class Meta:
        verbose_name = _("site texts in another language")
        constraints = [
            models.UniqueConstraint(
                fields=["settings", "language"], name="unique_site_settings_language"
            )
        ]

    def __str__(self):
        return i18n.language_name(self.language)
