from django.contrib import admin
from django.urls import include, path

from accounts import views as account_views
from api.v1 import api
from pages import views as page_views

urlpatterns = [
    path("", page_views.home, name="home"),
    path("healthz/", account_views.healthz, name="healthz"),
    # Pages that name no icon (the admin's) and feed readers ask for this one.
    path("favicon.ico", account_views.FaviconView.as_view(), name="favicon"),
    path("accounts/login/", account_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", account_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("allauth.urls")),
    path("me/tokens/", include("api.urls")),
    path("me/", include("privacy.urls")),
    path("api/v1/", api.urls),
    path("scim/v2/", include("scim.urls")),
    path("i18n/setlang/", account_views.set_language, name="set_language"),
    path("assessments/new/", page_views.assessment_new, name="assessment_new"),
    path("assessments/", include("assessments.urls")),
    path("teams/", include("teams.urls")),
    path("cycles/", include("cycles.urls")),
    path("", include("teams.org_urls")),
    path("admin/", admin.site.urls),
]
