"""Big teams, built fast with bulk_create, for query budgets and benchmarks."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from assessments.models import Assessment, Rating
from org.models import Team
from roles.models import ProfileTarget, RoleProfile

PROFILES = ("startup-generalist", "enterprise-prompt-rag", "regulated-industry")


def bulk_team(manager, size: int, *, name: str | None = None, prefix: str | None = None) -> Team:
    """A team of ``size`` members managed by ``manager``: most with a submitted
    (some reviewed) assessment against one of three profiles, an older one for
    every fifth member, no assessment for every tenth; ratings vary so that
    gaps, strengths and single points of failure all appear."""
    prefix = prefix or f"t{size}"
    team = Team.objects.create(name=name or f"Team of {size}")
    team.managers.add(manager)
    users = User.objects.bulk_create(
        [
            User(
                username=f"{prefix}-member-{i:04d}",
                first_name=f"Member {i:04d}",
                last_name=prefix,
                password="!",  # noqa: S106 -- unusable, as set_unusable_password() leaves it
            )
            for i in range(size)
        ]
    )
    team.members.add(*users)
    profiles = {p.code: p for p in RoleProfile.objects.filter(code__in=PROFILES)}
    targets = {
        code: list(ProfileTarget.objects.filter(profile__code=code).order_by("pk"))
        for code in PROFILES
    }
    now = timezone.now()
    assessments = []
    for i, user in enumerate(users):
        if i % 10 == 9:
            continue  # never submitted
        profile = profiles[PROFILES[i % len(PROFILES)]]
        if i % 5 == 0:
            assessments.append(
                Assessment(
                    engineer=user,
                    role_profile=profile,
                    status=Assessment.Status.SUBMITTED,
                    submitted_at=now - timedelta(days=400 + i % 30),
                )
            )
        reviewed = i % 4 == 0
        assessments.append(
            Assessment(
                engineer=user,
                role_profile=profile,
                status=Assessment.Status.REVIEWED if reviewed else Assessment.Status.SUBMITTED,
                submitted_at=now - timedelta(days=(i * 7) % 300),
                reviewed_at=now if reviewed else None,
            )
        )
    assessments = Assessment.objects.bulk_create(assessments)
    ratings = []
    for n, assessment in enumerate(assessments):
        reviewed = assessment.status == Assessment.Status.REVIEWED
        for j, t in enumerate(targets[assessment.role_profile.code]):
            level = (n * 3 + j * 7) % 5
            ratings.append(
                Rating(
                    assessment=assessment,
                    competency_id=t.competency_id,
                    level=level,
                    manager_level=(level + j) % 5 if reviewed else None,
                    reviewed_by=manager if reviewed else None,
                    target=t.target,
                    weight=t.weight,
                )
            )
    Rating.objects.bulk_create(ratings, batch_size=2000)
    return team
