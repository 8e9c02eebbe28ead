"""The Django admin of SkillGap: its landing page (the framework, teams and
people at a glance) and its sections, with the infrastructure (sign-in
throttling, background tasks) kept apart from the framework and the people."""

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as BaseAdminConfig
from django.utils.translation import gettext_lazy as _

# Sections of the admin, in order: (title, app labels). Apps not named here
# are infrastructure.
SECTIONS = (
    ("framework", _("Framework"), ("roles",)),
    ("organisation", _("Teams and people"), ("org", "accounts", "auth")),
    ("assessments", _("Assessments"), ("assessments",)),
)


class SkillGapAdminSite(admin.AdminSite):
    site_header = _("SkillGap administration")
    site_title = _("SkillGap administration")
    index_title = _("Administration")
    index_template = "admin/skillgap_index.html"

    def get_app_list(self, request, app_label=None):
        apps_by_label = {a["app_label"]: a for a in super().get_app_list(request, app_label)}
        if app_label is not None:
            return list(apps_by_label.values())
        sections = []
        named = set()
        for key, title, labels in SECTIONS:
            models = [m for label in labels for m in apps_by_label.get(label, {}).get("models", [])]
            named.update(labels)
            if models:
                first = next(apps_by_label[label] for label in labels if label in apps_by_label)
                sections.append({**first, "name": title, "section": key, "models": models})
        rest = [a for label, a in apps_by_label.items() if label not in named]
        infrastructure = [m for a in rest for m in a["models"]]
        if infrastructure:
            sections.append(
                {
                    **rest[0],
                    "name": _("Infrastructure"),
                    "section": "infrastructure",
                    "models": infrastructure,
                }
            )
        return sections

    def index(self, request, extra_context=None):
        counts = {}
        for key, label in (
            ("areas", "roles.CompetencyArea"),
            ("competencies", "roles.Competency"),
            ("profiles", "roles.RoleProfile"),
            ("primary_roles", "roles.PrimaryRole"),
            ("teams", "org.Team"),
            ("people", "accounts.User"),
        ):
            counts[key] = apps.get_model(label)._default_manager.count()
        context = {"counts": counts, **(extra_context or {})}
        return super().index(request, extra_context=context)


class AdminConfig(BaseAdminConfig):
    default_site = "config.admin.SkillGapAdminSite"
