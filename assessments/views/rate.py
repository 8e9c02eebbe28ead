"""Placeholder views until this page family lands."""

from django.http import Http404


def assessment_new(request, *args, **kwargs):
    raise Http404


def rate(request, *args, **kwargs):
    raise Http404


def rating_save(request, *args, **kwargs):
    raise Http404


def submit(request, *args, **kwargs):
    raise Http404

