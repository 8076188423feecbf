"""API v2 fields for reviewed pages: people, review dates, references, disclaimer.

Page models list them in their `api_fields` (see `procedures.models`), so apps get
what the page shows visitors: who wrote it, who reviewed it and when, the evidence,
and the site's medical disclaimer.
"""

from rest_framework.fields import Field

from django.apps import apps
from django.conf import settings

from core import i18n

from .people import person_data


class PeopleField(Field):
    """The page's authors, in byline order: `[{"name", "credentials", …}]`."""

    def to_representation(self, page):
        return [person_data(person) for person in page.authors]


class PersonField(Field):
    """One person (the clinical reviewer), or null."""

    def to_representation(self, person):
        return person_data(person)


class ReferencesField(Field):
    """References in their numbered order: `[{"number", "title", "authors", …}]`."""

    def to_representation(self, references):
        return [
            {"number": number, **block.value.as_data()}
            for number, block in enumerate(references, start=1)
        ]


class DisclaimerField(Field):
    """The site's medical disclaimer (from the site settings named by
    `EDITORIAL_SITE_SETTINGS_MODEL`), for the site the request is for, in the page's
    language (a Spanish page's disclaimer is Spanish whatever `?locale=` asked for):
    the settings' `text`, as the page itself shows it."""

    def to_representation(self, page):
        request = self.context.get("request")
        site_settings = apps.get_model(settings.EDITORIAL_SITE_SETTINGS_MODEL)
        if request is not None:
            found = site_settings.for_request(request)
        else:
            found = site_settings.for_site(page.get_site())
        return found.text("medical_disclaimer", i18n.page_language(page))
