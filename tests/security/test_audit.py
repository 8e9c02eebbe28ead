"""The audit trail (django-simple-history): every change of a rating, a review,
a goal or a framework entry is kept with who made it, when, and what it was
before; staff read it on the object's history page in the admin, nobody else."""

import re

import pytest
from django.utils.html import escape

from assessments.models import Goal, Rating
from roles.models import Competency
from tests.security.conftest import CODE

pytestmark = pytest.mark.django_db


def history_page(client, obj) -> str:
    opts = obj._meta
    response = client.get(f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/history/")
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def change_shown(html: str, field_label: str, old, new) -> bool:
    """The history list shows ``label: old → new`` for a change."""
    pattern = (
        rf"<strong>{re.escape(field_label)}:</strong>\s*{re.escape(escape(str(old)))}"
        rf"\s*&nbsp;&rarr;&nbsp;&nbsp;{re.escape(escape(str(new)))}\s*</li>"
    )
    return re.search(pattern, html, re.IGNORECASE) is not None


def test_a_self_rating_saved_on_the_page_is_in_the_history_with_who_and_what(scene):
    rating = Rating.objects.get(assessment=scene.draft, competency__code=CODE)
    old = rating.level
    response = scene.client("owner").post(
        f"/assessments/{scene.draft.pk}/ratings/{CODE}/",
        {"level": "4", "evidence": "Led the <migration>"},
    )
    assert response.status_code in (200, 302)
    record = rating.history.latest()
    assert record.history_user == scene.users["owner"]
    assert (record.prev_record.level, record.level) == (old, 4)
    html = history_page(scene.client("staff"), rating)
    assert "engineer" in html
    assert change_shown(html, "self rating", old, 4)
    assert change_shown(html, "evidence", "", "Led the <migration>")


def test_a_manager_review_is_in_the_history_with_the_manager(scene):
    rating = Rating.objects.get(assessment=scene.submitted, competency__code=CODE)
    response = scene.client("manager").post(
        f"/assessments/{scene.submitted.pk}/review/{CODE}/", {"level": "1", "comment": "Not yet"}
    )
    assert response.status_code in (200, 302)
    record = rating.history.latest()
    assert record.history_user == scene.users["manager"]
    assert (record.manager_level, record.manager_comment) == (1, "Not yet")
    assert record.prev_record.manager_level is None
    html = history_page(scene.client("staff"), rating)
    assert "manager" in html and change_shown(html, "manager rating", None, 1)
    # The assessment's own history shows it going into review.
    assessment_html = history_page(scene.client("staff"), scene.submitted)
    assert change_shown(assessment_html, "status", "submitted", "in_review")


def test_a_goal_change_is_in_the_history(scene):
    client = scene.client("owner")
    url = f"/assessments/{scene.draft.pk}/plan/{CODE}/"
    client.post(url, {"text": "Read the book", "status": "not_started", "revision": "0"})
    client.post(url, {"text": "Read the book", "status": "in_progress", "revision": "1"})
    goal = Goal.objects.get(assessment=scene.draft, competency__code=CODE)
    assert goal.history.count() == 2
    assert {r.history_user for r in goal.history.all()} == {scene.users["owner"]}
    html = history_page(scene.client("staff"), goal)
    assert change_shown(html, "status", "not_started", "in_progress")


def admin_form_data(response) -> dict:
    """What the admin change form would post back unchanged."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            if value is not None:
                data[form.add_prefix(name)] = value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    return data


def test_a_framework_edit_in_the_admin_is_in_the_history(scene):
    staff = scene.client("staff")
    competency = Competency.objects.get(code=CODE)
    old_name = competency.name_en
    url = f"/admin/roles/competency/{competency.pk}/change/"
    data = admin_form_data(staff.get(url))
    data["name_en"] = "Python (3.13)"
    response = staff.post(url, data)
    assert response.status_code == 302, (
        response.context and response.context["adminform"].form.errors
    )
    record = competency.history.latest()
    assert record.history_user == scene.users["staff"]
    assert (record.prev_record.name_en, record.name_en) == (old_name, "Python (3.13)")
    html = history_page(staff, competency)
    assert "staff" in html
    # The field is named with its language (MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME).
    assert change_shown(html, "name (English)", old_name, "Python (3.13)")


@pytest.mark.parametrize("role", ["owner", "manager", "outsider"])
def test_only_staff_read_the_history(scene, role):
    rating = Rating.objects.get(assessment=scene.reviewed, competency__code=CODE)
    response = scene.client(role).get(f"/admin/assessments/rating/{rating.pk}/history/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
