from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Assessment, Goal, Rating


class FrozenRatingsReadOnly:
    """The ratings of a submitted assessment are frozen (the report, its PDF
    and the audit trail stand on them): the admin shows them and changes none.
    Ratings of a draft stay editable."""

    @staticmethod
    def _frozen(assessment) -> bool:
        return assessment is not None and assessment.is_frozen

    def has_delete_permission(self, request, obj=None):
        if self._frozen(self._assessment_of(obj)):
            return False
        return super().has_delete_permission(request, obj)


class RatingInline(FrozenRatingsReadOnly, admin.TabularInline):
    model = Rating
    fields = (
        "competency",
        "level",
        "manager_level",
        "target",
        "weight",
        "evidence",
        "manager_comment",
    )
    extra = 0
    raw_id_fields = ("competency",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("competency")

    @staticmethod
    def _assessment_of(obj):
        return obj  # the inline's parent: the assessment

    def get_readonly_fields(self, request, obj=None):
        if self._frozen(obj):
            return self.fields
        return super().get_readonly_fields(request, obj)

    def has_add_permission(self, request, obj=None):
        if self._frozen(obj):
            return False
        return super().has_add_permission(request, obj)


class GoalInline(admin.TabularInline):
    model = Goal
    fields = ("competency", "text", "due_date", "status")
    extra = 0
    raw_id_fields = ("competency",)


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ("id", "engineer", "role_profile", "status", "created_at", "submitted_at")
    list_filter = ("status", "role_profile")
    list_select_related = ("engineer", "role_profile")
    search_fields = ("engineer__username",)
    inlines = [RatingInline, GoalInline]


@admin.register(Rating)
class RatingAdmin(FrozenRatingsReadOnly, SimpleHistoryAdmin):
    list_display = ("assessment", "competency", "level", "manager_level", "updated_at")
    list_filter = ("competency__area",)
    list_select_related = ("assessment__engineer", "assessment__role_profile", "competency")
    raw_id_fields = ("assessment", "competency", "reviewed_by")

    @staticmethod
    def _assessment_of(obj):
        return obj.assessment if obj is not None else None

    def get_readonly_fields(self, request, obj=None):
        if self._frozen(self._assessment_of(obj)):
            return [f.name for f in Rating._meta.fields if f.name != "id"]
        return super().get_readonly_fields(request, obj)


@admin.register(Goal)
class GoalAdmin(SimpleHistoryAdmin):
    list_display = ("assessment", "competency", "status", "due_date")
    list_filter = ("status",)
    list_select_related = ("assessment__engineer", "assessment__role_profile", "competency")
    raw_id_fields = ("assessment", "competency")
