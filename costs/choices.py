"""Choices shared by the cost models, figures and API."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DatasetKind(models.TextChoices):
    """One kind of published Medicare file; each is imported one data year at a time.

    The values are `providers.import_records.ImportRun.Kind` values, so a dataset names
    the kind of run that published it.
    """

    PFS_RVU = "pfs_rvu", _("Physician fee schedule RVUs (PPRRVU)")
    PFS_GPCI = "pfs_gpci", _("Physician fee schedule GPCIs")
    PFS_LOCALITY = "pfs_locality", _("Payment localities and counties")
    OPPS = "opps", _("Hospital outpatient rates (OPPS Addendum B)")
    ASC = "asc", _("Surgery center rates (ASC Addendum AA)")
    BY_PROVIDER = "volume", _("Medicare Physician & Other Practitioners by Provider and Service")


class PlaceOfService(models.TextChoices):
    """`Place_Of_Srvc` in the by-provider file."""

    FACILITY = "F", _("Facility (hospital or surgery center)")
    OFFICE = "O", _("Office")


class CodeRole(models.TextChoices):
    """How a billing code adds up on a procedure page."""

    PRIMARY = "primary", _("Primary (billed once)")
    ADD_ON = "add_on", _("Add-on (billed once per extra level)")
