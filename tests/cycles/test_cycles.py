"""Opening, preparing, showing and closing a review cycle (SPEC §11)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from assessments.models import Assessment
from cycles import selectors, services
from cycles.models import Cycle, Delivery, Event, Invitation
from tests.factories import UserFactory, draft, rate, submitted

pytestmark = pytest.mark.django_db


def test_opening_invites_every_member_with_a_draft_from_their_previous_assessment(
    engineer, teammate, manager, team, open_cycle
):
    previous = submitted(engineer, "enterprise-prompt-rag", level=3)
    kept = draft(teammate)
    cycle = open_cycle(manager, [team])
    invitations = {i.engineer_id: i for i in Invitation.objects.filter(cycle=cycle)}
    assert set(invitations) == {engineer.pk, teammate.pk}
    prepared = invitations[engineer.pk].assessment
    assert prepared.is_draft and prepared.pk != previous.pk
    assert prepared.role_profile_id == previous.role_profile_id  # same profile
    assert set(prepared.ratings.values_list("level", flat=True)) == {3}  # carried over
    assert invitations[teammate.pk].assessment_id == kept.pk  # an open draft is kept
    assert Assessment.objects.filter(engineer=teammate).count() == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([engineer.email, teammate.email])
    assert cycle.prepared_at is not None


def test_the_cycle_page_shows_each_members_state_with_counts(
    client_for, engineer, teammate, manager, team, open_cycle
):
    submitted(engineer)
    cycle = open_cycle(manager, [team])
    invitation = Invitation.objects.get(cycle=cycle, engineer=engineer)
    page = selectors.cycle_page(cycle, today=cycle.self_due)
    states = {row.engineer.pk: row.state for row in page.rows}
    # The engineer's prepared draft is untouched, the teammate has none: not started.
    assert states == {engineer.pk: "not_started", teammate.pk: "not_started"}
    rate(engineer, invitation.assessment, "programming.python", 4)
    page = selectors.cycle_page(cycle, today=cycle.self_due + timedelta(days=1))
    states = {row.engineer.pk: row.state for row in page.rows}
    assert states[engineer.pk] == "draft"
    assert page.overdue == 2
    response = client_for(manager).get(reverse("cycles:detail", args=[cycle.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Q4 2026" in html and engineer.display_name in html and "not started" in html


def test_every_state_is_shown(engineer, manager, team, open_cycle, today):
    from assessments import services as assessment_services

    first = submitted(engineer)
    cycle = open_cycle(manager, [team])
    invitation = Invitation.objects.get(cycle=cycle, engineer=engineer)
    Invitation.objects.filter(pk=invitation.pk).update(assessment=first)

    def state():
        return next(
            r.state for r in selectors.cycle_page(cycle, today=today).rows if r.engineer == engineer
        )

    assert state() == "submitted"
    assessment_services.review_save(
        user=manager, assessment=first, competency_code="programming.python", level=3
    )
    assert state() == "in_review"
    assessment_services.review_complete(user=manager, assessment=first, agree_remaining=True)
    assert state() == "reviewed"
    assessment_services.assessment_acknowledge(user=engineer, assessment=first)
    assert state() == "acknowledged"


def test_the_cycle_page_runs_the_same_queries_for_few_or_many_members(
    client_for, manager, team, open_cycle, django_assert_num_queries
):
    cycle = open_cycle(manager, [team])
    client = client_for(manager)
    url = reverse("cycles:detail", args=[cycle.pk])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(12):
        user = UserFactory(username=f"member{i}", email="" if i % 3 == 0 else f"m{i}@example.com")
        team.members.add(user)
        submitted(user)
        Invitation.objects.create(cycle=cycle, engineer=user)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_a_member_without_an_address_is_skipped_and_shown_not_an_error(
    client_for, engineer, manager, team, open_cycle
):
    engineer.email = ""
    engineer.save()
    cycle = open_cycle(manager, [team])
    delivery = Delivery.objects.get(recipient=engineer, event=Event.CYCLE_OPENED)
    assert delivery.status == Delivery.Status.SKIPPED
    assert delivery.skip_reason == Delivery.Skip.NO_ADDRESS
    assert [m.to for m in mail.outbox] == [["teammate@example.com"]]
    html = client_for(manager).get(reverse("cycles:detail", args=[cycle.pk])).content.decode()
    assert 'id="no-address"' in html and engineer.display_name in html


def test_engineers_see_the_cycle_and_its_due_date_on_their_home_page(
    client_for, engineer, manager, team, open_cycle
):
    submitted(engineer)
    cycle = open_cycle(manager, [team])
    html = client_for(engineer).get("/").content.decode()
    assert f'id="home-cycle-{cycle.pk}"' in html
    assert "Q4 2026" in html and "your self-assessment is due" in html
    invitation = Invitation.objects.get(cycle=cycle, engineer=engineer)
    assert reverse("assessments:rate", args=[invitation.assessment_id]) in html


def test_closing_keeps_the_record_and_stops_reminders(client_for, manager, team, open_cycle):
    cycle = open_cycle(manager, [team])
    client = client_for(manager)
    response = client.post(reverse("cycles:close", args=[cycle.pk]))
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.closed_at is not None
    assert Invitation.objects.filter(cycle=cycle).count() == 2
    assert client.get(reverse("cycles:detail", args=[cycle.pk])).status_code == 200
    again = client.post(reverse("cycles:close", args=[cycle.pk]))
    assert again.status_code == 409
    assert "closed already" in again.content.decode()


# --- the form and its bad input -----------------------------------------------------


def _post(client, team, today, **fields):
    data = {
        "name": "Q4 2026",
        "teams": [team.pk],
        "self_due": (today + timedelta(days=7)).isoformat(),
        "review_due": (today + timedelta(days=14)).isoformat(),
    } | fields
    return client.post(reverse("cycles:new"), data)


def test_a_manager_opens_a_cycle_through_the_form(
    client_for, manager, team, today, django_capture_on_commit_callbacks
):
    client = client_for(manager)
    page = client.get(reverse("cycles:new"))
    assert page.status_code == 200
    assert 'maxlength="120"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, team, today)
    cycle = Cycle.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cycles/{cycle.pk}/"
    assert list(cycle.teams.all()) == [team]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"self_due": "2020-01-01"}, "cannot be in the past"),
        ({"review_due": "2020-01-01"}, "cannot be in the past"),
        ({"review_due": "__self_minus_one__"}, "The review is due after the self-assessment"),
        ({"name": "Q4\r\nBcc: victim@example.com"}, "one line of text"),
        ({"name": "   "}, "This field is required"),
        ({"name": "x" * 121}, "at most 120 characters"),
        ({"self_due": "not a date"}, "Enter a valid date"),
        ({"teams": []}, "This field is required"),
    ],
)
def test_bad_input_is_a_clear_form_error_and_nothing_is_saved(
    client_for, manager, team, today, fields, message
):
    if fields.get("review_due") == "__self_minus_one__":
        fields = {"review_due": (today + timedelta(days=6)).isoformat()}
    response = _post(client_for(manager), team, today, **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Cycle.objects.exists()
    # What the user typed is shown again.
    if "name" in fields and fields["name"].strip() and len(fields["name"]) < 121:
        assert "Q4" in response.content.decode()


def test_a_cycle_for_a_team_the_user_does_not_manage_is_refused(
    client_for, manager, team, other_team, other_manager, engineer, today
):
    response = _post(client_for(manager), other_team, today)
    assert response.status_code == 404  # what one may not see is 404
    assert not Cycle.objects.exists()
    both = _post(client_for(manager), team, today, teams=[team.pk, other_team.pk])
    assert both.status_code == 404 and not Cycle.objects.exists()
    assert _post(client_for(manager), team, today, teams=["987654"]).status_code == 404
    garbage = _post(client_for(manager), team, today, teams=["x' OR 1=1", "9" * 40])
    assert garbage.status_code == 400 and not Cycle.objects.exists()
    with pytest.raises(PermissionDenied):
        services.cycle_open(
            user=manager,
            name="Q4",
            teams=[other_team],
            self_due=today,
            review_due=today,
        )
    assert client_for(engineer).get(reverse("cycles:new")).status_code == 404


def test_another_teams_cycle_is_404(client_for, manager, other_manager, team, open_cycle):
    cycle = open_cycle(manager, [team])
    assert (
        client_for(other_manager).get(reverse("cycles:detail", args=[cycle.pk])).status_code == 404
    )
    assert (
        client_for(other_manager).post(reverse("cycles:close", args=[cycle.pk])).status_code == 404
    )


def test_an_administrator_opens_a_cycle_for_any_team(staff, other_team, open_cycle):
    cycle = open_cycle(staff, [other_team])
    assert list(cycle.invitations.values_list("engineer__username", flat=True)) == ["outsider"]


def test_the_demo_has_the_cycle_q4_2026_open_for_platform_ai(django_capture_on_commit_callbacks):
    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", verbosity=0)
    cycle = Cycle.objects.get(name="Q4 2026")
    assert cycle.is_open and [t.name for t in cycle.teams.all()] == ["Platform AI"]
    invited = set(cycle.invitations.values_list("engineer__username", flat=True))
    assert invited == {"eko", "sari", "dimas"}
    assert all(i.assessment is not None for i in cycle.invitations.all())
    opened = [m for m in mail.outbox if "Q4 2026" in m.subject]
    assert len(opened) == 3
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", verbosity=0)  # again: nothing more
    assert Cycle.objects.count() == 1 and len(mail.outbox) == sent


def test_the_home_page_runs_the_same_queries_for_one_cycle_or_four(
    client_for, engineer, manager, team, open_cycle
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    submitted(engineer)
    open_cycle(manager, [team])
    for client in (client_for(engineer), client_for(manager)):
        client.get("/")
    counts = {}
    for who in (engineer, manager):
        client = client_for(who)
        with CaptureQueriesContext(connection) as few:
            client.get("/")
        counts[who.username] = len(few.captured_queries)
    for n in range(3):
        open_cycle(manager, [team], name=f"Extra {n}")
    for who in (engineer, manager):
        client = client_for(who)
        with CaptureQueriesContext(connection) as many:
            html = client.get("/").content.decode()
        assert (
            html.count(
                'class="list-group-item d-flex flex-wrap justify-content-between align-items-center gap-2 home-cycle"'
            )
            == 4
        )
        assert len(many.captured_queries) == counts[who.username], who.username


def test_a_member_who_submits_another_assessment_is_followed_through_it(
    engineer, teammate, manager, team, open_cycle, django_capture_on_commit_callbacks, today
):
    cycle = open_cycle(manager, [team])  # neither has an assessment: nothing prepared
    with django_capture_on_commit_callbacks(execute=True):
        own = submitted(teammate, "enterprise-prompt-rag")
    invitation = Invitation.objects.get(cycle=cycle, engineer=teammate)
    assert invitation.assessment_id == own.pk
    state = {r.engineer.pk: r.state for r in selectors.cycle_page(cycle, today=today).rows}
    assert state == {teammate.pk: "submitted", engineer.pk: "not_started"}
