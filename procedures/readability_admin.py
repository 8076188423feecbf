"""The reading grade in the page editor: a panel in the form and a preview mode.

Two views of one report (`procedures.readability.page_reading_grades`):

- `ReadingGradePanel`, a read-only panel in the *Content* tab, grades the version the
  editor loaded: the latest saved revision, a draft included. (Wagtail 8 autosaves as
  the writer types, but the panel is rendered once, when the editor opens.)
- `ReadingGradePreviewMixin` adds a *Reading grade* mode to the editor's live preview,
  which Wagtail refreshes as the writer types, so unsaved text is graded too.

Both live in the admin only: the preview needs an editor's session, and no public
template or API field shows a grade.
"""

from wagtail_localize.models import Translation

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.panels import Panel
from wagtail.models import PreviewableMixin

from .readability import page_reading_grades

READING_GRADE_PREVIEW_MODE = "reading-grade"
READING_GRADE = gettext_lazy("Reading grade")


class ReadingGradePanel(Panel):
    """The page's reading grade, overall and per section, with the target.

    Read-only: it claims no form field. On a form sent back with errors the panel
    would see half-applied edits, so it waits for the next save instead.
    """

    def __init__(self, heading=READING_GRADE, **kwargs):
        super().__init__(heading=heading, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "admin/panels/reading_grade.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            saved = page is not None and page.pk is not None
            submitted = self.form is not None and self.form.is_bound
            context.update(
                {
                    "saved": saved,
                    "submitted": submitted,
                    "report": page_reading_grades(page) if saved and not submitted else None,
                }
            )
            return context


class ReadingGradePreviewMixin:
    """Adds the *Reading grade* preview mode to a page type.

    List it before any mixin that serves previews itself (``RoutablePageMixin``):
    other modes go on to it unchanged.
    """

    preview_modes = [
        *PreviewableMixin.DEFAULT_PREVIEW_MODES,
        (READING_GRADE_PREVIEW_MODE, READING_GRADE),
    ]

    def serve_preview(self, request, mode_name):
        if mode_name == READING_GRADE_PREVIEW_MODE:
            return TemplateResponse(
                request,
                "admin/reading_grade_preview.html",
                {"page": self, "report": page_reading_grades(self)},
            )
        return super().serve_preview(request, mode_name)


def translation_reading_summary(page):
    """One sentence of the reading report of a wagtail-localize translation as it stands
    (untranslated strings in the source language, as its preview shows them), for the
    translation editor, which replaces the page editor and so shows no panel; or None
    when `page` is not such a translation or its language has no measure."""
    translation = (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
        )
        .select_related("source", "target_locale")
        .first()
    )
    if translation is None:
        return None
    current = translation.source.get_ephemeral_translated_instance(
        translation.target_locale, fallback=True
    )
    report = page_reading_grades(current)
    if report is None:
        return None
    overall = report.overall
    summary = _("Reading level (%(measure)s): whole page %(score)s; target %(target)s.") % {
        "measure": report.measure.name,
        "score": _("too short to grade") if overall.too_short else overall.score_text,
        "target": report.target_text,
    }
    missed = ", ".join(f"{s.label} ({s.score_text})" for s in report.missing_target)
    if missed:
        summary += " " + _("Missing the target: %(sections)s.") % {"sections": missed}
    return summary + " " + _("The Reading grade preview mode shows every section.")
