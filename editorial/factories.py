"""Factories for people and references (tests and benchmarks)."""

import factory

import wagtail_factories

from .blocks import ReferenceBlock
from .models import Person


class PersonFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Reviewer {n}")
    credentials = "MD"
    role = "Consultant radiologist"
    bio = "Checks the clinical accuracy of procedure pages."

    class Meta:
        model = Person


class ReferenceBlockFactory(wagtail_factories.StructBlockFactory):
    title = factory.Sequence(lambda n: f"A trial of treatment {n}")
    authors = "Smith A, Jones B"
    publisher = "J Example Med"
    year = 2020
    doi = "10.1000/example.1"
    pmid = "12345678"
    url = ""
    accessed = None

    class Meta:
        model = ReferenceBlock
