"""Each assessment's numbers for the organisation pages (``teams.rollup``).

A submitted assessment waiting for its review, and one whose review is
completed, do not change while they stay so: its summary is scored once,
stored (``AssessmentSummary``, marked with which of the two it was) and read
back on every later request; when the assessment has moved on, the summary
is scored and stored again. One in review (its manager levels still
changing) is scored from its ratings on the request and not stored.
Either way the numbers are those of its report: the same loader
(``assessments.loading``) and the same formula (``assessments.scoring``).
Each stored summary's area readiness is also kept a row per area
(``AreaReadiness``), so the organisation's means are sums in the database
(``area_sums``), as the competencies' figures are (``competency_stats``).

Queries, whatever the number of assessments: one for the stored summaries
(``summaries_for``; ``keep_current`` asks only which are missing, for pages
that sum the stored ones in the database), and, only when some are not
stored, one for their ratings and one for the framework (and the writes of
the new ones: summaries, then their area rows).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest

from assessments import loading
from assessments.models import Assessment, Rating
from core import sql
from org.models import Team

from . import rollup
from .models import AreaReadiness, AssessmentSummary
from .rollup import CompetencyStat, CompetencyValue, Summary
from .selectors import _framework, _items

DONE = (Assessment.Status.REVIEWED, Assessment.Status.ACKNOWLEDGED)
# The states whose ratings do not change: a summary of them may be kept.
STORABLE = (Assessment.Status.SUBMITTED, *DONE)
_CHUNK = 2000  # assessments per ratings query when many are scored at once
OVERALL = ""  # the overall readiness among the areas' sums (``area_sums``); no area's code


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

    @property
    def storable(self) -> bool:
        return self.status in STORABLE


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


def tenths(readiness: float) -> int:
    """A readiness (one decimal, as scoring rounds it) in tenths: 66.7 is 667."""
    return round(readiness * 10)


@transaction.atomic
def store(summaries, reviewed: dict[int, bool]) -> None:
    """Keep the summaries and their area rows (``AreaReadiness``), each marked
    with whether its review was completed (``reviewed`` by assessment id); one
    kept before is replaced, its area rows with it."""
    summaries = list(summaries)
    AssessmentSummary.objects.bulk_create(
        [
            AssessmentSummary(
                assessment_id=s.assessment_id,
                reviewed=reviewed[s.assessment_id],
                overall=s.overall,
                areas=s.areas,
                competencies=[[c.code, c.area, c.rating, c.target] for c in s.competencies],
            )
            for s in summaries
        ],
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["assessment"],
        update_fields=["reviewed", "overall", "areas", "competencies"],
    )
    ids = [s.assessment_id for s in summaries]
    for start in range(0, len(ids), _CHUNK):
        AreaReadiness.objects.filter(summary_id__in=ids[start : start + _CHUNK]).delete()
    AreaReadiness.objects.bulk_create(
        [
            AreaReadiness(summary_id=s.assessment_id, area=code, tenths=tenths(value))
            for s in summaries
            for code, value in s.areas.items()
        ],
        batch_size=5000,
    )


def score_and_keep(rows: list[Row], done: dict[int, bool] | None = None) -> dict[int, Summary]:
    """Score ``rows`` (``score_rows``) and keep the summaries of those that may
    be kept (``done``: whether each one's review is completed, by assessment
    id; taken from the rows when not given)."""
    scored = score_rows(rows)
    keep = [scored[row.pk] for row in rows if row.storable]
    if keep:
        store(keep, done if done is not None else {row.pk: row.review_done for row in rows})
    return scored


def summaries_for(
    rows: list[Row], assessments, *, overall_only: bool = False, areas_only: bool = False
) -> dict[int, Summary]:
    """The summary of each of ``rows`` (the ``rows_of(assessments)``), by
    assessment id; with ``overall_only`` the stored ones carry their overall
    readiness alone (a long trend needs no more), with ``areas_only`` no
    competency (``competency_stats`` sums those in the database)."""
    stored_rows = AssessmentSummary.objects.filter(
        assessment__in=assessments.filter(status__in=STORABLE)
    )
    fields = ["assessment_id", "reviewed", "assessment__engineer_id", "overall"]
    if not overall_only:
        fields += ["areas"] if areas_only else ["areas", "competencies"]
    done = {row.pk: row.review_done for row in rows}
    stored = {}
    for pk, reviewed, engineer_id, overall, *rest in stored_rows.values_list(*fields):
        if done.get(pk) != reviewed:
            continue  # taken in the state before: scored again below
        if overall_only:
            stored[pk] = Summary(pk, engineer_id, overall, {}, ())
        else:
            stored[pk] = _from_stored(
                pk, engineer_id, overall, *rest, *([[]] if areas_only else [])
            )
    missing = [row for row in rows if row.pk not in stored]
    return stored | score_and_keep(missing, done)


def keep_current(rows: list[Row], assessments) -> dict[int, Summary]:
    """Store the summary of each of ``rows`` (the ``rows_of(assessments)``)
    that may be kept and has none
    current (scored now, ``score_and_keep``) without reading back those kept,
    which the pages sum in the database (``area_sums``); returns the
    summaries of the others (in review), scored on the request, by
    assessment id. One query when every summary is kept and current."""
    missing: set[int] = set()
    if any(row.storable for row in rows):
        done = Case(
            When(status__in=DONE, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
        current = AssessmentSummary.objects.filter(
            assessment_id=OuterRef("pk"), reviewed=OuterRef("done")
        )
        missing = set(
            assessments.filter(status__in=STORABLE)
            .annotate(done=done)
            .exclude(Exists(current))
            .values_list("pk", flat=True)
        )
    scored = score_and_keep([row for row in rows if not row.storable or row.pk in missing])
    return {row.pk: scored[row.pk] for row in rows if not row.storable}


def competency_stats(assessment_ids, competencies) -> list[CompetencyStat]:
    """Each competency's figures over the given assessments (ids, or a
    queryset of them), summed by the database in one query (no summary read): the rules of
    ``rollup.competency_stats`` (the level that counts is the manager's, else
    the engineer's, else 0; the gap is what it lacks of the target), in
    framework order (``competencies``: the framework's, in that order)."""
    if isinstance(assessment_ids, list) and not assessment_ids:
        return []
    value = Coalesce("manager_level", "level", Value(0))
    rows = (
        Rating.objects.filter(assessment_id__in=assessment_ids, target__isnull=False)
        .annotate(value=value, gap=Greatest(F("target") - value, Value(0)))
        .values("competency_id")
        .annotate(
            n=Count("pk"),
            gaps=Sum("gap"),
            needed=Count("pk", filter=Q(target__gt=0)),
            covered=Count("pk", filter=Q(target__gt=0, value__gte=F("target"))),
            in_need=Count("pk", filter=Q(gap__gt=0)),
        )
    )
    by_id = {row["competency_id"]: row for row in rows}
    return [
        rollup.stat_of(
            competency.code,
            competency.area.code,
            gaps=by_id[competency.pk]["gaps"],
            count=by_id[competency.pk]["n"],
            needed_by=by_id[competency.pk]["needed"],
            coverage=by_id[competency.pk]["covered"],
            in_need=by_id[competency.pk]["in_need"],
        )
        for competency in competencies
        if competency.pk in by_id
    ]


def area_sums(
    assessments, team_ids: list[int]
) -> tuple[dict[int, dict[str, tuple[int, int]]], dict[str, tuple[int, int]]]:
    """The stored area readiness and overall readiness (under ``OVERALL``)
    of ``assessments`` (a queryset of assessments whose summaries are kept
    and current), summed by the database in one query: per team of
    ``team_ids`` (each engineer in each of their teams) and over everyone
    (each assessment once), as (sum in tenths, assessments) by area code."""
    by_team: dict[int, dict[str, tuple[int, int]]] = {}
    everyone: dict[str, tuple[int, int]] = {}
    # Written as SQL: the ORM's path to the engineer would also join the wide
    # summaries and the users. Every team of those engineers is summed (the
    # others are left out below): a filter on the teams would lead SQLite to
    # probe the assessments team by team. The assessments come as a subquery
    # (a list of thousands of ids costs more to pass than to select again).
    chosen_sql, chosen_params = assessments.values("pk").query.sql_with_params()
    area, tenths_ = sql.column(AreaReadiness, "area"), sql.column(AreaReadiness, "tenths")
    summary = sql.column(AreaReadiness, "summary")
    overall = sql.column(AssessmentSummary, "overall")
    summary_id = sql.column(AssessmentSummary, "assessment")
    members = Team.members.through
    team, user = sql.column(members, "team"), sql.column(members, "user")
    engineer = sql.column(Assessment, "engineer")
    assessment_id = sql.column(Assessment, "id")
    query = (
        f"WITH chosen AS ({chosen_sql}) "  # noqa: S608 (our names; values are parameters)
        f"SELECT {team}, {area}, SUM({tenths_}), COUNT(*) FROM {sql.table(AreaReadiness)} "
        f"JOIN {sql.table(Assessment)} ON {assessment_id} = {summary} "
        f"JOIN {sql.table(members)} ON {user} = {engineer} "
        f"WHERE {summary} IN (SELECT * FROM chosen) GROUP BY {team}, {area} "
        f"UNION ALL SELECT NULL, {area}, SUM({tenths_}), COUNT(*) "
        f"FROM {sql.table(AreaReadiness)} WHERE {summary} IN (SELECT * FROM chosen) "
        f"GROUP BY {area} "
        f"UNION ALL SELECT {team}, %s, SUM(ROUND({overall} * 10)), COUNT(*) "
        f"FROM {sql.table(AssessmentSummary)} "
        f"JOIN {sql.table(Assessment)} ON {assessment_id} = {summary_id} "
        f"JOIN {sql.table(members)} ON {user} = {engineer} "
        f"WHERE {summary_id} IN (SELECT * FROM chosen) GROUP BY {team} "
        f"UNION ALL SELECT NULL, %s, SUM(ROUND({overall} * 10)), COUNT(*) "
        f"FROM {sql.table(AssessmentSummary)} WHERE {summary_id} IN (SELECT * FROM chosen)"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, [*chosen_params, OVERALL, OVERALL])
        rows = cursor.fetchall()
    wanted = set(team_ids)
    for team_id, code, total, n in rows:
        if not n:
            continue  # the overall sum over nobody
        if team_id is None:
            everyone[code] = (int(total), n)
        elif team_id in wanted:
            by_team.setdefault(team_id, {})[code] = (int(total), n)
    return by_team, everyone


def summarise(assessments) -> None:
    """Store the summary of every assessment of ``assessments`` that may be
    kept and is not yet (for data written in bulk, which no page has read)."""
    storable = assessments.filter(status__in=STORABLE)
    rows = rows_of(storable)
    summaries_for(rows, storable, overall_only=True)
