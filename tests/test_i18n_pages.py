"""Every main page speaks one language: rendered in Indonesian it shows none of
the English interface words, rendered in English none of the Indonesian ones."""

import re

import pytest
from django.core.management import call_command

from accounts.models import User
from assessments.models import Assessment
from org.models import Team

pytestmark = pytest.mark.django_db

# Interface words that only appear when a string was left untranslated.
ENGLISH = [
    "Sign out",
    "My assessments",
    "Readiness",
    "Development plan",
    "Priority gaps",
    "Strengths",
    "Blind spots",
    "Submit",
    "Download PDF",
    "Not started",
    "In progress",
    "Evidence",
    "Skill area",
    "Training priorities",
    "Single points of failure",
    "Start assessment",
    "Competency",
]
INDONESIAN = [
    "Keluar",
    "Penilaian saya",
    "Kesiapan",
    "Rencana pengembangan",
    "Kesenjangan prioritas",
    "Kekuatan",
    "Titik buta",
    "Unduh PDF",
    "Belum dimulai",
    "Bukti",
    "Kompetensi",
    "Pemrograman",
]


def visible_text(html: str) -> str:
    """The text a person reads: no tags, scripts, styles or attribute values."""
    html = re.sub(r"(?is)<(script|style|svg)\b.*?</\1>", " ", html)
    html = re.sub(r"(?s)<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", html)


@pytest.fixture
def demo(framework):
    call_command("seed_demo", verbosity=0)
    return {u.username: u for u in User.objects.all()}


def pages_for(demo):
    eko_latest = Assessment.objects.filter(engineer__username="eko").order_by("-created_at").first()
    lina_draft = Assessment.objects.get(engineer__username="lina", status="draft")
    team = Team.objects.get(name="Platform AI")
    return [
        ("eko", "/"),
        ("eko", f"/assessments/{eko_latest.pk}/report/"),
        ("eko", f"/assessments/{eko_latest.pk}/plan/"),
        ("eko", "/assessments/history/"),
        ("lina", f"/assessments/{lina_draft.pk}/"),
        ("maya", f"/assessments/{eko_latest.pk}/review/"),
        ("maya", f"/teams/{team.pk}/"),
        (None, "/accounts/login/"),
    ]


@pytest.mark.parametrize("lang,forbidden", [("id", ENGLISH), ("en", INDONESIAN)])
def test_main_pages_show_no_word_of_the_other_language(client, demo, lang, forbidden):
    problems = []
    for username, path in pages_for(demo):
        client.logout()
        if username:
            client.force_login(demo[username])
        response = client.get(f"{path}?lang={lang}")
        assert response.status_code == 200, (username, path, response.status_code)
        text = visible_text(response.content.decode())
        for word in forbidden:
            if re.search(rf"\b{re.escape(word)}\b", text):
                problems.append(f"{path} as {username} in {lang}: {word!r}")
    assert not problems, "\n".join(problems)


def test_the_indonesian_pages_speak_indonesian(client, demo):
    eko = demo["eko"]
    latest = Assessment.objects.filter(engineer=eko).order_by("-created_at").first()
    client.force_login(eko)
    text = visible_text(client.get(f"/assessments/{latest.pk}/report/?lang=id").content.decode())
    for word in ("Kesiapan", "Kesenjangan prioritas", "Kekuatan", "Pemrograman", "Keluar"):
        assert word in text
