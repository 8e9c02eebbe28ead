from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Assessment, Goal, Rating


class RatingInline(admin.TabularInline):
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
class RatingAdmin(SimpleHistoryAdmin):
    list_display = ("assessment", "competency", "level", "manager_level", "updated_at")
    list_filter = ("competency__area",)
    list_select_related = ("assessment__engineer", "assessment__role_profile", "competency")
    raw_id_fields = ("assessment", "competency", "reviewed_by")


@admin.register(Goal)
class GoalAdmin(SimpleHistoryAdmin):
    list_display = ("assessment", "competency", "status", "due_date")
    list_filter = ("status",)
    list_select_related = ("assessment__engineer", "assessment__role_profile", "competency")
    raw_id_fields = ("assessment", "competency")
