"""Download my data, delete my account (SPEC §14; docs/privacy.md)."""

import json
from datetime import date

import pytest
from django.contrib.sessions.models import Session

from accounts.models import User
from assessments import services
from assessments.models import Assessment, Goal, Rating
from tests.factories import PASSWORD, draft, review, submitted

pytestmark = pytest.mark.django_db

EVIDENCE = "Built the retrieval service for the Jakarta office"
GOAL = "Pair with Sari on the evaluation harness"
COMMENT = "Strong on Python, see the on-call notes"


@pytest.fixture
def history_of_eko(engineer, team, manager):
    assessment = submitted(engineer, level=2)
    rating = Rating.objects.filter(assessment=assessment).select_related("competency").first()
    Rating.objects.filter(pk=rating.pk).update(evidence=EVIDENCE)
    rating.refresh_from_db()
    rating.evidence = EVIDENCE
    rating.save()
    services.goal_save(
        user=engineer,
        assessment=assessment,
        competency_code=rating.competency.code,
        text=GOAL,
        due_date=date(2031, 3, 31),
        status="in_progress",
    )
    review(manager, assessment, rating.competency.code, 3, comment=COMMENT)
    open_draft = draft(engineer)
    return assessment, open_draft, rating.competency.code


def test_download_my_data_has_everything_about_me(client_for, engineer, history_of_eko):
    assessment, open_draft, code = history_of_eko
    response = client_for(engineer).get("/me/data.json")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["profile"]["username"] == "engineer"
    assert data["teams_member_of"] == ["Platform AI"]
    ids = {a["id"] for a in data["assessments"]}
    assert ids == {assessment.pk, open_draft.pk}
    mine = next(a for a in data["assessments"] if a["id"] == assessment.pk)
    rated = next(r for r in mine["ratings"] if r["competency"] == code)
    assert rated["evidence"] == EVIDENCE
    assert rated["manager_comment"] == COMMENT  # the review received
    assert rated["manager_level"] == 3
    assert [g["goal"] for g in mine["goals"]] == [GOAL]
    assert data["audit_entries"]["about_me"]
    assert data["audit_entries"]["made_by_me"]


def test_a_manager_s_download_has_the_reviews_they_gave(client_for, manager, history_of_eko):
    data = json.loads(client_for(manager).get("/me/data.json").content)
    assert [r["manager_comment"] for r in data["reviews_given"]] == [COMMENT]
    assert data["teams_managed"] == ["Platform AI"]


def test_delete_asks_for_the_password_and_the_word(client_for, engineer, history_of_eko):
    client = client_for(engineer)
    assert client.get("/me/delete/").status_code == 200
    wrong = client.post("/me/delete/", {"password": "nope", "confirmation": "DELETE"})
    assert wrong.status_code == 400
    assert "That is not your password." in wrong.content.decode()
    unconfirmed = client.post("/me/delete/", {"password": PASSWORD, "confirmation": "yes"})
    assert unconfirmed.status_code == 400
    assert User.objects.filter(username="engineer", deleted_at__isnull=True).exists()


def test_deleting_my_account_removes_my_personal_data_everywhere(
    client_for, engineer, manager, team, history_of_eko
):
    assessment, open_draft, code = history_of_eko
    client = client_for(engineer)
    response = client.post("/me/delete/", {"password": PASSWORD, "confirmation": "DELETE"})
    assert response.status_code == 302
    assert not User.objects.filter(username="engineer").exists()
    former = User.objects.get(pk=engineer.pk)
    assert (former.first_name, former.last_name, former.email) == ("", "", "")
    assert not former.is_active and not former.has_usable_password()
    assert former.display_name == "Former member"
    # Signed out, and nobody signs in as them.
    assert client.get("/").status_code == 302
    assert not [
        s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(engineer.pk)
    ]
    # Live tables: the texts gone, the submitted levels kept; the draft gone.
    assert not Assessment.objects.filter(pk=open_draft.pk).exists()
    assert Rating.objects.filter(assessment=assessment).exclude(level=None).count() > 0
    assert not Rating.objects.filter(assessment=assessment, evidence=EVIDENCE).exists()
    assert not Rating.objects.filter(assessment=assessment).exclude(manager_comment="").exists()
    assert not Goal.objects.filter(assessment=assessment).exclude(text="").exists()
    # The audit history: not one old version keeps a text.
    assert not Rating.history.filter(evidence=EVIDENCE).exists()
    assert not Rating.history.filter(manager_comment=COMMENT).exists()
    assert not Goal.history.filter(text=GOAL).exists()
    assert not Assessment.history.filter(id=open_draft.pk).exists()
    assert not Rating.history.filter(assessment_id=open_draft.pk).exists()
    # The team's manager sees a former member, with the figures.
    dashboard = client_for(manager).get(f"/teams/{team.pk}/")
    assert dashboard.status_code == 200
    html = dashboard.content.decode()
    assert "Former member" in html
    assert "Eko" not in html


def test_deleting_is_a_post_with_csrf(client, engineer):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(engineer)
    response = strict.post("/me/delete/", {"password": PASSWORD, "confirmation": "DELETE"})
    assert response.status_code == 403
    assert User.objects.get(pk=engineer.pk).deleted_at is None


def queries_for_my_data(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/me/data.json").status_code == 200
    return len(queries)


def test_download_my_data_runs_the_same_queries_with_few_or_many_assessments(
    client_for, engineer, team
):
    client = client_for(engineer)
    submitted(engineer, level=1)
    few = queries_for_my_data(client)
    for level in (2, 3, 1):
        submitted(engineer, level=level)
    draft(engineer)
    many = queries_for_my_data(client)
    assert many == few
