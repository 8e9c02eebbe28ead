"""The SCIM resources SkillGap serves (RFC 7643), as scim2-models classes:
only the attributes SkillGap keeps, so what ``/Schemas`` publishes is what a
client gets back. Their validation, serialisation (``attributes``,
``excludedAttributes``) and PATCH application are scim2-models'."""

from __future__ import annotations

from typing import Annotated, Any, Union

from pydantic import Field
from scim2_models import (
    AuthenticationScheme,
    Bulk,
    CaseExact,
    ChangePassword,
    ComplexAttribute,
    ETag,
    Filter,
    Mutability,
    Patch,
    Reference,
    Required,
    Resource,
    ResourceType,
    ScimPolicy,
    ServiceProviderConfig,
    Sort,
    Uniqueness,
)
from scim2_models.urn import URN

# How much of what identity providers send is tolerated: attributes SkillGap
# does not keep are ignored (Entra ID and Okta send titles, phone numbers,
# the enterprise extension); a ``remove`` that names its value (Entra ID's
# way of removing a member) and a ``replace`` of ``emails[type eq "work"]``
# on a user without such an address (Entra ID again) are applied.
POLICY = ScimPolicy(
    unknown=ScimPolicy.Unknown.ignore,
    remove_value_as_filter=ScimPolicy.RemoveValue.apply,
    unmatched_path_filter=ScimPolicy.UnmatchedPathFilter.create,
)
MAX_RESULTS = 200


class Name(ComplexAttribute):
    family_name: str | None = None
    given_name: str | None = None


class Email(ComplexAttribute):
    value: str | None = None
    type: str | None = Field(None, examples=["work", "home", "other"])
    primary: bool | None = None


class User(Resource[Any]):
    __schema__ = URN("urn:ietf:params:scim:schemas:core:2.0:User")

    user_name: Annotated[str | None, Required.true, Uniqueness.server] = None
    name: Name | None = None
    display_name: Annotated[str | None, Mutability.read_only] = None
    emails: list[Email] | None = None
    # Required: an account is active or not; a POST without it makes an active one.
    active: Annotated[bool | None, Required.true] = None


class Member(ComplexAttribute):
    value: Annotated[str | None, Mutability.immutable, CaseExact.true] = None
    ref: Annotated[Reference[Union[User]] | None, Mutability.immutable] = Field(  # noqa: UP007
        None, serialization_alias="$ref", validation_alias="$ref"
    )


class Group(Resource[Any]):
    __schema__ = URN("urn:ietf:params:scim:schemas:core:2.0:Group")

    display_name: Annotated[str | None, Required.true, Uniqueness.server] = None
    members: list[Member] | None = None


RESOURCES = {"Users": User, "Groups": Group}


def service_provider_config(base: str) -> ServiceProviderConfig:
    return ServiceProviderConfig(
        documentation_uri=None,
        patch=Patch(supported=True),
        bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
        filter=Filter(supported=True, max_results=MAX_RESULTS),
        change_password=ChangePassword(supported=False),
        sort=Sort(supported=False),
        etag=ETag(supported=False),
        authentication_schemes=[
            AuthenticationScheme(
                type=AuthenticationScheme.Type.oauthbearertoken,
                name="Bearer token",
                description="A SkillGap service token allowed to provision (SCIM).",
                primary=True,
            )
        ],
        meta={"resourceType": "ServiceProviderConfig", "location": f"{base}ServiceProviderConfig"},
    )


def resource_types(base: str) -> list[ResourceType]:
    out = []
    for endpoint, model in RESOURCES.items():
        kind = ResourceType.from_resource(model)
        kind.endpoint = f"/{endpoint}"
        kind.meta = {"resourceType": "ResourceType", "location": f"{base}ResourceTypes/{kind.id}"}
        out.append(kind)
    return out


def schemas(base: str) -> list:
    out = []
    for model in RESOURCES.values():
        schema = model.to_schema()
        schema.meta = {"resourceType": "Schema", "location": f"{base}Schemas/{schema.id}"}
        out.append(schema)
    return out
