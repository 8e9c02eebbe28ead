"""/assessments/<id>/report.pdf: what the PDF says, who may get it, and its cache."""

import io
import re
from datetime import date
from unittest import mock

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from assessments import pdf, selectors, services
from assessments.models import Goal
from roles.models import Competency, ProficiencyLevel, RoleProfile
from tests.assessments.plan_helpers import plan_codes
from tests.factories import draft, review, submitted

pytestmark = pytest.mark.usefixtures("empty_cache")

# Rated below target almost everywhere (a plan of five, a readiness with a
# decimal), above it in a few places (strengths).
LEVELS = {"programming.python": 4, "database.sql": 4, "ai-ml.prompt-engineering": 0}


@pytest.fixture
def assessment(engineer, team):
    assessment = submitted(engineer, level=1, levels=LEVELS)
    for index, code in enumerate(plan_codes(assessment)[:2]):
        services.goal_save(
            user=engineer,
            assessment=assessment,
            competency_code=code,
            text=f"Goal number {index + 1}: ship a small project",
            due_date=date(2031, 3, 31),
            status="in_progress",
        )
    return assessment


def pdf_url(assessment, lang=None):
    url = reverse("assessments:report_pdf", args=[assessment.pk])
    return f"{url}?lang={lang}" if lang else url


def text_of(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.replace("\xa0", " ").split())


def readiness_in_json(client, assessment) -> float:
    response = client.get(reverse("assessments:report_json", args=[assessment.pk]))
    return response.json()["overall"]["readiness"]


def target_level(assessment):
    """The proficiency level that the first gap of the plan aims at."""
    report = selectors.assessment_data(assessment).report
    return ProficiencyLevel.objects.get(level=report.competency(report.plan[0]).target)


def names(codes, field):
    by_code = {c.code: c for c in Competency.objects.filter(code__in=codes)}
    return [getattr(by_code[code], field) for code in codes]


def pdf_text_and_readiness(client, assessment, lang):
    """The text of the PDF in ``lang`` (served with 200) and the readiness of the JSON."""
    response = client.get(pdf_url(assessment, lang))
    assert response.status_code == 200
    return text_of(response), readiness_in_json(client, assessment)


@pytest.mark.django_db
def test_the_pdf_says_what_the_report_says_in_english(client_for, engineer, assessment):
    text, readiness = pdf_text_and_readiness(client_for(engineer), assessment, "en")
    assert f"{readiness:.1f}%" in text
    assert "Eko Engineer" in text
    assert RoleProfile.objects.get(code="startup-generalist").name_en in text
    for name in names(plan_codes(assessment), "name_en"):
        assert name in text
    assert "Goal number 1: ship a small project" in text
    assert "Goal number 2: ship a small project" in text
    assert "In progress" in text
    # The header names the engineer in full, without the username or a language row.
    assert "Name Eko Engineer Role profile" in text
    assert "(engineer)" not in text
    assert re.search(r"Page 1 of \d", text)
    # The level names of the plan come from the framework, in English.
    assert target_level(assessment).name_en in text


@pytest.mark.django_db
def test_the_pdf_says_it_in_indonesian_with_lang_id(client_for, engineer, assessment):
    text, readiness = pdf_text_and_readiness(client_for(engineer), assessment, "id")
    assert f"{readiness:.1f}".replace(".", ",") + "%" in text
    assert RoleProfile.objects.get(code="startup-generalist").name_ind in text
    indonesian = names(plan_codes(assessment), "name_ind")
    english = names(plan_codes(assessment), "name_en")
    for name in indonesian:
        assert name in text
    assert any(en not in text for en in english if en not in indonesian)
    assert target_level(assessment).name_ind in text
    assert "Goal number 1: ship a small project" in text
    # The labels come from the Indonesian catalogue (as far as it is compiled).
    with translation.override("id"):
        heading = translation.gettext("Development plan")
        label = translation.gettext("Name")
        page, of = (translation.pgettext("page X of Y", word) for word in ("Page", "of"))
    assert heading in text
    assert label == "Nama"
    assert f"{label} Eko Engineer" in text
    assert f"{page} 1 {of}" in text


@pytest.mark.django_db
def test_without_lang_the_pdf_follows_the_users_language(client_for, engineer, assessment):
    engineer.language = "id"
    engineer.save(update_fields=["language"])
    text = text_of(client_for(engineer).get(pdf_url(assessment)))
    assert names(plan_codes(assessment)[:1], "name_ind")[0] in text
    with translation.override("id"):
        assert translation.gettext("Development plan") in text


@pytest.mark.django_db
def test_it_downloads_as_an_attachment_named_after_who_when_and_the_language(
    client_for, engineer, assessment
):
    day = timezone.localdate(assessment.submitted_at).isoformat()
    for lang in ("en", "id"):
        response = client_for(engineer).get(pdf_url(assessment, lang))
        assert response["Content-Disposition"] == (
            f'attachment; filename="skillgap-engineer-{day}-{lang}.pdf"'
        )
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_manager_of_the_engineer_gets_the_pdf_with_its_plan(client_for, manager, assessment):
    """Their own copy: blind while the review is not completed (tests/assessments/test_blind.py)."""
    response = client_for(manager).get(pdf_url(assessment, "en"))
    assert response.status_code == 200
    assert "Goal number 1" in text_of(response)


@pytest.mark.django_db
def test_reviewed_assessments_show_blind_spots_and_manager_comments(
    client_for, engineer, manager, assessment
):
    code = "programming.python"  # self 4
    review(manager, assessment, code, 1, comment="Let us pair on the packaging work.")
    services.review_complete(user=manager, assessment=assessment, agree_remaining=True)
    text = text_of(client_for(engineer).get(pdf_url(assessment, "en")))
    assert "Blind spots" in text
    assert "Let us pair on the packaging work." in text
    assert "Reviewed" in text


@pytest.mark.django_db
def test_a_draft_pdf_is_marked_provisional(client_for, engineer):
    own = draft(engineer)
    text = text_of(client_for(engineer).get(pdf_url(own, "en")))
    assert "Provisional report." in text
    assert "Draft" in text


@pytest.mark.django_db
def test_signed_out_visitors_are_sent_to_sign_in(client, assessment):
    response = client.get(pdf_url(assessment))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.django_db
def test_a_pdf_is_only_for_get(client_for, engineer, assessment):
    assert client_for(engineer).post(pdf_url(assessment)).status_code == 405


@pytest.mark.django_db
def test_user_text_is_escaped_not_run(client_for, engineer, assessment):
    code = plan_codes(assessment)[0]
    services.goal_save(
        user=engineer,
        assessment=assessment,
        competency_code=code,
        text='<script>alert("x")</script><b>bold?</b>',
        revision=None,
    )
    with translation.override("en"):
        html = render_to_string(
            "assessments/report_pdf.html",
            pdf.report_pdf_context(assessment, changed=pdf.latest_change(assessment)),
        )
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    # In the PDF the markup is plain text.
    text = text_of(client_for(engineer).get(pdf_url(assessment, "en")))
    assert '<script>alert("x")</script><b>bold?</b>' in text


@pytest.mark.django_db
def test_the_pdf_needs_a_fixed_number_of_queries(
    client_for, engineer, assessment, django_assert_max_num_queries
):
    Goal.objects.bulk_create(
        [
            Goal(assessment=assessment, competency=c, text=f"goal {c.code}")
            for c in Competency.objects.exclude(goals__assessment=assessment)
        ]
    )
    client = client_for(engineer)
    with django_assert_max_num_queries(16):
        response = client.get(pdf_url(assessment, "en"))
    assert response.status_code == 200


# --- the cache --------------------------------------------------------------


@pytest.fixture
def renders():
    with mock.patch("assessments.pdf.render_pdf", wraps=pdf.render_pdf) as spy:
        yield spy


@pytest.mark.django_db
@pytest.mark.parametrize(
    "second_lang, render_count, same",
    [
        pytest.param("en", 1, True, id="an-unchanged-assessment-is-not-rendered-twice"),
        pytest.param("id", 2, False, id="each-language-is-its-own-pdf"),
    ],
)
def test_a_pdf_is_rendered_once_per_language(
    client_for, engineer, assessment, renders, second_lang, render_count, same
):
    client = client_for(engineer)
    first = client.get(pdf_url(assessment, "en"))
    second = client.get(pdf_url(assessment, second_lang))
    assert renders.call_count == render_count
    assert (first.content == second.content) is same


@pytest.mark.django_db
def test_a_rating_change_makes_a_fresh_pdf(client_for, engineer, manager, assessment, renders):
    engineer_client = client_for(engineer)
    before = text_of(engineer_client.get(pdf_url(assessment, "en")))
    review(manager, assessment, "database.sql", 0, comment="Fresh comment from the review.")
    after = text_of(client_for(engineer).get(pdf_url(assessment, "en")))
    assert renders.call_count == 2
    assert "Fresh comment from the review." not in before
    assert "Fresh comment from the review." in after
    readiness = readiness_in_json(client_for(engineer), assessment)
    assert f"{readiness:.1f}%" in after


@pytest.mark.django_db
def test_a_goal_change_makes_a_fresh_pdf(client_for, engineer, assessment, renders):
    client = client_for(engineer)
    client.get(pdf_url(assessment, "en"))
    code = plan_codes(assessment)[0]
    goal = Goal.objects.get(assessment=assessment, competency__code=code)
    services.goal_save(
        user=engineer,
        assessment=assessment,
        competency_code=code,
        text="A brand new goal",
        status="done",
        revision=goal.revision,
    )
    text = text_of(client.get(pdf_url(assessment, "en")))
    assert renders.call_count == 2
    assert "A brand new goal" in text
