"""Service tokens are made here by an administrator: a name, the teams it
reads, whether it may provision users and teams (SCIM), how long it
lives. Read-only always (for the API); the secret is shown once, in the
message after saving. Personal tokens are listed (and may be revoked), never made here."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import ApiToken
from .tokens import DEFAULT_DAYS, MAX_DAYS, rekey


class ServiceTokenForm(forms.ModelForm):
    days = forms.IntegerField(
        label=gettext_lazy("Expires after (days)"),
        min_value=1,
        max_value=MAX_DAYS,
        initial=DEFAULT_DAYS,
    )

    class Meta:
        model = ApiToken
        fields = ["name", "teams", "provisions"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "user",
        "prefix",
        "read_write",
        "provisions",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["kind", "read_write", "provisions"]
    search_fields = ["name", "prefix", "user__username"]
    filter_horizontal = ["teams"]
    actions = ["revoke"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ServiceTokenForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name", "teams", "provisions", "days"]
        return [
            "name",
            "kind",
            "user",
            "teams",
            "read_write",
            "provisions",
            "prefix",
            "created_at",
            "expires_at",
            "last_used_at",
            "revoked_at",
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        fixed = ["kind", "user", "read_write", "prefix", "created_at", "expires_at", "last_used_at"]
        # Only a service token may provision (a constraint of ApiToken).
        return fixed if obj.is_service else [*fixed, "provisions"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        obj.kind = ApiToken.Kind.SERVICE
        obj.read_write = False
        obj.created_by = request.user
        obj.expires_at = timezone.now() + timedelta(days=form.cleaned_data["days"])
        secret = rekey(obj)
        super().save_model(request, obj, form, change)
        messages.warning(
            request,
            _("The service token's secret, shown only this once: %(secret)s") % {"secret": secret},
        )

    @admin.action(description=gettext_lazy("Revoke the chosen tokens"))
    def revoke(self, request, queryset):
        queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
