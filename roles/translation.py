"""Which framework fields exist in Indonesian and English (django-modeltranslation).

modeltranslation names the Indonesian columns ``<field>_ind`` (``_id`` would
clash with Django's foreign-key suffix) and the English ones ``<field>_en``.
"""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import (
    Competency,
    CompetencyArea,
    DevelopmentAction,
    ProficiencyLevel,
    ProfileTarget,
    RoleProfile,
)


@register(CompetencyArea)
class CompetencyAreaTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Competency)
class CompetencyTranslation(TranslationOptions):
    fields = ("name", "description", "level_1", "level_2", "level_3", "level_4")


@register(ProficiencyLevel)
class ProficiencyLevelTranslation(TranslationOptions):
    fields = ("name", "descriptor")


@register(RoleProfile)
class RoleProfileTranslation(TranslationOptions):
    fields = ("name", "description")


@register(DevelopmentAction)
class DevelopmentActionTranslation(TranslationOptions):
    fields = ("text",)


# The audit trail of framework edits (django-simple-history). Registered after
# the translation fields exist, so history keeps both languages.
for _model in (
    CompetencyArea,
    Competency,
    ProficiencyLevel,
    RoleProfile,
    ProfileTarget,
    DevelopmentAction,
):
    simple_history.register(_model, app=__package__)
