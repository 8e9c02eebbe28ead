"""The competency framework: areas, competencies, the proficiency scale, role
profiles with their targets, and development actions.

Every text field is translated (Indonesian and English) through
django-modeltranslation; see ``roles/translation.py``.
"""

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

    class Meta:
        ordering = ["competency", "order"]
        verbose_name = _("development action")
        verbose_name_plural = _("development actions")

    def __str__(self):
        return self.text[:60]
