from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.account, name="account"),
    path("data.json", views.my_data, name="my_data"),
    path("delete/", views.delete, name="delete"),
]
