"""The scene of the security tests: an engineer with an assessment in every
state (draft, submitted, in review, reviewed, acknowledged), in a team with a
teammate and their manager; a parent team above it with its own manager (a
head of department) and a people partner; another team with its own manager
and member; an administrator."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from api.models import ApiToken
from assessments import services
from assessments.models import Assessment, Goal, Rating
from cycles.models import Cycle, Invitation, Preferences
from tests.factories import department_above, draft, rate_all, submitted

CODE = "programming.python"
ROLES = (
    "anonymous",
    "owner",
    "teammate",
    "manager",
    "head",
    "partner",
    "other_manager",
    "outsider",
    "staff",
)
# Those who see the team read-only: never a draft, never a review.
OVERSEERS = ("head", "partner")


@dataclass
class Scene:
    users: dict
    team: object
    other_team: object
    draft: Assessment
    submitted: Assessment
    in_review: Assessment
    reviewed: Assessment
    acknowledged: Assessment
    code: str = CODE
    cycle: object = None  # a review cycle of ``team``, opened by its manager
    api_token: object = None  # a personal API token of the engineer (the matrix makes it)

    def client(self, role: str, **kwargs) -> Client:
        client = Client(**kwargs)
        if role != "anonymous":
            client.force_login(self.users[role])
        return client


@pytest.fixture
def scene(engineer, teammate, manager, other_manager, outsider, staff, team, other_team):
    _department, head, partner = department_above(team, head="head", partner="partner")
    first = submitted(engineer)
    in_review, reviewed, acknowledged = (submitted(engineer) for _ in range(3))
    for assessment in (in_review, reviewed, acknowledged):
        services.review_save(
            user=manager, assessment=assessment, competency_code=CODE, level=3, comment="Solid"
        )
    for assessment in (reviewed, acknowledged):
        services.review_complete(user=manager, assessment=assessment, agree_remaining=True)
    services.assessment_acknowledge(user=engineer, assessment=acknowledged, comment="Read")
    for assessment in (in_review, reviewed, acknowledged):
        assessment.refresh_from_db()
    current = draft(engineer)
    rate_all(current, level=2)
    cycle = Cycle.objects.create(
        name="Q4 2026",
        self_due=timezone.localdate() + timedelta(days=7),
        review_due=timezone.localdate() + timedelta(days=14),
        opened_by=manager,
        prepared_at=timezone.now(),
    )
    cycle.teams.set([team])
    Invitation.objects.create(cycle=cycle, engineer=engineer, assessment=current)
    return Scene(
        cycle=cycle,
        users={
            "owner": engineer,
            "teammate": teammate,
            "manager": manager,
            "head": head,
            "partner": partner,
            "other_manager": other_manager,
            "outsider": outsider,
            "staff": staff,
        },
        team=team,
        other_team=other_team,
        draft=current,
        submitted=first,
        in_review=in_review,
        reviewed=reviewed,
        acknowledged=acknowledged,
    )


@pytest.fixture
def quick_pdf(monkeypatch):
    """The print templates still render; WeasyPrint's layout, which takes
    seconds and says nothing about who may see the PDF, is skipped."""
    import weasyprint
    from django.core.cache import cache

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", lambda self, *a, **k: b"%PDF-1.7\n%%EOF\n")
    yield
    cache.clear()  # no stand-in PDF stays in the report cache for later tests


def fingerprint():
    """Everything a user could have changed: assessments, ratings, goals,
    review cycles, e-mail preferences and API tokens."""
    return (
        list(
            Assessment.objects.order_by("pk").values_list(
                "pk",
                "status",
                "role_profile_id",
                "submitted_at",
                "reviewed_at",
                "review_completed_by_id",
                "acknowledged_at",
                "acknowledgement",
            )
        ),
        list(
            Rating.objects.order_by("pk").values_list(
                "pk",
                "level",
                "evidence",
                "manager_level",
                "manager_comment",
                "manager_agreed",
                "reviewed_by_id",
                "revision",
                "manager_revision",
                "target",
                "weight",
            )
        ),
        list(
            Goal.objects.order_by("pk").values_list("pk", "text", "due_date", "status", "revision")
        ),
        list(Cycle.objects.order_by("pk").values_list("pk", "name", "closed_at")),
        list(Preferences.objects.order_by("pk").values_list("pk", "user_id", "reminders")),
        list(
            ApiToken.objects.order_by("pk").values_list(
                "pk", "name", "user_id", "read_write", "expires_at", "revoked_at"
            )
        ),
    )
