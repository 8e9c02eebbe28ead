"""The competency framework: areas, competencies, the proficiency scale, role
profiles with their targets, and development actions.

Every text field is translated (Indonesian and English) through
django-modeltranslation; see ``roles/translation.py``.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# The scale, the weights and the kinds of area belong to the scoring formula
# (assessments/scoring.py, pure Python that every layer may import); the
# framework's models take them from there.
from assessments.scoring import (  # noqa: E402
    KIND_RESPONSIBILITY,
    KIND_SKILL,
    SCALE_MAX,
    SCALE_MIN,
    WEIGHT_MAX,
    WEIGHT_MIN,
)

level_validators = [MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)]
weight_validators = [MinValueValidator(WEIGHT_MIN), MaxValueValidator(WEIGHT_MAX)]


class CompetencyArea(models.Model):
    class Kind(models.TextChoices):
        SKILL = KIND_SKILL, _("Skill area")
        RESPONSIBILITY = KIND_RESPONSIBILITY, _("Responsibility group")

    code = models.SlugField(_("code"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("competency area")
        verbose_name_plural = _("competency areas")

    def __str__(self):
        return self.name


class Competency(models.Model):
    area = models.ForeignKey(
        CompetencyArea,
        on_delete=models.PROTECT,
        related_name="competencies",
        verbose_name=_("area"),
    )
    code = models.CharField(_("code"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    level_1 = models.TextField(_("level 1 descriptor"), blank=True)
    level_2 = models.TextField(_("level 2 descriptor"), blank=True)
    level_3 = models.TextField(_("level 3 descriptor"), blank=True)
    level_4 = models.TextField(_("level 4 descriptor"), blank=True)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_(
            "An import deactivates a competency it no longer lists but that "
            "assessments use: old reports keep it, profiles no longer target it."
        ),
    )

    class Meta:
        ordering = ["area__order", "area__code", "order", "code"]
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")

    def __str__(self):
        return self.name

    def level_descriptor(self, level: int) -> str:
        """The competency's own descriptor of ``level`` (1–4); '' for 0."""
        if 1 <= level <= SCALE_MAX:
            return getattr(self, f"level_{level}")
        return ""


class ProficiencyLevel(models.Model):
    level = models.PositiveSmallIntegerField(
        _("level"), primary_key=True, validators=level_validators
    )
    name = models.CharField(_("name"), max_length=60)
    descriptor = models.TextField(_("descriptor"))

    class Meta:
        ordering = ["level"]
        verbose_name = _("proficiency level")
        verbose_name_plural = _("proficiency levels")

    def __str__(self):
        return f"{self.level} – {self.name}"


class RoleProfile(models.Model):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=160)
    description = models.TextField(_("description"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Only active profiles can be chosen for a new assessment."),
    )

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("role profile")
        verbose_name_plural = _("role profiles")

    def __str__(self):
        return self.name


class ProfileTarget(models.Model):
    profile = models.ForeignKey(
        RoleProfile,
        on_delete=models.CASCADE,
        related_name="targets",
        verbose_name=_("role profile"),
    )
    competency = models.ForeignKey(
        Competency,
        on_delete=models.CASCADE,
        related_name="targets",
        verbose_name=_("competency"),
    )
    target = models.PositiveSmallIntegerField(_("target level"), validators=level_validators)
    weight = models.PositiveSmallIntegerField(
        _("importance weight"), default=1, validators=weight_validators
    )

    class Meta:
        ordering = ["profile", "competency__area__order", "competency__order"]
        verbose_name = _("profile target")
        verbose_name_plural = _("profile targets")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "competency"], name="unique_target_per_profile"
            ),
            models.CheckConstraint(
                condition=models.Q(target__gte=SCALE_MIN, target__lte=SCALE_MAX),
                name="target_within_scale",
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gte=WEIGHT_MIN, weight__lte=WEIGHT_MAX),
                name="weight_within_range",
            ),
        ]

    def __str__(self):
        return f"{self.profile} · {self.competency}: {self.target} (×{self.weight})"


class DevelopmentAction(models.Model):
    class Kind(models.TextChoices):
        PROJECT = "project", _("Project")
        PRACTICE = "practice", _("Practice")
        STUDY = "study", _("Study")

    competency = models.ForeignKey(
        Competency,
        on_delete=models.CASCADE,
        related_name="actions",
        verbose_name=_("competency"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    text = models.TextField(_("action"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    link_url = models.URLField(
        _("learning link"),
        max_length=500,
        blank=True,
        help_text=_("Optional: public documentation or a course that helps with this action."),
    )
    link_title = models.CharField(_("title of the learning link"), max_length=200, blank=True)

    class Meta:
        ordering = ["competency", "order"]
        verbose_name = _("development action")
        verbose_name_plural = _("development actions")

    def __str__(self):
        return self.text[:60]


class PrimaryRole(models.Model):
    """One of the seed's primary roles ("Peran Utama"), e.g. AI application
    development; the report shows readiness per primary role beside the areas."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("primary role")
        verbose_name_plural = _("primary roles")

    def __str__(self):
        return self.name


class Duty(models.Model):
    """A duty of a primary role, linked to the competencies that serve it."""

    primary_role = models.ForeignKey(
        PrimaryRole,
        on_delete=models.CASCADE,
        related_name="duties",
        verbose_name=_("primary role"),
    )
    code = models.CharField(_("code"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    competencies = models.ManyToManyField(
        Competency, related_name="duties", verbose_name=_("competencies"), blank=True
    )

    class Meta:
        ordering = ["primary_role__order", "order", "code"]
        verbose_name = _("duty")
        verbose_name_plural = _("duties")

    def __str__(self):
        return self.name


class LoadedRow(models.Model):
    """What ``load_framework`` last wrote to one framework row: a digest of its
    values. A row whose values no longer match was edited since, and loading
    leaves it alone; a digest without its row marks a row someone deleted."""

    table = models.CharField(max_length=32)
    key = models.CharField(max_length=210)
    digest = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["table", "key"], name="unique_loaded_row")]
        verbose_name = _("loaded framework row")
        verbose_name_plural = _("loaded framework rows")

    def __str__(self):
        return f"{self.table} {self.key}"


class FrameworkImport(models.Model):
    """Who imported which framework document, when, and what it changed. An
    upload in the admin is first *previewed* (the document kept here), then
    *applied* once confirmed."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed, not applied")
        APPLIED = "applied", _("Applied")

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.APPLIED
    )
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    source = models.CharField(_("source"), max_length=200)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    created = models.PositiveIntegerField(_("created"), default=0)
    changed = models.PositiveIntegerField(_("changed"), default=0)
    deactivated = models.PositiveIntegerField(_("deactivated"), default=0)
    deleted = models.PositiveIntegerField(_("deleted"), default=0)
    summary = models.JSONField(_("changes"), default=list)
    document = models.JSONField(_("document"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("framework import")
        verbose_name_plural = _("framework imports")

    def __str__(self):
        return f"{self.source} ({self.created_at:%Y-%m-%d %H:%M})"
