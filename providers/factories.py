"""Factories for the directory (tests and benchmarks)."""

import factory

from core.npi import npi_check_digit

from .choices import LinkBasis
from .models import Language, Provider, ProviderProcedure, Specialty


def valid_npi(n):
    first_nine = str(100_000_000 + n)
    return first_nine + str(npi_check_digit(first_nine))


class SpecialtyFactory(factory.django.DjangoModelFactory):
    code = factory.Sequence(lambda n: f"2{n:08d}X")
    grouping = "Allopathic & Osteopathic Physicians"
    classification = factory.Sequence(lambda n: f"Classification {n}")
    specialization = ""
    display_name = factory.LazyAttribute(lambda o: f"{o.classification} Physician")

    class Meta:
        model = Specialty
        django_get_or_create = ("code",)


class LanguageFactory(factory.django.DjangoModelFactory):
    code = factory.Sequence(lambda n: f"x{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Language {n}")

    class Meta:
        model = Language
        django_get_or_create = ("code",)


class ProviderFactory(factory.django.DjangoModelFactory):
    npi = factory.Sequence(valid_npi)
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = factory.Sequence(lambda n: f"Last{n:05d}")
    credential = "MD"
    address_line_1 = "1 Example Street"
    city = "Austin"
    state = "TX"
    zip_code = "78701"
    phone = "5125550100"
    live = True

    class Meta:
        model = Provider
        skip_postgeneration_save = True

    # ParentalManyToManyFields are committed by save(), as in the admin.
    @factory.post_generation
    def specialties(self, create, extracted, **kwargs):
        if create and extracted:
            self.specialties.set(extracted)
            self.save()

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        if create and extracted:
            self.languages.set(extracted)
            self.save()


class ProviderProcedureFactory(factory.django.DjangoModelFactory):
    provider = factory.SubFactory(ProviderFactory)
    procedure = None  # pass a ProcedurePage
    basis = LinkBasis.VERIFIED

    class Meta:
        model = ProviderProcedure
