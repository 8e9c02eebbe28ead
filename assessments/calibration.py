"""Calibration over time on the history page: per area, how the engineer's
self-ratings compare with their manager's over their reviewed assessments.

The figures come from ``scoring.calibration``, fed with the reports of the
``selectors.history_for`` entries whose review is completed (reviewed or
acknowledged). It is shown as information, never as a score: nothing here is
good or bad, and one review is a small sample.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from . import scoring

__all__ = ["CalibrationRow", "history_context"]

HIGHER, LOWER, SAME = "higher", "lower", "same"


@dataclass(frozen=True)
class CalibrationRow:
    """One area: its model (name) and its ``scoring.AreaCalibration``."""

    area: object  # roles.models.CompetencyArea
    figures: scoring.AreaCalibration

    @property
    def direction(self) -> str:
        """``higher`` (self above manager), ``lower`` or ``same``, as the
        rounded mean shows it, so the words never contradict the number."""
        if self.figures.mean > 0:
            return HIGHER
        if self.figures.mean < 0:
            return LOWER
        return SAME

    @property
    def distance(self) -> float:
        """How far apart, in levels, without the sign (the words carry it)."""
        return abs(self.figures.mean)


def history_context(entries: Sequence) -> dict:
    """``calibration`` (``CalibrationRow`` per area, framework order; empty
    until a review is completed) and ``calibration_reviews`` (how many
    reviewed assessments it rests on), from ``selectors.history_for`` entries."""
    reviewed = [entry for entry in entries if entry.assessment.review_done]
    areas = {}
    for entry in reviewed:
        for area in entry.areas:
            areas.setdefault(area.code, area)
    figures = scoring.calibration([entry.report for entry in reviewed])
    rows = [CalibrationRow(area=areas[f.code], figures=f) for f in figures]
    rows.sort(key=lambda row: (row.area.order, row.area.code))
    return {"calibration": rows, "calibration_reviews": len(reviewed)}
