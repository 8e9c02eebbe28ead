"""``/assessments/history/``: the signed-in engineer's readiness over time."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from assessments.models import Assessment
from tests.assessments.report_helpers import (
    add_extra_area,
    element,
    field,
    history_of,
    percent_en,
    scroll_regions,
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
def test_its_tables_scroll_in_regions_a_keyboard_reaches(engineer, client_for):
    submitted(engineer, level=1)
    page = client_for(engineer).get(URL + "?lang=en").content.decode()
    assert scroll_regions(page) == ["Submitted assessments", "Readiness by area"]


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
    assert (
        '<title id="history-title">Overall readiness over time against '
        "AI Engineer — startup generalist</title>" in page
    )
    assert 'class="sg-history-line"' in page


def desc_of(page: str) -> str:
    return html.unescape(re.search(r'<desc id="history-desc">(.*?)</desc>', page, re.S).group(1))


@pytest.mark.django_db
def test_changes_and_the_chart_stay_within_one_role_profile(engineer, client_for):
    client = client_for(engineer)
    first = submitted(engineer, level=1)
    other = submitted(engineer, "enterprise-prompt-rag", level=4)
    latest = submitted(engineer, level=2)
    readiness = {
        a.pk: client.get(reverse("assessments:report_json", args=[a.pk])).json()["overall"][
            "readiness"
        ]
        for a in (first, other, latest)
    }
    page = client.get(URL + "?lang=en").content.decode()
    # The table lists all three; each change is against the one before of its own profile.
    assert re.findall(r'id="history-(\d+)"', page) == [str(latest.pk), str(other.pk), str(first.pk)]
    delta = round(readiness[latest.pk] - readiness[first.pk], 1)
    assert field(element(page, f"history-{latest.pk}"), "change") == f"+{delta:.1f}"
    assert field(element(page, f"history-{other.pk}"), "change") == "—"
    assert field(element(page, f"history-{first.pk}"), "change") == "—"
    # Above the chart, the latest's change as the report shows one: a rise, and by how much.
    latest_change = element(page, "latest-change", "p")
    assert '<span class="sg-change sg-change-up"><span aria-hidden="true">▲</span>' in latest_change
    assert f"+{delta:.1f}" in text(latest_change)
    # The chart draws the current profile's two assessments only.
    assert latest.role_profile.name_en in text(element(page, "history-profile", "p"))
    desc = desc_of(page)
    assert f"over 2 assessments against the role profile {latest.role_profile.name_en}." in desc
    assert percent_en(readiness[other.pk]) not in desc
    assert page.split('id="history-title"')[1].split("</svg>")[0].count("<circle") == 2
    # The area table has a column per assessment of that profile.
    head = page.split('id="history-areas"')[1].split("</thead>")[0]
    assert head.count('scope="col" class="text-end text-nowrap"') == 2
    # The other profile is listed, not drawn.
    listed = text(element(page, "other-profile-enterprise-prompt-rag", "li"))
    assert listed.startswith(other.role_profile.name_en)
    assert "1 assessment, the latest on" in listed and percent_en(readiness[other.pk]) in listed


@pytest.mark.django_db
def test_the_chart_follows_the_profile_of_the_latest_assessment(engineer, client_for):
    submitted(engineer, level=1)
    submitted(engineer, level=2)
    submitted(engineer, "enterprise-prompt-rag", level=3)
    page = client_for(engineer).get(URL + "?lang=en").content.decode()
    profile = "AI Engineer — enterprise, prompt engineering & RAG focus"
    assert f"over 1 assessment against the role profile {profile}." in desc_of(page)
    assert 'class="sg-history-line"' not in page  # one point: no line
    assert "2 assessments, the latest on" in text(
        element(page, "other-profile-startup-generalist", "li")
    )
    assert 'id="latest-change"' not in page  # nothing before it of its profile


@pytest.mark.django_db
def test_assessments_of_the_same_day_get_distinct_labels(engineer, client_for):
    first = submitted(engineer, level=1)
    Assessment.objects.filter(pk=first.pk).update(
        submitted_at=first.submitted_at - timezone.timedelta(days=30)
    )
    second = submitted(engineer, level=2)
    third = submitted(engineer, level=3)
    page = client_for(engineer).get(URL + "?lang=en").content.decode()
    with translation.override("en"):
        day = timezone.localtime(second.submitted_at)
        short, long = date_format(day, "SHORT_DATE_FORMAT"), date_format(day, "DATE_FORMAT")
    head = text(page.split('id="history-areas"')[1].split("</thead>")[0])
    assert f"{short} {short} (2)" in head
    assert text(element(page, f"history-{second.pk}")).startswith(f"{long} ")
    assert text(element(page, f"history-{third.pk}")).startswith(f"{long} (2)")
    desc = desc_of(page)
    assert f"{short}: " in desc and f"{short} (2): " in desc


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
