"""Placeholder views until the team dashboard lands."""

from django.http import Http404


def dashboard(request, pk):
    raise Http404


def report_pdf(request, pk):
    raise Http404


def ratings_csv(request, pk):
    raise Http404
