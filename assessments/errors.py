"""The domain's refusals: what services raise when a change cannot be made.

Services raise these (and Django's ``ValidationError`` for bad values, and
``PermissionDenied`` for a change that is not the user's to make); they never
raise HTTP responses. The views map them to a status code and the partial the
user sees in one place (``assessments.views.errors``).
"""

from __future__ import annotations


class DomainError(Exception):
    """A change the domain refuses."""


class UnknownCompetency(DomainError):
    """The competency is not part of this assessment (or its role profile)."""

    def __init__(self, code: str = ""):
        super().__init__(f"no competency {code!r} in this assessment")
        self.code = code


class AssessmentFrozen(DomainError):
    """The assessment is not in a state that allows this change (a submitted
    assessment's self-ratings, a draft's review)."""


class StaleRevision(DomainError):
    """The change was made on an out-of-date page; a newer one is saved.
    ``current`` is the object as it is saved now (None: not saved yet)."""

    def __init__(self, current):
        super().__init__("stale revision")
        self.current = current


class StaleRows(DomainError):
    """A whole-page save refused because some rows changed elsewhere meanwhile;
    nothing was saved. ``stale`` maps each competency code to its saved object."""

    def __init__(self, stale: dict):
        super().__init__("stale rows")
        self.stale = stale


class IncompleteAssessment(DomainError):
    """Submit refused: these competencies are not rated yet (framework order)."""

    def __init__(self, missing):
        super().__init__("incomplete assessment")
        self.missing = missing


class IncompleteReview(DomainError):
    """Completing a review refused: these competencies have no manager rating
    yet (framework order)."""

    def __init__(self, missing):
        super().__init__("incomplete review")
        self.missing = missing
