"""Domain refusals of the infrastructure mapped to answers, in one place."""

from django.http import HttpResponse
from django.template.loader import render_to_string

from .ratelimit import RateLimited


class RateLimitedMiddleware:
    """``RateLimited`` raised anywhere answers 429 with a page that says when
    to try again (and ``Retry-After``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, RateLimited):
            return None
        response = HttpResponse(
            render_to_string("429.html", {"retry_after": exception.retry_after}, request=request),
            status=429,
        )
        response["Retry-After"] = str(exception.retry_after)
        return response
