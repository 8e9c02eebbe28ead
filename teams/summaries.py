"""Each assessment's numbers for the organisation pages (``teams.rollup``).

An assessment whose review is completed never changes again: its summary is
scored once, stored (``AssessmentSummary``) and read back on every later
request. One whose review is not completed (submitted, in review) can still
change, so it is scored from its ratings on the request and not stored.
Either way the numbers are those of its report: the same loader
(``assessments.loading``) and the same formula (``assessments.scoring``).

Queries, whatever the number of assessments: one for the stored summaries,
and, only when some are not stored, one for their ratings and one for the
framework (and one insert of the new ones).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from assessments import loading
from assessments.models import Assessment, Rating

from .models import AssessmentSummary
from .rollup import CompetencyValue, Summary
from .selectors import _framework, _items

DONE = (Assessment.Status.REVIEWED, Assessment.Status.ACKNOWLEDGED)
_CHUNK = 2000  # assessments per ratings query when many are scored at once


@dataclass(frozen=True, slots=True)
class Row:
    """What the pages need of an assessment besides its numbers."""

    pk: int
    engineer_id: int
    status: str
    submitted_at: datetime
    role_profile_id: int

    @property
    def review_done(self) -> bool:
        return self.status in DONE


ROW_FIELDS = ("pk", "engineer_id", "status", "submitted_at", "role_profile_id")


def rows_of(assessments) -> list[Row]:
    """The ``Row`` of each assessment of a queryset, oldest submitted first."""
    return [
        Row(*values)
        for values in assessments.order_by("submitted_at", "pk").values_list(*ROW_FIELDS)
    ]


def _from_stored(assessment_id, engineer_id, overall, areas, competencies) -> Summary:
    return Summary(
        assessment_id=assessment_id,
        engineer_id=engineer_id,
        overall=overall,
        areas=areas,
        competencies=tuple(CompetencyValue(*values) for values in competencies),
    )


def score_rows(rows: list[Row]) -> dict[int, Summary]:
    """Score ``rows`` from their ratings, by the loader's rules (the snapshot,
    in framework order)."""
    if not rows:
        return {}
    areas, competencies, rank = _framework()
    framework = loading.area_inputs(areas)
    summaries = {}
    for start in range(0, len(rows), _CHUNK):
        chunk = rows[start : start + _CHUNK]
        ratings: dict[int, list[tuple]] = {row.pk: [] for row in chunk}
        for assessment_id, *values in Rating.objects.filter(
            assessment_id__in=list(ratings)
        ).values_list(
            "assessment_id", "competency_id", "level", "manager_level", "target", "weight"
        ):
            ratings[assessment_id].append(values)
        for row in chunk:
            items = _items(ratings[row.pk], competencies, rank)
            report = loading.report_of(items, framework)
            summaries[row.pk] = Summary(
                assessment_id=row.pk,
                engineer_id=row.engineer_id,
                overall=report.overall.readiness,
                areas={a.code: a.readiness for a in report.areas},
                competencies=tuple(
                    CompetencyValue(c.code, c.area, c.rating, c.target) for c in report.competencies
                ),
            )
    return summaries


def store(summaries) -> None:
    """Keep the summaries of assessments whose review is completed (a second
    writer of the same one is ignored)."""
    AssessmentSummary.objects.bulk_create(
        [
            AssessmentSummary(
                assessment_id=s.assessment_id,
                overall=s.overall,
                areas=s.areas,
                competencies=[[c.code, c.area, c.rating, c.target] for c in s.competencies],
            )
            for s in summaries
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )


def summaries_for(
    rows: list[Row], assessments, *, overall_only: bool = False
) -> dict[int, Summary]:
    """The summary of each of ``rows`` (the ``rows_of(assessments)``), by
    assessment id; with ``overall_only`` the stored ones carry their overall
    readiness alone (a long trend needs no more)."""
    stored_rows = AssessmentSummary.objects.filter(
        assessment__in=assessments.filter(status__in=DONE)
    )
    if overall_only:
        stored = {
            pk: Summary(pk, engineer_id, overall, {}, ())
            for pk, engineer_id, overall in stored_rows.values_list(
                "assessment_id", "assessment__engineer_id", "overall"
            )
        }
    else:
        stored = {
            values[0]: _from_stored(*values)
            for values in stored_rows.values_list(
                "assessment_id", "assessment__engineer_id", "overall", "areas", "competencies"
            )
        }
    missing = [row for row in rows if row.pk not in stored]
    scored = score_rows(missing)
    done = [scored[row.pk] for row in missing if row.review_done]
    if done:
        store(done)
    return stored | scored
