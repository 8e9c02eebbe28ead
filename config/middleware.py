"""The product's own error pages in development too.

With ``DEBUG`` Django answers a page that does not exist and a failure with its
technical pages (the URL list, a traceback). The demo runs with ``DEBUG``, and
the people trying it should meet the pages they will meet in production:
``templates/404.html`` and ``templates/500.html`` (403 is the product's page
already). ``DEBUG_ERROR_PAGES=true`` brings Django's technical pages back for
whoever is debugging. Without ``DEBUG`` this middleware is not used: Django's
own handlers render the same templates.
"""

import logging

from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    MiddlewareNotUsed,
    PermissionDenied,
    SuspiciousOperation,
)
from django.http import Http404
from django.shortcuts import render
from django.urls import Resolver404, resolve

logger = logging.getLogger("django.request")
CLIENT_ERRORS = (PermissionDenied, BadRequest, SuspiciousOperation)


def _resolvable(path: str) -> bool:
    for candidate in (path, path + "/"):  # CommonMiddleware appends the slash
        try:
            resolve(candidate)
        except Resolver404:
            continue
        return True
    return False


class ProductErrorPagesMiddleware:
    def __init__(self, get_response):
        if not settings.DEBUG or settings.DEBUG_ERROR_PAGES:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        if not _resolvable(request.path_info):
            return render(request, "404.html", status=404)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):
            return render(request, "404.html", status=404)
        if isinstance(exception, CLIENT_ERRORS):
            return None  # Django answers these with a 4xx (the 403 is the product's page)
        logger.error("Internal Server Error: %s", request.path, exc_info=exception)
        return render(request, "500.html", status=500)
