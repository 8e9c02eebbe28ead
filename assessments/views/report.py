"""Placeholder views until this page family lands."""

from django.http import Http404


def history(request, *args, **kwargs):
    raise Http404


def report(request, *args, **kwargs):
    raise Http404


def report_json(request, *args, **kwargs):
    raise Http404

