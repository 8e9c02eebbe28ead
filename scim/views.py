"""The SCIM 2.0 endpoints at ``/scim/v2/`` (RFC 7644): discovery, ``Users``
and ``Groups``. Thin: authenticate (``auth``), parse and validate the body
with the resource models, call ``services``, answer ``application/scim+json``.
Every refusal is a SCIM error body (``ScimError`` mapped in ``protocol.error``)."""

from __future__ import annotations

from django.http import HttpResponse
from scim2_models import Context, PatchOp

from . import resources, services
from .errors import NotFound, NotImplementedYet
from .filters import GROUP_LOOKUPS, USER_LOOKUPS
from .protocol import base_url, body_of, endpoint, json_response, listing, one, validated


def _with_active(kind: str, data: dict, current=None) -> dict:
    """A user sent without ``active`` (required in the schema) is active, or
    stays as they were on a PUT."""
    if kind == "Users" and not any(key.lower() == "active" for key in data):
        data["active"] = current.is_active if current is not None else True
    return data


# --- discovery ------------------------------------------------------------------------


@endpoint("GET")
def service_provider_config(request):
    config = resources.service_provider_config(base_url(request))
    return json_response(config.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))


def _discovery(items, object_id):
    dumped = [i.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE) for i in items]
    if object_id is not None:
        found = next((d for d in dumped if d["id"] == object_id), None)
        if found is None:
            raise NotFound(f"No {object_id} here.")
        return json_response(found)
    listing = {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        "totalResults": len(dumped),
        "startIndex": 1,
        "itemsPerPage": len(dumped),
        "Resources": dumped,
    }
    return json_response(listing)


@endpoint("GET")
def resource_types(request, object_id=None):
    return _discovery(resources.resource_types(base_url(request)), object_id)


@endpoint("GET")
def schemas(request, object_id=None):
    return _discovery(resources.schemas(base_url(request)), object_id)


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
            return listing(request, model, queryset(), lookups, present)
        data = _with_active(kind, body_of(request))
        resource = validated(model, data, Context.RESOURCE_CREATION_REQUEST)
        created = create(resource=resource)
        return one(
            request,
            model,
            present(created, base_url(request)),
            Context.RESOURCE_CREATION_RESPONSE,
            status=201,
        )

    view.__name__ = kind.lower()
    return view


def member(kind: str):
    model, _lookups, _queryset, present = KINDS[kind]
    get, _create, replace, patch, remove = WRITES[kind]
    role = "user" if kind == "Users" else "team"  # the services' keyword

    @endpoint("GET", "PUT", "PATCH", "DELETE")
    def view(request, id):
        found = get(id)
        base = base_url(request)
        if request.method == "GET":
            return one(request, model, present(found, base), Context.RESOURCE_QUERY_RESPONSE)
        if request.method == "DELETE":
            remove(**{role: found})
            return HttpResponse(status=204)
        target = {role: found}
        if request.method == "PUT":
            data = _with_active(kind, body_of(request), found)
            resource = validated(model, data, Context.RESOURCE_REPLACEMENT_REQUEST)
            changed = replace(resource=resource, **target)
            context = Context.RESOURCE_REPLACEMENT_RESPONSE
        else:
            operations = validated(PatchOp[model], body_of(request), Context.RESOURCE_PATCH_REQUEST)
            changed = patch(patch=operations, base=base, **target)
            context = Context.RESOURCE_PATCH_RESPONSE
        return one(request, model, present(changed, base), context)

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
