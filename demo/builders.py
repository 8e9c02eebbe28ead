"""Big teams, built fast with bulk_create, for query budgets and benchmarks."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from assessments.models import Assessment, Rating
from org.models import Team
from roles.models import ProfileTarget, RoleProfile
from teams.summaries import summarise

PROFILES = ("startup-generalist", "enterprise-prompt-rag", "regulated-industry")
UNUSABLE = "!"  # noqa: S105 -- an unusable password, as set_unusable_password() leaves it


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
                latest=True,  # newer than the one of 400 days ago (``mark_latest``)
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
    summarise(Assessment.objects.filter(engineer__in=users))
    return team


def bulk_org(
    head,
    *,
    teams: int,
    members: int,
    depth: int = 4,
    quarters: int = 8,
    prefix: str = "org",
) -> Team:
    """An organisation of ``teams`` teams in a tree ``depth`` levels deep,
    headed by ``head`` (manager of the root), each team with its own manager
    and about ``members / teams`` members; every member has one assessment a
    quarter for ``quarters`` quarters, all reviewed but the latest of every
    third member (submitted); levels rise a little over time, so the trends
    move. Bulk writes only; returns the root team."""
    from org.models import rebuild_links

    branching = 1
    while sum(branching**level for level in range(depth)) < teams:
        branching += 1
    managers = User.objects.bulk_create(
        [
            User(
                username=f"{prefix}-manager-{i:04d}",
                first_name="Manager",
                last_name=f"{i:04d}",
                password=UNUSABLE,
            )
            for i in range(1, teams)
        ]
    )
    root = Team.objects.create(name=f"{prefix} root")
    root.managers.add(head)
    levels = [[root]]
    made = 1
    while made < teams:
        level = []
        for parent in levels[-1]:
            for _ in range(branching):
                if made + len(level) >= teams:
                    break
                level.append(Team(name=f"{prefix} team {made + len(level):04d}", parent=parent))
        level = Team.objects.bulk_create(level)
        made += len(level)
        levels.append(level)
    every = [team for level in levels for team in level]
    Through = Team.managers.through
    Through.objects.bulk_create(
        [
            Through(team_id=team.pk, user_id=manager.pk)
            for team, manager in zip(every[1:], managers, strict=True)
        ]
    )
    rebuild_links()
    users = User.objects.bulk_create(
        [
            User(
                username=f"{prefix}-member-{i:05d}",
                first_name=f"Member {i:05d}",
                last_name=prefix,
                password=UNUSABLE,
            )
            for i in range(members)
        ],
        batch_size=2000,
    )
    Members = Team.members.through
    Members.objects.bulk_create(
        [
            Members(team_id=every[i % len(every)].pk, user_id=user.pk)
            for i, user in enumerate(users)
        ],
        batch_size=5000,
    )
    profiles = {p.code: p for p in RoleProfile.objects.filter(code__in=PROFILES)}
    targets = {
        code: list(ProfileTarget.objects.filter(profile__code=code).order_by("pk"))
        for code in PROFILES
    }
    now = timezone.now()
    reviewer = {
        user.pk: managers[i % len(managers)] if managers else head for i, user in enumerate(users)
    }
    for start in range(0, len(users), 500):
        chunk = users[start : start + 500]
        assessments = []
        for i, user in enumerate(chunk, start=start):
            profile = profiles[PROFILES[i % len(PROFILES)]]
            for q in range(quarters):
                latest = q == quarters - 1
                reviewed = not (latest and i % 3 == 0)
                when = now - timedelta(days=91 * (quarters - 1 - q) + (i % 40))
                assessments.append(
                    Assessment(
                        engineer=user,
                        role_profile=profile,
                        status=Assessment.Status.REVIEWED
                        if reviewed
                        else Assessment.Status.SUBMITTED,
                        submitted_at=when,
                        reviewed_at=when + timedelta(days=3) if reviewed else None,
                        latest=latest,  # the newest (``mark_latest``)
                    )
                )
        assessments = Assessment.objects.bulk_create(assessments, batch_size=2000)
        ratings = []
        for n, assessment in enumerate(assessments):
            reviewed = assessment.status == Assessment.Status.REVIEWED
            q = n % quarters
            for j, t in enumerate(targets[assessment.role_profile.code]):
                level = min(4, (n * 3 + j * 7) % 4 + q // 3)
                ratings.append(
                    Rating(
                        assessment=assessment,
                        competency_id=t.competency_id,
                        level=level,
                        manager_level=max(0, level - (j % 2)) if reviewed else None,
                        reviewed_by=reviewer[assessment.engineer_id] if reviewed else None,
                        target=t.target,
                        weight=t.weight,
                    )
                )
        Rating.objects.bulk_create(ratings, batch_size=5000)
    summarise(Assessment.objects.filter(engineer__in=users))
    return root
