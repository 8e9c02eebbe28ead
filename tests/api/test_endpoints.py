"""What each operation answers, read as the pages would be."""

from __future__ import annotations

import json

import pytest

from tests.api.conftest import CODE, bearer, put_rating

pytestmark = pytest.mark.django_db


def test_me_names_the_token_owner(tokens, scene):
    body = bearer(tokens["owner"]).get("/api/v1/me").json()
    assert body["username"] == scene.users["owner"].username
    assert body["kind"] == "personal" and body["read_write"] is True


def test_me_of_a_service_token_names_its_teams(tokens, scene):
    body = bearer(tokens["service"]).get("/api/v1/me").json()
    assert body == body | {"kind": "service", "username": None, "teams": [scene.team.pk]}


def test_the_engineer_lists_their_own_assessments_drafts_included(tokens, scene):
    body = bearer(tokens["owner"]).get("/api/v1/assessments").json()
    ids = {item["id"] for item in body["items"]}
    assert scene.draft.pk in ids and scene.submitted.pk in ids
    assert body["count"] == 5


def test_the_manager_lists_submitted_ones_never_the_draft(tokens, scene):
    ids = {i["id"] for i in bearer(tokens["manager"]).get("/api/v1/assessments").json()["items"]}
    assert scene.draft.pk not in ids and scene.submitted.pk in ids


def test_a_service_token_sees_what_the_teams_people_partner_sees(tokens, scene):
    as_service = bearer(tokens["service"]).get("/api/v1/assessments").json()["items"]
    as_partner = bearer(tokens["partner"]).get("/api/v1/assessments").json()["items"]
    assert as_service == as_partner
    assert bearer(tokens["other_service"]).get("/api/v1/assessments").json()["count"] == 0


def test_an_assessment_names_its_engineer_and_role_profile_by_username_and_code(tokens, scene):
    assessment = scene.submitted
    one = bearer(tokens["owner"]).get(f"/api/v1/assessments/{assessment.pk}").json()
    assert one["engineer"] == assessment.engineer.username
    assert one["role_profile"] == assessment.role_profile.code
    listed = bearer(tokens["owner"]).get("/api/v1/assessments").json()["items"]
    assert one in listed


def test_the_list_is_paginated(tokens):
    body = bearer(tokens["owner"]).get("/api/v1/assessments?limit=2&offset=1").json()
    assert len(body["items"]) == 2 and body["count"] == 5


@pytest.mark.parametrize("query", ["?limit=0", "?limit=101", "?offset=-1", "?offset=1e99"])
def test_bad_pages_are_400(tokens, query):
    assert bearer(tokens["owner"]).get("/api/v1/assessments" + query).status_code == 400


@pytest.mark.parametrize("state", ["draft", "submitted", "in_review", "reviewed"])
def test_the_report_is_exactly_the_pages_report_json(tokens, scene, client_for, state):
    assessment = getattr(scene, state)
    for role in ("owner", "manager"):
        if state == "draft" and role == "manager":
            continue
        api = bearer(tokens[role]).get(f"/api/v1/assessments/{assessment.pk}/report")
        page = client_for(scene.users[role]).get(f"/assessments/{assessment.pk}/report.json")
        assert api.status_code == page.status_code == 200
        assert json.loads(api.content) == json.loads(page.content), (state, role)


def test_the_report_is_blind_to_the_reviewing_manager(tokens, scene):
    """In review: the self-ratings the manager has not rated yet are hidden (SPEC §9)."""
    body = bearer(tokens["manager"]).get(f"/api/v1/assessments/{scene.in_review.pk}/report").json()
    selves = {c["code"]: c["self"] for c in body["competencies"]}
    assert selves[CODE] is not None
    assert all(level is None for code, level in selves.items() if code != CODE)
    ratings = bearer(tokens["manager"]).get(f"/api/v1/assessments/{scene.in_review.pk}/ratings")
    levels = {r["competency"]: r["level"] for r in ratings.json()}
    assert all(level is None for code, level in levels.items() if code != CODE)


def test_the_report_speaks_the_requested_language(tokens, scene):
    url = f"/api/v1/assessments/{scene.submitted.pk}/report"
    english = bearer(tokens["owner"]).get(url + "?lang=en").json()
    indonesian = bearer(tokens["owner"]).get(url + "?lang=id").json()
    assert english["areas"][0]["code"] == indonesian["areas"][0]["code"]


def test_put_saves_a_self_rating_on_the_own_draft(tokens, scene):
    client = bearer(tokens["owner"])
    url = f"/api/v1/assessments/{scene.draft.pk}/ratings/{CODE}"
    before = next(
        r
        for r in client.get(f"/api/v1/assessments/{scene.draft.pk}/ratings").json()
        if r["competency"] == CODE
    )
    response = client.put(
        url,
        {"level": 4, "evidence": "Led the migration", "revision": before["revision"]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["level"] == 4 and response.json()["revision"] == before["revision"] + 1
    rating = scene.draft.ratings.get(competency__code=CODE)
    assert (rating.level, rating.evidence) == (4, "Led the migration")
    stale = client.put(
        url, {"level": 3, "revision": before["revision"]}, content_type="application/json"
    )
    assert stale.status_code == 409
    assert scene.draft.ratings.get(competency__code=CODE).level == 4


def test_put_on_a_frozen_assessment_is_409(tokens, scene):
    response = put_rating(tokens["owner"], scene.submitted, {"level": 1})
    assert response.status_code == 409


@pytest.mark.parametrize("level", [5, -1, "three", 2.5, True])
def test_put_with_an_invalid_level_is_400(tokens, scene, level):
    response = put_rating(tokens["owner"], scene.draft, {"level": level})
    assert response.status_code == 400, level
    assert "detail" in response.json()


def test_put_of_an_unknown_competency_is_404(tokens, scene):
    response = put_rating(tokens["owner"], scene.draft, {"level": 1}, code="no.such-code")
    assert response.status_code == 404


def test_teams_lists_what_the_caller_may_see(tokens, scene):
    def names(role):
        return {t["id"]: t["managed"] for t in bearer(tokens[role]).get("/api/v1/teams").json()}

    assert names("manager") == {scene.team.pk: True}
    assert scene.team.pk in names("head") and names("head")[scene.team.pk] is False
    assert names("partner")[scene.team.pk] is False
    assert names("service") == {scene.team.pk: False}
    assert names("owner") == {}


def test_dashboard_has_the_pages_figures_and_the_provenance_switch(tokens, scene):
    url = f"/api/v1/teams/{scene.team.pk}/dashboard"
    every = bearer(tokens["manager"]).get(url).json()
    reviewed = bearer(tokens["manager"]).get(url + "?ratings=reviewed").json()
    assert every["ratings"] == "all" and reviewed["ratings"] == "reviewed"
    assert every["members"] == 2 and every["assessed"] == 1
    assert [r["username"] for r in every["rows"]] == [scene.users["owner"].username]
    assert every["rows"][0]["self_rated"] is False  # the latest is acknowledged
    assert bearer(tokens["service"]).get(url).json() == every | {
        "team": every["team"] | {"managed": False}
    }
    assert bearer(tokens["manager"]).get(url + "?ratings=some").status_code == 400


def test_a_small_team_is_shown_whole_to_those_who_see_its_members(tokens, scene):
    """SPEC §12's small-group rule is for those who may not see the people
    behind a figure; a dashboard's readers see each member, so two members
    are enough."""
    body = bearer(tokens["partner"]).get(f"/api/v1/teams/{scene.team.pk}/dashboard").json()
    assert body["readiness"] is not None and body["rows"]


def test_framework_lists_areas_competencies_and_profiles(tokens):
    body = bearer(tokens["outsider"]).get("/api/v1/framework?lang=id").json()
    assert [level["level"] for level in body["scale"]] == [0, 1, 2, 3, 4]
    codes = {c["code"] for area in body["areas"] for c in area["competencies"]}
    assert CODE in codes
    assert any(p["code"] == "startup-generalist" for p in body["profiles"])


def test_the_description_and_the_docs_are_served_without_a_cdn(client):
    description = client.get("/api/v1/openapi.json")
    assert description.status_code == 200
    paths = description.json()["paths"]
    assert "/api/v1/assessments/{id}/report" in paths
    assert description.json()["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"
    docs = client.get("/api/v1/docs")
    html = docs.content.decode()
    assert docs.status_code == 200 and "/static/ninja/swagger-ui-bundle.js" in html
    assert "http://" not in html and "https://" not in html and "//cdn" not in html


def test_every_answer_to_a_token_is_kept_by_no_cache(tokens, scene):
    response = bearer(tokens["manager"]).get(f"/api/v1/assessments/{scene.submitted.pk}/report")
    assert "no-store" in response["Cache-Control"]


def _search(token, query=""):
    response = bearer(token).get(f"/api/v1/search?competency={CODE}{query}")
    assert response.status_code == 200, response.content
    return response.json()


def test_search_finds_the_people_the_page_finds(tokens, scene):
    """The same selector as ``/search/``: each person's latest submitted
    assessment, with whose level it is and when it was rated."""
    from roles.models import Competency
    from teams.search import search

    competency = Competency.objects.get(code=CODE)
    for role in ("owner", "manager", "head", "partner", "outsider", "staff"):
        page = search(scene.users[role], competency, min_level=0, reviewed_only=False)
        body = _search(tokens[role])
        assert body["count"] == len(page), role
        assert [(h["username"], h["assessment"], h["level"]) for h in body["items"]] == [
            (h.username, h.assessment_id, h.level) for h in page
        ], role


def test_search_says_whose_level_it_is_and_when(tokens, scene):
    body = _search(tokens["manager"])
    assert body["count"] == 1
    (hit,) = body["items"]
    assert hit["username"] == scene.users["owner"].username
    assert hit["assessment"] == scene.acknowledged.pk  # the latest submitted only
    assert (hit["level"], hit["source"], hit["status"]) == (3, "manager", "acknowledged")
    assert hit["reviewed"] is True
    assert hit["rated_on"][:19] == scene.acknowledged.reviewed_at.isoformat()[:19]


def test_search_filters_by_level_and_reviewed_ratings(tokens, scene):
    assert _search(tokens["manager"], "&min_level=4")["count"] == 0
    assert _search(tokens["manager"], "&min_level=3&reviewed_only=true")["count"] == 1


def test_search_is_limited_to_the_people_the_caller_may_see(tokens, scene):
    owner = scene.users["owner"].username
    assert [h["username"] for h in _search(tokens["service"])["items"]] == [owner]
    assert _search(tokens["other_service"])["count"] == 0
    assert _search(tokens["other_manager"])["count"] == 0
    assert owner not in [h["username"] for h in _search(tokens["teammate"])["items"]]


def test_search_is_paginated(tokens, scene):
    body = _search(tokens["manager"], "&limit=1&offset=1")
    assert body == {"items": [], "count": 1}


def test_cycles_lists_what_the_cycle_pages_show(tokens, scene):
    def ids(role):
        body = bearer(tokens[role]).get("/api/v1/cycles").json()
        return [c["id"] for c in body["items"]]

    assert ids("manager") == ids("staff") == [scene.cycle.pk]
    for role in ("owner", "teammate", "head", "partner", "other_manager", "service"):
        assert ids(role) == [], role


def test_a_cycle_reads_as_its_page(tokens, scene):
    body = bearer(tokens["manager"]).get(f"/api/v1/cycles/{scene.cycle.pk}").json()
    assert body == {
        "id": scene.cycle.pk,
        "name": "Q4 2026",
        "teams": [scene.team.pk],
        "self_due": scene.cycle.self_due.isoformat(),
        "review_due": scene.cycle.review_due.isoformat(),
        "opened_by": scene.users["manager"].username,
        "opened_at": body["opened_at"],
        "closed_at": None,
        "open": True,
    }
    assert bearer(tokens["owner"]).get(f"/api/v1/cycles/{scene.cycle.pk}").status_code == 404
