"""Health check, sign-in, sign-out, home and the demo organisation."""

import re

import pytest
from django.core.management import call_command
from django.test import override_settings

from accounts.models import User
from assessments.models import VISIBLE_TO_MANAGER, Assessment, Rating
from org.models import Team


def test_healthz_answers_ok_without_sign_in(client, db):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_anonymous_home_goes_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_sign_in_page_has_username_and_password(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="login"' in html and 'name="password"' in html


@pytest.mark.django_db
def test_sign_in_with_username_and_password_reaches_home(client, engineer, password):
    response = client.post(
        "/accounts/login/", {"login": "engineer", "password": password}, follow=True
    )
    assert response.status_code == 200
    assert response.wsgi_request.user == engineer
    assert "My assessments" in response.content.decode()


@pytest.mark.django_db
def test_a_refused_sign_in_ties_both_fields_to_its_message(client, engineer):
    response = client.post("/accounts/login/", {"login": "engineer", "password": "wrong"})
    assert response.status_code == 200
    html = response.content.decode()
    message = re.search(
        r'<div class="alert[^"]*" role="alert" id="form-errors">(.*?)</div>', html, re.S
    )
    assert message and "not correct" in message.group(1)
    for name in ("login", "password"):
        field = re.search(rf'<input [^>]*name="{name}"[^>]*>', html).group(0)
        assert 'aria-invalid="true"' in field
        assert re.search(r'aria-describedby="(?:[^"]* )?form-errors[ "]', field), field
    # Before a refusal nothing is marked; the button has its busy words.
    fresh = client.get("/accounts/login/").content.decode()
    assert "aria-invalid" not in fresh
    assert 'data-busy="Signing in…">Sign in</button>' in fresh


@pytest.mark.django_db
def test_sign_out_is_a_post(client_for, engineer):
    client = client_for(engineer)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_every_page_sends_a_csp_without_unsafe_inline_script(client):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
    assert "frame-ancestors 'none'" in policy


def demo_rows():
    return (
        User.objects.count(),
        Team.objects.count(),
        Assessment.objects.count(),
        Rating.objects.count(),
        list(Assessment.objects.order_by("pk").values_list("engineer__username", "status")),
    )


@pytest.mark.django_db
def test_seed_demo_twice_leaves_the_same_rows():
    call_command("seed_demo", verbosity=0)
    first = demo_rows()
    call_command("seed_demo", verbosity=0)
    assert demo_rows() == first


@pytest.mark.django_db
def test_seed_demo_builds_the_team_tree_of_the_spec():
    call_command("seed_demo", verbosity=0)
    department = Team.objects.get(name="AI Engineering")
    assert {u.username for u in department.managers.all()} == {"hana"}
    assert {u.username for u in department.people_partners.all()} == {"wati"}
    assert {t.name for t in department.children.all()} == {"Platform AI", "Applied AI"}
    applied = Team.objects.get(name="Applied AI")
    assert {u.username for u in applied.managers.all()} == {"budi"}
    assert {u.username for u in applied.members.all()} == {"citra", "fajar"}
    assert Assessment.objects.filter(engineer__username="citra", status="acknowledged").exists()
    assert Assessment.objects.filter(engineer__username="fajar", status="submitted").exists()
    # A team moved by someone stays where they put it.
    platform = Team.objects.get(name="Platform AI")
    platform.parent = None
    platform.save()
    call_command("seed_demo", verbosity=0)
    platform.refresh_from_db()
    assert platform.parent_id is None


@pytest.mark.django_db
def test_seed_demo_builds_the_organisation_of_the_spec():
    call_command("seed_demo", verbosity=0)
    team = Team.objects.get(name="Platform AI")
    assert {u.username for u in team.managers.all()} == {"maya"}
    assert {u.username for u in team.members.all()} == {"eko", "sari", "dimas"}
    for username in ("eko", "sari", "dimas"):
        assert Assessment.objects.filter(
            engineer__username=username, status__in=VISIBLE_TO_MANAGER
        ).exists()
    assert Assessment.objects.filter(
        status="reviewed", ratings__reviewed_by__username="maya"
    ).exists()
    assert (
        Assessment.objects.filter(engineer__username__in=["eko", "sari", "dimas"])
        .values("engineer")
        .distinct()
        .count()
        == 3
    )
    assert any(
        Assessment.objects.filter(engineer__username=u, status__in=VISIBLE_TO_MANAGER).count() >= 2
        for u in ("eko", "sari", "dimas")
    )
    lina = User.objects.get(username="lina")
    assert Assessment.objects.filter(engineer=lina, status="draft").exists()
    assert not lina.teams.filter(managers__username="maya").exists()
    assert User.objects.get(username="admin").is_staff
    assert User.objects.get(username="maya").check_password("skillgap-demo")


@pytest.mark.django_db
def test_demo_accounts_are_refused_when_not_allowed(client):
    call_command("seed_demo", verbosity=0)
    with override_settings(ALLOW_DEMO_ACCOUNTS=False):
        response = client.post("/accounts/login/", {"login": "maya", "password": "skillgap-demo"})
        assert response.status_code == 200
        assert not response.wsgi_request.user.is_authenticated
    response = client.post("/accounts/login/", {"login": "maya", "password": "skillgap-demo"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_pages_load_htmx_without_the_debug_helper_even_in_debug(client, settings):
    # django-htmx's DEBUG helper swaps the whole page for any 4xx answer, and
    # autosave rows answer 400/409 by design.
    settings.DEBUG = True
    html = client.get("/accounts/login/").content.decode()
    assert "django_htmx/htmx-2.min.js" in html
    assert "django-htmx.js" not in html
