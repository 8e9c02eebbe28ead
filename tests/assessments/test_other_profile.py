"""The report scored against another active role profile (``?profile=<code>``):
the page's section and ``report.json?profile=``, computed on the fly from the
ratings the viewer may see."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import scoring, services
from assessments.loading import framework_key
from assessments.models import Assessment, Rating
from roles.models import ProfileTarget, RoleProfile
from tests.assessments.report_helpers import (
    EXTRA_AREA,
    add_extra_area,
    element,
    ids_in_order,
    percent_en,
    percent_id,
    text,
)
from tests.assessments.test_report_json import (
    AREA_KEYS,
    ASSESSMENT_KEYS,
    COMPETENCY_KEYS,
    TOP_KEYS,
)
from tests.factories import competency_count, draft, review, submitted

pytestmark = pytest.mark.django_db

OWN = "startup-generalist"
OTHER = "regulated-industry"


def page_url(assessment, profile=None, lang=None):
    url = reverse("assessments:report", args=[assessment.pk])
    query = "&".join(
        f"{key}={value}" for key, value in (("profile", profile), ("lang", lang)) if value
    )
    return f"{url}?{query}" if query else url


def json_url(assessment, profile=None):
    url = reverse("assessments:report_json", args=[assessment.pk])
    return f"{url}?profile={profile}" if profile else url


def section(page: str) -> str:
    return element(page, "other-profile", tag="section")


def expected_report(assessment, profile_code, *, blind=False) -> scoring.Report:
    """``scoring.score`` over the other profile's targets, each with the
    assessment's ratings of that competency (self hidden where ``blind``)."""
    ratings = {r.competency_id: r for r in Rating.objects.filter(assessment=assessment)}
    targets = sorted(
        ProfileTarget.objects.filter(profile__code=profile_code).select_related("competency__area"),
        key=lambda t: framework_key(t.competency),
    )
    inputs, areas = [], []
    for t in targets:
        rating = ratings.get(t.competency_id)
        level = rating.level if rating else None
        manager = rating.manager_level if rating else None
        if blind and manager is None:
            level = None
        inputs.append(
            scoring.CompetencyInput(
                t.competency.code, t.competency.area.code, t.target, t.weight, level, manager
            )
        )
        area = scoring.AreaInput(t.competency.area.code, t.competency.area.kind)
        if area not in areas:
            areas.append(area)
    return scoring.score(areas, inputs)


# --- which profile -------------------------------------------------------------


@pytest.mark.parametrize("view", ["page", "json"])
def test_an_unknown_profile_is_404(view, engineer, client_for):
    assessment = submitted(engineer)
    url = page_url if view == "page" else json_url
    response = client_for(engineer).get(url(assessment, "no-such-profile"))
    assert response.status_code == 404


@pytest.mark.parametrize("view", ["page", "json"])
def test_an_inactive_profile_is_404(view, engineer, client_for):
    assessment = submitted(engineer)
    RoleProfile.objects.filter(code=OTHER).update(is_active=False)
    url = page_url if view == "page" else json_url
    assert client_for(engineer).get(url(assessment, OTHER)).status_code == 404


def test_someone_who_may_not_see_the_assessment_gets_404_whatever_the_profile(
    engineer, outsider, client_for
):
    assessment = submitted(engineer)
    client = client_for(outsider)
    assert client.get(page_url(assessment, OTHER)).status_code == 404
    assert client.get(json_url(assessment, OTHER)).status_code == 404


def test_the_form_offers_the_other_active_profiles_and_no_result_yet(engineer, client_for):
    assessment = submitted(engineer)
    RoleProfile.objects.filter(code="enterprise-fine-tuning").update(is_active=False)
    page = client_for(engineer).get(page_url(assessment)).content.decode()
    part = section(page)
    assert 'method="get"' in part and 'name="profile"' in part
    offered = [
        code
        for code in ("startup-generalist", "enterprise-prompt-rag", OTHER, "enterprise-fine-tuning")
        if f'value="{code}"' in part
    ]
    assert offered == ["enterprise-prompt-rag", OTHER]
    assert 'id="other-profile-result"' not in part


def test_an_empty_choice_shows_the_form_only(engineer, client_for):
    assessment = submitted(engineer)
    response = client_for(engineer).get(page_url(assessment) + "?profile=")
    assert response.status_code == 200
    assert 'id="other-profile-result"' not in response.content.decode()


def test_the_form_keeps_the_language_asked_for(engineer, client_for):
    assessment = submitted(engineer)
    page = client_for(engineer).get(page_url(assessment, lang="id")).content.decode()
    assert '<input type="hidden" name="lang" value="id">' in section(page)
    page = client_for(engineer).get(page_url(assessment)).content.decode()
    assert 'name="lang"' not in section(page)


# --- the numbers -----------------------------------------------------------------


def test_json_has_the_report_shape_with_the_assessment_unchanged(engineer, client_for):
    assessment = submitted(engineer, level=1)
    client = client_for(engineer)
    own = client.get(json_url(assessment)).json()
    other = client.get(json_url(assessment, OTHER)).json()
    assert set(other) == TOP_KEYS
    assert other["assessment"] == own["assessment"]
    assert set(other["assessment"]) == ASSESSMENT_KEYS
    assert other["assessment"]["role_profile"] == OWN
    assert other["scale"] == own["scale"]
    assert all(set(area) == AREA_KEYS for area in other["areas"])
    assert all(set(c) == COMPETENCY_KEYS for c in other["competencies"])
    targets = {
        t.competency.code: t
        for t in ProfileTarget.objects.filter(profile__code=OTHER).select_related("competency")
    }
    assert {c["code"] for c in other["competencies"]} == set(targets)
    for competency in other["competencies"]:
        assert competency["target"] == targets[competency["code"]].target
        assert competency["weight"] == targets[competency["code"]].weight
    assert other["overall"] != own["overall"] or other["priorities"] != own["priorities"]


def test_the_numbers_are_those_of_scoring_over_the_other_profiles_targets(
    engineer, manager, team, client_for
):
    levels = {"programming.python": 4, "compliance-ethics.regulatory-compliance": 0}
    assessment = submitted(engineer, level=2, levels=levels)
    review(manager, assessment, "database.sql", 4)
    expected = expected_report(assessment, OTHER)
    data = client_for(engineer).get(json_url(assessment, OTHER)).json()
    assert data["overall"] == {
        "readiness": expected.overall.readiness,
        "rated": expected.overall.rated,
        "total": expected.overall.total,
    }
    assert [(a["code"], a["readiness"], a["priority"]) for a in data["areas"]] == [
        (a.code, a.readiness, a.priority) for a in expected.areas
    ]
    assert [
        (
            c["code"],
            c["target"],
            c["weight"],
            c["self"],
            c["manager"],
            c["rating"],
            c["gap"],
            c["priority"],
            c["severity"],
            c["blind_spot"],
        )
        for c in data["competencies"]
    ] == [
        (
            c.code,
            c.target,
            c.weight,
            c.self_rating,
            c.manager_rating,
            c.rating,
            c.gap,
            c.priority,
            c.severity,
            c.blind_spot,
        )
        for c in expected.competencies
    ]
    assert data["priorities"] == list(expected.priorities)


def test_the_page_shows_readiness_and_the_plans_five_priorities_for_that_profile(
    engineer, client_for
):
    assessment = submitted(engineer, level=1)
    expected = expected_report(assessment, OTHER)
    client = client_for(engineer)
    page = client.get(page_url(assessment, OTHER, lang="en")).content.decode()
    part = section(page)
    assert f'<option value="{OTHER}" selected>' in part
    assert text(element(part, "other-profile-readiness", "p")) == percent_en(
        expected.overall.readiness
    )
    assert ids_in_order(part, "other-priority-") == list(expected.plan)
    assert len(expected.plan) == scoring.PLAN_SIZE
    first = expected.competency(expected.plan[0])
    row = text(element(part, f"other-priority-{first.code}", "li"))
    assert f"level {first.rating} → target {first.target} · weight {first.weight}" in row
    further = len(expected.priorities) - scoring.PLAN_SIZE
    assert f"and {further} further gaps." in text(part)
    # The report itself still scores against the assessment's own profile.
    own = client.get(json_url(assessment)).json()
    assert text(element(page, "overall-readiness", "p")) == percent_en(own["overall"]["readiness"])
    assert "Against this assessment's own profile" in text(part)
    page_id = client.get(page_url(assessment, OTHER, lang="id")).content.decode()
    assert text(element(section(page_id), "other-profile-readiness", "p")) == percent_id(
        expected.overall.readiness
    )


def test_nothing_is_stored(engineer, client_for):
    assessment = submitted(engineer, level=1)
    before = (
        list(Rating.objects.filter(assessment=assessment).values_list("target", "weight")),
        Assessment.objects.filter(pk=assessment.pk).values_list("role_profile__code").get(),
    )
    client = client_for(engineer)
    client.get(page_url(assessment, OTHER))
    client.get(json_url(assessment, OTHER))
    after = (
        list(Rating.objects.filter(assessment=assessment).values_list("target", "weight")),
        Assessment.objects.filter(pk=assessment.pk).values_list("role_profile__code").get(),
    )
    assert after == before


def test_competencies_only_the_other_profile_has_count_as_not_rated_and_are_counted(
    engineer, client_for
):
    assessment = submitted(engineer, level=4)
    extra = add_extra_area(OTHER, count=7)
    client = client_for(engineer)
    data = client.get(json_url(assessment, OTHER)).json()
    by_code = {c["code"]: c for c in data["competencies"]}
    assert all(by_code[code]["self"] is None and by_code[code]["rating"] == 0 for code in extra)
    assert data["overall"]["rated"] == data["overall"]["total"] - 7
    page = client.get(page_url(assessment, OTHER)).content.decode()
    missing = text(element(section(page), "other-profile-missing", "p"))
    assert missing == (
        "7 competencies of this profile are not in the assessment: "
        "they count as not rated (level 0)."
    )
    assert EXTRA_AREA not in {a["code"] for a in client.get(json_url(assessment)).json()["areas"]}


def test_no_missing_note_when_the_assessment_has_every_competency(engineer, client_for):
    assessment = submitted(engineer)
    page = client_for(engineer).get(page_url(assessment, OTHER)).content.decode()
    assert 'id="other-profile-missing"' not in page


def test_a_draft_can_be_scored_against_another_profile(engineer, client_for):
    assessment = draft(engineer)
    data = client_for(engineer).get(json_url(assessment, OTHER)).json()
    assert data["assessment"]["status"] == "draft"
    assert data["overall"]["rated"] == 0
    assert data["overall"] == {
        "readiness": expected_report(assessment, OTHER).overall.readiness,
        "rated": 0,
        "total": competency_count(),
    }


# --- blind review ------------------------------------------------------------------


def test_a_manager_reviewing_blind_sees_no_hidden_self_rating_against_another_profile(
    engineer, manager, team, client_for
):
    assessment = submitted(engineer, level=4, levels={"programming.python": 3})
    review(manager, assessment, "database.sql", 1)
    client = client_for(manager)
    data = client.get(json_url(assessment, OTHER)).json()
    by_code = {c["code"]: c for c in data["competencies"]}
    assert by_code["database.sql"]["self"] == 4  # rated by the manager: visible
    assert by_code["database.sql"]["manager"] == 1
    hidden = [c for code, c in by_code.items() if code != "database.sql"]
    assert all(c["self"] is None and c["rating"] == 0 for c in hidden)
    assert data["overall"]["rated"] == 1
    blind = expected_report(assessment, OTHER, blind=True)
    assert data["overall"]["readiness"] == blind.overall.readiness
    assert data["priorities"] == list(blind.priorities)

    page = client.get(page_url(assessment, OTHER)).content.decode()
    part = section(page)
    assert f"1 of {competency_count()} competencies rated" in text(part)
    assert 'id="other-profile-blind"' in part
    assert text(element(part, "other-profile-readiness", "p")) == percent_en(
        blind.overall.readiness
    )
    assert ids_in_order(part, "other-priority-") == list(blind.plan)
    for code in blind.plan:  # every hidden self-rating shows as level 0, not rated
        row = text(element(part, f"other-priority-{code}", "li"))
        assert "level 0 →" in row and "not rated" in row
    assert "level 3" not in text(part) and "level 4" not in text(part)
    # The engineer sees their own ratings against the same profile.
    own = client_for(engineer).get(json_url(assessment, OTHER)).json()
    assert own["overall"]["rated"] == competency_count()


def test_after_the_review_is_completed_the_manager_sees_everything(
    engineer, manager, team, client_for
):
    assessment = submitted(engineer, level=3)
    review(manager, assessment, "database.sql", 1)
    services.review_complete(user=manager, assessment=assessment, agree_remaining=True)
    data = client_for(manager).get(json_url(assessment, OTHER)).json()
    assert data["overall"]["rated"] == competency_count()
    assert {c["code"]: c["self"] for c in data["competencies"]}["programming.python"] == 3
    page = client_for(manager).get(page_url(assessment, OTHER)).content.decode()
    assert 'id="other-profile-blind"' not in page


# --- query budget ------------------------------------------------------------------


def _queries(client, url) -> int:
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("view", ["page", "json"])
def test_the_query_count_does_not_grow_with_the_competencies(view, engineer, teammate, client_for):
    url = page_url if view == "page" else json_url
    small = submitted(engineer)
    baseline = _queries(client_for(engineer), url(small, OTHER))
    without = _queries(client_for(engineer), url(small))
    assert baseline <= without + 1  # the other profile's targets, one query

    extra = add_extra_area(OTHER)  # the other profile: the framework and 30 more
    profile = RoleProfile.objects.get(code=OWN)
    ProfileTarget.objects.bulk_create(
        [
            ProfileTarget(
                profile=profile, competency=t.competency, target=t.target, weight=t.weight
            )
            for t in ProfileTarget.objects.filter(profile__code=OTHER, competency__code__in=extra)
        ]
    )
    big = submitted(teammate, level=3)  # its own profile: as many
    client = client_for(teammate)
    assert _queries(client, url(big, OTHER)) == baseline
    response = client.get(url(big, OTHER))
    if view == "json":
        assert len(response.json()["competencies"]) == competency_count(OTHER)
    else:
        rated = text(element(response.content.decode(), "other-profile-rated", "p"))
        n = competency_count(OTHER)
        assert rated.startswith(f"{n} of {n} competencies rated")
