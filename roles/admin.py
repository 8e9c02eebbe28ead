from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from . import models


class FrameworkAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    """A translated framework model with its audit trail."""


class CompetencyInline(TranslationTabularInline):
    model = models.Competency
    fields = ("code", "name", "order")
    extra = 0
    show_change_link = True


@admin.register(models.CompetencyArea)
class CompetencyAreaAdmin(FrameworkAdmin):
    list_display = ("name", "code", "kind", "order")
    list_filter = ("kind",)
    search_fields = ("code", "name_en", "name_ind")
    ordering = ("order",)
    inlines = [CompetencyInline]


class DevelopmentActionInline(TranslationTabularInline):
    model = models.DevelopmentAction
    fields = ("kind", "text", "order")
    extra = 0


@admin.register(models.Competency)
class CompetencyAdmin(FrameworkAdmin):
    list_display = ("name", "code", "area", "order")
    list_filter = ("area__kind", "area")
    list_select_related = ("area",)
    search_fields = ("code", "name_en", "name_ind")
    inlines = [DevelopmentActionInline]


@admin.register(models.ProficiencyLevel)
class ProficiencyLevelAdmin(FrameworkAdmin):
    list_display = ("level", "name")


class ProfileTargetInline(admin.TabularInline):
    model = models.ProfileTarget
    fields = ("competency", "target", "weight")
    extra = 0
    autocomplete_fields = ("competency",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("competency__area")


@admin.register(models.RoleProfile)
class RoleProfileAdmin(FrameworkAdmin):
    list_display = ("name", "code", "is_active", "order")
    list_filter = ("is_active",)
    search_fields = ("code", "name_en", "name_ind")
    inlines = [ProfileTargetInline]


@admin.register(models.ProfileTarget)
class ProfileTargetAdmin(SimpleHistoryAdmin):
    list_display = ("profile", "competency", "target", "weight")
    list_filter = ("profile", "competency__area", "weight")
    list_select_related = ("profile", "competency")
    list_editable = ("target", "weight")


@admin.register(models.DevelopmentAction)
class DevelopmentActionAdmin(FrameworkAdmin):
    list_display = ("text", "competency", "kind", "order")
    list_filter = ("kind", "competency__area")
    list_select_related = ("competency",)
    search_fields = ("text_en", "text_ind", "competency__code")
