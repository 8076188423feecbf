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

from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import Panel
from wagtail.models import PreviewableMixin

from .readability import page_reading_grades

READING_GRADE_PREVIEW_MODE = "reading-grade"
READING_GRADE = _("Reading grade")


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
