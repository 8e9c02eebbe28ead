from django.urls import path, register_converter
from django.urls.converters import StringConverter

from . import views


class CompetencyCodeConverter(StringConverter):
    """A competency code: anything but a slash or a control character. A code
    holding NUL would reach PostgreSQL, which refuses it in text; such a URL is
    404 like any other unknown code."""

    regex = r"[^/\x00-\x1f\x7f]+"


register_converter(CompetencyCodeConverter, "code")

app_name = "assessments"

urlpatterns = [
    path("history/", views.history, name="history"),
    path("<int:pk>/", views.rate, name="rate"),
    path("<int:pk>/ratings/<code:code>/", views.rating_save, name="rating_save"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/report.json", views.report_json, name="report_json"),
    path("<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("<int:pk>/plan/", views.plan, name="plan"),
    path("<int:pk>/plan/<code:code>/", views.goal_save, name="goal_save"),
    path("<int:pk>/review/", views.review, name="review"),
    # Before the row saves: "complete" is no competency code.
    path("<int:pk>/review/complete/", views.review_complete, name="review_complete"),
    path("<int:pk>/review/<code:code>/", views.review_save, name="review_save"),
    path("<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
]
