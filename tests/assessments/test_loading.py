"""Every page that scores an assessment goes through ``assessments.loading``:
for random frameworks and ratings, every entry point gives the same report."""

import itertools

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments import selectors, services
from assessments.models import Rating
from roles.models import Competency, CompetencyArea, ProfileTarget, RoleProfile
from teams.selectors import team_data

pytestmark = pytest.mark.django_db

_names = itertools.count()

levels = st.one_of(st.none(), st.integers(0, 4))
competency = st.fixed_dictionaries(
    {
        "order": st.integers(0, 3),
        "target": st.integers(0, 4),
        "weight": st.integers(1, 3),
        "level": levels,
        "manager_level": levels,
    }
)
area = st.fixed_dictionaries(
    {
        "order": st.integers(0, 3),
        "kind": st.sampled_from(["skill", "responsibility"]),
        "competencies": st.lists(competency, min_size=1, max_size=4),
    }
)
framework = st.lists(area, min_size=1, max_size=3)


def build(spec) -> tuple[RoleProfile, dict[str, dict]]:
    """A role profile over new areas and competencies as ``spec`` says; codes
    are made so that orders tie and codes decide, as they may in a framework."""
    run = next(_names)
    profile = RoleProfile.objects.create(code=f"p{run}", name=f"Profile {run}", description="-")
    wanted = {}
    for a, area_spec in enumerate(spec):
        area_row = CompetencyArea.objects.create(
            code=f"a{run}-{a}", kind=area_spec["kind"], name=f"Area {a}", order=area_spec["order"]
        )
        for c, item in enumerate(area_spec["competencies"]):
            row = Competency.objects.create(
                area=area_row, code=f"c{run}-{a}-{c}", name=f"C {a}.{c}", order=item["order"]
            )
            ProfileTarget.objects.create(
                profile=profile, competency=row, target=item["target"], weight=item["weight"]
            )
            wanted[row.code] = item
    return profile, wanted


def rate(assessment, wanted, *, everything: bool) -> None:
    for rating in Rating.objects.filter(assessment=assessment).select_related("competency"):
        item = wanted[rating.competency.code]
        level = item["level"]
        rating.level = level if level is not None or not everything else 0
        rating.save(update_fields=["level"])


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=framework)
def test_every_entry_point_scores_a_draft_and_a_submitted_assessment_alike(
    spec, engineer, manager, team
):
    with transaction.atomic():
        profile, wanted = build(spec)
        draft = services.assessment_start(engineer=engineer, role_profile=profile)
        rate(draft, wanted, everything=False)

        report = selectors.assessment_data(draft).report
        assert [c.code for c in report.competencies] == sorted(
            wanted,
            key=lambda code: (
                Competency.objects.select_related("area").get(code=code).area.order,
                Competency.objects.get(code=code).area.code,
                wanted[code]["order"],
                code,
            ),
        )
        assert selectors.draft_progress(draft).overall == report.overall
        assert selectors.draft_progress_orm(draft).overall == report.overall
        assert selectors.rating_page(draft).progress.overall == report.overall
        (summary,) = selectors.assessment_summaries([draft])
        assert summary.overall == report.overall

        rate(draft, wanted, everything=True)
        submitted = services.assessment_submit(user=engineer, assessment=draft)
        for rating in Rating.objects.filter(assessment=submitted).select_related("competency"):
            manager_level = wanted[rating.competency.code]["manager_level"]
            if manager_level is not None:
                services.review_save(
                    user=manager,
                    assessment=submitted,
                    competency_code=rating.competency.code,
                    level=manager_level,
                )
        submitted.refresh_from_db()

        report = selectors.assessment_data(submitted).report
        assert selectors.history_for(engineer)[-1].report == report
        (summary,) = selectors.assessment_summaries([submitted])
        assert summary.overall == report.overall
        (member,) = [m for m in team_data(team).members if m.user.pk == engineer.pk]
        assert member.report == report
        transaction.set_rollback(True)
