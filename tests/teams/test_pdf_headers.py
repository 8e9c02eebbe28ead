"""The two PDFs a person downloads, the engineer's report and the team report,
named and served by one rule (core/downloads.py): who or which team, the
report's date and the language in the name, both attachments, both private."""

import re
from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment
from tests.factories import submitted

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

NAME = re.compile(r'^(attachment|inline); filename="([^"]+)"$')


def disposition(response) -> tuple[str, str]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    match = NAME.match(response["Content-Disposition"])
    assert match, response["Content-Disposition"]
    return match.group(1), match.group(2)


@pytest.fixture
def last_spring(engineer, team):
    """Eko's assessment, submitted on a day that is not today."""
    assessment = submitted(engineer, level=2)
    day = timezone.make_aware(datetime(2026, 3, 14, 10, 0))
    Assessment.objects.filter(pk=assessment.pk).update(submitted_at=day)
    return assessment


@pytest.mark.parametrize("lang", ["en", "id"])
def test_both_pdfs_are_named_by_one_rule_and_served_the_same_way(
    client_for, engineer, manager, team, last_spring, lang
):
    report = client_for(engineer).get(
        reverse("assessments:report_pdf", args=[last_spring.pk]) + f"?lang={lang}"
    )
    team_pdf = client_for(manager).get(
        reverse("teams:report_pdf", args=[team.pk]) + f"?lang={lang}"
    )
    report_kind, report_name = disposition(report)
    team_kind, team_name = disposition(team_pdf)

    # The report's date, not the download's; the team report is of today.
    assert report_name == f"skillgap-engineer-2026-03-14-{lang}.pdf"
    assert team_name == f"skillgap-team-platform-ai-{timezone.localdate().isoformat()}-{lang}.pdf"
    # One choice for both: a document to keep, saved under its name.
    assert report_kind == team_kind == "attachment"
    for response in (report, team_pdf):
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert "private" in directives and "public" not in directives
        assert directives == {"private", "no-store"}
        assert int(response["Content-Length"]) == len(response.content)


def test_the_english_and_the_indonesian_copy_do_not_overwrite_each_other(
    client_for, manager, team, last_spring
):
    url = reverse("teams:report_pdf", args=[team.pk])
    names = {disposition(client_for(manager).get(f"{url}?lang={lang}"))[1] for lang in ("en", "id")}
    assert len(names) == 2
