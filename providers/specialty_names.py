"""The specialty names the directory shows, as messages for the translation catalogs.

Specialties are rows (NUCC taxonomy codes, loaded by `load_nucc_taxonomy`); their
English display names are the msgids of the catalog's msgctxt "specialty" entries
(`providers/locale/<lang>/LC_MESSAGES/django.po`), which `providers.labels` reads.
Listing them here keeps `makemessages` extracting them, so regenerating a catalog
never drops a translation as obsolete. `tests/providers/test_spanish_labels.py`
checks that every specialty of the NUCC subset the directory ships is listed.

A name not listed (a code a full NUCC import adds) is shown in English, marked as
English: add it here, run `makemessages`, translate it.
"""

from django.utils.translation import pgettext_lazy

NAMES = (
    pgettext_lazy("specialty", "Pain Medicine (Anesthesiology) Physician"),
    pgettext_lazy("specialty", "Family Medicine Physician"),
    pgettext_lazy("specialty", "Internal Medicine Physician"),
    pgettext_lazy("specialty", "Gastroenterology Physician"),
    pgettext_lazy("specialty", "Neurological Surgery Physician"),
    pgettext_lazy("specialty", "Ophthalmology Physician"),
    pgettext_lazy("specialty", "Cornea and External Diseases Specialist Physician"),
    pgettext_lazy("specialty", "Orthopaedic Surgery Physician"),
    pgettext_lazy("specialty", "Orthopaedic Hand Surgery Physician"),
    pgettext_lazy("specialty", "Adult Reconstructive Orthopaedic Surgery Physician"),
    pgettext_lazy("specialty", "Orthopaedic Surgery of the Spine Physician"),
    pgettext_lazy("specialty", "Sports Medicine (Orthopaedic Surgery) Physician"),
    pgettext_lazy("specialty", "Pain Medicine (Physical Medicine & Rehabilitation) Physician"),
    pgettext_lazy("specialty", "Surgery of the Hand (Plastic Surgery) Physician"),
    pgettext_lazy("specialty", "Neuroradiology Physician"),
    pgettext_lazy("specialty", "Vascular & Interventional Radiology Physician"),
    pgettext_lazy("specialty", "Surgery Physician"),
    pgettext_lazy("specialty", "Surgery of the Hand (Surgery) Physician"),
    pgettext_lazy("specialty", "Colon & Rectal Surgery Physician"),
    pgettext_lazy("specialty", "Interventional Pain Medicine Physician"),
    pgettext_lazy("specialty", "Nurse Practitioner"),
)
