from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Preferences"), {"fields": ("language",)}))
    list_display = (
        "username",
        "email",
        "first_name",
        "last_name",
        "team_names",
        "is_staff",
        "language",
    )

    def get_queryset(self, request):
        # The teams a person belongs to (org's Team.members), read with the list.
        return super().get_queryset(request).prefetch_related("teams")

    @admin.display(description=_("teams"))
    def team_names(self, obj):
        return ", ".join(sorted(team.name for team in obj.teams.all())) or "—"
