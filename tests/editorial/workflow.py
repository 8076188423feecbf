"""Driving the Clinical review through the admin's own URLs, as the buttons post."""

from django.urls import reverse

from procedures.models import ProcedurePage

from .forms import procedure_form


def add_url(index, model="procedurepage"):
    return reverse("wagtailadmin_pages:add", args=["procedures", model, index.pk])


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def workflow_action(client, page, action, **data):
    """POST Wagtail's workflow action URL (the dashboard's and the modal's button)."""
    page = type(page).objects.get(pk=page.pk)
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    return client.post(url, data)


def submit_new_procedure(client, procedure_index, **form):
    response = client.post(
        add_url(procedure_index), {**procedure_form(**form), "action-submit": "action-submit"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return ProcedurePage.objects.get(slug=form.get("slug", "vertebroplasty"))
