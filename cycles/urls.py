from django.urls import path

from assessments.urls import CompetencyCodeConverter  # noqa: F401 - registers "code"

from . import views

app_name = "cycles"

urlpatterns = [
    path("new/", views.cycle_new, name="new"),
    path("<int:pk>/", views.cycle_detail, name="detail"),
    path("<int:pk>/close/", views.cycle_close, name="close"),
    path("preferences/", views.preferences, name="preferences"),
    path("unsubscribe/<int:uid>/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("drafts/<int:pk>/areas/<code:area>/confirm/", views.area_confirm, name="area_confirm"),
]
