"""The site root and the site-wide settings editors control."""

from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.routing import OneQueryRoutingMixin, RoutedPageMixin
from procedures.models import ArticlePage, ProcedurePage


class HomePage(OneQueryRoutingMixin, RoutedPageMixin, Page):
    """The site's front page: an introduction and ways into the content.

    As the site root it resolves URLs below it in one query (see `cms.routing`).
    """

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["procedures.ProcedureIndexPage", "procedures.ArticleIndexPage"]
    max_count = 1
    template = "pages/home_page.html"

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    api_fields = [APIField("intro")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["procedures"] = (
            ProcedurePage.objects.descendant_of(self).live().public().order_by("title")[:12]
        )
        context["articles"] = (
            ArticlePage.objects.descendant_of(self)
            .live()
            .public()
            .order_by("-first_published_at")[:3]
        )
        return context


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Words that frame every page: the tagline band, the footer and the disclaimer."""

    tagline = models.CharField(
        max_length=120,
        default="You deserve better healthcare!",
        help_text="The headline of the band above the footer on every page.",
    )
    tagline_text = models.CharField(
        max_length=250,
        blank=True,
        default="Clear, reviewed information about medical procedures, and the doctors who "
        "perform them in your state.",
    )
    footer_text = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        default="",
    )
    medical_disclaimer = models.TextField(
        max_length=600,
        default="This content is for general information only and is not medical advice. "
        "Talk to a qualified healthcare provider about your own situation.",
    )

    panels = [
        MultiFieldPanel([FieldPanel("tagline"), FieldPanel("tagline_text")], heading="Tagline"),
        FieldPanel("footer_text"),
        FieldPanel("medical_disclaimer"),
    ]

    class Meta:
        verbose_name = "site settings"
