from django.urls import path, re_path

from . import views

app_name = "scim"

urlpatterns = [
    path("ServiceProviderConfig", views.service_provider_config, name="service_provider_config"),
    path("ResourceTypes", views.resource_types, name="resource_types"),
    path("ResourceTypes/<str:object_id>", views.resource_types, name="resource_type"),
    path("Schemas", views.schemas, name="schemas"),
    path("Schemas/<str:object_id>", views.schemas, name="schema"),
    path("Users", views.users, name="users"),
    path("Users/<str:id>", views.user, name="user"),
    path("Groups", views.groups, name="groups"),
    path("Groups/<str:id>", views.group, name="group"),
    path(".search", views.search, name="search"),
    re_path(r"^(?P<rest>.*)$", views.unknown, name="unknown"),
]
