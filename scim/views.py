"""The SCIM 2.0 endpoints at ``/scim/v2/`` (RFC 7644): discovery, ``Users``
and ``Groups``. Thin: authenticate (``auth``), parse and validate the body
with the resource models, call ``services``, answer ``application/scim+json``.
Every refusal is a SCIM error body (``ScimError`` mapped in ``error``)."""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from pydantic import ValidationError
from scim2_models import Context, Error, ListResponse, PatchOp, ResponseParameters

from api.parser import BadBody, JsonObjectParser
from core.ratelimit import RateLimited

from . import resources, services
from .auth import provisioning_token
from .errors import (
    InvalidSyntax,
    InvalidValue,
    MethodNotAllowed,
    NotFound,
    NotImplementedYet,
    ScimError,
    TooManyRequests,
)
from .filters import GROUP_LOOKUPS, USER_LOOKUPS, to_q

CONTENT_TYPE = "application/scim+json"
DEFAULT_COUNT = 100


def _json(data, status: int = 200, **headers) -> JsonResponse:
    response = JsonResponse(data, status=status, content_type=CONTENT_TYPE, safe=False)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def error(refusal: ScimError) -> JsonResponse:
    body = Error(status=refusal.status, scim_type=refusal.scim_type, detail=refusal.detail)
    response = _json(body.model_dump(), status=refusal.status)
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


def _base(request) -> str:
    return request.build_absolute_uri("/scim/v2/")


def _body(request) -> dict:
    try:
        return JsonObjectParser().parse_body(request)
    except BadBody as bad:
        raise InvalidSyntax(str(bad)) from None


def _validated(model, data, context):
    try:
        return model.model_validate(data, scim_ctx=context, scim_policy=resources.POLICY)
    except ValidationError as invalid:
        first = Error.from_validation_errors(invalid)[0]
        raise InvalidValue(first.detail or "invalid", scim_type=first.scim_type) from None


def _with_active(kind: str, data: dict, current=None) -> dict:
    """A user sent without ``active`` (required in the schema) is active, or
    stays as they were on a PUT."""
    if kind == "Users" and not any(key.lower() == "active" for key in data):
        data["active"] = current.is_active if current is not None else True
    return data


def _parameters(request, model) -> ResponseParameters:
    query = {
        key: request.GET[key] for key in ("attributes", "excludedAttributes") if key in request.GET
    }
    return _validated(ResponseParameters[model], query, None)


def _index(request, name: str, default: int, minimum: int) -> int:
    raw = request.GET.get(name, "")
    if not raw:
        return default
    try:
        return max(minimum, int(raw))
    except ValueError:
        raise InvalidValue(f"{name} must be a whole number.") from None


def _list(request, model, queryset, lookups, present):
    parameters = _parameters(request, model)
    if request.GET.get("filter"):
        queryset = queryset.filter(to_q(request.GET["filter"], lookups)).distinct()
    start = _index(request, "startIndex", 1, 1)
    count = min(_index(request, "count", DEFAULT_COUNT, 0), resources.MAX_RESULTS)
    total = queryset.count()
    page = [present(obj, _base(request)) for obj in queryset[start - 1 : start - 1 + count]]
    listing = ListResponse[model](
        total_results=total, start_index=start, items_per_page=len(page), resources=page
    )
    dumped = listing.model_dump(scim_ctx=Context.SEARCH_RESPONSE, response_parameters=parameters)
    dumped.setdefault("Resources", [])
    return _json(dumped)


def _one(request, model, resource, context, status=200):
    dumped = resource.model_dump(scim_ctx=context, response_parameters=_parameters(request, model))
    headers = {"Location": resource.meta.location} if status == 201 else {}
    return _json(dumped, status=status, **headers)


# --- discovery ------------------------------------------------------------------------


@endpoint("GET")
def service_provider_config(request):
    config = resources.service_provider_config(_base(request))
    return _json(config.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))


def _discovery(items, object_id):
    dumped = [i.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE) for i in items]
    if object_id is not None:
        found = next((d for d in dumped if d["id"] == object_id), None)
        if found is None:
            raise NotFound(f"No {object_id} here.")
        return _json(found)
    listing = {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        "totalResults": len(dumped),
        "startIndex": 1,
        "itemsPerPage": len(dumped),
        "Resources": dumped,
    }
    return _json(listing)


@endpoint("GET")
def resource_types(request, object_id=None):
    return _discovery(resources.resource_types(_base(request)), object_id)


@endpoint("GET")
def schemas(request, object_id=None):
    return _discovery(resources.schemas(_base(request)), object_id)


# --- Users and Groups -----------------------------------------------------------------


KINDS = {
    "Users": (resources.User, USER_LOOKUPS, services.users, services.user_resource),
    "Groups": (resources.Group, GROUP_LOOKUPS, services.teams, services.team_resource),
}
WRITES = {
    "Users": (
        services.user_get,
        services.user_create,
        services.user_replace,
        services.user_patch,
        services.user_remove,
    ),
    "Groups": (
        services.team_get,
        services.team_create,
        services.team_replace,
        services.team_patch,
        services.team_remove,
    ),
}


def collection(kind: str):
    model, lookups, queryset, present = KINDS[kind]
    _get, create, _replace, _patch, _remove = WRITES[kind]

    @endpoint("GET", "POST")
    def view(request):
        if request.method == "GET":
            return _list(request, model, queryset(), lookups, present)
        data = _with_active(kind, _body(request))
        resource = _validated(model, data, Context.RESOURCE_CREATION_REQUEST)
        created = create(resource=resource)
        return _one(
            request,
            model,
            present(created, _base(request)),
            Context.RESOURCE_CREATION_RESPONSE,
            status=201,
        )

    view.__name__ = kind.lower()
    return view


def member(kind: str):
    model, _lookups, _queryset, present = KINDS[kind]
    get, _create, replace, patch, remove = WRITES[kind]

    @endpoint("GET", "PUT", "PATCH", "DELETE")
    def view(request, id):
        found = get(id)
        base = _base(request)
        if request.method == "GET":
            return _one(request, model, present(found, base), Context.RESOURCE_QUERY_RESPONSE)
        if request.method == "DELETE":
            remove(**{"user" if kind == "Users" else "team": found})
            return HttpResponse(status=204)
        target = {"user" if kind == "Users" else "team": found}
        if request.method == "PUT":
            data = _with_active(kind, _body(request), found)
            resource = _validated(model, data, Context.RESOURCE_REPLACEMENT_REQUEST)
            changed = replace(resource=resource, **target)
            context = Context.RESOURCE_REPLACEMENT_RESPONSE
        else:
            operations = _validated(PatchOp[model], _body(request), Context.RESOURCE_PATCH_REQUEST)
            changed = patch(patch=operations, base=base, **target)
            context = Context.RESOURCE_PATCH_RESPONSE
        return _one(request, model, present(changed, base), context)

    view.__name__ = kind.lower()[:-1]
    return view


users, user = collection("Users"), member("Users")
groups, group = collection("Groups"), member("Groups")


@endpoint("POST")
def search(request):
    raise NotImplementedYet("Searching several resource types at once is not supported.")


@endpoint("GET", "POST", "PUT", "PATCH", "DELETE")
def unknown(request, rest=""):
    raise NotFound("No such SCIM endpoint.")
