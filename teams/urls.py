from django.urls import path

from . import pdf_views, views

app_name = "teams"

urlpatterns = [
    path("<int:pk>/", views.dashboard, name="dashboard"),
    path("<int:pk>/trend/", views.trend, name="trend"),
    path("<int:pk>/report.pdf", pdf_views.report_pdf, name="report_pdf"),
    path("<int:pk>/ratings.csv", views.ratings_csv, name="ratings_csv"),
]
