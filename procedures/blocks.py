"""StreamField blocks for procedure and article pages.

A procedure page is made of *typed sections* (Overview, Preparation, Procedure,
Recovery, Risks, Aftercare): one block type per section, so that templates, the
table of contents and API clients can rely on the section's kind rather than on
a free-text heading. Generic blocks (callout, image, FAQ item, quote) sit
between sections where a writer needs them.

Every block has a stable JSON shape in the API (see docs/api.md): rich text as
HTML and images as renditions, never database ids.
"""

from functools import cache

from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.api.rich_text import APIRichText
from wagtail.blocks.struct_block import StructBlockValidationError, StructValue
from wagtail.images.blocks import ImageChooserBlock
from wagtail.images.models import SourceImageIOError
from wagtail.rich_text import expand_db_html, get_rewriter
from wagtail.rich_text.rewriters import EmbedRewriter, LinkRewriter

# One rendition per use, shared by templates and the API so both show the same file.
SECTION_IMAGE_SPEC = "width-1200"
# Pages offer browsers smaller files too (`srcset`): a phone downloads the 480 px
# file rather than the 1,200 px one. Largest first, so the `src`, `width` and
# `height` Wagtail's `{% srcset_image %}` writes are the full-size rendition's.
SECTION_IMAGE_SRCSET = ("width-1200", "width-800", "width-480")
HERO_IMAGE_SPEC = "fill-1600x640-c50"
THUMBNAIL_SPEC = "fill-480x270-c50"

# The canonical sections, in the order a writer usually tells a procedure.
SECTION_TYPES = ("overview", "preparation", "procedure", "recovery", "risks", "aftercare")

RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link", "h3", "h4"]


def rendition_data(image, spec, alt="", caption=None):
    """The API/template shape of an image: one rendition, never a database id.

    `alt` falls back to the image's own description so an image is never
    published without a text alternative.
    """
    if image is None:
        return None
    try:
        rendition = image.get_rendition(spec)
    except SourceImageIOError:
        return None
    data = {
        "url": rendition.url,
        "full_url": rendition.full_url,
        "width": rendition.width,
        "height": rendition.height,
        "alt": alt or image.default_alt_text or "",
    }
    if caption is not None:
        data["caption"] = caption
    return data


class RenditionImageChooserBlock(ImageChooserBlock):
    """An image chooser that fetches the renditions it will need with the images.

    StreamField converts all blocks of one type in one query (``bulk_to_python``);
    prefetching the renditions there keeps a page view, and an API list of many
    pages, at a constant number of queries whatever the number of images.
    """

    def __init__(self, rendition_specs=SECTION_IMAGE_SRCSET, **kwargs):
        self.rendition_specs = tuple(rendition_specs)
        super().__init__(**kwargs)

    def bulk_to_python(self, values):
        if not any(value is not None for value in values):
            # No image chosen in any of these blocks: no query to build. (Wagtail's
            # `in_bulk` of no ids sends none, but still compiles the query, once per
            # block type: six per API list of procedure pages.)
            return [None] * len(values)
        # Wagtail's own conversion (one query, a distinct copy per repeated id so that
        # two uses of one image never share state), then the renditions for all of them.
        images = super().bulk_to_python(values)
        loaded = [image for image in images if image is not None]
        if loaded:
            # The prefetch Wagtail's `prefetch_renditions()` would add to a queryset.
            renditions = self.model_class.objects.prefetch_renditions(*self.rendition_specs)
            prefetch_related_objects(loaded, *renditions._prefetch_related_lookups)
        return images


class ImageFieldsValue(StructValue):
    """Helpers shared by every block that carries an optional image."""

    def image_data(self):
        return rendition_data(
            self.get("image"),
            SECTION_IMAGE_SPEC,
            alt=self.get("alt_text", ""),
            caption=self.get("caption", ""),
        )


# How every tag Wagtail's rich-text rewriters replace begins: links (`<a …>`) and
# embeds (`<embed …/>`), the only tags `LinkRewriter` and `EmbedRewriter` look for.
REWRITTEN_TAG_STARTS = ("<a", "<embed")


@cache
def only_wagtails_rewriters():
    """Whether `expand_db_html` runs Wagtail's two rewriters and nothing else."""
    return all(
        type(rewriter) in (LinkRewriter, EmbedRewriter) for rewriter in get_rewriter().rewriters
    )


def expanded_html(source):
    """`expand_db_html(source)`, the same HTML, without the rewriters' work where
    `source` holds no link and no embed: most sections are paragraphs and lists
    only, and looking for tags to rewrite cost a third of a pages list's sections.
    tests/procedures/test_api.py compares both on links, embeds and look-alikes."""
    if only_wagtails_rewriters() and not any(start in source for start in REWRITTEN_TAG_STARTS):
        return source
    return expand_db_html(source)


def rich_text_api_representation(block, value, context):
    """`block.get_api_representation(value, context)` of a `RichTextBlock`, in the rich
    text format the API view resolved and checked once per request (Wagtail's
    ``_wagtail_rich_text_format`` in the serializer context) rather than read from
    ``?rich_text_format=`` and checked again for each block of each page."""
    rich_text_format = (context or {}).get("_wagtail_rich_text_format")
    if rich_text_format is None:
        return block.get_api_representation(value, context)
    if rich_text_format == APIRichText.FORMAT_HTML:
        return expanded_html(value.source)
    return APIRichText.serialize(value.source, format=rich_text_format)


def image_alt_text_error(value):
    """Refuse an image with no text alternative (WCAG 1.1.1) on the alt field."""
    image = value.get("image")
    if image is not None and not value.get("alt_text") and not image.default_alt_text:
        return ValidationError(
            _(
                "Describe the image for people who cannot see it "
                "(or add a description to the image in the library)."
            )
        )
    return None


class SectionValue(ImageFieldsValue):
    @property
    def anchor(self):
        """The fragment id of the section heading: the section type, unique on a page."""
        return self.block.name


def heading_block(default):
    return blocks.CharBlock(
        max_length=120, default=default, help_text=_("Shown as the section's heading.")
    )


class SectionBlock(blocks.StructBlock):
    """One canonical section of a procedure page.

    Each section type (overview, preparation…) is its own block type built on
    this class, so the type names the section while the writer can still reword
    the heading ("Overview of Vertebroplasty"). The heading defaults to the
    section's name.
    """

    heading = heading_block("")
    body = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)
    image = RenditionImageChooserBlock(required=False)
    alt_text = blocks.CharBlock(
        required=False,
        max_length=250,
        help_text=_(
            "What the image shows, for screen readers. Leave empty to use the image's "
            "own description."
        ),
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    def clean(self, value):
        value = super().clean(value)
        error = image_alt_text_error(value)
        if error:
            raise StructBlockValidationError(block_errors={"alt_text": error})
        return value

    def get_api_representation(self, value, context=None):
        return {
            "heading": value.get("heading") or str(self.meta.label),
            "body": rich_text_api_representation(self.child_blocks["body"], value["body"], context),
            "image": value.image_data(),
        }

    class Meta:
        template = "blocks/section_block.html"
        value_class = SectionValue
        form_layout = blocks.BlockGroup(
            children=["heading", "body", "image"], settings=["alt_text", "caption"]
        )


class OverviewBlock(SectionBlock):
    heading = heading_block("Overview")

    class Meta:
        label = _("Overview")
        icon = "doc-full"
        description = _("What the procedure is, why it is done and who performs it. Required.")
        preview_value = {"heading": "Overview", "body": "<p>What the procedure is.</p>"}


class PreparationBlock(SectionBlock):
    heading = heading_block("Preparation")

    class Meta:
        label = _("Preparation")
        icon = "list-ul"
        description = _("Tests, medicines and practical steps before the day.")
        preview_value = {"heading": "Preparation", "body": "<p>Before the procedure.</p>"}


class ProcedureStepsBlock(SectionBlock):
    heading = heading_block("Procedure")

    class Meta:
        label = _("Procedure")
        icon = "cogs"
        description = _("What happens during the procedure.")
        preview_value = {"heading": "Procedure", "body": "<p>During the procedure.</p>"}


class RecoveryBlock(SectionBlock):
    heading = heading_block("Recovery")

    class Meta:
        label = _("Recovery")
        icon = "time"
        description = _("The first hours and days afterwards.")
        preview_value = {"heading": "Recovery", "body": "<p>After the procedure.</p>"}


class RisksBlock(SectionBlock):
    heading = heading_block("Risks")

    class Meta:
        label = _("Risks")
        icon = "warning"
        description = _("Possible complications, stated plainly.")
        preview_value = {"heading": "Risks", "body": "<p>Possible complications.</p>"}


class AftercareBlock(SectionBlock):
    heading = heading_block("Aftercare")

    class Meta:
        label = _("Aftercare")
        icon = "tick-inverse"
        description = _("Follow-up, activity and when to call a doctor.")
        preview_value = {"heading": "Aftercare", "body": "<p>Follow-up and activity.</p>"}


class CalloutBlock(blocks.StructBlock):
    """A highlighted note: "when to call your doctor", a key fact, a warning."""

    tone = blocks.ChoiceBlock(
        choices=[
            ("info", _("Information")),
            ("warning", _("Warning")),
            ("urgent", _("Seek care now")),
        ],
        default="info",
    )
    title = blocks.CharBlock(max_length=120)
    body = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        label = _("Callout")
        description = _("A highlighted note, e.g. when to call a doctor.")
        template = "blocks/callout_block.html"
        preview_value = {
            "tone": "warning",
            "title": "When to call your doctor",
            "body": "<p>Call your care team if you have a fever or new numbness.</p>",
        }


class ImageBlock(blocks.StructBlock):
    """A standalone illustration with its text alternative and caption."""

    image = RenditionImageChooserBlock()
    alt_text = blocks.CharBlock(required=False, max_length=250)
    caption = blocks.CharBlock(required=False, max_length=250)

    def clean(self, value):
        value = super().clean(value)
        error = image_alt_text_error(value)
        if error:
            raise StructBlockValidationError(block_errors={"alt_text": error})
        return value

    def get_api_representation(self, value, context=None):
        return {"image": value.image_data()}

    class Meta:
        icon = "image"
        label = _("Image")
        description = _("An illustration with alt text and caption.")
        template = "blocks/image_block.html"
        value_class = ImageFieldsValue


class FAQItemBlock(blocks.StructBlock):
    """One question a patient asks, with its answer."""

    question = blocks.CharBlock(max_length=250)
    answer = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "help"
        label = _("FAQ item")
        description = _("A frequently asked question and its answer.")
        template = "blocks/faq_item_block.html"
        preview_value = {
            "question": "Will I be awake?",
            "answer": "<p>Most people receive local anesthesia and mild sedation.</p>",
        }


class QuoteBlock(blocks.StructBlock):
    """A pull quote from a clinician or patient, with its attribution."""

    quote = blocks.TextBlock(max_length=600)
    attribution = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        description = _("A quotation with its source.")
        template = "blocks/quote_block.html"
        preview_value = {
            "quote": "Ask every question you have before the day of your procedure.",
            "attribution": "Patient educator",
        }


class ProcedureSectionsBlock(blocks.StreamBlock):
    """The body of a procedure page: typed sections plus generic blocks.

    Rules an editor sees in the form: the Overview is required, and each
    canonical section appears at most once. ``block_counts`` makes Wagtail enforce
    them, in the editor while typing and when the form is validated; ``clean``
    words its errors for the editor, naming the section.
    """

    overview = OverviewBlock()
    preparation = PreparationBlock()
    procedure = ProcedureStepsBlock()
    recovery = RecoveryBlock()
    risks = RisksBlock()
    aftercare = AftercareBlock()
    callout = CalloutBlock()
    image = ImageBlock()
    faq_item = FAQItemBlock()
    quote = QuoteBlock()

    class Meta:
        block_counts = {
            "overview": {"min_num": 1, "max_num": 1},
            **{name: {"max_num": 1} for name in SECTION_TYPES if name != "overview"},
        }

    def section_count_errors(self, value):
        """Readable messages for a missing Overview or a repeated section."""
        counts = {}
        for child in value:
            counts[child.block_type] = counts.get(child.block_type, 0) + 1
        errors = []
        # Like Wagtail's minimums, not while a draft is saved: a writer may save a
        # page before its Overview is written. Repeats are refused even in drafts.
        if counts.get("overview", 0) == 0 and not self.is_deferred_validation:
            errors.append(
                ValidationError(
                    _(
                        "The Overview section is missing: every procedure page needs one. "
                        "Add an Overview section."
                    ),
                    code="missing_section",
                )
            )
        for name in SECTION_TYPES:
            if counts.get(name, 0) > 1:
                errors.append(
                    ValidationError(
                        _(
                            "The %(label)s section appears %(count)d times; each section can "
                            "appear only once. Merge or remove the extra %(label)s sections."
                        )
                        % {"label": self.child_blocks[name].label, "count": counts[name]},
                        code="duplicate_section",
                    )
                )
        return errors

    def clean(self, value):
        count_errors = self.section_count_errors(value)
        try:
            cleaned = super().clean(value)
        except blocks.StreamBlockValidationError as error:
            if not count_errors:
                raise
            # This block sets no min_num/max_num, so Wagtail's own errors about the
            # stream as a whole can only be about how many blocks it holds ("required",
            # and the block_counts above): exactly what count_errors says, per section.
            # Those are replaced; the errors inside blocks are kept as they are.
            raise blocks.StreamBlockValidationError(
                block_errors=error.block_errors, non_block_errors=ErrorList(count_errors)
            ) from None
        if count_errors:  # not reached while block_counts mirrors the rules above
            raise blocks.StreamBlockValidationError(non_block_errors=ErrorList(count_errors))
        return cleaned


class ArticleBodyBlock(blocks.StreamBlock):
    """The body of an article: paragraphs and the generic blocks."""

    heading = blocks.CharBlock(
        max_length=120, icon="title", form_classname="title", template="blocks/heading_block.html"
    )
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, icon="pilcrow")
    callout = CalloutBlock()
    image = ImageBlock()
    faq_item = FAQItemBlock()
    quote = QuoteBlock()
