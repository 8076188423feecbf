from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentVersion(models.Model):
    """The site's public content version: one row, bumped by every visible change.

    Every public response's validator (ETag, Last-Modified) derives from it, so it
    lives in the database, not in a per-process cache: a publish in one worker must
    invalidate validators in all of them, and the bump commits (or rolls back) with
    the change itself. One row for the whole site rather than one per page type,
    because nearly everything is shown somewhere else too (procedure pages show
    provider counts and featured doctors, profiles show procedure titles, every page
    shows the site settings' footer): a narrower scope would save revalidations only
    by risking a stale 304.
    """

    SINGLETON_ID = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON_ID)
    version = models.BigIntegerField(default=1)
    changed_at = models.DateTimeField()
    # The bump before: tells whether a Last-Modified second is ambiguous (two changes
    # within it), in which case If-Modified-Since cannot prove a copy current.
    previous_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("content version")

    def __str__(self):
        return f"content version {self.version} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
