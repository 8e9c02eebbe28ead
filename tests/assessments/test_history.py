"""``/assessments/history/``: the signed-in engineer's readiness over time."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.assessments.report_helpers import (
    add_extra_area,
    element,
    field,
    history_of,
    percent_en,
    text,
)
from tests.factories import draft, submitted

URL = reverse("assessments:history")


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_without_a_submitted_assessment_it_says_so(engineer, client_for):
    draft(engineer)
    page = client_for(engineer).get(URL).content.decode()
    assert "No submitted assessment yet." in page
    assert "<svg" not in page.split('id="main"')[1]


@pytest.mark.django_db
def test_it_lists_submitted_assessments_with_their_readiness(engineer, client_for):
    client = client_for(engineer)
    first = submitted(engineer, level=1)
    second = submitted(engineer, level=3)
    draft(engineer)
    page = client.get(URL + "?lang=en").content.decode()
    rows = re.findall(r'id="history-(\d+)"', page)
    assert rows == [str(second.pk), str(first.pk)]  # newest first, the draft left out
    for assessment in (first, second):
        data = client.get(reverse("assessments:report_json", args=[assessment.pk])).json()
        row = element(page, f"history-{assessment.pk}")
        assert field(row, "readiness") == percent_en(data["overall"]["readiness"])
        assert reverse("assessments:report", args=[assessment.pk]) in row


@pytest.mark.django_db
def test_it_shows_each_area_over_time_and_the_latest_change(engineer, client_for):
    client = client_for(engineer)
    first = submitted(engineer, level=1)
    second = submitted(engineer, level=2)
    old = client.get(reverse("assessments:report_json", args=[first.pk])).json()
    new = client.get(reverse("assessments:report_json", args=[second.pk])).json()
    page = client.get(URL + "?lang=en").content.decode()
    old_areas = {a["code"]: a["readiness"] for a in old["areas"]}
    for area in new["areas"]:
        row = text(element(page, f"history-area-{area['code']}"))
        expected = [percent_en(old_areas[area["code"]]), percent_en(area["readiness"])]
        assert row.index(expected[0]) < row.rindex(expected[1])
        change = round(area["readiness"] - old_areas[area["code"]], 1)
        assert row.endswith(f"+{change:.1f}" if change > 0 else f"{change:.1f}".replace("-", "−"))


@pytest.mark.django_db
def test_it_draws_an_accessible_line_chart(engineer, client_for):
    submitted(engineer, level=1)
    submitted(engineer, level=2)
    page = client_for(engineer).get(URL).content.decode()
    assert 'aria-labelledby="history-title history-desc"' in page
    assert '<title id="history-title">Overall readiness over time</title>' in page
    assert 'class="sg-history-line"' in page


@pytest.mark.django_db
def test_others_assessments_are_not_shown(engineer, teammate, client_for):
    theirs = submitted(teammate)
    page = client_for(engineer).get(URL).content.decode()
    assert f'id="history-{theirs.pk}"' not in page


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_assessments_or_competencies(
    engineer, teammate, client_for, django_assert_max_num_queries
):
    submitted(engineer)
    client = client_for(engineer)
    client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        client.get(URL)
    baseline = len(queries)  # read now: the next request resets the query log

    add_extra_area()
    history_of(teammate, 11)
    client = client_for(teammate)
    client.get(URL)
    with django_assert_max_num_queries(baseline):
        response = client.get(URL)
    assert len(re.findall(r'id="history-\d+"', response.content.decode())) == 11
