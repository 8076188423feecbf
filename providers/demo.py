"""Fictional demo providers, so a new site's directory is never empty.

Every provider here is invented: NPIs start with 9 (never issued by NPPES, yet
with a valid check digit), surnames are obviously made up, and phone numbers use
the 555-01xx range reserved for fiction. Generated from a fixed seed, so the same
providers appear on every machine, and created only when missing.
"""

import random
from datetime import date

from django.db import transaction

from core.npi import npi_check_digit

from .choices import LinkBasis, Sex
from .counts import refresh_counts
from .geography import MAP_STATES
from .linking import sync_provider_links
from .models import (
    Language,
    ProcedureSpecialty,
    Provider,
    ProviderProcedure,
    Specialty,
    VerifiedProcedure,
)

DEMO_PROVIDER_COUNT = 300
DEMO_NPI_START = 900_000_000

FIRST_NAMES = [
    "Avery", "Jordan", "Riley", "Morgan", "Casey", "Quinn", "Harper", "Rowan", "Emerson",
    "Sage", "Parker", "Reese", "Dakota", "Skyler", "Hayden", "Elliot", "Marisol", "Priya",
    "Tomas", "Anaya", "Kenji", "Lucia", "Mateo", "Nadia", "Omar", "Ingrid", "Wei", "Zora",
]  # fmt: skip
LAST_NAMES = [
    "Fictionson", "Sampleton", "Demoreaux", "Testaverde", "Mockridge", "Placeholm",
    "Exampleton", "Notreal", "Madeupova", "Pretendez", "Imaginski", "Storybrook",
    "Inventorff", "Fablewright", "Dummerfield", "Specimenez",
]  # fmt: skip
CITIES = {
    "TX": ["Austin", "Houston", "Dallas", "San Antonio"],
    "CA": ["Los Angeles", "San Diego", "Sacramento", "Fresno"],
    "NY": ["New York", "Buffalo", "Rochester", "Albany"],
    "FL": ["Miami", "Tampa", "Orlando", "Jacksonville"],
    "IL": ["Chicago", "Springfield", "Peoria"],
    "PA": ["Philadelphia", "Pittsburgh", "Allentown"],
    "OH": ["Columbus", "Cleveland", "Cincinnati"],
    "GA": ["Atlanta", "Savannah", "Augusta"],
    "NC": ["Charlotte", "Raleigh", "Durham"],
    "MI": ["Detroit", "Grand Rapids", "Lansing"],
}
# Weighted towards populous states, but most states get someone; a few stay empty
# on purpose so the "no doctors here, try a neighbour" page can be seen.
EMPTY_STATES = {"WY", "VT", "ND"}
BOARDS = {
    "Radiology": "American Board of Radiology",
    "Orthopaedic Surgery": "American Board of Orthopaedic Surgery",
    "Neurological Surgery": "American Board of Neurological Surgery",
    "Ophthalmology": "American Board of Ophthalmology",
    "Internal Medicine": "American Board of Internal Medicine",
}


def demo_npi(index):
    first_nine = str(DEMO_NPI_START + index)
    return first_nine + str(npi_check_digit(first_nine))


def _provider(rng, index, specialties):
    states = [code for code in MAP_STATES if code not in EMPTY_STATES]
    weights = [12 if code in CITIES else 1 for code in states]
    state = rng.choices(states, weights)[0]
    city = rng.choice(CITIES.get(state, ["Capital City", "Riverside", "Lakeview"]))
    primary = rng.choice(specialties)
    board = BOARDS.get(primary.classification)
    return Provider(
        npi=demo_npi(index),
        name_prefix="Dr.",
        first_name=rng.choice(FIRST_NAMES),
        middle_name=rng.choice(["", "", "A.", "J.", "M."]),
        last_name=rng.choice(LAST_NAMES),
        credential=rng.choice(["MD", "MD", "MD", "DO"]),
        sex=rng.choice([Sex.FEMALE, Sex.MALE, ""]),
        address_line_1=f"{rng.randint(10, 9999)} Example Avenue",
        address_line_2=rng.choice(["", "", f"Suite {rng.randint(100, 900)}"]),
        city=city,
        state=state,
        zip_code=f"{rng.randint(10000, 99999)}",
        phone=f"{rng.randint(201, 989)}55501{rng.randint(0, 99):02d}",
        primary_specialty=primary,
        accepting_new_patients=rng.choice([True, True, False, None]),
        accepting_new_patients_verified_on=date(2026, rng.randint(1, 10), rng.randint(1, 28)),
        telehealth=rng.choice([True, False, None]),
        board_certified=bool(board) and rng.random() < 0.8,
        board_certification=board or "",
        years_in_practice=rng.choice([None, *range(2, 36)]),
        bio="A fictional doctor created for the demo site.",
        live=True,
    )


@transaction.atomic
def load_providers(stdout=None, count=DEMO_PROVIDER_COUNT):
    """Create the demo providers and their links that are missing. Returns how many were new."""
    rng = random.Random(20261125)  # noqa: S311 - demo data, not security
    specialties = list(Specialty.objects.order_by("code"))
    languages = list(Language.objects.order_by("code"))
    english = next(language for language in languages if language.code == "en")
    existing = set(Provider.objects.filter(npi__startswith="9").values_list("npi", flat=True))

    planned = [_provider(rng, index, specialties) for index in range(count)]
    # A second specialty, when there is one, is in the same field (e.g. orthopaedic
    # surgery and orthopaedic surgery of the spine), as it is for real doctors.
    extras = [
        (
            [
                s
                for s in specialties
                if s.classification == p.primary_specialty.classification
                and s.pk != p.primary_specialty_id
            ][: rng.randint(0, 1)],
            rng.sample(languages, rng.randint(0, 2)),
        )
        for p in planned
    ]
    new = [(p, extra) for p, extra in zip(planned, extras, strict=True) if p.npi not in existing]
    if not new:
        return 0
    Provider.objects.bulk_create([provider for provider, _ in new])
    by_npi = {p.npi: p for p in Provider.objects.filter(npi__in=[p.npi for p, _ in new])}
    specialty_rows, language_rows = [], []
    for provider, (others, spoken) in new:
        pk = by_npi[provider.npi].pk
        specialty_rows += [
            Provider.specialties.through(provider_id=pk, specialty_id=s.pk)
            for s in others
            if s.pk != provider.primary_specialty_id
        ]
        language_rows += [
            Provider.languages.through(provider_id=pk, language_id=language.pk)
            for language in {english, *spoken}
        ]
    Provider.specialties.through.objects.bulk_create(specialty_rows)
    Provider.languages.through.objects.bulk_create(language_rows)

    # Verified procedures (as an editor records them) and billing-volume links, on top
    # of the specialty-derived ones, for the procedures the provider's specialty performs.
    procedures_by_code = {}
    for page_id, code in ProcedureSpecialty.objects.values_list("page_id", "specialty__code"):
        procedures_by_code.setdefault(code, []).append(page_id)
    verified, links = [], []
    for provider, _ in new:
        saved = by_npi[provider.npi]
        for page_id in sorted(procedures_by_code.get(provider.primary_specialty.code, ())):
            roll = rng.random()
            volume = rng.randint(11, 400)
            if roll < 0.25:
                verified.append(
                    VerifiedProcedure(
                        provider=saved,
                        procedure_id=page_id,
                        verified_on=date(2026, rng.randint(1, 10), rng.randint(1, 28)),
                        source="Confirmed with the practice (demo data)",
                    )
                )
                volume = rng.choice([0, volume])
            if roll < 0.6 and volume:
                links.append(
                    ProviderProcedure(
                        provider=saved,
                        procedure_id=page_id,
                        basis=LinkBasis.VOLUME,
                        annual_volume=volume,
                        volume_year=2023,
                        volume_source="Medicare (demo data)",
                        **ProviderProcedure.provider_fields(saved),
                    )
                )
    VerifiedProcedure.objects.bulk_create(verified, ignore_conflicts=True)
    ProviderProcedure.objects.bulk_create(links, ignore_conflicts=True)
    # As publishing each provider would: verified links from the verified procedures,
    # then the specialty-derived ones.
    sync_provider_links([provider.pk for provider in by_npi.values()])
    refresh_counts()
    if stdout:
        stdout.write(f"Created {len(new)} demo providers.")
    return len(new)
