"""Shared readers and form data for the development plan tests."""

from assessments import selectors


def plan_codes(assessment) -> list[str]:
    """The codes of the assessment's plan: its top priorities, in order."""
    return list(selectors.assessment_data(assessment).report.plan)


def row_data(code, *, text="", due_date="", status="not_started", revision=0) -> dict:
    """What a plan row posts for the goal on ``code``."""
    return {
        f"{code}-text": text,
        f"{code}-due_date": due_date,
        f"{code}-status": status,
        f"{code}-revision": revision,
    }
