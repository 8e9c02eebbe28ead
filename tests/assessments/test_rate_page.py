"""The rating page /assessments/<id>/: competencies by area, the five
levels with their descriptors, the target, evidence, progress, a jump list."""

import re

import pytest
from django.utils.html import escape

from assessments.models import Rating
from roles.models import Competency, ProficiencyLevel, ProfileTarget
from tests.factories import competency_count, rate_all, submitted


def page_url(assessment):
    return f"/assessments/{assessment.pk}/"


@pytest.mark.django_db
def test_the_page_lists_every_competency_grouped_by_area_skills_first(
    client_for, engineer, assessment
):
    response = client_for(engineer).get(page_url(assessment))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("data-autosave") == competency_count()
    sections = re.findall(r'<section class="area-section" id="area-([\w-]+)"', html)
    assert len(sections) == 11
    assert sections[:6] == [
        "programming",
        "web-development",
        "cloud-devops",
        "ai-ml",
        "database",
        "communication",
    ]
    skills, responsibilities = (
        '<h2 class="kind-heading">Skill areas',
        '<h2 class="kind-heading">Responsibility groups',
    )
    assert html.index(skills) < html.index('id="area-programming"')
    assert (
        html.index('id="area-communication"')
        < html.index(responsibilities)
        < html.index('id="area-quality-security"')
    )
    # Python sits under Programming, before the next area begins.
    assert (
        html.index('id="area-programming"')
        < html.index('id="row-programming--python"')
        < html.index('id="area-web-development"')
    )


@pytest.mark.django_db
def test_each_row_has_a_labelled_radio_group_with_the_competencys_own_descriptors(
    client_for, engineer, assessment
):
    html = client_for(engineer).get(page_url(assessment)).content.decode()
    python = Competency.objects.get(code="programming.python")
    row = html[html.index('id="row-programming--python"') :]
    row = row[: row.index("</article>")]
    assert "<fieldset" in row and "Your level in Python" in row
    for level, name in enumerate(["None", "Awareness", "Working", "Advanced", "Expert"]):
        assert f'id="programming--python-level-{level}" value="{level}"' in row
        assert f'for="programming--python-level-{level}"' in row
        # A segment reads "2 · Working" (its separator is for screen readers).
        assert (
            f'<span class="level-num">{level}</span><span class="visually-hidden"> · </span> '
            f'<span class="level-name">{name}</span>'
        ) in row
    for level in range(1, 5):
        assert escape(python.level_descriptor(level)) in row
    # Level 0's text is the scale's, once on the page, not in every row.
    level_0 = ProficiencyLevel.objects.get(level=0).descriptor
    assert escape(level_0) not in row
    assert html.count(escape(level_0)) == 1
    assert escape(python.description) in row
    assert 'name="programming.python-evidence"' in row


def row_html(html: str, dom_id: str = "programming--python") -> str:
    row = html[html.index(f'id="row-{dom_id}"') :]
    return row[: row.index("</article>")]


@pytest.mark.django_db
def test_a_rated_row_shows_the_profiles_target_and_the_gap(client_for, engineer, assessment):
    target = ProfileTarget.objects.get(
        profile=assessment.role_profile, competency__code="programming.python"
    )
    Rating.objects.filter(assessment=assessment, competency__code="programming.python").update(
        level=target.target - 1
    )
    html = client_for(engineer).get(page_url(assessment)).content.decode()
    row = row_html(html)
    assert f"Target for your role: {target.target}" in row
    assert "1 level below target" in row
    assert (
        f'id="programming--python-target-mark-{target.target}"> <span class="level-target">' in row
    )


@pytest.mark.django_db
def test_an_unrated_row_does_not_show_its_target(client_for, engineer, assessment):
    """Blind self-rating (``assessments/blind.py``): the target would anchor the choice. (It
    was shown on every row before.)"""
    html = client_for(engineer).get(page_url(assessment)).content.decode()
    row = row_html(html)
    assert "Target for your role" not in row
    assert 'class="level-target"' not in row and "below target" not in row
    assert "Your target appears once you rate this competency." in row


@pytest.mark.django_db
def test_each_row_posts_itself_through_htmx_without_overwriting_newer_choices(
    client_for, engineer, assessment
):
    html = client_for(engineer).get(page_url(assessment)).content.decode()
    row = html[html.index('id="row-programming--python"') :]
    row = row[: row.index(">")]
    assert f'hx-post="/assessments/{assessment.pk}/ratings/programming.python/"' in row
    assert 'hx-sync="this:queue last"' in row
    assert 'hx-target="find .rating-state"' in row  # the status line, never the fields
    assert "delay:" in row and "change" in row


@pytest.mark.django_db
def test_without_javascript_the_page_is_one_form_with_one_save_button(
    client_for, engineer, assessment
):
    html = client_for(engineer).get(page_url(assessment)).content.decode()
    assert html.count('<form method="post" action="/assessments/') == 1
    assert f'action="/assessments/{assessment.pk}/"' in html
    assert "Save all" in html
    # Submitting goes through the review-and-confirm step: the same form, saved
    # first, then the confirmation page (tests/assessments/test_submit_confirm.py).
    assert 'name="then" value="review"' in html
    assert "Review and submit" in html


@pytest.mark.django_db
def test_the_page_shows_saved_ratings_and_evidence(client_for, engineer, assessment):
    Rating.objects.filter(assessment=assessment, competency__code="database.sql").update(
        level=3, evidence="Tuned the reporting queries", revision=4
    )
    html = client_for(engineer).get(page_url(assessment)).content.decode()
    assert 'id="database--sql-level-3" value="3" checked' in html
    assert "Tuned the reporting queries" in html
    assert 'name="database.sql-revision" value="4"' in html


@pytest.mark.django_db
def test_progress_overall_and_per_area_and_a_jump_list(client_for, engineer, assessment):
    rate_all(assessment, level=None)
    Rating.objects.filter(assessment=assessment, competency__area__code="programming").update(
        level=2
    )
    html = client_for(engineer).get(page_url(assessment)).content.decode()
    assert f"3 of {competency_count()} rated" in html
    assert f'<progress class="rate-progress-bar" value="3" max="{competency_count()}"' in html
    # Counts only: area readiness is not shown while rating (``assessments/blind.py``).
    assert re.search(r'id="area-summary-programming" data-as-of="\d{16}">3 of 3 rated</span>', html)
    assert "readiness" not in html
    database = Competency.objects.filter(area__code="database").count()
    assert re.search(
        rf'id="area-summary-database" data-as-of="\d{{16}}">0 of {database} rated', html
    )
    for code in ("programming", "compliance-ethics"):
        assert f'href="#area-{code}"' in html


@pytest.mark.django_db
def test_the_page_runs_a_fixed_number_of_queries_whatever_the_number_of_competencies(
    client_for, engineer, assessment, get_with_fixed_queries
):
    response = get_with_fixed_queries(client_for(engineer), page_url(assessment), assessment, 6)
    assert response.content.decode().count("data-autosave") == competency_count()


@pytest.mark.django_db
def test_a_submitted_assessment_goes_to_its_report(client_for, engineer):
    assessment = submitted(engineer)
    response = client_for(engineer).get(page_url(assessment))
    assert response.status_code == 302
    assert response["Location"] == f"/assessments/{assessment.pk}/report/"


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client, assessment):
    response = client.get(page_url(assessment))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_the_page_speaks_indonesian_when_asked(client_for, engineer, assessment):
    html = client_for(engineer).get(page_url(assessment) + "?lang=id").content.decode()
    assert "Pengenalan" in html  # level 1, Awareness
