"""The admin's "Import users and teams from CSV" page: linked from the team
list, a dry run then the same files applied, problems shown on the page with
their lines and the form kept, refused to anyone but a superuser or staff who
may change teams and users."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from org.models import Team
from tests.factories import UserFactory
from tests.org.helpers import PEOPLE_HEADER, fingerprint

pytestmark = pytest.mark.django_db

PAGE = "/admin/org/team/provision/"
EXAMPLES = Path(settings.BASE_DIR) / "docs" / "examples"


def send(client, mode="dry_run", remove_unlisted=False, **files):
    data = {"mode": mode}
    if remove_unlisted:
        data["remove_unlisted"] = "on"
    for name, content in files.items():
        data[name] = SimpleUploadedFile(f"{name}.csv", content, content_type="text/csv")
    return client.post(PAGE, data)


def example_files():
    return {
        "people": (EXAMPLES / "people.csv").read_bytes(),
        "teams": (EXAMPLES / "teams.csv").read_bytes(),
    }


def test_the_team_list_links_to_the_page(client_for, staff):
    page = client_for(staff).get("/admin/org/team/").content.decode()
    assert f'href="{PAGE}"' in page
    assert "Import users and teams from CSV" in page


def test_a_dry_run_shows_the_changes_then_applying_the_same_files_saves_them(client_for, staff):
    client = client_for(staff)
    form = client.get(PAGE)
    assert form.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in form.content.decode()

    before = fingerprint()
    dry = send(client, **example_files())
    assert dry.status_code == 200
    page = dry.content.decode()
    assert "Dry run: nothing was saved." in page
    assert "users: 5 created, 0 updated, 0 unchanged" in page
    assert "create managers maya → platform-ai" in page
    assert fingerprint() == before

    applied = send(client, mode="apply", **example_files())
    assert applied.status_code == 200
    assert "Saved." in applied.content.decode()
    assert Team.objects.get(code="applied-ml").parent.code == "ai-eng"
    assert User.objects.filter(username__in=["hana", "wati", "maya", "eko", "dewi"]).count() == 5

    again = send(client, mode="apply", **example_files())
    assert "In all: 0 created, 0 updated." in again.content.decode()


def test_problems_are_shown_with_their_lines_and_the_form_is_kept(client_for, staff):
    client = client_for(staff)
    bad = f"{PEOPLE_HEADER}\nana,not-an-email,Ana,,,,\nbudi,budi@example.com,,,xx,,\n".encode()
    before = fingerprint()
    response = send(client, mode="apply", people=bad)
    assert response.status_code == 400
    page = response.content.decode()
    assert "The files were refused and nothing changed:" in page
    assert "people.csv, line 2: The e-mail address &#x27;not-an-email&#x27; is not valid." in page
    assert "people.csv, line 3: The language &#x27;xx&#x27; is not one of en, id." in page
    # The form comes back as it was sent: "apply" still chosen.
    assert re.search(r'<input[^>]*value="apply"[^>]*checked', page)
    assert fingerprint() == before


def test_a_post_without_a_file_is_refused_with_a_message(client_for, staff):
    response = send(client_for(staff))
    assert response.status_code == 400
    assert "Choose a people file, a teams file or both." in response.content.decode()


def test_a_file_over_the_limit_is_refused_by_the_form(client_for, staff):
    response = send(client_for(staff), people=b"username,email\n" + b"a" * (2 * 1024 * 1024))
    assert response.status_code == 400
    assert "The file is larger than 2 MB." in response.content.decode()


def test_a_signed_in_engineer_is_sent_to_the_admin_sign_in_and_nothing_changes(client_for):
    client = client_for(UserFactory(username="engineer"))
    assert client.get(PAGE).status_code == 302
    before = fingerprint()
    response = send(client, mode="apply", **example_files())
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert fingerprint() == before


def test_staff_who_may_not_change_users_get_403(client_for):
    clerk = UserFactory(username="clerk", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="change_team"))
    client = client_for(clerk)
    assert client.get(PAGE).status_code == 403
    assert send(client, mode="apply", **example_files()).status_code == 403
    assert not Team.objects.filter(code="ai-eng").exists()

    clerk.user_permissions.add(Permission.objects.get(codename="change_user"))
    clerk = User.objects.get(pk=clerk.pk)  # permissions are cached on the instance
    assert client_for(clerk).get(PAGE).status_code == 200


def test_the_page_refuses_a_post_without_csrf(staff):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    response = client.post(PAGE, {"mode": "apply"})
    assert response.status_code == 403


def test_the_page_removes_unlisted_people_only_when_asked(client_for, staff):
    client = client_for(staff)
    send(client, mode="apply", **example_files())
    stray = UserFactory(username="stray")
    platform = Team.objects.get(code="platform-ai")
    platform.members.add(stray)

    kept = send(client, mode="apply", **example_files())
    assert "In all: 0 created, 0 updated." in kept.content.decode()
    assert platform.members.filter(username="stray").exists()

    dry = send(client, remove_unlisted=True, **example_files()).content.decode()
    assert "remove memberships stray → platform-ai" in dry
    assert "In all: 0 created, 0 updated, 1 removed." in dry
    send(client, mode="apply", remove_unlisted=True, **example_files())
    assert not platform.members.filter(username="stray").exists()
