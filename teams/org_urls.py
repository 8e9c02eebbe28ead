from django.urls import path

from . import org_views

app_name = "organisation"

urlpatterns = [
    path("org/", org_views.dashboard, name="dashboard"),
    path("org/teams.csv", org_views.teams_csv, name="teams_csv"),
    path("org/report.pdf", org_views.report_pdf, name="report_pdf"),
    path("search/", org_views.skills_search, name="search"),
    path("search/results.csv", org_views.search_csv, name="search_csv"),
]
