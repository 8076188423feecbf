"""Translating a page through the real admin (wagtail-localize's views and ours), its
Clinical review in Spanish, and the out-of-date flag after the English page changes
(docs/translation.md)."""

import datetime
from urllib.parse import urlencode

import polib
import pytest
from bs4 import BeautifulSoup
from wagtail_localize.models import StringSegment, StringTranslation, Translation
from wagtail_localize.operations import translate_object

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Locale, WorkflowPage, WorkflowState

from editorial.dates import add_months
from editorial.factories import PersonFactory
from editorial.translation import translation_status
from editorial.wagtail_hooks import CONVERT_TO_ALIAS
from home.locales import translate_home
from procedures.factories import ProcedurePageFactory
from procedures.models import ProcedurePage

from .forms import procedure_form, reference
from .workflow import edit_url, workflow_action

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/reviews-due/"
FORM = "application/x-www-form-urlencoded"

SPANISH = {
    "Vertebroplasty": "Vertebroplastia",
    "vertebroplasty": "vertebroplastia",
    "Bone cement injected into a fractured vertebra.": (
        "Cemento óseo inyectado en una vértebra fracturada."
    ),
    "Overview": "Descripción general",
    "Risks": "Riesgos",
}


@pytest.fixture
def spanish(home, procedure_index, roles):
    """The Spanish home and procedures section, made as the demo loader makes them
    (after `setup_roles`: the section takes its workflow from the English one)."""
    es = Locale.objects.get(language_code="es")
    translate_home(home, "es")
    index = procedure_index.copy_for_translation(es)
    index.title, index.slug = "Procedimientos", "procedimientos"
    index.save()
    index.save_revision().publish()
    return index


@pytest.fixture
def vertebroplasty(procedure_index):
    """The English page, published, reviewed, with one reference and an author."""
    page = ProcedurePageFactory(
        parent=procedure_index,
        title="Vertebroplasty",
        slug="vertebroplasty",
        summary="Bone cement injected into a fractured vertebra.",
        sections__0__overview__heading="Overview",
        sections__0__overview__body__value="<p>Cement steadies the broken bone.</p>",
        sections__1__risks__heading="Risks",
        sections__1__risks__body__value="<p>Cement can leak.</p>",
        references__0__reference__title="A randomized trial of vertebroplasty",
        reviewer=PersonFactory(name="Dr English"),
        last_reviewed=timezone.localdate() - datetime.timedelta(days=100),
        next_review_due=timezone.localdate() + datetime.timedelta(days=265),
    )
    page.save_revision().publish()
    return ProcedurePage.objects.get(pk=page.pk)


def texts(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def translate_segments(client, translation, answers):
    """Type translations into the translation editor, as its fields save them (PUT)."""
    done = set()
    for segment in StringSegment.objects.filter(source=translation.source).select_related("string"):
        answer = answers.get(segment.string.data)
        if answer is None:
            continue
        url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
        response = client.put(
            url, f"value={answer}", content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code in (200, 201), response.content
        done.add(segment.string.data)
    return done


def translate_by_po_file(client, translation, edit):
    """Download the PO file, translate what is left, upload it back."""
    response = client.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))
    assert response.status_code == 200
    po = polib.pofile(response.content.decode())
    untranslated = [entry for entry in po if not entry.msgstr]
    for entry in untranslated:
        entry.msgstr = f"[es] {entry.msgid}"
    upload = SimpleUploadedFile("vertebroplasty-es.po", str(po).encode(), "text/x-gettext")
    response = client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {"file": upload, "next": edit},
    )
    assert response.status_code == 302 and response["Location"] == edit
    return [entry.msgid for entry in untranslated]


def test_translate_review_publish_then_out_of_date_until_synced(
    as_user, writer, reviewer, editor, spanish, vertebroplasty, client
):
    es = Locale.objects.get(language_code="es")
    english_review = (vertebroplasty.reviewer, vertebroplasty.last_reviewed)
    english_edit = edit_url(vertebroplasty)

    # The writer finds "Translate this page" in the English page's editor and uses it.
    writer_client = as_user(writer)
    submit_url = reverse("wagtail_localize:submit_page_translation", args=[vertebroplasty.pk])
    assert submit_url in writer_client.get(english_edit).text
    assert writer_client.get(submit_url).status_code == 200
    response = writer_client.post(submit_url, {"locales": [es.pk]})
    assert response.status_code == 302

    page = ProcedurePage.objects.get(translation_key=vertebroplasty.translation_key, locale=es)
    assert page.get_parent().pk == spanish.pk
    assert not page.live  # a new translation is a draft, not published unreviewed
    assert not page.specialty_links.exists() and page.procedure_codes == ""
    translation = Translation.objects.get(target_locale=es, enabled=True)

    # Its editor is wagtail-localize's translation editor, with our way to submit it.
    edit = edit_url(page)
    response = writer_client.get(edit)
    assert response.status_code == 200
    assert "js-translation-editor" in response.text
    submit_for_review = reverse("editorial_submit_translation", args=[translation.pk])
    assert submit_for_review in response.text

    # Segment by segment, then the rest through a PO file.
    typed = translate_segments(writer_client, translation, SPANISH)
    assert {"Vertebroplasty", "vertebroplasty", "Overview"} <= typed
    through_po = translate_by_po_file(writer_client, translation, edit)
    assert "Cement steadies the broken bone." in through_po
    total, translated = translation.get_progress()
    assert total == translated
    # References are cited as they are, not offered for translation.
    assert "A randomized trial of vertebroplasty" not in through_po

    # Submit to Clinical review: a draft revision in the workflow, nothing live yet.
    assert "Clinical review" in writer_client.get(submit_for_review).text
    response = writer_client.post(submit_for_review)
    assert response.status_code == 302
    page.refresh_from_db()
    state = WorkflowState.objects.for_instance(page).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Clinical review"
    assert not page.live

    # The reviewer reads the submitted Spanish draft, then approves: the Spanish page is
    # live with its own review.
    reviewer_client = as_user(reviewer)
    assert reviewer_client.get(edit).status_code == 200
    preview = reviewer_client.get(
        reverse(
            "wagtailadmin_pages:workflow_preview", args=[page.pk, state.current_task_state.task_id]
        )
    )
    assert preview.status_code == 200
    assert "[es] Cement steadies the broken bone." in preview.text
    response = workflow_action(reviewer_client, page, "approve", comment="Correcto.")
    assert response.status_code == 302
    page = ProcedurePage.objects.get(pk=page.pk)
    assert page.live
    assert page.title == "Vertebroplastia" and page.slug == "vertebroplastia"
    assert page.reviewer.user == reviewer
    assert page.last_reviewed == timezone.localdate()
    assert page.next_review_due == add_months(timezone.localdate(), 12)
    assert page.references.raw_data[0]["value"]["title"] == "A randomized trial of vertebroplasty"
    vertebroplasty.refresh_from_db()
    assert (vertebroplasty.reviewer, vertebroplasty.last_reviewed) == english_review

    client.logout()
    live = client.get("/es/procedimientos/vertebroplastia/")
    assert live.status_code == 200
    assert "[es] Cement steadies the broken bone." in live.text
    assert "Medically reviewed by" in live.text or "Rhea Reviewer" in live.text

    # Up to date: no flag on the page, no row in the report.
    editor_client = as_user(editor)
    assert "out of date" not in texts(editor_client.get(edit))
    assert "Vertebroplastia" not in texts(editor_client.get(REPORT))

    # The editor changes the English page and publishes it.
    response = editor_client.post(
        english_edit,
        {
            **procedure_form(
                summary="Bone cement, injected to steady a broken vertebra.",
                references=[reference("A randomized trial of vertebroplasty")],
            ),
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 302, texts(response)[:2000]
    vertebroplasty.refresh_from_db()
    assert vertebroplasty.summary == "Bone cement, injected to steady a broken vertebra."

    # The Spanish page says it is out of date, on the page and in the report.
    on_page = texts(editor_client.get(edit))
    assert "This translation is out of date" in on_page
    report = BeautifulSoup(editor_client.get(REPORT).content, "html.parser")
    rows = {
        row.select_one("td.title a").get_text(strip=True): row.get_text(" ", strip=True)
        for row in report.select("table tbody tr")
    }
    assert "Out of date" in rows["Vertebroplastia"]
    assert "Vertebroplasty" not in rows  # the source is not flagged
    listing = editor_client.get(reverse("wagtailadmin_explore", args=[spanish.pk]))
    assert "data-translation-out-of-date" in listing.text

    # A writer syncs; ticking "Publish immediately" does not skip review.
    writer_client = as_user(writer)  # the one test client, logged in as the writer again
    sync = reverse("wagtail_localize:update_translations", args=[translation.source_id])
    assert 'name="publish_translations"' in writer_client.get(sync).text
    response = writer_client.post(sync, {"publish_translations": "on"})
    assert response.status_code == 302
    page = ProcedurePage.objects.get(pk=page.pk)
    assert page.summary == "Cemento óseo inyectado en una vértebra fracturada."  # unchanged

    assert not page.has_unpublished_changes

    editor_client = as_user(editor)
    assert "out of date" not in texts(editor_client.get(edit))
    assert "Vertebroplastia" not in texts(editor_client.get(REPORT))
    listing = editor_client.get(reverse("wagtailadmin_explore", args=[spanish.pk]))
    assert listing.status_code == 200 and "data-translation-out-of-date" not in listing.text

    # The new English words are translated and reviewed again; readers keep the
    # approved Spanish page until the reviewer approves the new one.
    writer_client = as_user(writer)
    new_summary = "Cemento óseo que estabiliza una vértebra rota."
    translate_segments(
        writer_client,
        translation,
        {"Bone cement, injected to steady a broken vertebra.": new_summary},
    )
    assert writer_client.post(submit_for_review).status_code == 302
    assert ProcedurePage.objects.get(pk=page.pk).summary == (
        "Cemento óseo inyectado en una vértebra fracturada."
    )
    client.logout()
    assert new_summary not in client.get("/es/procedimientos/vertebroplastia/").text
    workflow_action(as_user(reviewer), page, "approve", comment="")
    client.logout()
    assert new_summary in client.get("/es/procedimientos/vertebroplastia/").text


def test_a_section_translated_after_setup_roles_gets_the_workflow(
    home, procedure_index, roles, vertebroplasty
):
    """wagtail-localize translating a page whose section is not translated makes an alias
    of the section: it goes through Clinical review like the English one."""
    es = Locale.objects.get(language_code="es")
    translate_home(home, "es")
    vertebroplasty.copy_for_translation(es, copy_parents=True)
    section_es = procedure_index.get_translation(es)
    english = WorkflowPage.objects.get(page=procedure_index)
    assert WorkflowPage.objects.get(page=section_es).workflow == english.workflow


def test_republishing_unchanged_source_flags_until_sync(spanish, vertebroplasty):
    """The rule: published after the last sync, whatever changed."""
    es = Locale.objects.get(language_code="es")
    translate_object(vertebroplasty, [es])
    page = ProcedurePage.objects.get(translation_key=vertebroplasty.translation_key, locale=es)
    assert translation_status(page).out_of_date is False
    vertebroplasty.save_revision().publish()
    assert translation_status(page).out_of_date is True
    translation_status(page).translation.source.update_from_db()
    assert translation_status(page).out_of_date is False


def test_the_dashboard_flags_a_live_translation_out_of_date(
    as_user, editor, spanish, vertebroplasty
):
    """As the Reviews due report does: a Spanish page whose English source was published
    after its last sync is on the dashboard until it is synced, its review not due."""
    es = Locale.objects.get(language_code="es")
    translate_object(vertebroplasty, [es])
    page = ProcedurePage.objects.get(translation_key=vertebroplasty.translation_key, locale=es)
    page.title = "Vertebroplastia"
    page.save_revision().publish()

    def flagged():
        html = BeautifulSoup(
            as_user(editor).get(reverse("wagtailadmin_home")).content, "html.parser"
        )
        panel = html.select_one("#reviews-due-section")
        rows = panel.select("tbody tr") if panel else []
        return {
            row.select_one("td.title").get_text(strip=True): row.get_text(" ", strip=True)
            for row in rows
        }

    assert "Vertebroplastia" not in flagged()
    vertebroplasty.save_revision().publish()
    assert "Out of date" in flagged()["Vertebroplastia"]
    translation_status(page).translation.source.update_from_db()
    assert "Vertebroplastia" not in flagged()


def string_put(client, translation, source_text, value):
    """What the translation editor sends when a translator types `value` for the
    segment whose English is `source_text`; the stored `StringTranslation`."""
    segment = StringSegment.objects.select_related("string").get(
        source=translation.source, string__data=source_text
    )
    url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
    response = client.put(url, urlencode({"value": value}), content_type=FORM)
    assert response.status_code in (200, 201), response.content
    return StringTranslation.objects.get(
        translation_of_id=segment.string_id,
        context_id=segment.context_id,
        locale=translation.target_locale,
    )


@pytest.mark.parametrize(
    ("source_text", "value", "reason"),
    [
        ("Vertebroplasty", "   ", "cannot be blank"),
        ("Vertebroplasty", "V" * 256, "at most 255 characters"),
        ("vertebroplasty", "v" * 256, "at most 255 characters"),
    ],
)
def test_a_title_or_slug_the_page_cannot_take_is_kept_flagged_and_left_out(
    admin_client, spanish, vertebroplasty, source_text, value, reason
):
    """`editorial.translated_strings`: no server error, nothing lost, the reason on the
    segment, and the page keeps a title and slug it can show."""
    es = Locale.objects.get(language_code="es")
    translate_object(vertebroplasty, [es])
    translation = Translation.objects.get(source__object_id=vertebroplasty.translation_key)
    string_put(admin_client, translation, "Vertebroplasty", "Vertebroplastia")
    string_put(admin_client, translation, "vertebroplasty", "vertebroplastia")

    stored = string_put(admin_client, translation, source_text, value)
    assert stored.data == value  # the translator's text, kept
    assert stored.has_error and reason in stored.field_error

    target = ProcedurePage.objects.get(pk=translation.get_target_instance().pk)
    assert target.draft_title == "Vertebroplastia"
    response = admin_client.post(edit_url(target), {"action": "publish"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.title.strip() and len(target.title) <= 255
    assert target.slug and len(target.slug) <= 255

    # Fixed by the translator: used again.
    fixed = string_put(admin_client, translation, source_text, f"{source_text} (es)")
    assert not fixed.has_error and not fixed.field_error


def test_a_usable_title_still_becomes_the_draft_title(admin_client, spanish, vertebroplasty):
    es = Locale.objects.get(language_code="es")
    translate_object(vertebroplasty, [es])
    translation = Translation.objects.get(source__object_id=vertebroplasty.translation_key)
    stored = string_put(admin_client, translation, "Vertebroplasty", "Vertebroplastia")
    assert not stored.has_error
    target = translation.get_target_instance()
    target.refresh_from_db()
    assert target.draft_title == "Vertebroplastia"


def test_only_a_publisher_may_turn_a_translation_back_into_an_alias(
    as_user, writer, editor, spanish, vertebroplasty
):
    """wagtail-localize's *Convert to alias page* puts the English text live under /es/
    at once: for a writer that would bypass Clinical review. Its translation editor
    offers it to everyone who may edit; the conversion itself is refused."""
    es = Locale.objects.get(language_code="es")
    translate_object(vertebroplasty, [es])
    spanish_page = vertebroplasty.get_translation(es)
    convert = reverse("wagtail_localize:convert_to_alias", args=[spanish_page.pk])

    client = as_user(writer)
    response = client.post(convert)  # refused: Wagtail's admin answers with its dashboard
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    spanish_page.refresh_from_db()
    assert spanish_page.alias_of_id is None

    # Once synced translation stops, Wagtail's own editor has the action in its menu.
    Translation.objects.filter(source__object_id=vertebroplasty.translation_key).update(
        enabled=False
    )
    assert CONVERT_TO_ALIAS not in client.get(edit_url(spanish_page)).content.decode()

    client = as_user(editor)
    assert CONVERT_TO_ALIAS in client.get(edit_url(spanish_page)).content.decode()
    assert client.post(convert).status_code == 302
    spanish_page.refresh_from_db()
    assert spanish_page.alias_of_id == vertebroplasty.pk  # wagtail-localize's view ran
