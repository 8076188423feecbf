"""Structured references: the evidence a page is based on, cited by number.

A reference is a block (not free text) so the page can show it consistently,
link its DOI and PubMed record, and hand it to search engines (`citation` in the
page's JSON-LD) and to apps (the API) as data. The page lists them numbered;
a section cites one with an anchor link to ``#ref-<number>`` (e.g. "[2]").
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError, StructValue

DOI = re.compile(r"10\.\d{4,9}/\S+")
PMID = re.compile(r"[1-9]\d{0,8}")


class ReferenceValue(StructValue):
    @property
    def doi_url(self):
        return f"https://doi.org/{self['doi']}" if self.get("doi") else ""

    @property
    def pmid_url(self):
        return f"https://pubmed.ncbi.nlm.nih.gov/{self['pmid']}/" if self.get("pmid") else ""

    @property
    def link(self):
        """Where a reader checks the source: the writer's URL, else the DOI, else PubMed."""
        return self.get("url") or self.doi_url or self.pmid_url

    def as_data(self):
        """The reference as plain data (API and JSON-LD). Every key is always there
        (empty string or null when not given), so clients need no existence checks."""
        accessed = self.get("accessed")
        return {
            "title": self.get("title", ""),
            "authors": self.get("authors", ""),
            "publisher": self.get("publisher", ""),
            "year": self.get("year"),
            "doi": self.get("doi", ""),
            "pmid": self.get("pmid", ""),
            "url": self.link,
            "accessed": accessed.isoformat() if accessed else None,
        }


class ReferenceBlock(blocks.StructBlock):
    """One source: a paper, a guideline or a web page."""

    title = blocks.CharBlock(max_length=300)
    authors = blocks.CharBlock(
        required=False,
        max_length=300,
        help_text=_("As cited, e.g. “Buchbinder R, Osborne RH, et al.”"),
    )
    publisher = blocks.CharBlock(
        label=_("Journal or publisher"),
        required=False,
        max_length=200,
        help_text=_("The journal (with volume and pages if you like) or the organisation."),
    )
    year = blocks.IntegerBlock(required=False, min_value=1800, max_value=2100)
    doi = blocks.CharBlock(
        label=_("DOI"), required=False, max_length=200, help_text=_("e.g. 10.1056/NEJMoa0900429")
    )
    pmid = blocks.CharBlock(label=_("PMID"), required=False, max_length=9, help_text=_("PubMed ID"))
    url = blocks.URLBlock(label=_("URL"), required=False)
    accessed = blocks.DateBlock(
        label=_("Accessed"), required=False, help_text=_("When you last checked a web page.")
    )

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        doi = (value.get("doi") or "").strip().removeprefix("https://doi.org/")
        if doi and not DOI.fullmatch(doi):
            errors["doi"] = ValidationError(
                _("A DOI starts with “10.” and a slash, e.g. 10.1000/xyz.")
            )
        value["doi"] = doi
        if value.get("pmid") and not PMID.fullmatch(value["pmid"].strip()):
            errors["pmid"] = ValidationError(_("A PubMed ID is a number of up to 9 digits."))
        if not (value.get("url") or doi or value.get("pmid") or value.get("publisher")):
            errors["publisher"] = ValidationError(
                _("Say where the source can be found: a journal or publisher, DOI, PMID or URL.")
            )
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    def get_api_representation(self, value, context=None):
        return value.as_data()

    class Meta:
        icon = "doc-full"
        label = _("Reference")
        template = "blocks/reference_block.html"
        value_class = ReferenceValue
        form_layout = blocks.BlockGroup(
            children=["title", "authors", "publisher", "year"],
            settings=["doi", "pmid", "url", "accessed"],
        )
        preview_value = {
            "title": "A randomized trial of vertebroplasty for painful osteoporotic vertebral "
            "fractures",
            "authors": "Buchbinder R, Osborne RH, Ebeling PR, et al.",
            "publisher": "N Engl J Med",
            "year": 2009,
            "doi": "10.1056/NEJMoa0900429",
        }


class ReferencesBlock(blocks.StreamBlock):
    reference = ReferenceBlock()
