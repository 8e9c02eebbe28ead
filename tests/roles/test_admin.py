"""The framework's admin: the import with upload, preview and confirm; labels
that name the language; named levels in target inputs; the landing page and
its sections; the team column on users."""

import re

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile

from roles import document, importing, models
from tests.factories import TeamFactory

pytestmark = pytest.mark.django_db

IMPORT = "/admin/roles/frameworkimport/import/"


def upload(client, data: bytes, name="framework.yaml"):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, data)})


def changed_document(**names):
    doc = importing.export_document()
    for row in doc["competencies"]:
        if row["code"] in names:
            row["name_en"] = names[row["code"]]
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode()


def test_an_upload_shows_a_preview_and_changes_nothing_until_confirmed(client_for, staff):
    client = client_for(staff)
    response = upload(client, changed_document(**{"database.sql": "SQL and relational design"}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "will create 0, change 1, deactivate 0 and delete 0 rows" in page
    assert "<code>database.sql</code>" in page
    assert models.Competency.objects.get(code="database.sql").name_en == "SQL"

    record = models.FrameworkImport.objects.get()
    assert record.status == "previewed"
    confirm = client.post(f"/admin/roles/frameworkimport/{record.pk}/confirm/")
    assert confirm.status_code == 302
    assert models.Competency.objects.get(code="database.sql").name_en == "SQL and relational design"
    record.refresh_from_db()
    assert (record.status, record.user, record.changed) == ("applied", staff, 1)


def test_confirming_after_the_framework_changed_shows_the_new_preview(client_for, staff):
    client = client_for(staff)
    upload(client, changed_document(**{"database.sql": "SQL 2"}))
    record = models.FrameworkImport.objects.get()
    models.Competency.objects.filter(code="database.nosql").update(name_en="NoSQL stores")
    page = client.post(f"/admin/roles/frameworkimport/{record.pk}/confirm/").content.decode()
    assert "The framework changed since the preview was made." in page
    assert "change 2" in page
    assert models.Competency.objects.get(code="database.sql").name_en == "SQL"


def test_confirm_is_a_post_and_happens_once(client_for, staff):
    client = client_for(staff)
    upload(client, changed_document(**{"database.sql": "SQL 2"}))
    record = models.FrameworkImport.objects.get()
    url = f"/admin/roles/frameworkimport/{record.pk}/confirm/"
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 404


def test_a_bad_upload_is_refused_where_the_user_is_with_the_row_and_field(client_for, staff):
    doc = importing.export_document()
    doc["targets"][0]["weight"] = 9
    data = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode()
    response = upload(client_for(staff), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "The file was refused and nothing changed" in page
    assert "targets row 1, field weight:" in page
    assert not models.FrameworkImport.objects.exists()


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"x", "framework.csv", "Choose a .yaml, .json or .xlsx file."),
        (b"!!python/object/apply:os.system ['true']", "f.yaml", "YAML tags are not allowed"),
        (b"=1+2", "f.xlsx", "not an .xlsx spreadsheet"),
    ],
)
def test_hostile_uploads_are_refused_with_a_message(client_for, staff, data, name, message):
    response = upload(client_for(staff), data, name)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_huge_upload_is_refused(client_for, staff):
    response = upload(client_for(staff), b"#" * (document.MAX_BYTES + 1))
    assert response.status_code == 400
    assert "larger than 5 MB" in response.content.decode()


def test_the_import_is_for_superusers_only(client_for, engineer):
    from tests.factories import UserFactory

    clerk = UserFactory(username="clerk", is_staff=True)
    assert client_for(clerk).get(IMPORT).status_code == 403
    assert client_for(engineer).get(IMPORT).status_code == 302


@pytest.mark.parametrize("fmt", document.FORMATS)
def test_the_admin_exports_the_framework(client_for, staff, fmt):
    response = client_for(staff).get(f"/admin/roles/frameworkimport/export/?format={fmt}")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    assert document.read(response.content, fmt) == importing.export_document()


def test_translated_fields_are_labelled_with_their_language(client_for, staff):
    python = models.Competency.objects.get(code="programming.python")
    page = client_for(staff).get(f"/admin/roles/competency/{python.pk}/change/").content.decode()
    assert re.search(r"<label[^>]*for=\"id_name_en\"[^>]*>Name \(English\)", page)
    assert re.search(r"<label[^>]*for=\"id_name_ind\"[^>]*>Name \(Bahasa Indonesia\)", page)
    assert "jquery-ui" not in page and "cdn" not in page.lower()


def test_target_inputs_offer_the_named_levels(client_for, staff):
    profile = models.RoleProfile.objects.get(code="startup-generalist")
    page = client_for(staff).get(f"/admin/roles/roleprofile/{profile.pk}/change/").content.decode()
    assert '<option value="3" selected>3 – Advanced</option>' in page
    assert '<option value="0">0 – None</option>' in page


def test_the_landing_page_shows_the_framework_teams_and_people_and_groups_infrastructure_apart(
    client_for, staff, team
):
    page = client_for(staff).get("/admin/").content.decode()
    landing = page.split('id="landing-heading"', 1)[1].split("</section>", 1)[0]
    n = models.Competency.objects.count()
    assert f"{n} competencies" in landing
    assert "1 team" in landing
    captions = re.findall(r"<caption>\s*<a [^>]*>([^<]+)</a>", page)
    assert captions == ["Framework", "Teams and people", "Assessments", "Infrastructure"]
    infrastructure = page.rsplit("Infrastructure</a>", 1)[1]
    assert "Access attempts" in infrastructure
    assert "Competencies" not in infrastructure


def test_the_user_list_has_a_team_column(client_for, staff, team, engineer):
    TeamFactory(name="Applied AI").members.add(engineer)
    page = client_for(staff).get("/admin/accounts/user/?q=engineer").content.decode()
    assert "column-team_names" in page
    assert "Applied AI, Platform AI" in page


def test_the_import_history_is_read_only(client_for, staff):
    importing.apply_import(importing.export_document(), user=staff, source="x.yaml", sha256="0")
    record = models.FrameworkImport.objects.get()
    client = client_for(staff)
    assert client.get("/admin/roles/frameworkimport/").status_code == 200
    page = client.get(f"/admin/roles/frameworkimport/{record.pk}/change/").content.decode()
    assert 'name="_save"' not in page
    assert client.get("/admin/roles/frameworkimport/add/").status_code == 403


def test_an_administrator_lands_on_the_admin_and_an_engineer_on_home(
    client, staff, engineer, password
):
    response = client.post("/accounts/login/", {"login": "staff", "password": password})
    assert response["Location"] == "/admin/"
    client.logout()
    response = client.post("/accounts/login/", {"login": "engineer", "password": password})
    assert response["Location"] == "/"
    client.logout()
    response = client.post(
        "/accounts/login/?next=/assessments/", {"login": "staff", "password": password}
    )
    assert response["Location"] == "/assessments/"
