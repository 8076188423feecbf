"""Choices for provider fields."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LinkBasis(models.IntegerChoices):
    """Why we say a provider performs a procedure, strongest first.

    Stored as a small integer so that ordering by it puts verified links first
    (the first key of the transparent ranking, see `providers.ranking`).
    """

    VERIFIED = 1, _("Verified")
    VOLUME = 2, _("Billing volume")
    SPECIALTY = 3, _("Specialty")

    @property
    def key(self):
        """The stable name used in the API and CSV exports: verified, volume, specialty."""
        return self.name.lower()


class Sex(models.TextChoices):
    """NPPES "Provider Sex Code" values."""

    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    UNDISCLOSED = "U", _("Undisclosed")
    OTHER = "X", _("Another gender")
