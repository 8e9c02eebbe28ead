"""Placeholder views until this page family lands."""

from django.http import Http404


def review(request, *args, **kwargs):
    raise Http404


def review_save(request, *args, **kwargs):
    raise Http404

