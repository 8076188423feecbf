"""Admin hooks of procedure and article pages."""

from wagtail import hooks
from wagtail.admin import messages

from .readability_admin import translation_reading_summary


@hooks.register("before_edit_page", order=-1)
def show_a_translations_reading_level(request, page):
    """wagtail-localize's translation editor has no panels: say the translation's reading
    level there (this hook runs before the one that serves that editor)."""
    if request.method != "GET" or not hasattr(page.specific_class, "reading_grade_fields"):
        return
    summary = translation_reading_summary(page.specific)
    if summary:
        messages.info(request, summary, extra_tags="reading-grade")
