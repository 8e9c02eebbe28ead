from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Competency,
    CompetencyArea,
    DevelopmentAction,
    ProficiencyLevel,
    ProfileTarget,
    RoleProfile,
)


class CompetencyInline(TranslationTabularInline):
    model = Competency
    fields = ("code", "name", "order")
    extra = 0
    show_change_link = True


@admin.register(CompetencyArea)
class CompetencyAreaAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ("name", "code", "kind", "order")
    list_filter = ("kind",)
    search_fields = ("code", "name_en", "name_ind")
    ordering = ("order",)
    inlines = [CompetencyInline]


class DevelopmentActionInline(TranslationTabularInline):
    model = DevelopmentAction
    fields = ("kind", "text", "order")
    extra = 0


@admin.register(Competency)
class CompetencyAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ("name", "code", "area", "order")
    list_filter = ("area__kind", "area")
    list_select_related = ("area",)
    search_fields = ("code", "name_en", "name_ind")
    inlines = [DevelopmentActionInline]


@admin.register(ProficiencyLevel)
class ProficiencyLevelAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ("level", "name")


class ProfileTargetInline(admin.TabularInline):
    model = ProfileTarget
    fields = ("competency", "target", "weight")
    extra = 0
    autocomplete_fields = ("competency",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("competency__area")


@admin.register(RoleProfile)
class RoleProfileAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ("name", "code", "is_active", "order")
    list_filter = ("is_active",)
    search_fields = ("code", "name_en", "name_ind")
    inlines = [ProfileTargetInline]


@admin.register(ProfileTarget)
class ProfileTargetAdmin(SimpleHistoryAdmin):
    list_display = ("profile", "competency", "target", "weight")
    list_filter = ("profile", "competency__area", "weight")
    list_select_related = ("profile", "competency")
    list_editable = ("target", "weight")


@admin.register(DevelopmentAction)
class DevelopmentActionAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ("text", "competency", "kind", "order")
    list_filter = ("kind", "competency__area")
    list_select_related = ("competency",)
    search_fields = ("text_en", "text_ind", "competency__code")
