"""Provisioning from CSV files through ``manage.py provision``: the example
files of docs/examples, idempotency, every refused input with its line (and
nothing changed), a semicolon file with a byte-order mark, the rules for what
a file may change."""

import os
import sqlite3
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from accounts.models import User
from org import provisioning
from org.models import Team, TeamLink
from tests.factories import TeamFactory, UserFactory
from tests.org.helpers import PEOPLE_HEADER, TEAMS_HEADER, fingerprint, write

pytestmark = pytest.mark.django_db

EXAMPLES = Path(settings.BASE_DIR) / "docs" / "examples"


def provision(*args) -> str:
    out = StringIO()
    call_command("provision", *args, stdout=out)
    return out.getvalue()


def refused(*args) -> str:
    before = fingerprint()
    with pytest.raises(CommandError) as caught:
        provision(*args)
    assert fingerprint() == before, "a refused file changed the database"
    return str(caught.value)


def examples():
    return str(EXAMPLES / "people.csv"), "--teams", str(EXAMPLES / "teams.csv")


def test_the_example_files_make_the_teams_and_people_they_describe():
    out = provision(*examples())
    assert "users: 5 created, 0 updated, 0 unchanged" in out
    assert "teams: 3 created, 0 updated, 0 unchanged" in out
    assert "memberships: 3 created" in out
    assert "managers: 2 created" in out
    assert "people partners: 1 created" in out
    platform = Team.objects.get(code="platform-ai")
    assert platform.name == "Platform AI"
    assert platform.parent.code == "ai-eng"
    assert list(platform.managers.values_list("username", flat=True)) == ["maya"]
    eko = User.objects.get(username="eko")
    assert (eko.email, eko.first_name, eko.language) == ("eko@example.com", "Eko", "id")
    assert sorted(eko.teams.values_list("code", flat=True)) == ["applied-ml", "platform-ai"]
    assert Team.objects.get(code="ai-eng").people_partners.get().username == "wati"
    # The tree's closure is written: the department sees both teams below it.
    assert TeamLink.objects.filter(ancestor__code="ai-eng", depth=1).count() == 2
    # New people sign in by single sign-on or the password-reset e-mail.
    assert not any(u.has_usable_password() for u in User.objects.all())


def test_the_demo_teams_have_the_codes_of_the_example_files(framework):
    """seed_demo gives its teams codes (run twice, still the same), so the
    example files update the demo organisation instead of making its teams again."""
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    codes = dict(Team.objects.values_list("name", "code"))
    assert codes == {
        "AI Engineering": "ai-eng",
        "Platform AI": "platform-ai",
        "Applied AI": "applied-ai",
    }
    out = provision(*examples(), "--dry-run")
    assert "teams: 1 created, 0 updated, 2 unchanged" in out  # only "Applied ML" is new


def test_running_the_same_files_twice_changes_nothing_the_second_time():
    provision(*examples())
    before = fingerprint()
    out = provision(*examples())
    assert "In all: 0 created, 0 updated." in out
    assert "users: 0 created, 0 updated, 5 unchanged" in out
    assert "teams: 0 created, 0 updated, 3 unchanged" in out
    assert fingerprint() == before


def test_a_dry_run_lists_the_changes_and_saves_nothing():
    before = fingerprint()
    out = provision(*examples(), "--dry-run")
    assert "Dry run: nothing was saved." in out
    assert "create users eko (eko@example.com)" in out
    assert "create memberships eko → applied-ml" in out
    assert "In all: 14 created, 0 updated." in out
    assert fingerprint() == before


def test_manage_py_provision_runs_as_a_program_and_fails_with_status_1(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    assert manage("migrate", "-v0").returncode == 0
    ok = manage("provision", *examples())
    assert ok.returncode == 0, ok.stderr
    assert "In all: 14 created, 0 updated." in ok.stdout
    bad = write(tmp_path / "bad.csv", PEOPLE_HEADER, "ana,not-an-email,Ana,,,,")
    failed = manage("provision", bad)
    assert failed.returncode == 1
    assert "line 2: The e-mail address 'not-an-email' is not valid." in failed.stderr
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        names = [r[0] for r in db.execute("select username from accounts_user order by 1")]
    assert names == ["dewi", "eko", "hana", "maya", "wati"]


def test_a_semicolon_file_with_a_byte_order_mark_and_odd_header_case_is_read(tmp_path):
    people = tmp_path / "people.csv"
    people.write_bytes(
        "\ufeffUserName;EMAIL;First_Name;Last_Name;Language;Team;Role\n"
        "siti;siti@example.com;Siti;Nurhaliza;ID;;\n".encode()
    )
    provision(str(people))
    siti = User.objects.get(username="siti")
    assert (siti.email, siti.first_name, siti.last_name, siti.language) == (
        "siti@example.com",
        "Siti",
        "Nurhaliza",
        "id",
    )


def test_unknown_and_missing_columns_are_named_on_line_1(tmp_path):
    people = write(tmp_path / "people.csv", "username,mail,colour", "ana,ana@example.com,red")
    message = refused(people)
    assert "people.csv, line 1: Unknown columns: mail, colour" in message
    assert "people.csv, line 1: Missing columns: email." in message


def test_every_bad_row_is_reported_at_once_with_its_line(tmp_path):
    people = write(
        tmp_path / "people.csv",
        PEOPLE_HEADER,
        "ana,ana@example.com,Ana,,id,,",
        "budi,not-an-email,Budi,,,,",
        "cici,cici@example.com,Cici,,fr,,",
        "dedi,dedi@example.com,Dedi,,,ghost,member",
        "eka,eka@example.com,Eka,,,,boss",
    )
    message = refused(people)
    assert "line 3: The e-mail address 'not-an-email' is not valid." in message
    assert "line 4: The language 'fr' is not one of en, id." in message
    assert "line 5: The team ghost does not exist and is not in the teams file." in message
    assert "line 6: The role 'boss' is not one of member, manager, people_partner." in message
    assert "line 2" not in message
    assert not User.objects.filter(username="ana").exists()


def test_a_user_listed_twice_with_different_data_is_refused_naming_both_lines(tmp_path):
    TeamFactory(name="Data", code="data")
    people = write(
        tmp_path / "people.csv",
        PEOPLE_HEADER,
        "ana,ana@example.com,Ana,Putri,id,data,member",
        "budi,budi@example.com,Budi,,,data,member",
        "ana,ana@elsewhere.com,Ana,Putri,id,data,manager",
    )
    message = refused(people)
    assert "line 4: The user ana is on line 2 with other data (email)." in message


def test_the_same_person_on_several_rows_for_several_roles_is_one_user(tmp_path):
    TeamFactory(name="Data", code="data")
    people = write(
        tmp_path / "people.csv",
        PEOPLE_HEADER,
        "ana,ana@example.com,Ana,Putri,id,data,member",
        "ana,ANA@example.com,,,,data,manager",
    )
    provision(people)
    ana = User.objects.get(username="ana")
    assert ana.teams.get().code == ana.managed_teams.get().code == "data"


def test_a_team_loop_is_refused_naming_the_teams_of_the_loop(tmp_path):
    top = TeamFactory(name="AI Engineering", code="ai-eng")
    TeamFactory(name="Platform AI", code="platform-ai", parent=top)
    teams = write(
        tmp_path / "teams.csv",
        TEAMS_HEADER,
        "ml-ops,ML Ops,platform-ai",
        "ai-eng,AI Engineering,ml-ops",
    )
    message = refused("--teams", teams)
    assert "teams.csv, line 2: These teams would form a loop, each under the next:" in message
    for name in ("AI Engineering (ai-eng)", "ML Ops (ml-ops)", "Platform AI (platform-ai)"):
        assert name in message
    assert not Team.objects.filter(code="ml-ops").exists()


def test_a_parent_that_is_nowhere_and_a_code_twice_are_refused(tmp_path):
    teams = write(
        tmp_path / "teams.csv",
        TEAMS_HEADER,
        "data,Data,nowhere",
        "data,Data again,",
        "bad code!,Bad,",
    )
    message = refused("--teams", teams)
    assert "line 2: The parent team nowhere does not exist and is not in the file." in message
    assert "line 3: The team data is already on line 2." in message
    assert "line 4: The team code 'bad code!' is not valid" in message


@pytest.mark.parametrize(
    "data, line, text",
    [
        (b"username,email\nana,ana@example.com\nbudi,b\xe9@example.com\n", 3, "not UTF-8 text"),
        (b"username,email\x00\n", 1, "not UTF-8 text"),
        (b"username,email\n" + b"a" * (2 * 1024 * 1024), None, "larger than 2 MB"),
    ],
    ids=["latin-1", "binary", "too-big"],
)
def test_a_file_that_is_not_text_or_too_big_is_refused(tmp_path, data, line, text):
    path = tmp_path / "people.csv"
    path.write_bytes(data)
    message = refused(str(path))
    assert text in message
    if line:
        assert f"people.csv, line {line}:" in message


def test_an_e_mail_address_of_another_user_is_refused(tmp_path):
    UserFactory(username="budi", email="budi@example.com")
    people = write(tmp_path / "people.csv", PEOPLE_HEADER, "ana,Budi@Example.com,Ana,,,,")
    assert "line 2: The e-mail address Budi@example.com is already that of the user budi." in (
        refused(people)
    )


def test_an_empty_cell_changes_nothing_and_the_language_a_user_chose_stays(tmp_path):
    UserFactory(username="ana", email="ana@example.com", first_name="Ana", language="en")
    people = write(
        tmp_path / "people.csv",
        PEOPLE_HEADER,
        "ana,ana@example.com,,Putri,id,,",
    )
    out = provision(people)
    assert "update users ana (last_name)" in out
    ana = User.objects.get(username="ana")
    assert (ana.first_name, ana.last_name, ana.language) == ("Ana", "Putri", "en")
    assert ana.has_usable_password()  # an existing password stays


def test_an_administrators_account_is_never_changed_only_joined_to_teams(tmp_path):
    admin = UserFactory(username="root", email="root@example.com", is_staff=True, is_superuser=True)
    TeamFactory(name="Data", code="data")
    people = write(
        tmp_path / "people.csv", PEOPLE_HEADER, "root,attacker@example.com,Root,,,data,manager"
    )
    out = provision(people)
    assert "line 2: root is an administrator: their account is changed in the admin only." in out
    admin.refresh_from_db()
    assert (admin.email, admin.is_staff, admin.is_superuser) == ("root@example.com", True, True)
    assert admin.managed_teams.get().code == "data"


def test_a_team_made_in_the_admin_takes_its_code_by_name_and_nothing_is_removed(tmp_path):
    team = TeamFactory(name="Platform AI")
    outsider = UserFactory(username="outsider")
    team.members.add(outsider)
    teams = write(tmp_path / "teams.csv", TEAMS_HEADER, "platform-ai,Platform AI,")
    people = write(tmp_path / "people.csv", PEOPLE_HEADER, "ana,ana@example.com,,,,platform-ai,")
    out = provision(people, "--teams", teams)
    assert "update teams platform-ai (code)" in out
    team.refresh_from_db()
    assert team.code == "platform-ai"
    assert sorted(team.members.values_list("username", flat=True)) == ["ana", "outsider"]


def test_a_team_moved_by_the_file_gets_its_new_place_in_the_tree(tmp_path):
    old, new = TeamFactory(name="Old", code="old"), TeamFactory(name="New", code="new")
    TeamFactory(name="Data", code="data", parent=old)
    teams = write(tmp_path / "teams.csv", TEAMS_HEADER, "data,Data Science,new")
    out = provision("--teams", teams)
    assert "update teams data (name, parent)" in out
    data = Team.objects.get(code="data")
    assert (data.name, data.parent) == ("Data Science", new)
    assert set(
        TeamLink.objects.filter(descendant=data).values_list("ancestor__code", flat=True)
    ) == {
        "data",
        "new",
    }


def test_no_file_is_an_error():
    with pytest.raises(CommandError, match="Name a people file"):
        provision()


def test_a_teams_file_refused_whole_does_not_make_every_team_of_the_people_file_unknown(tmp_path):
    teams = write(tmp_path / "teams.csv", "code,name", "data,Data")
    people = write(tmp_path / "people.csv", PEOPLE_HEADER, "ana,ana@example.com,,,,data,")
    message = refused(people, "--teams", teams)
    assert "teams.csv, line 1: Unknown columns: code, name" in message
    assert "does not exist" not in message


def test_a_quoted_cell_over_two_lines_keeps_the_line_numbers_of_the_file(tmp_path):
    people = write(
        tmp_path / "people.csv",
        PEOPLE_HEADER,
        'ana,ana@example.com,"Ana\nMaria",,,,',
        "budi,budi@,,,,,",
    )
    assert "people.csv, line 4: The e-mail address 'budi@' is not valid." in refused(people)


def test_a_user_made_meanwhile_refuses_the_whole_plan_and_nothing_is_saved():
    plan = provisioning.make_plan(
        people=(EXAMPLES / "people.csv").read_bytes(), teams=(EXAMPLES / "teams.csv").read_bytes()
    )
    UserFactory(username="maya", email="maya@elsewhere.com")
    before = fingerprint()
    with pytest.raises(provisioning.ProvisioningError, match="Send the files again"):
        provisioning.apply(plan)
    assert fingerprint() == before


def test_an_account_its_owner_deleted_is_not_brought_back(tmp_path):
    user = UserFactory(username="gone", email="gone@example.com")
    user.anonymise()
    people = write(tmp_path / "people.csv", PEOPLE_HEADER, f"{user.username},new@example.com,,,,,")
    assert f"line 2: The user {user.username} deleted their account." in refused(people)


def test_remove_unlisted_takes_out_of_the_named_teams_whoever_the_file_does_not_list(tmp_path):
    data, other = TeamFactory(name="Data", code="data"), TeamFactory(name="Other", code="other")
    ana, leaver, old_boss = (UserFactory(username=n) for n in ("ana", "leaver", "oldboss"))
    data.members.add(ana, leaver)
    data.managers.add(old_boss)
    other.members.add(leaver)
    people = write(tmp_path / "people.csv", PEOPLE_HEADER, "ana,ana@example.com,,,,data,member")

    kept = provision(people, "--dry-run")  # without the option nothing is removed
    assert "remove" not in kept
    dry = provision(people, "--remove-unlisted", "--dry-run")
    assert "remove memberships leaver → data" in dry
    assert "remove managers oldboss → data" in dry
    assert "In all: 0 created, 0 updated, 2 removed." in dry
    assert data.members.count() == 2

    provision(people, "--remove-unlisted")
    assert list(data.members.values_list("username", flat=True)) == ["ana"]
    assert not data.managers.exists()
    assert list(other.members.values_list("username", flat=True)) == ["leaver"]
    assert User.objects.filter(username__in=["leaver", "oldboss"]).count() == 2

    again = provision(people, "--remove-unlisted")
    assert "In all: 0 created, 0 updated, 0 removed." in again
