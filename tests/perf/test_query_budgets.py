"""Query budgets of the pages other tests do not grow: each page runs the same
number of queries with few rows and with many (a framework twice the size,
every rating reviewed, a goal on every competency, several teams), so an N+1
shows at once. The teams' pages and the report, history, home and rating pages
have theirs beside their other tests (tests/teams/, tests/assessments/,
tests/accounts/); bench/pages.py prints every page's count.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Goal, Rating
from core import pdf as engine
from org.models import Team
from roles.models import Competency
from tests.assessments.report_helpers import add_extra_area, history_of
from tests.factories import competency_count, draft, submitted

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def queries(client, path, method="get", **extra) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(path, **extra)
    assert response.status_code in (200, 302), (path, response.status_code)
    return len(captured), response


def queries_once_warm(client, path) -> int:
    """The queries of a GET of ``path`` after a first one has warmed it up."""
    client.get(path)
    return queries(client, path)[0]


def review_everything(assessment, manager):
    """A manager rating and comment on every rating of ``assessment``."""
    ratings = list(Rating.objects.filter(assessment=assessment))
    for n, rating in enumerate(ratings):
        rating.manager_level = n % 5
        rating.manager_comment = f"comment {n}"
        rating.reviewed_by = manager
    Rating.objects.bulk_update(ratings, ["manager_level", "manager_comment", "reviewed_by"])
    assessment.status = assessment.Status.REVIEWED  # every competency rated: complete
    assessment.save(update_fields=["status"])


def goal_on_every_competency(assessment):
    Goal.objects.bulk_create(
        Goal(assessment=assessment, competency=c, text=f"goal {c.code}")
        for c in Competency.objects.filter(ratings__assessment=assessment)
    )


# --- the autosave --------------------------------------------------------------


AUTOSAVE_BUDGET = 7  # user, lock, update, audit record, progress; BEGIN/COMMIT on SQLite


def test_an_autosave_runs_the_same_few_queries_whatever_the_size_of_the_framework(
    client_for, engineer
):
    client = client_for(engineer)
    small = draft(engineer, "regulated-industry")
    path = f"/assessments/{small.pk}/ratings/programming.python/"
    client.post(path, {"level": "1"}, **HTMX)
    few, _ = queries(client, path, "post", data={"level": "2", "evidence": "e"}, **HTMX)

    add_extra_area()
    big = draft(engineer)
    path = f"/assessments/{big.pk}/ratings/programming.python/"
    many, response = queries(client, path, "post", data={"level": "3", "evidence": "e"}, **HTMX)
    assert f"1 of {competency_count()} rated" in response.content.decode()
    assert few == many <= AUTOSAVE_BUDGET


# --- the manager's review page ----------------------------------------------------


def test_the_review_page_runs_the_same_queries_with_every_rating_reviewed_in_a_bigger_framework(
    client_for, engineer, manager, team
):
    client = client_for(manager)
    small = submitted(engineer, "regulated-industry")
    few = queries_once_warm(client, f"/assessments/{small.pk}/review/")

    add_extra_area()
    history_of(engineer, 3)
    big = submitted(engineer)
    review_everything(big, manager)
    many, response = queries(client, f"/assessments/{big.pk}/review/")
    n = competency_count()  # the framework and the extra area
    assert f"{n} of {n} rated by a manager" in response.content.decode()
    assert few == many <= 12


# --- the development plan -------------------------------------------------------------


def test_the_plan_runs_the_same_queries_with_no_goal_or_a_goal_on_each_of_a_bigger_framework(
    client_for, engineer
):
    client = client_for(engineer)
    small = submitted(engineer)
    few = queries_once_warm(client, f"/assessments/{small.pk}/plan/")

    add_extra_area()
    history_of(engineer, 3)
    big = submitted(engineer)
    goal_on_every_competency(big)
    many, response = queries(client, f"/assessments/{big.pk}/plan/")
    assert response.content.decode().count("<article") == competency_count()
    assert few == many <= 8


# --- the report PDF (queries only: WeasyPrint is timed by bench/pdf_render.py) --------


def test_the_report_pdf_runs_the_same_queries_for_a_bigger_reviewed_assessment_with_goals(
    client_for, engineer, manager, team, monkeypatch
):
    rendered = []
    monkeypatch.setattr(engine, "html_to_pdf", lambda html, **kw: rendered.append(html) or b"%PDF")
    client = client_for(engineer)
    history_of(engineer, 1, "regulated-industry")
    small = submitted(engineer, "regulated-industry")
    review_everything(small, manager)
    path = f"/assessments/{small.pk}/report.pdf?lang=en"
    client.get(path)
    cache.clear()
    few, _ = queries(client, path)

    add_extra_area()
    history_of(engineer, 3)
    big = submitted(engineer)
    review_everything(big, manager)
    goal_on_every_competency(big)
    cache.clear()
    many, _ = queries(client, f"/assessments/{big.pk}/report.pdf?lang=en")
    assert "Extra item 29" in rendered[-1]
    assert few == many <= 16


# --- a manager's home page and navigation --------------------------------------------


def test_a_managers_home_runs_the_same_queries_for_one_team_or_six(client_for, manager, team):
    client = client_for(manager)
    client.get("/")
    few, _ = queries(client, "/")
    for n in range(5):
        Team.objects.create(name=f"Extra team {n}").managers.add(manager)
    many, response = queries(client, "/")
    assert response.content.decode().count("Team dashboard, reviews and exports") == 6
    assert few == many <= 8
