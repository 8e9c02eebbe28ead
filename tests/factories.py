"""factory_boy factories and small builders for assessments in a given state."""

import factory

from accounts.models import User
from assessments import services
from assessments.models import Assessment, Rating
from org.models import Team
from roles.models import Competency, CompetencyArea, ProfileTarget, RoleProfile

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create and results:
            instance.save(update_fields=["password"])


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")


def department_above(team: Team, *, head: str = "hana", partner: str = "wati"):
    """The department "AI Engineering" made the parent of ``team``: its head
    (a manager, Hana Head) and its people partner (Wati Partner) have the
    usernames ``head`` and ``partner``. Returns (department, head, partner)."""
    head_user = UserFactory(username=head, first_name="Hana", last_name="Head")
    partner_user = UserFactory(username=partner, first_name="Wati", last_name="Partner")
    department = TeamFactory(name="AI Engineering")
    department.managers.add(head_user)
    department.people_partners.add(partner_user)
    team.parent = department
    team.save()
    return department, head_user, partner_user


def profile(code: str = "startup-generalist") -> RoleProfile:
    return RoleProfile.objects.get(code=code)


def draft(engineer, profile_code: str = "startup-generalist") -> Assessment:
    return services.assessment_start(engineer=engineer, role_profile=profile(profile_code))


def rate_all(assessment: Assessment, level=2, levels: dict | None = None) -> None:
    """Give every competency of the draft a self-rating (``levels`` by code override)."""
    levels = levels or {}
    ratings = list(Rating.objects.filter(assessment=assessment).select_related("competency"))
    for rating in ratings:
        rating.level = levels.get(rating.competency.code, level)
    Rating.objects.bulk_update(ratings, ["level"])


def submitted(
    engineer, profile_code: str = "startup-generalist", level=2, levels=None
) -> Assessment:
    assessment = draft(engineer, profile_code)
    rate_all(assessment, level=level, levels=levels)
    return services.assessment_submit(user=engineer, assessment=assessment)


def targets(profile_code: str = "startup-generalist") -> dict[str, ProfileTarget]:
    return {
        t.competency.code: t
        for t in ProfileTarget.objects.filter(profile__code=profile_code).select_related(
            "competency"
        )
    }


def rate(engineer, assessment: Assessment, code: str, level, **fields):
    """The engineer's self-rating (and ``evidence``) of one competency, saved by the service."""
    return services.rating_save(
        user=engineer, assessment=assessment, competency_code=code, level=level, **fields
    )


def review(manager, assessment: Assessment, code: str, level, **fields):
    """The manager's rating (and ``comment``) of one competency, saved by the service."""
    return services.review_save(
        user=manager, assessment=assessment, competency_code=code, level=level, **fields
    )


def competency_count(profile_code: str = "startup-generalist") -> int:
    """How many competencies a profile of the loaded framework targets (every
    default profile targets each active competency once)."""
    return ProfileTarget.objects.filter(profile__code=profile_code).count()


def add_rated_competencies(assessment: Assessment, count: int, area_code: str = "database"):
    """``count`` more competencies in an area, targeted by the assessment's
    profile and rated in it: a bigger framework for the query budgets."""
    area = CompetencyArea.objects.get(code=area_code)
    for n in range(count):
        competency = Competency.objects.create(
            area=area, code=f"{area_code}.extra-{n}", name=f"Extra {n}", order=50 + n
        )
        ProfileTarget.objects.create(
            profile=assessment.role_profile, competency=competency, target=2, weight=1
        )
        Rating.objects.create(assessment=assessment, competency=competency, level=n % 5)
