"""Assessment views, one module per page family; all thin: parse, call a
selector or service, render."""

from .pdf import report_pdf
from .plan import goal_save, plan
from .rate import rate, rating_save, submit
from .report import history, report, report_json
from .review import review, review_save
from .workflow import acknowledge, review_complete

__all__ = [
    "acknowledge",
    "goal_save",
    "history",
    "plan",
    "rate",
    "rating_save",
    "report",
    "report_json",
    "report_pdf",
    "review",
    "review_complete",
    "review_save",
    "submit",
]
