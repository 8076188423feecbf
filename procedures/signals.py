"""Purge the procedure pages that show an article when it is published, unpublished,
moved or deleted (they list its title, summary and link, in HTML and in the API's
``featured_articles``). The article's own URLs are purged by `core.http_cache.signals`.
"""

from django.db.models.signals import pre_delete
from django.dispatch import receiver

from wagtail.signals import page_published, page_unpublished, post_page_move

from core.http_cache.purge import PAGES_API, on_every_site, purge_after_commit

from .models import ArticlePage, ProcedureFeaturedArticle


def featuring_pages_urls(article):
    urls = set()
    links = ProcedureFeaturedArticle.objects.filter(article_id=article.pk).select_related("page")
    for link in links:
        url = link.page.get_full_url()
        if url:
            urls.add(url)
        urls |= on_every_site([f"{PAGES_API}{link.page_id}/"])
    return urls


@receiver(page_published, sender=ArticlePage)
@receiver(page_unpublished, sender=ArticlePage)
@receiver(post_page_move, sender=ArticlePage)
def article_changed(sender, instance, **kwargs):
    purge_after_commit(featuring_pages_urls(instance))


@receiver(pre_delete, sender=ArticlePage)
def article_deleting(sender, instance, **kwargs):
    """Before the feature links are deleted with it."""
    purge_after_commit(featuring_pages_urls(instance))
