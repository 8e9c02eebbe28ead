"""Webhooks in the admin: endpoints (the signing secret shown once, in the
message after adding one; "send a test event") and their deliveries, read
only, with "re-send"."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from . import outbox, payloads
from .forms import EndpointForm
from .models import Delivery, Endpoint, Event, new_secret


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    form = EndpointForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["url", "description", "event_list", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["url", "description"]
    readonly_fields = ["created_by", "created_at"]
    actions = ["send_test", "rekey"]

    def get_fields(self, request, obj=None):
        fields = ["url", "description", "events", "active"]
        return fields if obj is None else [*fields, "created_by", "created_at"]

    @admin.display(description=gettext_lazy("events"))
    def event_list(self, obj):
        labels = dict(Event.choices)
        return ", ".join(str(labels.get(event, event)) for event in obj.events or [])

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        obj.created_by = request.user
        super().save_model(request, obj, form, change)
        messages.warning(
            request,
            _(
                "The endpoint's signing secret, shown only this once (the receiver checks "
                "each delivery's signature with it): %(secret)s"
            )
            % {"secret": obj.secret},
        )

    @admin.action(description=gettext_lazy("Make a new signing secret"), permissions=["change"])
    def rekey(self, request, queryset):
        for endpoint in queryset:
            endpoint.secret = new_secret()
            endpoint.save(update_fields=["secret"])
            messages.warning(
                request,
                _("The new signing secret of %(endpoint)s, shown only this once: %(secret)s")
                % {"endpoint": endpoint, "secret": endpoint.secret},
            )

    @admin.action(description=gettext_lazy("Send a test event"), permissions=["change"])
    def send_test(self, request, queryset):
        endpoints = list(queryset)
        outbox.queue(Event.TEST, payloads.ping_data(), endpoints=endpoints)
        self.message_user(
            request,
            ngettext(
                "A test event was queued for %(count)d endpoint.",
                "A test event was queued for %(count)d endpoints.",
                len(endpoints),
            )
            % {"count": len(endpoints)},
        )


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "event",
        "endpoint",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["status", "event", "endpoint"]
    list_select_related = ["endpoint"]
    search_fields = ["event_id", "uuid", "endpoint__url"]
    actions = ["resend"]
    fields = [
        "endpoint",
        "event",
        "event_id",
        "uuid",
        "status",
        "attempts",
        "next_attempt_at",
        "last_attempt_at",
        "last_status_code",
        "last_error",
        "sent_at",
        "created_at",
        "payload",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_resend_permission(self, request):
        return request.user.has_perm("webhooks.change_delivery")

    @admin.action(description=gettext_lazy("Re-send the chosen deliveries"), permissions=["resend"])
    def resend(self, request, queryset):
        count = outbox.resend(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d delivery queued to be sent again.",
                "%(count)d deliveries queued to be sent again.",
                count,
            )
            % {"count": count},
        )
