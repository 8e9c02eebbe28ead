from django.contrib import admin

from .models import Cycle, Delivery, Invitation, Preferences


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    raw_id_fields = ["engineer", "assessment"]


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["name", "self_due", "review_due", "opened_by", "opened_at", "closed_at"]
    list_filter = ["closed_at"]
    inlines = [InvitationInline]
    raw_id_fields = ["opened_by"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["recipient", "event", "key", "status", "skip_reason", "attempts", "sent_at"]
    list_filter = ["status", "event", "skip_reason"]
    search_fields = ["recipient__username", "key"]
    raw_id_fields = ["recipient", "cycle", "assessment"]


@admin.register(Preferences)
class PreferencesAdmin(admin.ModelAdmin):
    list_display = ["user", "invitations", "reminders", "review_requests", "review_ready"]
    raw_id_fields = ["user"]
