"""Shaping the benchmark database: more providers, featured doctors, billing data.

Runs inside the benchmark process with Django set up on the bench database.
Topping up copies existing providers (their links, specialties and languages
too) under new NPIs with set-based SQL, because a million providers must be
reachable in seconds on any machine, whatever the file's yield of importable
rows; the copies are indistinguishable to the directory's queries.
"""

import contextlib

from django.db import DatabaseError, connection, transaction

from core.i18n import default_language
from core.npi import npi_check_digit
from procedures.models import ProcedurePage
from providers.models import ProcedureFeaturedProvider, Provider, ProviderProcedure

# Copies get NPIs 8xxxxxxxxx: the synthetic file uses 1xxxxxxxxx and the demo
# providers 9xxxxxxxxx, so they never collide.
COPY_NPI_START = 800_000_000
VOLUME_CODES_EXTRA = ("99213", "99214")  # office visits: billed by everyone, linked to nothing


def provider_count():
    return Provider.objects.count()


def link_count():
    return ProviderProcedure.objects.count()


def _next_copy_prefix():
    last = (
        Provider.objects.filter(npi__startswith="8").order_by("-npi").values_list("npi", flat=True)
    ).first()
    return int(last[:9]) + 1 if last else COPY_NPI_START


def _copy_npis(start, count):
    return [
        str(prefix) + str(npi_check_digit(str(prefix))) for prefix in range(start, start + count)
    ]


@transaction.atomic
def top_up_providers(target):
    """Copy existing providers until there are exactly `target`. Returns how many were added."""
    need = target - provider_count()
    if need <= 0:
        return 0
    sources = list(Provider.objects.order_by("pk").values_list("pk", flat=True)[:need])
    npis = _copy_npis(_next_copy_prefix(), need)  # before COPY: it holds the connection
    provider_table = Provider._meta.db_table
    link_table = ProviderProcedure._meta.db_table
    skip = {"id", "npi", "latest_revision_id", "live_revision_id"}
    columns = [f.column for f in Provider._meta.concrete_fields if f.column not in skip]
    link_columns = [f.column for f in ProviderProcedure._meta.concrete_fields]
    link_columns = [c for c in link_columns if c not in ("id", "provider_id")]

    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bench_topup (npi varchar(10), src bigint) ON COMMIT DROP")
        with cursor.cursor.copy("COPY bench_topup (npi, src) FROM STDIN") as copy:
            for i, npi in enumerate(npis):
                copy.write_row((npi, sources[i % len(sources)]))
        cols = ", ".join(columns)
        cursor.execute(
            f"INSERT INTO {provider_table} (npi, {cols}) "  # noqa: S608 - model metadata only
            f"SELECT t.npi, {', '.join('p.' + c for c in columns)} "
            f"FROM bench_topup t JOIN {provider_table} p ON p.id = t.src"
        )
        cursor.execute(
            "CREATE TEMP TABLE bench_topup_map ON COMMIT DROP AS "  # noqa: S608
            f"SELECT n.id AS new_id, t.src FROM bench_topup t JOIN {provider_table} n "
            "ON n.npi = t.npi"
        )
        lcols = ", ".join(link_columns)
        cursor.execute(
            f"INSERT INTO {link_table} (provider_id, {lcols}) "  # noqa: S608
            f"SELECT m.new_id, {', '.join('l.' + c for c in link_columns)} "
            f"FROM bench_topup_map m JOIN {link_table} l ON l.provider_id = m.src"
        )
        for field, other in (("specialties", "specialty_id"), ("languages", "language_id")):
            through = Provider._meta.get_field(field).remote_field.through
            cursor.execute(
                f"INSERT INTO {through._meta.db_table} (provider_id, {other}) "  # noqa: S608
                f"SELECT m.new_id, x.{other} FROM bench_topup_map m "
                f"JOIN {through._meta.db_table} x ON x.provider_id = m.src"
            )
    refresh_summaries()
    return need


def refresh_summaries():
    """Recount what the directory keeps summarised, as an import does when it ends.

    The copies above bypass the ORM, so per-state counts (`providers.counts`, where
    the project has it) would otherwise still describe the directory before them.
    """
    try:
        from providers.counts import refresh_counts
    except ImportError:  # a version of the project without summary tables
        return
    refresh_counts()


def vacuum_analyze():
    """Fresh statistics and visibility map, as autovacuum leaves a settled database.

    Then a CHECKPOINT, so that writing out the import's dirty pages does not compete
    with the latency and load measurements that follow (best effort: it needs a
    superuser or pg_checkpoint).
    """
    with connection.cursor() as cursor:
        # The other-specialty and language rows too: their indexes answer the
        # specialty and language filters index-only once the visibility map is set.
        for model in (
            Provider,
            ProviderProcedure,
            Provider.specialties.through,
            Provider.languages.through,
        ):
            cursor.execute(f"VACUUM (ANALYZE) {model._meta.db_table}")
        cursor.execute("ANALYZE")
        with contextlib.suppress(DatabaseError):
            cursor.execute("CHECKPOINT")


def feature_providers(slug, count=10):
    """Give the procedure page `count` featured doctors (those it links to first)."""
    page = ProcedurePage.objects.get(slug=slug)
    ProcedureFeaturedProvider.objects.filter(page=page).delete()
    linked = Provider.objects.live().filter(procedure_links__procedure=page)
    chosen = list(linked.order_by("pk").values_list("pk", flat=True)[:count])
    if len(chosen) < count:
        others = Provider.objects.live().exclude(pk__in=chosen).order_by("pk")
        chosen += list(others.values_list("pk", flat=True)[: count - len(chosen)])
    ProcedureFeaturedProvider.objects.bulk_create(
        ProcedureFeaturedProvider(page=page, provider_id=pk, sort_order=i)
        for i, pk in enumerate(chosen)
    )
    return len(chosen)


def volume_codes():
    """Every procedure page's CPT/HCPCS codes, plus codes no procedure lists."""
    codes = []
    for page in ProcedurePage.objects.order_by("pk"):
        codes += [c for c in page.procedure_codes_list if c not in codes]
    return codes + list(VOLUME_CODES_EXTRA)


def volume_npis(share=20, minimum=1000):
    """Every `share`-th live provider's NPI (at least `minimum` of them), in id order."""
    live = Provider.objects.live().order_by("pk")
    step = max(1, min(share, live.count() // minimum))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT npi FROM {Provider._meta.db_table} "  # noqa: S608
            "WHERE live AND id %% %s = 0 ORDER BY id",
            [step],
        )
        return [row[0] for row in cursor.fetchall()]


# Names for the bench's extra procedure pages: every combination is a distinct title
# ("Laparoscopic Kidney Biopsy"), and each has an also-known-as name with a word of
# its own ("Kidney care variant417"), so a search can look for either.
BENCH_PROCEDURE_WORDS = (
    ("Open", "Laparoscopic", "Endoscopic", "Robotic"),
    (
        "Kidney", "Liver", "Lung", "Heart", "Hip", "Knee", "Shoulder", "Spine", "Thyroid",
        "Bladder", "Colon", "Stomach", "Ankle", "Wrist", "Elbow", "Skin", "Breast", "Prostate",
        "Sinus", "Cornea", "Retina", "Tonsil", "Gallbladder", "Pancreas", "Spleen",
    ),
    ("Biopsy", "Repair", "Resection", "Reconstruction", "Drainage", "Ablation", "Imaging",
     "Stenting", "Transplant", "Replacement"),
)  # fmt: skip
BENCH_PROCEDURE_SLUG = "bench-procedure-"


def bench_procedure_titles(count):
    approaches, organs, operations = BENCH_PROCEDURE_WORDS
    titles = [f"{a} {o} {p}" for o in organs for p in operations for a in approaches]
    return titles[:count]


def add_procedures(count):
    """Publish `count` procedure pages (summary, sections, also-known-as) next to the
    demo's, through Wagtail's tree and search index like an editor's, so the site
    search looks through a realistic number of them. Returns how many were added."""
    from procedures.factories import ProcedurePageFactory
    from procedures.models import ProcedureIndexPage

    index = ProcedureIndexPage.objects.first()
    existing = ProcedurePage.objects.filter(
        locale__language_code=default_language(), slug__startswith=BENCH_PROCEDURE_SLUG
    ).count()
    titles = bench_procedure_titles(count)[existing:]
    for number, title in enumerate(titles, start=existing):
        ProcedurePageFactory(
            parent=index,
            title=title,
            slug=f"{BENCH_PROCEDURE_SLUG}{number}",
            also_known_as=f"{title.split()[1]} care variant{number}",
        )
    return len(titles)


# The bench's procedure pages in Spanish, word for word in the same order
# ("Biopsia de riñón por vía laparoscópica"): accents in most titles, stop words ("de",
# "por") and plurals for the Spanish search to fold, drop and stem.
BENCH_SPANISH_WORDS = (
    ("abierta", "laparoscópica", "endoscópica", "robótica"),
    (
        "riñón", "hígado", "pulmón", "corazón", "cadera", "rodilla", "hombro", "columna",
        "tiroides", "vejiga", "colon", "estómago", "tobillo", "muñeca", "codo", "piel", "mama",
        "próstata", "senos paranasales", "córnea", "retina", "amígdalas", "vesícula",
        "páncreas", "bazo",
    ),
    ("Biopsia", "Reparación", "Resección", "Reconstrucción", "Drenaje", "Ablación", "Imagen",
     "Colocación de stent", "Trasplante", "Reemplazo"),
)  # fmt: skip


def bench_spanish_names(count):
    """(title, organ) of `bench_procedure_titles(count)` in Spanish, in the same order."""
    approaches, organs, operations = BENCH_SPANISH_WORDS
    names = [(f"{p} de {o} por vía {a}", o) for o in organs for p in operations for a in approaches]
    return names[:count]


def bench_spanish_titles(count):
    return [title for title, _organ in bench_spanish_names(count)]


def spanish_procedure_index():
    """The Spanish procedure index (and home page), translated and published if missing."""
    from wagtail.models import Locale, Site

    from home.locales import translate_home
    from procedures.models import ProcedureIndexPage

    spanish = Locale.objects.get(language_code="es")
    translate_home(Site.objects.get(is_default_site=True).root_page, "es")
    index = ProcedureIndexPage.objects.filter(locale__language_code=default_language()).first()
    translated = index.get_translation_or_none(spanish)
    if translated is None:
        translated = index.copy_for_translation(spanish)
        translated.title, translated.slug = "Procedimientos", "procedimientos"
        translated.save_revision().publish()
    return translated.specific


def add_spanish_procedures(count):
    """Give the bench's first `count` procedure pages (`add_procedures` first) a Spanish
    translation under the Spanish procedure index, with a Spanish title, summary and
    other name, published through Wagtail's tree and search index, so the Spanish site
    search looks through as many pages as the English one. A translation is a page of
    the Spanish locale with its English page's `translation_key` (what
    `copy_for_translation` makes, at a fifth of its cost). Returns how many were added."""
    from procedures.factories import ProcedurePageFactory

    index = spanish_procedure_index()
    english = dict(
        ProcedurePage.objects.filter(
            locale__language_code=default_language(), slug__startswith=BENCH_PROCEDURE_SLUG
        ).values_list("slug", "translation_key")
    )
    done = set(
        ProcedurePage.objects.filter(
            locale=index.locale, slug__startswith=BENCH_PROCEDURE_SLUG
        ).values_list("slug", flat=True)
    )
    added = 0
    for number, (title, organ) in enumerate(bench_spanish_names(count)):
        slug = f"{BENCH_PROCEDURE_SLUG}{number}"
        if slug in done or slug not in english:
            continue
        ProcedurePageFactory(
            parent=index,
            title=title,
            slug=slug,
            translation_key=english[slug],
            summary=f"{title}: qué es y a quién ayuda.",
            also_known_as=f"Atención de {organ} variante{number}",
        )
        added += 1
    return added
