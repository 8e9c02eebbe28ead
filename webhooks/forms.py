"""The admin's endpoint form: the events as checkboxes, the URL checked
against the rule of ``addresses`` when it is saved."""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from . import addresses
from .models import SUBSCRIBABLE, Endpoint


def _formfield(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"  # a URL typed without one
    return field.formfield(**kwargs)


class EndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        label=capfirst(_("events")),
        choices=SUBSCRIBABLE,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The events posted to this URL."),
    )

    class Meta:
        model = Endpoint
        fields = ["url", "description", "events", "active"]
        formfield_callback = _formfield

    def clean_url(self):
        url = self.cleaned_data["url"]
        addresses.check(url)
        return url
