"""SCIM on the wire: the refusal as a SCIM error body (RFC 7644 §3.12), the
guard every endpoint passes (a provisioning token, the allowed methods), the
JSON body read and validated by the resource models, and the answers
(``application/scim+json``, a list in pages, ``attributes`` and
``excludedAttributes`` honoured)."""

from __future__ import annotations

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from pydantic import ValidationError
from scim2_models import Context, Error, ListResponse, ResponseParameters

from api.parser import BadBody, JsonObjectParser
from core.ratelimit import RateLimited

from . import resources
from .auth import provisioning_token
from .errors import (
    InvalidSyntax,
    InvalidValue,
    MethodNotAllowed,
    ScimError,
    TooManyRequests,
)
from .filters import to_q

CONTENT_TYPE = "application/scim+json"
DEFAULT_COUNT = 100
MAX_START = 2**31


def json_response(data, status: int = 200, **headers) -> JsonResponse:
    response = JsonResponse(data, status=status, content_type=CONTENT_TYPE, safe=False)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def error(refusal: ScimError) -> JsonResponse:
    body = Error(status=refusal.status, scim_type=refusal.scim_type, detail=refusal.detail)
    response = json_response(body.model_dump(), status=refusal.status)
    if refusal.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="SCIM"'
    return response


def endpoint(*methods: str):
    """A SCIM view: only ``methods``, a provisioning token, refusals as SCIM errors."""

    def wrap(view):
        @csrf_exempt
        def run(request, **kwargs):
            try:
                provisioning_token(request)
                if request.method not in methods:
                    raise MethodNotAllowed(f"{request.method} is not allowed here.")
                return view(request, **kwargs)
            except ScimError as refusal:
                return error(refusal)
            except RateLimited as limited:
                response = error(TooManyRequests("Too many requests; try again later."))
                response["Retry-After"] = str(limited.retry_after)
                return response

        run.__name__ = view.__name__
        run.__doc__ = view.__doc__
        return run

    return wrap


def base_url(request) -> str:
    return request.build_absolute_uri("/scim/v2/")


def body_of(request) -> dict:
    try:
        return JsonObjectParser().parse_body(request)
    except BadBody as bad:
        raise InvalidSyntax(str(bad)) from None


def validated(model, data, context):
    try:
        return model.model_validate(data, scim_ctx=context, scim_policy=resources.POLICY)
    except ValidationError as invalid:
        first = Error.from_validation_errors(invalid)[0]
        raise InvalidValue(first.detail or "invalid", scim_type=first.scim_type) from None


def _parameters(request, model) -> ResponseParameters:
    query = {
        key: request.GET[key] for key in ("attributes", "excludedAttributes") if key in request.GET
    }
    return validated(ResponseParameters[model], query, None)


def _index(request, name: str, default: int, minimum: int) -> int:
    raw = request.GET.get(name, "")
    if not raw:
        return default
    try:
        return max(minimum, int(raw))
    except ValueError:
        raise InvalidValue(f"{name} must be a whole number.") from None


def listing(request, model, queryset, lookups, present):
    parameters = _parameters(request, model)
    if request.GET.get("filter"):
        queryset = queryset.filter(to_q(request.GET["filter"], lookups)).distinct()
    # Past the last row nothing is read (and no database meets a huge offset).
    start = min(_index(request, "startIndex", 1, 1), MAX_START)
    count = min(_index(request, "count", DEFAULT_COUNT, 0), resources.MAX_RESULTS)
    total = queryset.count()
    page = [present(obj, base_url(request)) for obj in queryset[start - 1 : start - 1 + count]]
    answer = ListResponse[model](
        total_results=total, start_index=start, items_per_page=len(page), resources=page
    )
    dumped = answer.model_dump(scim_ctx=Context.SEARCH_RESPONSE, response_parameters=parameters)
    dumped.setdefault("Resources", [])
    return json_response(dumped)


def one(request, model, resource, context, status=200):
    dumped = resource.model_dump(scim_ctx=context, response_parameters=_parameters(request, model))
    headers = {"Location": resource.meta.location} if status == 201 else {}
    return json_response(dumped, status=status, **headers)
