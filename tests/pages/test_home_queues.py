"""The top of the home page: what waits for a manager (assessments to review,
reviews in progress) and an engineer's one next step (the draft, the review
to acknowledge, the goals due). Who sees what, and the same number of queries
whatever the number of members, assessments or goals."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from accounts.models import User
from assessments import queues, services
from assessments.models import Assessment, Goal, Rating
from roles.models import Competency, ProfileTarget, RoleProfile
from tests.factories import draft, review, submitted

pytestmark = pytest.mark.django_db


def home(client):
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        html = home(client)
    return len(captured), html


def waiting_members(team, count: int, *, in_review: int = 0, start: int = 0) -> list[Assessment]:
    """``count`` new members of ``team`` with a submitted assessment each (the
    first ``in_review`` of them in review, with every other competency rated
    by the manager), built in bulk."""
    profile = RoleProfile.objects.get(code="startup-generalist")
    targets = list(ProfileTarget.objects.filter(profile=profile).order_by("pk"))
    users = User.objects.bulk_create(
        [
            User(username=f"waiting-{start + i:03d}", first_name=f"Waiting {start + i:03d}")
            for i in range(count)
        ]
    )
    team.members.add(*users)
    now = timezone.now()
    assessments = Assessment.objects.bulk_create(
        [
            Assessment(
                engineer=user,
                role_profile=profile,
                status=Assessment.Status.IN_REVIEW
                if i < in_review
                else Assessment.Status.SUBMITTED,
                submitted_at=now - timedelta(days=count - i),
            )
            for i, user in enumerate(users)
        ]
    )
    Rating.objects.bulk_create(
        [
            Rating(
                assessment=a,
                competency_id=t.competency_id,
                level=2,
                manager_level=(3 if a.status == Assessment.Status.IN_REVIEW and j % 2 else None),
                target=t.target,
                weight=t.weight,
            )
            for a in assessments
            for j, t in enumerate(targets)
        ]
    )
    return assessments


def reviewed(engineer, manager) -> Assessment:
    assessment = submitted(engineer)
    return services.review_complete(user=manager, assessment=assessment, agree_remaining=True)


def goal(assessment, n: int, *, due_in: int | None, status=Goal.Status.IN_PROGRESS, text=None):
    competency = Competency.objects.filter(ratings__assessment=assessment).order_by("pk")[n]
    return Goal.objects.create(
        assessment=assessment,
        competency=competency,
        text=text if text is not None else f"Goal {n}",
        due_date=None if due_in is None else timezone.localdate() + timedelta(days=due_in),
        status=status,
    )


# --- a manager's queue ----------------------------------------------------------


def test_a_manager_sees_first_the_submitted_assessments_waiting_oldest_first(
    client_for, manager, engineer, teammate, team
):
    newer = submitted(engineer)
    older = submitted(teammate, "enterprise-prompt-rag")
    Assessment.objects.filter(pk=older.pk).update(submitted_at=timezone.now() - timedelta(days=9))
    html = home(client_for(manager))
    assert "2 assessments wait for your review" in html
    # The queue comes before the teams and the manager's own assessments.
    assert (
        html.index('id="waiting"')
        < html.index("Teams I manage")
        < html.index("My assessments</h2>")
    )
    waiting = html[html.index('id="waiting"') : html.index("</ul>", html.index('id="waiting"'))]
    assert waiting.index(f"/assessments/{older.pk}/review/") < waiting.index(
        f"/assessments/{newer.pk}/review/"
    )
    assert escape(engineer.display_name) in waiting
    assert escape(older.role_profile.name) in waiting
    assert "submitted 1\xa0week, 2\xa0days ago" in waiting
    assert f'href="/assessments/{newer.pk}/review/">Review' in waiting


def test_a_review_in_progress_shows_how_far_it_went_and_continue(
    client_for, manager, engineer, team
):
    assessment = submitted(engineer)
    codes = list(
        Rating.objects.filter(assessment=assessment)
        .order_by("pk")
        .values_list("competency__code", flat=True)[:6]
    )
    for code in codes:
        review(manager, assessment, code, 3)
    total = Rating.objects.filter(assessment=assessment).count()
    html = home(client_for(manager))
    assert 'id="waiting"' not in html
    progress = html[html.index('id="in-progress"') :]
    assert f"6 of {total} rated" in progress
    assert f'href="/assessments/{assessment.pk}/review/">Continue review' in progress


def test_drafts_completed_and_acknowledged_reviews_are_never_in_the_queue(
    client_for, manager, engineer, teammate, team
):
    in_draft = draft(teammate)
    done = reviewed(engineer, manager)
    read = reviewed(teammate, manager)
    services.assessment_acknowledge(user=teammate, assessment=read)
    html = home(client_for(manager))
    assert 'id="queue-empty"' in html
    for assessment in (in_draft, done, read):
        assert f"/assessments/{assessment.pk}/review/" not in html
    assert queues.manager_queue(manager).empty


def test_an_assessment_followed_by_a_newer_one_waits_no_more(
    client_for, manager, engineer, teammate, team
):
    old = submitted(engineer)
    Assessment.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - timedelta(days=200))
    old_started = submitted(teammate)
    Assessment.objects.filter(pk=old_started.pk).update(
        submitted_at=timezone.now() - timedelta(days=100)
    )
    review(
        manager, old_started, Rating.objects.filter(assessment=old_started)[0].competency.code, 2
    )
    client = client_for(manager)
    assert f"/assessments/{old.pk}/review/" in home(client)
    newer = reviewed(engineer, manager)
    latest = submitted(teammate)
    html = home(client)
    for superseded in (old, old_started, newer):
        assert f"/assessments/{superseded.pk}/review/" not in html
    assert "1 assessment waits for your review" in html
    assert f"/assessments/{latest.pk}/review/" in html
    assert 'id="in-progress"' not in html


def test_a_manager_of_another_team_sees_none_of_these(
    client_for, manager, engineer, teammate, team, other_manager, other_team
):
    submitted(engineer)
    started = submitted(teammate)
    review(manager, started, Rating.objects.filter(assessment=started)[0].competency.code, 2)
    html = home(client_for(other_manager))
    assert 'id="queue-empty"' in html
    assert escape(engineer.display_name) not in html
    assert "/review/" not in html


def test_a_member_who_left_the_team_drops_out_of_the_queue(client_for, manager, engineer, team):
    assessment = submitted(engineer)
    client = client_for(manager)
    assert f"/assessments/{assessment.pk}/review/" in home(client)
    team.members.remove(engineer)
    html = home(client)
    assert f"/assessments/{assessment.pk}/review/" not in html
    assert 'id="queue-empty"' in html


def test_a_manager_is_never_asked_to_review_their_own_assessment(client_for, manager, team):
    team.members.add(manager)
    own = submitted(manager)
    html = home(client_for(manager))
    assert f"/assessments/{own.pk}/review/" not in html
    assert 'id="queue-empty"' in html


def test_an_engineer_who_manages_no_team_has_no_queue(client_for, engineer, team):
    html = home(client_for(engineer))
    assert "Waiting for you" not in html
    assert 'id="queue-empty"' not in html


def test_a_long_queue_shows_ten_and_folds_the_rest_away(client_for, manager, team):
    waiting_members(team, 14)
    html = home(client_for(manager))
    assert "14 assessments wait for your review" in html
    folded = html[html.index('class="mb-3 queue-more"') :]
    assert "Show 4 more" in folded
    assert folded.count(">Review<") == 4
    assert html.count(">Review<") == 14


@pytest.mark.parametrize("big", [50])
def test_a_managers_queue_runs_the_same_queries_for_5_or_50_members_waiting(
    client_for, manager, team, big
):
    client = client_for(manager)
    waiting_members(team, 5, in_review=2)
    home(client)
    few, html = queries(client)
    assert html.count(">Review<") == 3 and html.count(">Continue review<") == 2
    waiting_members(team, big - 5, in_review=8, start=5)
    many, html = queries(client)
    assert html.count(">Review<") == big - 10 and html.count(">Continue review<") == 10
    n = ProfileTarget.objects.filter(profile__code="startup-generalist").count()
    assert f"{n // 2} of {n}" in html  # the manager rated every other competency
    # 8: one more than before review cycles, the home page's cycle line (one query).
    assert few == many <= 8


# --- an engineer's next step ----------------------------------------------------


def test_a_draft_is_the_next_step_with_its_progress(client_for, engineer):
    assessment = draft(engineer, "regulated-industry")
    ratings = list(Rating.objects.filter(assessment=assessment).order_by("pk")[:6])
    Rating.objects.filter(pk__in=[r.pk for r in ratings]).update(level=1)
    total = Rating.objects.filter(assessment=assessment).count()
    html = home(client_for(engineer))
    step = html[html.index('id="next-step"') : html.index("My assessments</h2>")]
    assert "Your next step</h1>" in step
    assert escape(assessment.role_profile.name) in step
    assert f"6 of {total} rated" in step
    assert f'<progress class="home-progress mb-3" value="6" max="{total}"' in step
    assert f'href="/assessments/{assessment.pk}/">Continue rating' in step


def test_a_completed_review_is_the_next_step_until_it_is_acknowledged(
    client_for, engineer, manager, team
):
    assessment = reviewed(engineer, manager)
    client = client_for(engineer)
    html = home(client)
    step = html[html.index('id="next-step"') : html.index("My assessments</h2>")]
    assert "Your manager completed the review" in step
    assert f'href="/assessments/{assessment.pk}/report/#acknowledge">Read the review' in step
    # The link leads to the acknowledge form.
    report = client.get(f"/assessments/{assessment.pk}/report/").content.decode()
    assert 'id="acknowledge"' in report
    services.assessment_acknowledge(user=engineer, assessment=assessment, comment="Read it.")
    html = home(client)
    assert 'id="next-step"' not in html
    assert "My assessments</h1>" in html


def test_a_submitted_assessment_still_in_review_is_no_step(client_for, engineer, team):
    submitted(engineer)
    assert 'id="next-step"' not in home(client_for(engineer))


def test_goals_due_in_30_days_or_overdue_and_not_done_are_the_next_step(client_for, engineer):
    plan = submitted(engineer)
    goal(plan, 0, due_in=20, text="Ship the evaluation harness")
    goal(plan, 1, due_in=-3, text="Write the incident runbook")
    goal(plan, 2, due_in=5, status=Goal.Status.DONE, text="Already done")
    goal(plan, 3, due_in=45, text="Far away")
    goal(plan, 4, due_in=None, text="No date")
    goal(plan, 5, due_in=30, status=Goal.Status.NOT_STARTED, text="Last day of the window")
    goal(plan, 6, due_in=29, text="Fourth in line")
    html = home(client_for(engineer))
    step = html[html.index('id="next-step"') : html.index("My assessments</h2>")]
    assert "Write the incident runbook" in step
    assert "Ship the evaluation harness" in step
    assert "Fourth in line" in step
    for hidden in ("Already done", "Far away", "No date", "Last day of the window"):
        assert hidden not in step
    # Most urgent first, the overdue one marked.
    assert step.index("incident runbook") < step.index("evaluation harness") < step.index("Fourth")
    assert step.count(">overdue<") == 1
    assert f'href="/assessments/{plan.pk}/plan/">Open my development plan' in step


def test_only_the_latest_plans_goals_count(client_for, engineer):
    # (Unfinished goals are carried into the next assessment when it starts;
    # this one was added to the old plan afterwards.)
    old = submitted(engineer)
    latest = submitted(engineer)
    goal(old, 0, due_in=-60, text="An old plan's goal")
    Assessment.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - timedelta(days=200))
    assert 'id="next-step"' not in home(client_for(engineer))
    goal(latest, 0, due_in=2, text="This plan's goal")
    html = home(client_for(engineer))
    assert "This plan&#x27;s goal" in html
    assert "An old plan" not in html


def test_nothing_waiting_is_nothing_loud(client_for, engineer):
    plan = submitted(engineer)
    goal(plan, 0, due_in=90)
    html = home(client_for(engineer))
    assert 'id="next-step"' not in html
    assert "My assessments</h1>" in html


def test_an_engineers_next_step_runs_the_same_queries_for_1_or_10_goals(client_for, engineer):
    plan = submitted(engineer)
    client = client_for(engineer)
    goal(plan, 0, due_in=3)
    home(client)
    few, html = queries(client)
    assert html.count('<li class="mb-2">') == 1
    for n in range(1, 10):
        goal(plan, n, due_in=n)
    many, html = queries(client)
    assert html.count('<li class="mb-2">') == queues.GOALS_SHOWN
    # 8: one more than before review cycles, the home page's cycle line (one query).
    assert few == many <= 8


def test_a_managers_own_next_step_comes_after_their_queue(client_for, manager, engineer, team):
    submitted(engineer)
    draft(manager)
    html = home(client_for(manager))
    assert "Waiting for you</h1>" in html
    assert "Your next step</h2>" in html
    assert html.index('id="waiting"') < html.index('id="next-step"')
