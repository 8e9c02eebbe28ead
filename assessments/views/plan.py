"""Placeholder views until this page family lands."""

from django.http import Http404


def plan(request, *args, **kwargs):
    raise Http404


def goal_save(request, *args, **kwargs):
    raise Http404

