"""API serializer fields for the home page (Wagtail API v2)."""

from rest_framework.fields import Field


class PopularProceduresField(Field):
    """The home page's popular procedures as `[{"id", "title", "url", "summary"}]`.

    Used with `source="*"` so it receives the page and lists what the page shows:
    the editor's live, public picks, or the first procedures A to Z when there are
    none (`HomePage.popular_procedures`), never a draft.
    """

    def to_representation(self, page):
        request = self.context.get("request")
        return [
            {
                "id": procedure.pk,
                "title": procedure.title,
                "url": procedure.get_full_url(request=request),
                "summary": procedure.summary,
            }
            for procedure in page.popular_procedures()
        ]
