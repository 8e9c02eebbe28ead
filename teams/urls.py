from django.urls import path

from . import views

app_name = "teams"

urlpatterns = [
    path("<int:pk>/", views.dashboard, name="dashboard"),
    path("<int:pk>/trend/", views.trend, name="trend"),
    path("<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("<int:pk>/ratings.csv", views.ratings_csv, name="ratings_csv"),
]
