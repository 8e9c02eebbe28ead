"""Which framework fields exist in Indonesian and English (django-modeltranslation).

modeltranslation names the Indonesian columns ``<field>_ind`` (``_id`` would
clash with Django's foreign-key suffix) and the English ones ``<field>_en``.
"""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from . import models


@register(models.CompetencyArea)
class CompetencyAreaTranslation(TranslationOptions):
    fields = ("name", "description")


@register(models.Competency)
class CompetencyTranslation(TranslationOptions):
    fields = ("name", "description", "level_1", "level_2", "level_3", "level_4")


@register(models.ProficiencyLevel)
class ProficiencyLevelTranslation(TranslationOptions):
    fields = ("name", "descriptor")


@register(models.RoleProfile)
class RoleProfileTranslation(TranslationOptions):
    fields = ("name", "description")


@register(models.DevelopmentAction)
class DevelopmentActionTranslation(TranslationOptions):
    fields = ("text", "link_title")


@register(models.PrimaryRole)
class PrimaryRoleTranslation(TranslationOptions):
    fields = ("name", "description")


@register(models.Duty)
class DutyTranslation(TranslationOptions):
    fields = ("name", "description")


# The audit trail of framework edits (django-simple-history). Registered after
# the translation fields exist, so history keeps both languages.
AUDITED_MODELS = (
    models.CompetencyArea,
    models.Competency,
    models.ProficiencyLevel,
    models.RoleProfile,
    models.ProfileTarget,
    models.DevelopmentAction,
    models.PrimaryRole,
    models.Duty,
)
for _model in AUDITED_MODELS:
    simple_history.register(_model, app=__package__)
