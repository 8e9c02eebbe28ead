"""The gap report page: who may see it, what it shows, and its query budget."""

import html
import io

import pikepdf
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from accounts.models import User
from assessments import scoring, services
from assessments.models import Assessment
from tests.assessments.report_helpers import (
    add_extra_area,
    element,
    field,
    history_of,
    ids_in_order,
    percent_en,
    percent_id,
    scroll_regions,
    text,
)
from tests.factories import competency_count, draft, rate, rate_all, review, submitted

SEVERITY_WORDS = {
    "met": "Met",
    "minor": "Minor",
    "significant": "Significant",
    "critical": "Critical",
}


def report_url(assessment, **params):
    url = reverse("assessments:report", args=[assessment.pk])
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return url


def json_url(assessment):
    return reverse("assessments:report_json", args=[assessment.pk])


def json_of(client, assessment) -> dict:
    return client.get(json_url(assessment)).json()


def a_rise(engineer):
    """Two submitted assessments of ``engineer``: all 1s, then all 2s."""
    return submitted(engineer, level=1), submitted(engineer, level=2)


def page_of(client, assessment, **params) -> str:
    response = client.get(report_url(assessment, **params))
    assert response.status_code == 200
    return response.content.decode()


# --- who may see it (assessments/permissions.py) -------------------------------------------------


@pytest.mark.django_db
class TestPermissions:
    def test_owner_sees_the_report_of_their_draft(self, engineer, client_for):
        assessment = draft(engineer)
        assert client_for(engineer).get(report_url(assessment)).status_code == 200

    def test_owner_sees_the_report_of_their_submitted_assessment(self, engineer, client_for):
        assessment = submitted(engineer)
        assert client_for(engineer).get(report_url(assessment)).status_code == 200

    def test_team_manager_sees_a_submitted_report(self, engineer, manager, team, client_for):
        assessment = submitted(engineer)
        response = client_for(manager).get(report_url(assessment))
        assert response.status_code == 200
        assert "Review the ratings" in response.content.decode()

    def test_team_manager_sees_a_reviewed_report(self, engineer, manager, team, client_for):
        assessment = submitted(engineer)
        services.review_save(
            user=manager, assessment=assessment, competency_code="programming.python", level=3
        )
        assert client_for(manager).get(report_url(assessment)).status_code == 200

    def test_team_manager_gets_404_for_a_draft(self, engineer, manager, team, client_for):
        assessment = draft(engineer)
        assert client_for(manager).get(report_url(assessment)).status_code == 404

    def test_manager_of_other_team_gets_404(
        self, engineer, other_manager, team, other_team, client_for
    ):
        assessment = submitted(engineer)
        assert client_for(other_manager).get(report_url(assessment)).status_code == 404

    def test_outsider_gets_404(self, engineer, outsider, team, client_for):
        assessment = submitted(engineer)
        assert client_for(outsider).get(report_url(assessment)).status_code == 404

    def test_teammate_who_is_no_manager_gets_404(self, engineer, teammate, team, client_for):
        assessment = submitted(engineer)
        assert client_for(teammate).get(report_url(assessment)).status_code == 404

    def test_unknown_assessment_is_404(self, engineer, client_for):
        assert client_for(engineer).get("/assessments/999999/report/").status_code == 404

    def test_anonymous_is_sent_to_sign_in(self, engineer, client):
        assessment = submitted(engineer)
        response = client.get(report_url(assessment))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_a_post_is_refused(self, engineer, client_for):
        assessment = submitted(engineer)
        assert client_for(engineer).post(report_url(assessment)).status_code == 405


# --- what it shows -------------------------------------------------------------


@pytest.mark.django_db
class TestContent:
    def test_a_draft_report_is_marked_provisional_and_links_to_rating(self, engineer, client_for):
        assessment = draft(engineer)
        page = page_of(client_for(engineer), assessment)
        assert 'id="provisional"' in page
        assert "Provisional report." in page
        assert reverse("assessments:rate", args=[assessment.pk]) in page

    def test_a_submitted_report_is_not_provisional(self, engineer, client_for):
        page = page_of(client_for(engineer), submitted(engineer))
        assert 'id="provisional"' not in page

    def test_it_links_the_plan_the_pdf_and_the_json(self, engineer, client_for):
        assessment = submitted(engineer)
        page = page_of(client_for(engineer), assessment)
        assert reverse("assessments:plan", args=[assessment.pk]) in page
        assert reverse("assessments:report_pdf", args=[assessment.pk]) in page
        # The JSON is for other tools: a quiet link at the foot, not a button beside the PDF.
        actions = element(page, "report-actions", "nav")
        assert "Download PDF" in actions and json_url(assessment) not in actions
        footer = page[page.index('id="for-other-tools"') :]
        assert f'href="{json_url(assessment)}"' in footer[:400]
        # And the archival PDF beside it, which a client then downloads.
        archive = reverse("assessments:report_pdf", args=[assessment.pk]) + "?archive=1"
        assert f'href="{archive}"' in footer[:700]
        response = client_for(engineer).get(archive)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        # Its own name, beside the everyday PDF's.
        everyday = client_for(engineer).get(reverse("assessments:report_pdf", args=[assessment.pk]))
        assert "-archive-" in response["Content-Disposition"]
        assert response["Content-Disposition"] != everyday["Content-Disposition"]
        with pikepdf.open(io.BytesIO(response.content)) as pdf:
            assert "report.json" in {spec.filename for spec in pdf.attachments.values()}

    def test_it_shows_the_radar_with_title_description_and_eleven_axes(self, engineer, client_for):
        page = page_of(client_for(engineer), submitted(engineer))
        svg = page[page.index("<svg xmlns") : page.index("</svg>", page.index("<svg xmlns"))]
        assert 'role="img"' in svg
        assert 'aria-labelledby="radar-title radar-desc"' in svg
        assert '<title id="radar-title">' in svg and '<desc id="radar-desc">' in svg
        assert svg.count('class="sg-radar-axis"') == 11
        # The chart's numbers are also a table: one row per area.
        assert len(ids_in_order(page, "area-")) >= 11

    def test_no_inline_style_attribute_anywhere(self, engineer, manager, team, client_for):
        assessment = submitted(engineer)
        services.review_save(
            user=manager, assessment=assessment, competency_code="programming.python", level=4
        )
        page = page_of(client_for(engineer), assessment)
        assert " style=" not in page

    def test_every_wide_table_scrolls_in_a_region_a_keyboard_reaches(
        self, engineer, manager, team, client_for
    ):
        assessment = submitted(engineer, level=0)
        review(manager, assessment, "programming.python", 3)
        names = scroll_regions(page_of(client_for(manager), assessment))
        # The areas, the primary roles, the priority gaps, the blind spots and one per area.
        assert names[:4] == ["Areas", "Primary roles", "Priority gaps", "Blind spots"]
        assert len(names) == 4 + 11

    def test_the_top_five_priority_gaps_are_marked_as_the_plan(self, engineer, client_for):
        page = page_of(client_for(engineer), submitted(engineer, level=0))
        priorities = ids_in_order(page, "priority-")
        assert len(priorities) > 5
        for code in priorities[:5]:
            assert f'id="priority-{code}" class="sg-in-plan"' in page
        for code in priorities[5:]:
            assert f'id="priority-{code}" class="sg-in-plan"' not in page
        assert "In the development plan" in page and "Further gaps" in page

    def test_no_gaps_says_so(self, engineer, client_for):
        page = page_of(client_for(engineer), submitted(engineer, level=4))
        assert 'id="no-priorities"' in page
        assert text(element(page, "overall-readiness", "p")) == "100.0%"

    def test_severity_is_told_in_words_not_colour_only(self, engineer, client_for):
        page = page_of(client_for(engineer), submitted(engineer, level=0))
        row = element(page, "competency-programming.python")
        assert field(row, "severity").endswith(("Minor", "Significant", "Critical"))
        assert 'aria-hidden="true">!' in row

    def test_without_manager_ratings_there_is_no_blind_spot_section(self, engineer, client_for):
        page = page_of(client_for(engineer), submitted(engineer))
        assert 'id="blind-spots-heading"' not in page
        assert 'data-field="manager"' not in page

    def test_manager_ratings_comments_and_blind_spots_are_shown(
        self, engineer, manager, team, client_for
    ):
        assessment = submitted(engineer, level=1)
        review(
            manager,
            assessment,
            "programming.python",
            4,
            comment="Led the migration to typed Python.",
        )
        page = page_of(client_for(engineer), assessment)
        row = element(page, "competency-programming.python")
        assert field(row, "self") == "1"
        assert field(row, "manager").startswith("4")
        assert "Led the migration to typed Python." in row
        assert "Maya Manager" in row
        blind = element(page, "blind-spot-programming.python")
        assert "The manager rates it higher." in blind
        assert "Led the migration to typed Python." in blind

    def test_evidence_is_shown(self, engineer, client_for):
        assessment = draft(engineer)
        rate_all(assessment, level=2)
        rate(engineer, assessment, "database.sql", 3, evidence="Tuned the reporting queries")
        page = page_of(client_for(engineer), assessment)
        assert "Tuned the reporting queries" in element(page, "competency-database.sql")

    def test_it_shows_the_change_since_the_previous_submitted_assessment(
        self, engineer, client_for
    ):
        client = client_for(engineer)
        before, after = a_rise(engineer)
        old = json_of(client, before)
        new = json_of(client, after)
        page = page_of(client, after)
        delta = round(new["overall"]["readiness"] - old["overall"]["readiness"], 1)
        assert delta > 0
        assert f"+{delta:.1f}" in text(element(page, "overall-change", "p"))
        old_areas = {a["code"]: a["readiness"] for a in old["areas"]}
        for area in new["areas"]:
            change = round(area["readiness"] - old_areas[area["code"]], 1)
            shown = field(element(page, f"area-{area['code']}"), "change")
            expected = (
                f"+{change:.1f}" if change > 0 else ("0.0" if change == 0 else f"−{-change:.1f}")
            )
            assert shown.endswith(expected)

    def test_the_first_assessment_has_nothing_to_compare_with(self, engineer, client_for):
        page = page_of(client_for(engineer), submitted(engineer))
        assert "No earlier submitted assessment to compare with yet." in page
        assert 'data-field="change"' not in page

    def test_a_draft_compares_with_the_latest_submitted_assessment(self, engineer, client_for):
        submitted(engineer, level=1)
        current = draft(engineer)
        rate_all(current, level=3)
        page = page_of(client_for(engineer), current)
        assert 'id="overall-change"' in page


# --- the radar: readiness per area, its overlays ---------------------------------


def radar_of(page: str) -> str:
    """The radar's SVG, its entities decoded (``Cloud &amp; DevOps`` → ``Cloud & DevOps``)."""
    start = page.index(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" class="sg-chart sg-radar"'
    )
    return html.unescape(page[start : page.index("</svg>", start)])


def reviewed(manager, assessment, levels: dict) -> Assessment:
    """``assessment`` reviewed by ``manager``: ``levels`` by code, the rest agreed."""
    for code, level in levels.items():
        review(manager, assessment, code, level)
    return services.review_complete(user=manager, assessment=assessment, agree_remaining=True)


def self_only_readiness(document: dict) -> dict[str, float]:
    """Each area's readiness from the JSON's self-ratings alone (the manager's dropped)."""
    areas = [scoring.AreaInput(a["code"], a["kind"]) for a in document["areas"]]
    report = scoring.score(
        areas,
        [
            scoring.CompetencyInput(c["code"], c["area"], c["target"], c["weight"], c["self"])
            for c in document["competencies"]
        ],
    )
    return {a.code: a.readiness for a in report.areas}


@pytest.mark.django_db
class TestRadar:
    def test_it_plots_readiness_per_area_as_the_table_says(self, engineer, client_for):
        client = client_for(engineer)
        assessment = submitted(engineer, level=2)
        data = json_of(client, assessment)
        page = page_of(client, assessment, lang="en")
        radar = radar_of(page)
        assert (
            '<title id="radar-title">Readiness by area, 0 to 100 %, against the target</title>'
            in radar
        )
        for area in data["areas"]:
            assert f"{area['name']}: {percent_en(area['readiness'])}" in radar
        legend = text(element(page, "radar-legend", "figcaption"))
        assert "This assessment: readiness of each area" in legend
        assert "Target: 100 %, every target level reached" in legend
        assert "Previous assessment" not in legend and "Self-ratings only" not in legend
        assert 'class="sg-radar-previous"' not in radar and 'class="sg-radar-self"' not in radar

    def test_the_previous_assessment_of_the_same_profile_is_drawn_and_named(
        self, engineer, client_for
    ):
        client = client_for(engineer)
        before, after = a_rise(engineer)
        old = json_of(client, before)
        page = page_of(client, after, lang="en")
        radar = radar_of(page)
        assert 'class="sg-radar-previous"' in radar
        for area in old["areas"]:
            assert f"(previous {percent_en(area['readiness'])}" in radar
        assert "Previous assessment of this role profile" in text(
            element(page, "radar-legend", "figcaption")
        )

    def test_a_reviewed_assessment_shows_its_self_only_readiness(
        self, engineer, manager, team, client_for
    ):
        assessment = submitted(engineer, level=1)
        reviewed(manager, assessment, {"programming.python": 4, "database.sql": 3})
        for viewer in (engineer, manager):
            client = client_for(viewer)
            data = json_of(client, assessment)
            expected = self_only_readiness(data)
            page = page_of(client, assessment, lang="en")
            radar = radar_of(page)
            assert 'class="sg-radar-self"' in radar
            assert "Self-ratings only, without the manager's ratings" in page
            for area in data["areas"]:
                shown = field(element(page, f"area-{area['code']}"), "self-only")
                assert shown == percent_en(expected[area["code"]]), area["code"]
                assert f"self-ratings only {percent_en(expected[area['code']])}" in radar
            # The manager's higher levels raise the report above the self-only readiness.
            assert data["areas"][0]["readiness"] > expected[data["areas"][0]["code"]]

    def test_no_self_only_readiness_before_the_review_is_completed(
        self, engineer, manager, team, client_for
    ):
        assessment = submitted(engineer, level=1)
        review(manager, assessment, "programming.python", 4)  # in review
        for viewer in (engineer, manager):
            page = page_of(client_for(viewer), assessment, lang="en")
            assert 'class="sg-radar-self"' not in radar_of(page)
            assert 'data-field="self-only"' not in page
            assert "Self-ratings only" not in page

    def test_a_blind_manager_sees_no_self_rating_through_the_comparison(
        self, engineer, manager, team, client_for
    ):
        """The earlier assessment is still in review: the manager's comparison
        and overlay are of what they may see of it, not of the self-ratings."""
        before = submitted(engineer, level=3)
        review(manager, before, "programming.python", 3)  # in review, rated in part
        after = submitted(engineer, level=1)
        full_before = client_for(engineer).get(json_url(before)).json()
        as_manager = client_for(manager)  # the one test client, signed in again
        blind_before = as_manager.get(json_url(before)).json()
        assert blind_before["overall"]["readiness"] < full_before["overall"]["readiness"]
        page = page_of(as_manager, after, lang="en")
        change = text(element(page, "overall-change", "p"))
        assert f"(was {percent_en(blind_before['overall']['readiness'])})" in change
        radar = radar_of(page)
        for area in blind_before["areas"]:
            assert f"(previous {percent_en(area['readiness'])}" in radar
        # The engineer sees their own ratings in the same comparison.
        own = page_of(client_for(engineer), after, lang="en")
        assert f"(was {percent_en(full_before['overall']['readiness'])})" in text(
            element(own, "overall-change", "p")
        )


# --- comparisons only within a role profile ----------------------------------------


@pytest.mark.django_db
class TestComparisonWithinAProfile:
    def test_a_previous_assessment_of_another_profile_is_named_not_compared(
        self, engineer, client_for
    ):
        other = submitted(engineer, "enterprise-prompt-rag", level=1)
        current = submitted(engineer, level=3)
        page = page_of(client_for(engineer), current, lang="en")
        note = text(element(page, "previous-other-profile", "p"))
        with translation.override("en"):
            date = date_format(timezone.localtime(other.submitted_at), "DATE_FORMAT")
        assert (
            note.startswith(f"Your previous assessment ({date}")
            and f"was against {other.role_profile.name_en}: not compared." in note
        )
        assert 'id="overall-change"' not in page
        assert 'data-field="change"' not in page
        assert 'class="sg-radar-previous"' not in radar_of(page)
        assert "Previous assessment of this role profile" not in page
        assert "No earlier submitted assessment to compare with yet." not in page

    def test_it_compares_with_the_latest_of_the_same_profile_and_names_the_other(
        self, engineer, client_for
    ):
        client = client_for(engineer)
        same = submitted(engineer, level=1)
        other = submitted(engineer, "enterprise-prompt-rag", level=4)
        current = submitted(engineer, level=2)
        old = json_of(client, same)
        page = page_of(client, current, lang="en")
        change = text(element(page, "overall-change", "p"))
        assert f"(was {percent_en(old['overall']['readiness'])})" in change
        assert f"was against {other.role_profile.name_en}: not compared." in text(
            element(page, "previous-other-profile", "p")
        )
        assert 'class="sg-radar-previous"' in radar_of(page)

    def test_the_json_change_is_within_the_profile_too(self, engineer, client_for):
        from assessments import reports, selectors

        same = submitted(engineer, level=1)
        submitted(engineer, "enterprise-prompt-rag", level=4)
        current = submitted(engineer, level=2)
        data = selectors.assessment_data(current)
        document = reports.report_json_dict(data, previous=selectors.previous_report(current))
        assert document["change"]["previous"]["id"] == same.pk

    def test_a_previous_assessment_of_the_same_day_is_named_with_its_time(
        self, engineer, client_for
    ):
        before, after = a_rise(engineer)
        page = page_of(client_for(engineer), after, lang="en")
        with translation.override("en"):
            local = timezone.localtime(before.submitted_at)
            label = f"{date_format(local, 'DATE_FORMAT')}, {date_format(local, 'TIME_FORMAT')}"
        assert f"since {label} (was" in text(element(page, "overall-change", "p"))
        assert f"({label})" in text(element(page, "radar-legend", "figcaption"))

    def test_a_previous_assessment_of_another_day_is_named_by_its_date(self, engineer, client_for):
        before = submitted(engineer, level=1)
        Assessment.objects.filter(pk=before.pk).update(
            submitted_at=before.submitted_at - timezone.timedelta(days=40)
        )
        before.refresh_from_db()
        after = submitted(engineer, level=2)
        page = page_of(client_for(engineer), after, lang="en")
        with translation.override("en"):
            date = date_format(timezone.localtime(before.submitted_at), "DATE_FORMAT")
        assert f"since {date} (was" in text(element(page, "overall-change", "p"))


# --- numbers, languages ----------------------------------------------------------


@pytest.mark.django_db
class TestNumbers:
    def test_english_numbers(self, engineer, client_for):
        assessment = submitted(engineer, level=1)
        client = client_for(engineer)
        data = json_of(client, assessment)
        page = page_of(client, assessment, lang="en")
        assert text(element(page, "overall-readiness", "p")) == percent_en(
            data["overall"]["readiness"]
        )
        area = data["areas"][0]
        row = element(page, f"area-{area['code']}")
        assert field(row, "readiness") == percent_en(area["readiness"])

    def test_indonesian_numbers_use_a_decimal_comma_and_the_percent_sign_next_to_them(
        self, engineer, client_for
    ):
        assessment = submitted(engineer, level=1)
        client = client_for(engineer)
        data = json_of(client, assessment)
        page = page_of(client, assessment, lang="id")
        shown = text(element(page, "overall-readiness", "p"))
        assert shown == percent_id(data["overall"]["readiness"])
        assert "," in shown and shown.endswith("%") and not shown[:-1].endswith(("\u00a0", " "))
        row = element(page, f"area-{data['areas'][0]['code']}")
        assert "," in field(row, "current")


def _check_page_against_json(page: str, data: dict) -> None:
    """Every number the page shows agrees with the JSON document."""
    assert text(element(page, "overall-readiness", "p")) == percent_en(data["overall"]["readiness"])
    overall = data["overall"]
    assert f"{overall['rated']} of {overall['total']} competencies rated" in page
    for area in data["areas"]:
        row = element(page, f"area-{area['code']}")
        assert field(row, "readiness") == percent_en(area["readiness"]), area["code"]
        assert field(row, "priority") == str(area["priority"]), area["code"]
        assert area["name"] in text(row)
    has_manager = any(c["manager"] is not None for c in data["competencies"])
    for competency in data["competencies"]:
        row = element(page, f"competency-{competency['code']}")
        assert field(row, "target") == str(competency["target"])
        assert field(row, "weight") == f"×{competency['weight']}"
        assert field(row, "self") == (
            "—" if competency["self"] is None else str(competency["self"])
        )
        if has_manager:
            manager = "—" if competency["manager"] is None else str(competency["manager"])
            assert field(row, "manager").startswith(manager)
            assert field(row, "manager").endswith("Blind spot") == competency["blind_spot"]
        assert field(row, "gap") == str(competency["gap"])
        assert field(row, "priority") == str(competency["priority"])
        assert field(row, "severity").endswith(SEVERITY_WORDS[competency["severity"]])
    assert ids_in_order(page, "priority-") == data["priorities"]


@pytest.mark.django_db
def test_page_and_json_agree_for_every_demo_assessment(client):
    call_command("seed_demo", stdout=io.StringIO())
    checked = 0
    for username in ("eko", "sari", "dimas", "lina"):
        engineer = User.objects.get(username=username)
        client.force_login(engineer)
        for assessment in Assessment.objects.filter(engineer=engineer):
            data = client.get(json_url(assessment) + "?lang=en").json()
            page = page_of(client, assessment, lang="en")
            _check_page_against_json(page, data)
            checked += 1
    assert checked == 6
    # The reviewed demo assessments show manager ratings and blind spots.
    eko = User.objects.get(username="eko")
    reviewed = Assessment.objects.get(engineer=eko, status=Assessment.Status.REVIEWED)
    client.force_login(eko)
    assert 'id="blind-spots-heading"' in page_of(client, reviewed)


# --- query budget ------------------------------------------------------------------


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# Two of them read the primary roles, their duties and links (loading.primary_roles).
REPORT_QUERY_BUDGET = 12


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["report", "report_json"])
def test_report_queries_do_not_grow_with_competencies_or_history(
    view, engineer, teammate, client_for, django_assert_max_num_queries
):
    submitted(engineer)  # one previous assessment, every competency
    small = submitted(engineer)
    client = client_for(engineer)
    client.get(reverse(f"assessments:{view}", args=[small.pk]))  # warm the session
    baseline = _count_queries(client, reverse(f"assessments:{view}", args=[small.pk]))

    framework = competency_count()
    extra = add_extra_area()
    history_of(teammate, 10)
    current = submitted(teammate, level=2)
    client = client_for(teammate)
    url = reverse(f"assessments:{view}", args=[current.pk])
    client.get(url)
    with django_assert_max_num_queries(REPORT_QUERY_BUDGET):
        response = client.get(url)
    assert _count_queries(client, url) == baseline
    body = response.content.decode()
    assert extra[-1] in body  # every competency and the 30 extra ones are there
    if view == "report_json":
        assert len(response.json()["competencies"]) == framework + len(extra)


@pytest.mark.django_db
def test_a_draft_report_has_a_fixed_query_count_too(engineer, client_for):
    add_extra_area()
    history_of(engineer, 10)
    current = draft(engineer)
    client = client_for(engineer)
    client.get(report_url(current))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(report_url(current))
    assert response.status_code == 200
    assert len(queries) <= REPORT_QUERY_BUDGET + 1  # the live profile's targets


def test_the_worked_example_of_the_scoring_docs_holds():
    from assessments import scoring

    areas = [scoring.AreaInput("programming", "skill"), scoring.AreaInput("database", "skill")]
    items = [
        scoring.CompetencyInput("programming.python", "programming", 3, 3, 1),
        scoring.CompetencyInput("programming.javascript", "programming", 2, 2, 2),
        scoring.CompetencyInput("programming.api-development", "programming", 3, 2, 0),
        scoring.CompetencyInput("database.sql", "database", 3, 3, 2),
        scoring.CompetencyInput("database.nosql", "database", 2, 1, 3),
        scoring.CompetencyInput("database.vector-databases", "database", 3, 2, 1, 3),
    ]
    report = scoring.score(areas, items)
    assert report.overall.readiness == 58.3
    assert report.area("programming").readiness == 36.8
    assert report.area("database").readiness == 82.4
    assert report.priorities == (
        "programming.api-development",
        "programming.python",
        "database.sql",
    )
    assert report.blind_spots == ("database.vector-databases",)
    assert report.strengths == ("database.nosql",)
    assert (report.area("programming").mean_rating, report.area("programming").mean_target) == (
        1.0,
        2.71,
    )
    assert (report.area("database").mean_rating, report.area("database").mean_target) == (2.5, 2.83)
