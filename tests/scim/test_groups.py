"""Groups through SCIM are teams: displayName the team's name, members its
members, added and removed by PATCH the way Entra ID and Okta send them."""

from __future__ import annotations

import pytest

from org.models import Team
from tests.factories import TeamFactory, UserFactory
from tests.scim.conftest import GROUP_SCHEMA, new_group, new_user, patch_op

pytestmark = pytest.mark.django_db


def _members(team_id) -> set[int]:
    return set(Team.objects.get(pk=team_id).members.values_list("pk", flat=True))


def test_a_created_group_is_a_team_with_its_members(scim):
    ann, bob = new_user(scim, "ann"), new_user(scim, "bob")
    body = new_group(
        scim,
        "Platform",
        externalId="grp-1",
        members=[{"value": ann["id"], "display": "ann"}, {"value": bob["id"]}],
    )
    team = Team.objects.get(name="Platform")
    assert body["id"] == str(team.pk) and body["displayName"] == "Platform"
    assert body["externalId"] == "grp-1"
    assert _members(team.pk) == {int(ann["id"]), int(bob["id"])}
    assert {m["value"] for m in body["members"]} == {ann["id"], bob["id"]}
    assert all(m["$ref"].endswith(f"/scim/v2/Users/{m['value']}") for m in body["members"])


def test_entra_id_adds_and_removes_members(scim):
    ann, bob = new_user(scim, "ann"), new_user(scim, "bob")
    group = new_group(scim, "Platform")
    added = scim.patch(
        f"Groups/{group['id']}",
        patch_op(
            {"op": "Add", "path": "members", "value": [{"value": ann["id"]}, {"value": bob["id"]}]}
        ),
    )
    assert added.status_code == 200, added.content
    assert _members(group["id"]) == {int(ann["id"]), int(bob["id"])}
    removed = scim.patch(
        f"Groups/{group['id']}",
        patch_op({"op": "Remove", "path": "members", "value": [{"value": ann["id"]}]}),
    )
    assert removed.status_code == 200, removed.content
    assert _members(group["id"]) == {int(bob["id"])}


def test_okta_adds_members_and_removes_one_by_filter(scim):
    ann, bob = new_user(scim, "ann"), new_user(scim, "bob")
    group = new_group(scim, "Platform")
    scim.patch(
        f"Groups/{group['id']}",
        patch_op(
            {
                "op": "add",
                "path": "members",
                "value": [
                    {"value": ann["id"], "display": "ann"},
                    {"value": bob["id"], "display": "bob"},
                ],
            }
        ),
    )
    response = scim.patch(
        f"Groups/{group['id']}",
        patch_op({"op": "remove", "path": f'members[value eq "{bob["id"]}"]'}),
    )
    assert response.status_code == 200, response.content
    assert _members(group["id"]) == {int(ann["id"])}


def test_okta_renames_a_team_with_a_replace_without_a_path(scim):
    group = new_group(scim, "Platform")
    response = scim.patch(
        f"Groups/{group['id']}",
        patch_op({"op": "replace", "value": {"id": group["id"], "displayName": "Platform Eng"}}),
    )
    assert response.status_code == 200, response.content
    assert Team.objects.get(pk=group["id"]).name == "Platform Eng"


def test_entra_id_renames_a_team_by_path(scim):
    group = new_group(scim, "Platform")
    response = scim.patch(
        f"Groups/{group['id']}",
        patch_op({"op": "Replace", "path": "displayName", "value": "Data"}),
    )
    assert response.status_code == 200
    assert Team.objects.get(pk=group["id"]).name == "Data"


def test_entra_id_asks_whether_someone_is_a_member(scim):
    ann, bob = new_user(scim, "ann"), new_user(scim, "bob")
    group = new_group(scim, "Platform", members=[{"value": ann["id"]}])
    query = f'id eq "{group["id"]}" and members[value eq "{{}}"]'
    member = scim.get("Groups", filter=query.format(ann["id"]), excludedAttributes="members")
    assert member.json()["totalResults"] == 1
    assert "members" not in member.json()["Resources"][0]
    assert scim.get("Groups", filter=query.format(bob["id"])).json()["totalResults"] == 0


def test_a_team_is_found_by_its_name(scim):
    group = new_group(scim, "Platform")
    new_group(scim, "Data")
    listing = scim.get("Groups", filter='displayName eq "platform"').json()
    assert [r["id"] for r in listing["Resources"]] == [group["id"]]


def test_a_team_name_taken_is_409_and_nothing_is_made(scim):
    TeamFactory(name="Platform")
    response = scim.post("Groups", {"schemas": [GROUP_SCHEMA], "displayName": "platform"})
    assert response.status_code == 409
    assert response.json()["scimType"] == "uniqueness"
    assert Team.objects.count() == 1


def test_a_member_that_is_not_a_user_is_400_and_nothing_changes(scim):
    ann = new_user(scim, "ann")
    group = new_group(scim, "Platform", members=[{"value": ann["id"]}])
    for value in ("987654", "abc"):
        response = scim.patch(
            f"Groups/{group['id']}",
            patch_op({"op": "add", "path": "members", "value": [{"value": value}]}),
        )
        assert response.status_code == 400, value
        assert response.json()["scimType"] == "invalidValue"
    assert _members(group["id"]) == {int(ann["id"])}


def test_a_team_name_too_long_is_refused_by_the_teams_own_rules(scim):
    response = scim.post("Groups", {"schemas": [GROUP_SCHEMA], "displayName": "x" * 121})
    assert response.status_code == 400
    assert response.json()["scimType"] == "invalidValue"
    assert not Team.objects.exists()


def test_managers_partners_parent_and_administrators_stay_as_they_were(scim):
    manager, admin = UserFactory(username="mia"), UserFactory(username="root", is_staff=True)
    parent = TeamFactory(name="AI")
    team = TeamFactory(name="Platform", parent=parent)
    team.managers.add(manager)
    team.members.add(admin)
    ann = new_user(scim, "ann")
    response = scim.put(
        f"Groups/{team.pk}",
        {"schemas": [GROUP_SCHEMA], "displayName": "Platform", "members": [{"value": ann["id"]}]},
    )
    assert response.status_code == 200, response.content
    team.refresh_from_db()
    assert team.parent == parent
    assert list(team.managers.all()) == [manager]
    assert _members(team.pk) == {int(ann["id"]), admin.pk}
    assert [m["value"] for m in response.json()["members"]] == [ann["id"]]


def test_delete_keeps_the_team_out_of_scims_sight(scim):
    ann = new_user(scim, "ann")
    group = new_group(scim, "Platform", members=[{"value": ann["id"]}])
    assert scim.delete(f"Groups/{group['id']}").status_code == 204
    assert Team.objects.filter(pk=group["id"]).exists()
    assert _members(group["id"]) == {int(ann["id"])}
    assert scim.get(f"Groups/{group['id']}").status_code == 404
    again = new_group(scim, "Platform")
    assert again["id"] == group["id"]
