"""Placeholder views until this page family lands."""

from django.http import Http404


def report_pdf(request, *args, **kwargs):
    raise Http404

