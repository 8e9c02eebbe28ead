"""A provisioned person who deletes their account leaves no identifier of
the identity provider behind, and SCIM no longer finds them."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from privacy.services import delete_account
from scim.models import ScimUser
from tests.scim.conftest import new_user

pytestmark = pytest.mark.django_db


def test_deleting_ones_account_removes_the_identity_providers_identifier(scim):
    created = new_user(scim, "ann", externalId="00u-ann")
    user = get_user_model().objects.get(pk=created["id"])
    delete_account(user)
    assert not ScimUser.objects.filter(user_id=created["id"]).exists()
    assert scim.get(f"Users/{created['id']}").status_code == 404
    assert scim.get("Users", filter='externalId eq "00u-ann"').json()["totalResults"] == 0
    again = new_user(scim, "ann")
    assert again["id"] != created["id"]
