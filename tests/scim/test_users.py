"""Users through SCIM as Entra ID and Okta send them: create, find by
userName, page through, PATCH and PUT, deactivate; what the account and the
sign-in page then say."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from assessments.models import Assessment
from scim.models import ScimUser
from tests.factories import PASSWORD, UserFactory, draft
from tests.scim.conftest import USER_SCHEMA, new_user, patch_op

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_a_created_user_is_an_active_account_with_names_and_address(scim):
    body = new_user(
        scim,
        "ann@example.com",
        externalId="00u1abc",
        name={"givenName": "Ann", "familyName": "Lee"},
        emails=[{"value": "ann@example.com", "type": "work", "primary": True}],
        title="Engineer",  # not kept by SkillGap: ignored
    )
    user = User.objects.get(username="ann@example.com")
    assert (user.first_name, user.last_name, user.email) == ("Ann", "Lee", "ann@example.com")
    assert user.is_active and not user.has_usable_password()
    assert body["id"] == str(user.pk)
    assert body["externalId"] == "00u1abc"
    assert body["displayName"] == "Ann Lee"
    assert body["emails"] == [{"value": "ann@example.com", "type": "work", "primary": True}]
    assert body["meta"]["location"].endswith(f"/scim/v2/Users/{user.pk}")
    assert "title" not in body


def test_a_user_is_found_by_username_whatever_its_case(scim):
    created = new_user(scim, "Ann.Lee")
    new_user(scim, "bob")
    listing = scim.get("Users", filter='userName eq "ann.lee"').json()
    assert listing["totalResults"] == 1
    assert [r["id"] for r in listing["Resources"]] == [created["id"]]
    empty = scim.get("Users", filter='userName eq "nobody"').json()
    assert empty["totalResults"] == 0 and empty["Resources"] == []


def test_a_user_is_found_by_external_id(scim):
    created = new_user(scim, "ann", externalId="abc-1")
    listing = scim.get("Users", filter='externalId eq "abc-1"').json()
    assert [r["id"] for r in listing["Resources"]] == [created["id"]]


def test_users_come_in_pages_with_start_index_and_count(scim):
    ids = [new_user(scim, f"user-{i:02d}")["id"] for i in range(7)]
    first = scim.get("Users", startIndex=1, count=3).json()
    second = scim.get("Users", startIndex=4, count=3).json()
    last = scim.get("Users", startIndex=7, count=3).json()
    assert first["totalResults"] == 7 and first["itemsPerPage"] == 3 and first["startIndex"] == 1
    seen = [r["id"] for page in (first, second, last) for r in page["Resources"]]
    assert seen == ids
    assert scim.get("Users", count=0).json()["Resources"] == []
    beyond = scim.get("Users", startIndex="9" * 30, count="9" * 30)
    assert beyond.status_code == 200
    assert beyond.json()["Resources"] == [] and beyond.json()["totalResults"] == 7


def test_a_duplicate_username_is_409_uniqueness_and_nothing_is_made(scim):
    new_user(scim, "ann")
    response = scim.post("Users", {"schemas": [USER_SCHEMA], "userName": "ANN"})
    assert response.status_code == 409
    body = response.json()
    assert body["scimType"] == "uniqueness" and body["status"] == "409"
    assert User.objects.filter(username__iexact="ann").count() == 1


def test_an_administrators_username_is_taken_and_the_administrator_unseen(scim):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    assert scim.post("Users", {"schemas": [USER_SCHEMA], "userName": "root"}).status_code == 409
    assert scim.get(f"Users/{admin.pk}").status_code == 404
    assert scim.get("Users", filter='userName eq "root"').json()["totalResults"] == 0


def test_entra_id_patch_replaces_active_names_and_work_email(scim):
    created = new_user(scim, "ann", name={"givenName": "Ann", "familyName": "Lee"})
    response = scim.patch(
        f"Users/{created['id']}",
        patch_op(
            {"op": "Replace", "path": "name.givenName", "value": "Anna"},
            {"op": "Replace", "path": "name.familyName", "value": "Leigh"},
            {"op": "Add", "path": 'emails[type eq "work"].value', "value": "anna@example.com"},
            {"op": "Replace", "path": "externalId", "value": "e-1"},
            {"op": "Replace", "path": "active", "value": "False"},
        ),
    )
    assert response.status_code == 200, response.content
    user = User.objects.get(pk=created["id"])
    assert (user.first_name, user.last_name, user.email) == ("Anna", "Leigh", "anna@example.com")
    assert not user.is_active
    assert response.json()["active"] is False
    assert ScimUser.objects.get(user=user).external_id == "e-1"


def test_okta_patch_without_a_path_deactivates(scim):
    created = new_user(scim, "ann")
    response = scim.patch(
        f"Users/{created['id']}", patch_op({"op": "replace", "value": {"active": False}})
    )
    assert response.status_code == 200, response.content
    assert not User.objects.get(pk=created["id"]).is_active


def test_okta_put_replaces_the_profile(scim):
    created = new_user(scim, "ann", name={"givenName": "Ann", "familyName": "Lee"})
    response = scim.put(
        f"Users/{created['id']}",
        {
            "schemas": [USER_SCHEMA],
            "id": created["id"],
            "userName": "ann.lee",
            "name": {"givenName": "Ann", "familyName": "Lee-Smith"},
            "emails": [{"value": "ann.lee@example.com", "primary": True, "type": "work"}],
            "active": True,
        },
    )
    assert response.status_code == 200, response.content
    user = User.objects.get(pk=created["id"])
    assert (user.username, user.last_name, user.email) == (
        "ann.lee",
        "Lee-Smith",
        "ann.lee@example.com",
    )


def test_a_deactivated_user_cannot_sign_in(scim):
    UserFactory(username="ann")
    user = User.objects.get(username="ann")
    assert (
        Client().post("/accounts/login/", {"login": "ann", "password": PASSWORD}).status_code == 302
    )
    response = scim.patch(
        f"Users/{user.pk}", patch_op({"op": "replace", "path": "active", "value": False})
    )
    assert response.status_code == 200
    refused = Client().post("/accounts/login/", {"login": "ann", "password": PASSWORD})
    assert not refused.wsgi_request.user.is_authenticated


def test_a_signed_in_user_deactivated_is_signed_out(scim):
    user = UserFactory(username="ann")
    browser = Client()
    browser.force_login(user)
    assert browser.get("/").status_code == 200
    scim.patch(f"Users/{user.pk}", patch_op({"op": "replace", "path": "active", "value": False}))
    assert browser.get("/")["Location"].startswith("/accounts/login/")


def test_delete_deactivates_and_keeps_the_assessments(scim, framework):
    user = UserFactory(username="ann")
    assessment = draft(user)
    response = scim.delete(f"Users/{user.pk}")
    assert response.status_code == 204
    user.refresh_from_db()
    assert not user.is_active
    assert Assessment.objects.filter(pk=assessment.pk).exists()
    assert scim.get(f"Users/{user.pk}").status_code == 404
    assert scim.get("Users", filter='userName eq "ann"').json()["totalResults"] == 0


def test_a_deleted_user_created_again_is_the_same_account_reactivated(scim, framework):
    user = UserFactory(username="ann")
    assessment = draft(user)
    scim.delete(f"Users/{user.pk}")
    again = new_user(scim, "ann", name={"givenName": "Ann"})
    assert again["id"] == str(user.pk)
    user.refresh_from_db()
    assert user.is_active
    assert Assessment.objects.get(pk=assessment.pk).engineer_id == user.pk


def test_an_unknown_user_is_404_in_the_scim_error_format(scim):
    for path in ("Users/987654", "Users/abc", "Users/99999999999999999999999"):
        response = scim.get(path)
        assert response.status_code == 404, path
        body = response.json()
        assert body["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
        assert body["status"] == "404" and body["detail"]
        assert response["Content-Type"].startswith("application/scim+json")


def test_attributes_and_excluded_attributes_choose_what_is_returned(scim):
    created = new_user(scim, "ann", name={"givenName": "Ann"}, externalId="x")
    only = scim.get(f"Users/{created['id']}", attributes="userName").json()
    assert "userName" in only and "name" not in only and "externalId" not in only
    without = scim.get(f"Users/{created['id']}", excludedAttributes="name").json()
    assert "name" not in without and without["userName"] == "ann"
