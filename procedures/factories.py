"""Factories for procedure and article pages and their blocks (tests and benchmarks)."""

import factory

import wagtail_factories
from wagtail import blocks
from wagtail_factories.blocks import BlockFactory

from editorial.factories import ReferenceBlockFactory

from . import blocks as procedure_blocks
from .models import (
    ArticleIndexPage,
    ArticlePage,
    ProcedureFeaturedArticle,
    ProcedureIndexPage,
    ProcedurePage,
)


class RichTextBlockFactory(BlockFactory):
    """wagtail-factories has no rich text factory: normalise the HTML into a RichText value."""

    value = "<p>Plain, accurate text.</p>"

    class Meta:
        model = blocks.RichTextBlock

    @classmethod
    def _construct_block(cls, block_class, *args, **kwargs):
        return block_class().normalize(kwargs.get("value"))


class SectionBlockFactory(wagtail_factories.StructBlockFactory):
    body = factory.SubFactory(RichTextBlockFactory)
    image = None
    alt_text = ""
    caption = ""

    class Meta:
        abstract = True


def section_factory(block_class):
    label = block_class().meta.label
    return type(
        f"{block_class.__name__}Factory",
        (SectionBlockFactory,),
        {
            "heading": label,
            "body": factory.SubFactory(
                RichTextBlockFactory, value=f"<p>{label} text for patients.</p>"
            ),
            "Meta": type("Meta", (), {"model": block_class}),
        },
    )


OverviewBlockFactory = section_factory(procedure_blocks.OverviewBlock)
PreparationBlockFactory = section_factory(procedure_blocks.PreparationBlock)
ProcedureStepsBlockFactory = section_factory(procedure_blocks.ProcedureStepsBlock)
RecoveryBlockFactory = section_factory(procedure_blocks.RecoveryBlock)
RisksBlockFactory = section_factory(procedure_blocks.RisksBlock)
AftercareBlockFactory = section_factory(procedure_blocks.AftercareBlock)


class CalloutBlockFactory(wagtail_factories.StructBlockFactory):
    tone = "info"
    title = "Good to know"
    body = factory.SubFactory(RichTextBlockFactory)

    class Meta:
        model = procedure_blocks.CalloutBlock


class ProcedureSectionsFactory(wagtail_factories.StreamBlockFactory):
    overview = factory.SubFactory(OverviewBlockFactory)
    preparation = factory.SubFactory(PreparationBlockFactory)
    procedure = factory.SubFactory(ProcedureStepsBlockFactory)
    recovery = factory.SubFactory(RecoveryBlockFactory)
    risks = factory.SubFactory(RisksBlockFactory)
    aftercare = factory.SubFactory(AftercareBlockFactory)
    callout = factory.SubFactory(CalloutBlockFactory)

    class Meta:
        model = procedure_blocks.ProcedureSectionsBlock


# `references__0__reference__title="…"` adds a reference; none by default.
REFERENCES = {"reference": factory.SubFactory(ReferenceBlockFactory)}

ALL_SECTIONS = {f"sections__{i}": name for i, name in enumerate(procedure_blocks.SECTION_TYPES)}


class ProcedureIndexPageFactory(wagtail_factories.PageFactory):
    title = "Procedures"
    slug = "procedures"

    class Meta:
        model = ProcedureIndexPage


class ProcedurePageFactory(wagtail_factories.PageFactory):
    """A procedure page; with no `sections__…` arguments it gets all six sections."""

    title = factory.Sequence(lambda n: f"Procedure {n}")
    summary = factory.LazyAttribute(lambda o: f"What {o.title} is and who it helps.")
    sections = wagtail_factories.StreamFieldFactory(ProcedureSectionsFactory)
    references = wagtail_factories.StreamFieldFactory(REFERENCES)

    class Meta:
        model = ProcedurePage

    @classmethod
    def _generate(cls, strategy, params):
        if not any(key == "sections" or key.startswith("sections__") for key in params):
            params = {**ALL_SECTIONS, **params}
        return super()._generate(strategy, params)


class ArticleIndexPageFactory(wagtail_factories.PageFactory):
    title = "Articles"
    slug = "articles"

    class Meta:
        model = ArticleIndexPage


class ArticlePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Article {n}")
    summary = "A short guide for patients."
    body = factory.LazyFunction(
        lambda: [("paragraph", blocks.RichTextBlock().normalize("<p>Article text.</p>"))]
    )
    references = wagtail_factories.StreamFieldFactory(REFERENCES)

    class Meta:
        model = ArticlePage


class ProcedureFeaturedArticleFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(ProcedurePageFactory)
    article = factory.SubFactory(ArticlePageFactory)
    sort_order = factory.Sequence(lambda n: n)

    class Meta:
        model = ProcedureFeaturedArticle
