from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("new/", views.assessment_new, name="new"),
    path("history/", views.history, name="history"),
    path("<int:pk>/", views.rate, name="rate"),
    path("<int:pk>/ratings/<str:code>/", views.rating_save, name="rating_save"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/report.json", views.report_json, name="report_json"),
    path("<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("<int:pk>/plan/", views.plan, name="plan"),
    path("<int:pk>/plan/<str:code>/", views.goal_save, name="goal_save"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/review/<str:code>/", views.review_save, name="review_save"),
]
