"""``/assessments/<id>/report.json``: exactly the document docs/scoring.md describes."""

from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import services
from roles.models import Competency, CompetencyArea
from tests.factories import competency_count, draft, rate_all, submitted

TOP_KEYS = {"assessment", "scale", "overall", "areas", "competencies", "priorities"}
ASSESSMENT_KEYS = {"id", "engineer", "role_profile", "status", "submitted_at"}
AREA_KEYS = {"code", "kind", "name", "readiness", "priority"}
COMPETENCY_KEYS = {
    "code",
    "area",
    "name",
    "target",
    "weight",
    "self",
    "manager",
    "rating",
    "gap",
    "priority",
    "severity",
    "blind_spot",
}


def json_url(assessment, lang=None):
    url = reverse("assessments:report_json", args=[assessment.pk])
    return f"{url}?lang={lang}" if lang else url


def get_json(client, assessment, lang=None):
    response = client.get(json_url(assessment, lang))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


@pytest.mark.django_db
class TestSchema:
    def test_keys_and_types_are_exactly_those_of_the_spec(
        self, engineer, manager, team, client_for
    ):
        assessment = submitted(engineer, level=1)
        services.review_save(
            user=manager, assessment=assessment, competency_code="programming.python", level=4
        )
        data = get_json(client_for(engineer), assessment)

        assert set(data) == TOP_KEYS
        assert set(data["assessment"]) == ASSESSMENT_KEYS
        assert data["assessment"]["id"] == assessment.pk
        assert data["assessment"]["engineer"] == "engineer"
        assert data["assessment"]["role_profile"] == "startup-generalist"
        assert data["assessment"]["status"] == "in_review"
        submitted_at = datetime.fromisoformat(data["assessment"]["submitted_at"])
        assert submitted_at.tzinfo is not None
        assert data["scale"] == {"min": 0, "max": 4}
        assert set(data["overall"]) == {"readiness", "rated", "total"}
        assert isinstance(data["overall"]["readiness"], float)
        assert 0 <= data["overall"]["readiness"] <= 100
        assert data["overall"]["rated"] == data["overall"]["total"] == competency_count()

        assert len(data["areas"]) == 11
        for area in data["areas"]:
            assert set(area) == AREA_KEYS
            assert area["kind"] in {"skill", "responsibility"}
            assert isinstance(area["name"], str) and area["name"]
            assert isinstance(area["readiness"], float)
            assert is_int(area["priority"])

        assert len(data["competencies"]) == competency_count()
        for item in data["competencies"]:
            assert set(item) == COMPETENCY_KEYS
            for key in ("target", "weight", "rating", "gap", "priority"):
                assert is_int(item[key]), key
            for key in ("self", "manager"):
                assert item[key] is None or is_int(item[key]), key
            assert item["severity"] in {"met", "minor", "significant", "critical"}
            assert isinstance(item["blind_spot"], bool)
            assert item["area"] in {a["code"] for a in data["areas"]}

        python = next(c for c in data["competencies"] if c["code"] == "programming.python")
        assert python["self"] == 1
        assert python["manager"] == 4
        assert python["rating"] == 4
        assert python["blind_spot"] is True
        assert all(isinstance(code, str) for code in data["priorities"])

    def test_a_draft_has_no_submission_date_and_counts_unrated(self, engineer, client_for):
        assessment = draft(engineer)
        rate_all(assessment, levels={"programming.python": 3}, level=None)
        data = get_json(client_for(engineer), assessment)
        assert data["assessment"]["status"] == "draft"
        assert data["assessment"]["submitted_at"] is None
        assert data["overall"]["rated"] == 1
        assert data["overall"]["total"] == competency_count()
        unrated = next(c for c in data["competencies"] if c["code"] == "database.sql")
        assert unrated["self"] is None
        assert unrated["manager"] is None
        assert unrated["rating"] == 0

    def test_areas_and_competencies_are_in_framework_order(self, engineer, client_for):
        data = get_json(client_for(engineer), submitted(engineer))
        areas = list(
            CompetencyArea.objects.order_by("order", "code").values_list("code", flat=True)
        )
        assert [a["code"] for a in data["areas"]] == areas
        competencies = list(
            Competency.objects.order_by("area__order", "area__code", "order", "code").values_list(
                "code", flat=True
            )
        )
        assert [c["code"] for c in data["competencies"]] == competencies

    def test_priorities_are_ordered_by_priority_then_gap(self, engineer, client_for):
        data = get_json(client_for(engineer), submitted(engineer, level=0))
        by_code = {c["code"]: c for c in data["competencies"]}
        keys = [(by_code[code]["priority"], by_code[code]["gap"]) for code in data["priorities"]]
        assert keys == sorted(keys, reverse=True)
        assert set(data["priorities"]) == {c for c, v in by_code.items() if v["priority"] > 0}

    def test_names_follow_the_requested_language_and_codes_do_not(self, engineer, client_for):
        client = client_for(engineer)
        assessment = submitted(engineer)
        english = get_json(client, assessment, "en")
        indonesian = get_json(client, assessment, "id")
        area_names = dict(CompetencyArea.objects.values_list("code", "name_ind"))
        competency_names = dict(Competency.objects.values_list("code", "name_ind"))
        assert [a["code"] for a in english["areas"]] == [a["code"] for a in indonesian["areas"]]
        for area in indonesian["areas"]:
            assert area["name"] == area_names[area["code"]]
        for item in indonesian["competencies"]:
            assert item["name"] == competency_names[item["code"]]
        programming = next(a for a in indonesian["areas"] if a["code"] == "programming")
        assert programming["name"] == "Pemrograman"
        assert (
            next(a for a in english["areas"] if a["code"] == "programming")["name"] == "Programming"
        )
        # Numbers never change with the language.
        assert english["overall"] == indonesian["overall"]

    def test_the_json_is_served_as_utf8_without_escapes(self, engineer, client_for):
        response = client_for(engineer).get(json_url(submitted(engineer), "id"))
        assert "\\u" not in response.content.decode()


@pytest.mark.django_db
class TestPermissions:
    def test_team_manager_reads_a_submitted_assessment(self, engineer, manager, team, client_for):
        assessment = submitted(engineer)
        assert client_for(manager).get(json_url(assessment)).status_code == 200

    def test_team_manager_gets_404_for_a_draft(self, engineer, manager, team, client_for):
        assert client_for(manager).get(json_url(draft(engineer))).status_code == 404

    def test_outsider_gets_404(self, engineer, outsider, team, client_for):
        assert client_for(outsider).get(json_url(submitted(engineer))).status_code == 404

    def test_manager_of_other_team_gets_404(
        self, engineer, other_manager, team, other_team, client_for
    ):
        assert client_for(other_manager).get(json_url(submitted(engineer))).status_code == 404

    def test_anonymous_is_sent_to_sign_in(self, engineer, client):
        response = client.get(json_url(submitted(engineer)))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_the_builder_adds_the_change_only_when_asked(engineer):
    from assessments import reports, selectors

    before = submitted(engineer, level=1)
    after = submitted(engineer, level=2)
    data = selectors.assessment_data(after)
    assert "change" not in reports.report_json_dict(data)
    document = reports.report_json_dict(data, previous=selectors.previous_report(after))
    change = document["change"]
    assert change["previous"]["id"] == before.pk
    assert change["overall"]["after"] == document["overall"]["readiness"]
    assert change["overall"]["delta"] == round(
        change["overall"]["after"] - change["overall"]["before"], 1
    )
    assert [a["code"] for a in change["areas"]] == [a["code"] for a in document["areas"]]


@pytest.mark.django_db
@pytest.mark.usefixtures("empty_cache")
class TestCachedDocument:
    """The encoded document is kept in the cache (assessments/documents.py):
    a second read is cheaper, and every change shows at once."""

    def test_a_second_read_costs_fewer_queries_and_gives_the_same_bytes(self, engineer, client_for):
        assessment = submitted(engineer, level=2)
        client = client_for(engineer)

        with CaptureQueriesContext(connection) as first:
            body = client.get(json_url(assessment)).content
        with CaptureQueriesContext(connection) as second:
            again = client.get(json_url(assessment)).content
        assert again == body
        assert len(second) < len(first)

    def test_a_managers_review_shows_in_the_next_read(self, engineer, manager, team, client_for):
        assessment = submitted(engineer, level=1)
        before = get_json(client_for(manager), assessment)
        python = next(c for c in before["competencies"] if c["code"] == "programming.python")
        assert python["manager"] is None
        services.review_save(
            user=manager, assessment=assessment, competency_code="programming.python", level=4
        )
        for reader in (manager, engineer):
            after = get_json(client_for(reader), assessment)
            python = next(c for c in after["competencies"] if c["code"] == "programming.python")
            assert python["manager"] == 4
            assert after["assessment"]["status"] == "in_review"

    def test_each_language_and_profile_is_its_own_copy(self, engineer, client_for):
        assessment = submitted(engineer, level=2)
        client = client_for(engineer)
        english = get_json(client, assessment, "en")
        indonesian = get_json(client, assessment, "id")
        assert english["areas"][0]["name"] != indonesian["areas"][0]["name"]
        assert get_json(client, assessment, "en") == english
        other = client.get(json_url(assessment) + "?profile=enterprise-prompt-rag").json()
        assert other["competencies"] != english["competencies"]
        assert client.get(json_url(assessment) + "?profile=no-such-profile").status_code == 404
