"""The seed's primary roles ("Peran Utama") are data (SPEC §13): every duty of
the seed document is present, in its Indonesian wording, and served by at
least one competency; the report and its PDF show readiness per primary role
in both languages."""

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from assessments import scoring
from roles import models
from tests.factories import submitted

pytestmark = pytest.mark.django_db

SEED = (
    Path(__file__).resolve().parents[2]
    / "fixtures"
    / "seed"
    / ("ai-engineer-roles-and-responsibilities.id.md")
)
# The seed's wording the framework corrects: "basis data", not "database" (docs/glossary.md).
WORDING = {"vektor database": "basis data vektor", "database semantik": "basis data semantik"}


def seed_primary_roles() -> dict[str, list[tuple[str, str]]]:
    """{role name: [(duty name, duty description)]} of the seed's "Peran Utama"."""
    text = SEED.read_text(encoding="utf-8")
    section = text.split("## Peran Utama AI Engineer", 1)[1].split("\n## ", 1)[0]
    roles: dict[str, list[tuple[str, str]]] = {}
    current = None
    for line in section.splitlines():
        heading = re.match(r"### \d+\. (.+)", line)
        duty = re.match(r"- \*\*(.+?)\*\*: (.+)", line)
        if heading:
            current = heading.group(1).strip()
            roles[current] = []
        elif duty and current:
            roles[current].append((duty.group(1).strip(), duty.group(2).strip()))
    return roles


def reworded(text: str) -> str:
    for old, new in WORDING.items():
        text = text.replace(old, new)
    return text


def test_the_seed_has_four_primary_roles_of_three_duties():
    roles = seed_primary_roles()
    assert len(roles) == 4
    assert all(len(duties) == 3 for duties in roles.values())


def test_every_primary_role_and_duty_of_the_seed_is_in_the_framework_and_linked():
    seed = seed_primary_roles()
    roles = list(models.PrimaryRole.objects.prefetch_related("duties__competencies"))
    assert [r.name_ind for r in roles] == list(seed)
    for role in roles:
        duties = list(role.duties.all())
        expected = seed[role.name_ind]
        assert [d.name_ind for d in duties] == [reworded(name) for name, _ in expected]
        for duty, (_name, description) in zip(duties, expected, strict=True):
            assert duty.description_ind == reworded(description)
            assert duty.name_en and duty.description_en
            assert duty.competencies.exists(), f"{duty.code} serves no competency"
            assert all(c.is_active for c in duty.competencies.all())


def test_the_new_competencies_serve_the_duties_the_seed_names():
    linked = {
        d.code: set(d.competencies.values_list("code", flat=True))
        for d in models.Duty.objects.all()
    }
    assert "ai-ml.ai-system-design" in linked["ai-application-development.designing-ai-systems"]
    assert "database.training-data" in linked["data-knowledge-management.training-data"]
    assert "ai-ml.model-evaluation" in linked["fine-tuning-model-adaptation.model-evaluation"]
    assert "ai-ml.retrieval-augmented-generation" in linked["data-knowledge-management.rag"]


def expected_readiness(assessment, role_code) -> float:
    from assessments import loading

    data_items = loading.items_for(
        assessment, list(assessment.ratings.select_related("competency__area"))
    )
    _areas, report = loading.score_items(data_items)
    groups = dict((r.code, g) for r, g in loading.primary_roles())
    (group,) = scoring.group_scores(report, [groups[role_code]])
    return group.readiness


@pytest.mark.parametrize(
    "lang, heading, role",
    [
        ("en", "Primary roles", "Prompt Engineering"),
        ("id", "Peran utama", "Manajemen Data dan Pengetahuan"),
    ],
)
def test_the_report_shows_readiness_per_primary_role(client_for, engineer, lang, heading, role):
    assessment = submitted(
        engineer, levels={"ai-ml.prompt-engineering": 4, "database.training-data": 0}
    )
    page = (
        client_for(engineer)
        .get(f"/assessments/{assessment.pk}/report/?lang={lang}")
        .content.decode()
    )
    section = page.split('id="primary-roles-heading"', 1)[1].split("</section>", 1)[0]
    assert heading in section
    assert role in section
    readiness = expected_readiness(assessment, "prompt-engineering")
    row = section.split('id="primary-role-prompt-engineering"', 1)[1].split("</tr>", 1)[0]
    shown = f"{readiness:.1f}".replace(".", "," if lang == "id" else ".")
    assert shown in row


@pytest.mark.parametrize(
    "lang, words",
    [
        ("en", ["Primary roles", "AI Application Development", "Designing AI systems"]),
        ("id", ["Peran utama", "Pengembangan Aplikasi AI", "Merancang sistem AI"]),
    ],
)
def test_the_pdf_shows_the_primary_roles(client_for, engineer, empty_cache, lang, words):
    assessment = submitted(engineer)
    response = client_for(engineer).get(f"/assessments/{assessment.pk}/report.pdf?lang={lang}")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for word in words:
        assert word in text
