"""The default framework, as loaded from fixtures/."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from modeltranslation.translator import translator

from roles import models

pytestmark = pytest.mark.django_db

SEED_ITEMS = {
    "programming": ["python", "javascript", "api-development"],
    "web-development": ["frontend", "backend"],
    "cloud-devops": ["deployment", "ci-cd", "containerisation"],
    "ai-ml": ["model-architecture", "prompt-engineering", "fine-tuning"],
    "database": ["sql", "nosql", "vector-databases"],
    "communication": ["technical-to-business"],
    "quality-security": ["output-quality", "security-privacy-testing", "bias-harm-prevention"],
    "performance-optimisation": ["compute-efficiency", "latency-throughput", "token-optimisation"],
    "team-collaboration": [
        "business-stakeholders",
        "data-science-coordination",
        "product-integration",
    ],
    "monitoring-maintenance": ["model-monitoring", "drift-degradation", "continuous-improvement"],
    "compliance-ethics": ["regulatory-compliance", "ethical-ai", "social-impact"],
}

# What the seed's primary roles need beyond its skill list, after the seed's
# own items of the area (SPEC §13: every duty is served by a competency).
ADDED_ITEMS = {
    "ai-ml": ["ai-system-design", "retrieval-augmented-generation", "model-evaluation"],
    "database": ["training-data"],
}

FRAMEWORK_MODELS = [
    models.CompetencyArea,
    models.Competency,
    models.ProficiencyLevel,
    models.RoleProfile,
    models.DevelopmentAction,
    models.PrimaryRole,
    models.Duty,
]


def row_counts():
    return {m.__name__: m.objects.count() for m in [*FRAMEWORK_MODELS, models.ProfileTarget]}


def test_it_has_six_skill_areas_and_five_responsibility_groups_in_seed_order():
    areas = list(models.CompetencyArea.objects.order_by("order"))
    assert [a.code for a in areas] == list(SEED_ITEMS)
    assert [a.kind for a in areas] == ["skill"] * 6 + ["responsibility"] * 5


def test_each_area_holds_exactly_the_seed_items_then_the_added_ones():
    for area_code, seed_items in SEED_ITEMS.items():
        items = seed_items + ADDED_ITEMS.get(area_code, [])
        codes = list(
            models.Competency.objects.filter(area__code=area_code)
            .order_by("order")
            .values_list("code", flat=True)
        )
        assert codes == [f"{area_code}.{item}" for item in items]
    assert models.Competency.objects.count() == sum(map(len, SEED_ITEMS.values())) + sum(
        map(len, ADDED_ITEMS.values())
    )


def test_the_scale_runs_from_none_to_expert():
    levels = list(models.ProficiencyLevel.objects.order_by("level"))
    assert [lv.level for lv in levels] == [0, 1, 2, 3, 4]
    assert [lv.name_en for lv in levels] == ["None", "Awareness", "Working", "Advanced", "Expert"]


def test_the_four_role_profiles_of_the_spec_exist():
    assert set(models.RoleProfile.objects.values_list("code", flat=True)) == {
        "startup-generalist",
        "enterprise-prompt-rag",
        "enterprise-fine-tuning",
        "regulated-industry",
    }


def test_every_profile_has_a_target_and_weight_for_every_competency():
    competencies = set(models.Competency.objects.values_list("pk", flat=True))
    for profile in models.RoleProfile.objects.all():
        rows = list(profile.targets.all())
        assert {t.competency_id for t in rows} == competencies, profile.code
        assert all(0 <= t.target <= 4 and 1 <= t.weight <= 3 for t in rows)


def test_profiles_differ_in_what_they_weigh_most():
    heaviest = {}
    for profile in models.RoleProfile.objects.all():
        heaviest[profile.code] = set(
            profile.targets.filter(weight=3).values_list("competency__code", flat=True)
        )
    assert len({frozenset(v) for v in heaviest.values()}) == 4
    assert "compliance-ethics.regulatory-compliance" in heaviest["regulated-industry"]
    assert "ai-ml.prompt-engineering" in heaviest["enterprise-prompt-rag"]
    assert "ai-ml.fine-tuning" in heaviest["enterprise-fine-tuning"]


def test_every_competency_has_level_descriptors_and_two_or_three_actions():
    for competency in models.Competency.objects.prefetch_related("actions"):
        assert 2 <= len(competency.actions.all()) <= 3, competency.code
        for level in range(1, 5):
            assert competency.level_descriptor(level), (competency.code, level)


@pytest.mark.parametrize("model", FRAMEWORK_MODELS, ids=lambda m: m.__name__)
def test_every_text_field_is_filled_in_both_languages(model):
    fields = translator.get_options_for_model(model).fields
    for obj in model.objects.all():
        for field in fields:
            if field == "link_title" and not obj.link_url:
                continue  # a learning link is optional; its title goes with its URL
            for suffix in ("ind", "en"):
                value = getattr(obj, f"{field}_{suffix}")
                assert value and value.strip(), f"{model.__name__} {obj.pk} {field}_{suffix}"


def test_indonesian_names_follow_the_seed():
    assert models.CompetencyArea.objects.get(code="programming").name_ind == "Pemrograman"
    assert models.CompetencyArea.objects.get(code="quality-security").name_ind.startswith(
        "Jaminan Kualitas"
    )


def test_loading_the_framework_twice_changes_nothing():
    before = row_counts()
    snapshot = list(
        models.Competency.objects.order_by("pk").values_list("pk", "code", "name_en", "name_ind")
    )
    call_command("load_framework", verbosity=0)
    call_command("load_framework", verbosity=0)
    assert row_counts() == before
    assert (
        list(
            models.Competency.objects.order_by("pk").values_list(
                "pk", "code", "name_en", "name_ind"
            )
        )
        == snapshot
    )


ADMIN_MODELS = [
    "roles/competencyarea",
    "roles/competency",
    "roles/proficiencylevel",
    "roles/roleprofile",
    "roles/profiletarget",
    "roles/developmentaction",
]


@pytest.mark.parametrize("path", ADMIN_MODELS)
def test_admin_list_and_change_pages_load_for_staff(client_for, staff, path):
    client = client_for(staff)
    listing = client.get(f"/admin/{path}/")
    assert listing.status_code == 200
    model = {
        "roles/competencyarea": models.CompetencyArea,
        "roles/competency": models.Competency,
        "roles/proficiencylevel": models.ProficiencyLevel,
        "roles/roleprofile": models.RoleProfile,
        "roles/profiletarget": models.ProfileTarget,
        "roles/developmentaction": models.DevelopmentAction,
    }[path]
    obj = model.objects.first()
    change = client.get(f"/admin/{path}/{obj.pk}/change/")
    assert change.status_code == 200


def test_admin_is_closed_to_engineers(client_for, engineer):
    response = client_for(engineer).get(reverse("admin:roles_competency_changelist"))
    assert response.status_code == 302
