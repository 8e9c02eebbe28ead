from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Team


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "parent", "manager_names", "member_count")
    list_select_related = ("parent",)
    search_fields = ("name", "managers__username", "members__username")
    filter_horizontal = ("managers", "members", "people_partners")
    # ``Team.clean`` refuses a parent loop with a message on the field.
    fields = ("name", "parent", "managers", "people_partners", "members")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("managers", "members")

    @admin.display(description=_("managers"))
    def manager_names(self, obj):
        return ", ".join(u.username for u in obj.managers.all())

    @admin.display(description=_("members"))
    def member_count(self, obj):
        return len(obj.members.all())
