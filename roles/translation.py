"""Which framework fields exist in Indonesian and English (django-modeltranslation).

modeltranslation names the Indonesian columns ``<field>_ind`` (``_id`` would
clash with Django's foreign-key suffix) and the English ones ``<field>_en``.
"""

import simple_history
from modeltranslation.translator import translator

from . import models

# Each framework model and its fields that are written in both languages.
TRANSLATED_FIELDS = {
    models.CompetencyArea: ("name", "description"),
    models.Competency: ("name", "description", "level_1", "level_2", "level_3", "level_4"),
    models.ProficiencyLevel: ("name", "descriptor"),
    models.RoleProfile: ("name", "description"),
    models.DevelopmentAction: ("text", "link_title"),
    models.PrimaryRole: ("name", "description"),
    models.Duty: ("name", "description"),
}
for _model, _fields in TRANSLATED_FIELDS.items():
    translator.register(_model, fields=_fields)

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
