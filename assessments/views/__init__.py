"""Assessment views, one module per page family; all thin: parse, call a
selector or service, render."""

from .plan import goal_save
from .rate import assessment_new, rate, rating_save, submit
from .report import history, report, report_json, report_pdf
from .review import review_save

__all__ = [
    "assessment_new",
    "goal_save",
    "history",
    "rate",
    "rating_save",
    "report",
    "report_json",
    "report_pdf",
    "review_save",
    "submit",
]
