"""API serializer fields for procedure pages (Wagtail API v2)."""

from rest_framework.fields import Field


class FeaturedArticlesField(Field):
    """Featured articles as `[{"id", "title", "url", "summary"}]`, live and public only.

    Used with `source="*"` so it receives the page and can use the page's
    visibility-filtered (and, in listings, prefetched) links rather than the raw
    relation, which would include drafts.
    """

    def to_representation(self, page):
        request = self.context.get("request")
        return [
            {
                "id": article.pk,
                "title": article.title,
                "url": article.get_full_url(request=request),
                "summary": article.summary,
            }
            for article in page.visible_featured_articles()
        ]


class PerformingSpecialtiesField(Field):
    """Specialties that typically perform the procedure: `[{"code", "name"}]`."""

    def to_representation(self, page):
        return [
            {"code": specialty.code, "name": specialty.name}
            for specialty in page.performing_specialties()
        ]
