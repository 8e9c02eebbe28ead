"""Tests of the pure scoring module (docs/scoring.md): no Django, no database."""

import dataclasses
import itertools
import math
import os
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from assessments import scoring
from assessments.scoring import (
    PLAN_SIZE,
    SEVERITY_CRITICAL,
    SEVERITY_MET,
    SEVERITY_MINOR,
    SEVERITY_SIGNIFICANT,
    AreaInput,
    CompetencyInput,
    MemberInput,
    Overall,
    Report,
    compare,
    readiness,
    score,
    team,
)

PROGRAMMING = AreaInput("programming", "skill")
QUALITY = AreaInput("quality", "responsibility")
DATABASE = AreaInput("database", "skill")  # no competency below: omitted

# Mutation testing (`make mutmut`; mutmut sets MUTANT_UNDER_TEST) runs these
# tests once per mutant: fewer examples, the same ones on every run (a mutant
# is killed or not, never by luck), no deadline (the mutated module is slower)
# and no example database.
settings.register_profile(
    "mutation", max_examples=30, derandomize=True, deadline=None, database=None
)
if "MUTANT_UNDER_TEST" in os.environ:
    settings.load_profile("mutation")


def one(target, weight=1, self_rating=None, manager_rating=None, code="x.c"):
    """Score a single competency in a single area."""
    report = score(
        [AreaInput("x", "skill")],
        [CompetencyInput(code, "x", target, weight, self_rating, manager_rating)],
    )
    return report.competency(code)


def programming(code, target, weight, **ratings):
    """A competency of the programming area."""
    return CompetencyInput(code, "programming", target, weight, **ratings)


def programming_report(*competencies):
    """Score competencies of the programming area alone."""
    return score([PROGRAMMING], list(competencies))


def sample_report():
    # t = target, w = weight, s = self, m = manager, r = rating used
    return score(
        [PROGRAMMING, DATABASE, QUALITY],
        [
            # t3 w2 s2      -> r2, gap 1, priority 2, minor
            CompetencyInput("programming.python", "programming", 3, 2, 2),
            # t2 w1 s3      -> r3, surplus 1, met, strength
            CompetencyInput("programming.javascript", "programming", 2, 1, 3),
            # t4 w3 s3 m1   -> r1, gap 3, priority 9, critical, blind spot
            CompetencyInput("programming.api", "programming", 4, 3, 3, 1),
            # t3 w3 unrated -> r0, gap 3, priority 9, critical
            CompetencyInput("quality.testing", "quality", 3, 3),
            # t4 w2 s4      -> r4, met, strength (r == 4 at target 4)
            CompetencyInput("quality.security", "quality", 4, 2, 4),
            # t2 w1 s1      -> r1, gap 1, priority 1, minor
            CompetencyInput("quality.bias", "quality", 2, 1, 1),
        ],
    )


# --- one competency -----------------------------------------------------------


def test_manager_rating_overrides_self_rating():
    item = one(target=3, self_rating=4, manager_rating=2)
    assert item.rating == 2
    assert item.gap == 1


def test_the_score_keeps_both_ratings_beside_the_one_used():
    item = one(target=3, weight=2, self_rating=4, manager_rating=2)
    assert (item.target, item.weight) == (3, 2)
    assert (item.self_rating, item.manager_rating, item.rating) == (4, 2, 2)
    assert one(target=3, self_rating=1).manager_rating is None


def test_self_rating_is_used_when_there_is_no_manager_rating():
    item = one(target=3, self_rating=2)
    assert (item.rating, item.rated, item.gap) == (2, True, 1)


def test_unrated_competency_counts_as_zero_and_is_flagged():
    item = one(target=3, weight=2)
    assert item.rated is False
    assert item.rating == 0
    assert (item.gap, item.priority, item.severity) == (3, 6, SEVERITY_CRITICAL)
    assert item.strength is False


def test_rating_zero_is_a_rating_not_a_missing_one():
    item = one(target=2, self_rating=0)
    assert item.rated is True
    assert item.rating == 0


def test_gap_surplus_and_priority_follow_the_formula():
    # t4 w3 r1: gap = 4 - 1 = 3, surplus 0, priority = 3 * 3 = 9
    item = one(target=4, weight=3, self_rating=1)
    assert (item.gap, item.surplus, item.priority) == (3, 0, 9)
    # t1 w3 r3: gap 0, surplus = 3 - 1 = 2, priority 0
    item = one(target=1, weight=3, self_rating=3)
    assert (item.gap, item.surplus, item.priority) == (0, 2, 0)


@pytest.mark.parametrize(
    ("target", "rating", "severity"),
    [
        (2, 2, SEVERITY_MET),
        (1, 4, SEVERITY_MET),
        (3, 2, SEVERITY_MINOR),
        (3, 1, SEVERITY_SIGNIFICANT),
        (3, 0, SEVERITY_CRITICAL),
        (4, 0, SEVERITY_CRITICAL),
    ],
)
def test_severity_bands_follow_the_gap(target, rating, severity):
    assert one(target=target, self_rating=rating).severity == severity


def test_strengths_include_a_rating_of_four_even_at_target_four():
    item = one(target=4, self_rating=4)
    assert item.surplus == 0
    assert item.strength is True


def test_a_rating_above_target_is_a_strength():
    assert one(target=2, self_rating=3).strength is True


def test_a_rating_exactly_at_target_below_four_is_not_a_strength():
    assert one(target=3, self_rating=3).strength is False


@pytest.mark.parametrize(
    ("self_rating", "manager_rating", "blind_spot"),
    [
        (1, 3, True),  # |3 - 1| = 2
        (4, 0, True),  # |0 - 4| = 4
        (2, 3, False),  # |3 - 2| = 1
        (2, 2, False),
        (None, 4, False),  # only the manager rated
        (0, None, False),  # only the engineer rated
    ],
)
def test_blind_spot_is_a_difference_of_two_or_more_when_both_ratings_exist(
    self_rating, manager_rating, blind_spot
):
    item = one(target=2, self_rating=self_rating, manager_rating=manager_rating)
    assert item.blind_spot is blind_spot


# --- validation -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"target": 5}, "target must be between 0 and 4"),
        ({"target": -1}, "target must be between 0 and 4"),
        ({"weight": 0}, "weight must be between 1 and 3"),
        ({"weight": 4}, "weight must be between 1 and 3"),
        ({"self_rating": 5}, "self rating must be between 0 and 4"),
        ({"self_rating": -1}, "self rating must be between 0 and 4"),
        ({"manager_rating": 7}, "manager rating must be between 0 and 4"),
    ],
)
def test_it_rejects_values_outside_the_scale_with_a_clear_message(fields, message):
    values = {"code": "ai.rag", "area": "ai", "target": 2, "weight": 1} | fields
    with pytest.raises(ValueError, match=f"ai.rag: {message}"):
        CompetencyInput(**values)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"target": 2.5}, "target must be an integer"),
        ({"weight": "2"}, "weight must be an integer"),
        ({"self_rating": True}, "self rating must be an integer"),
    ],
)
def test_it_rejects_a_level_that_is_not_an_integer(fields, message):
    values = {"code": "ai.rag", "area": "ai", "target": 2, "weight": 1} | fields
    with pytest.raises(TypeError, match=f"ai.rag: {message}"):
        CompetencyInput(**values)


def test_it_rejects_an_unknown_area_kind():
    with pytest.raises(ValueError, match="kind"):
        AreaInput("ai", "hobby")


def test_it_rejects_a_competency_in_an_unknown_area():
    with pytest.raises(ValueError, match="unknown area 'nowhere'"):
        score([PROGRAMMING], [CompetencyInput("a.b", "nowhere", 2, 1)])


def test_it_rejects_duplicate_competency_codes():
    twice = CompetencyInput("programming.python", "programming", 2, 1)
    with pytest.raises(ValueError, match="duplicate competency"):
        score([PROGRAMMING], [twice, twice])


def test_it_rejects_duplicate_area_codes():
    with pytest.raises(ValueError, match="duplicate area"):
        score([PROGRAMMING, PROGRAMMING], [])


# --- a whole report, computed by hand -----------------------------------------


def test_area_readiness_matches_the_hand_computed_example():
    report = sample_report()
    # programming: Σw·min(r,t) = 2·2 + 1·2 + 3·1 = 9; Σw·t = 2·3 + 1·2 + 3·4 = 20
    #   -> 100 · 9 / 20 = 45.0
    assert report.area("programming").readiness == 45.0
    # quality: Σw·min(r,t) = 3·0 + 2·4 + 1·1 = 9; Σw·t = 3·3 + 2·4 + 1·2 = 19
    #   -> 100 · 9 / 19 = 47.368… -> 47.4
    assert report.area("quality").readiness == 47.4


def test_overall_matches_the_hand_computed_example():
    overall = sample_report().overall
    # (9 + 9) / (20 + 19) = 18 / 39 = 46.153… -> 46.2; priorities 2+9 + 9+1 = 21
    assert overall == Overall(readiness=46.2, priority=21, rated=5, total=6)


def test_area_summary_matches_the_hand_computed_example():
    programming = sample_report().area("programming")
    assert programming.priority == 2 + 0 + 9
    assert (programming.rated, programming.total) == (3, 3)
    # Σw·r / Σw = (2·2 + 1·3 + 3·1) / 6 = 10/6 = 1.666… -> 1.67
    assert programming.mean_rating == 1.67
    # Σw·t / Σw = 20/6 = 3.333… -> 3.33
    assert programming.mean_target == 3.33
    assert programming.worst_severity == SEVERITY_CRITICAL
    assert programming.kind == "skill"

    quality = sample_report().area("quality")
    # Σw·r / Σw = (3·0 + 2·4 + 1·1) / 6 = 1.5; Σw·t / Σw = 19/6 = 3.1666… -> 3.17
    assert (quality.mean_rating, quality.mean_target) == (1.5, 3.17)
    assert (quality.rated, quality.total, quality.priority) == (2, 3, 10)


def test_areas_keep_input_order_and_an_area_without_competencies_is_omitted():
    report = sample_report()
    assert [area.code for area in report.areas] == ["programming", "quality"]
    with pytest.raises(KeyError):
        report.area("database")


def test_competencies_keep_framework_order():
    codes = [item.code for item in sample_report().competencies]
    assert codes == [
        "programming.python",
        "programming.javascript",
        "programming.api",
        "quality.testing",
        "quality.security",
        "quality.bias",
    ]


def test_unknown_competency_code_raises_key_error():
    with pytest.raises(KeyError):
        sample_report().competency("programming.cobol")


def test_an_unknown_code_is_named_in_the_key_error():
    report = sample_report()
    with pytest.raises(KeyError) as competency:
        report.competency("programming.cobol")
    with pytest.raises(KeyError) as area:
        report.area("database")
    assert competency.value.args == ("programming.cobol",)
    assert area.value.args == ("database",)


def test_report_lists_priorities_strengths_and_blind_spots():
    report = sample_report()
    # api and testing both have priority 9, gap 3, weight 3: framework order decides
    assert report.priorities == (
        "programming.api",
        "quality.testing",
        "programming.python",
        "quality.bias",
    )
    assert report.strengths == ("programming.javascript", "quality.security")
    assert report.blind_spots == ("programming.api",)
    assert report.plan == report.priorities
    assert report.complete is False


def test_report_outputs_are_tuples_and_frozen():
    report = sample_report()
    assert isinstance(report.competencies, tuple)
    assert isinstance(report.areas, tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.overall.readiness = 100.0


def test_report_is_complete_when_every_competency_is_rated():
    report = programming_report(
        programming("p.a", 2, 1, self_rating=0),
        programming("p.b", 2, 1, manager_rating=3),
    )
    assert report.complete is True
    assert report.overall.rated == 2


# --- readiness and rounding -----------------------------------------------------


def test_readiness_is_100_when_all_targets_are_zero():
    report = programming_report(
        programming("p.a", 0, 3),
        programming("p.b", 0, 1, self_rating=2),
    )
    assert report.area("programming").readiness == 100.0
    assert report.overall.readiness == 100.0
    assert report.priorities == ()


def test_readiness_of_nothing_is_100():
    assert readiness([]) == 100.0
    assert score([], []).overall == Overall(readiness=100.0, priority=0, rated=0, total=0)


def test_a_rating_above_target_earns_no_extra_readiness():
    report = programming_report(
        # min(4, 2) = 2 counts, not 4: (1·2 + 1·0) / (1·2 + 1·2) = 50.0
        programming("p.a", 2, 1, self_rating=4),
        programming("p.b", 2, 1, self_rating=0),
    )
    assert report.overall.readiness == 50.0


def test_readiness_rounds_half_up_not_to_even():
    report = programming_report(
        programming("p.a", 4, 3, self_rating=1),
        programming("p.b", 4, 1, self_rating=2),
    )
    # Σw·min(r,t) = 3·1 + 1·2 = 5; Σw·t = 3·4 + 1·4 = 16; 500/16 = 31.25
    # half up -> 31.3 (Python's round(31.25, 1) gives 31.2)
    assert report.overall.readiness == 31.3


def test_readiness_function_reuses_the_formula_for_any_subset():
    report = sample_report()
    chosen = [
        report.competency("programming.python"),
        report.competency("quality.testing"),
    ]
    # (2·2 + 3·0) / (2·3 + 3·3) = 4/15 = 26.666… -> 26.7
    assert readiness(chosen) == 26.7


# --- priority order -----------------------------------------------------------------


def test_priority_ties_are_broken_by_gap():
    report = programming_report(
        programming("p.heavy", 2, 3, self_rating=0),  # gap 2 · w3 = 6
        programming("p.deep", 3, 2, self_rating=0),  # gap 3 · w2 = 6
    )
    assert report.priorities == ("p.deep", "p.heavy")


def test_priority_ties_with_equal_gap_keep_framework_order():
    # Equal priority and equal gap imply equal weight (priority = gap · w), so
    # after gap only framework order can still decide.
    report = programming_report(
        programming("p.b", 2, 2, self_rating=1),  # 1 · 2 = 2
        programming("p.a", 3, 2, self_rating=2),  # 1 · 2 = 2
        programming("p.c", 4, 1, self_rating=2),  # 2 · 1 = 2
    )
    assert report.priorities == ("p.c", "p.b", "p.a")


def test_priorities_order_by_priority_first():
    report = programming_report(
        programming("p.small", 4, 1, self_rating=1),  # 3 · 1 = 3
        programming("p.big", 2, 3, self_rating=0),  # 2 · 3 = 6
        programming("p.met", 2, 3, self_rating=2),  # 0
    )
    assert report.priorities == ("p.big", "p.small")


def test_plan_takes_the_first_five_priorities():
    competencies = [
        CompetencyInput(f"p.{index}", "programming", 4, 1 + index % 3, self_rating=index % 4)
        for index in range(9)
    ]
    report = score([PROGRAMMING], competencies)
    assert PLAN_SIZE == 5
    assert len(report.priorities) > PLAN_SIZE
    assert report.plan == report.priorities[:5]


# --- compare ------------------------------------------------------------------------


def test_compare_reports_deltas_per_area_and_overall():
    previous = programming_report(
        programming("p.a", 3, 2, self_rating=1), programming("p.b", 3, 1, self_rating=2)
    )
    current = score(
        [PROGRAMMING, QUALITY],
        [
            programming("p.a", 3, 2, self_rating=2),
            programming("p.b", 3, 1, self_rating=2),
            CompetencyInput("q.a", "quality", 2, 1, self_rating=1),
        ],
    )
    # previous programming: (2·1 + 1·2) / (2·3 + 1·3) = 4/9 = 44.4…  -> 44.4
    # current programming:  (2·2 + 1·2) / 9           = 6/9 = 66.6…  -> 66.7
    # delta 66.7 - 44.4 = 22.3 (on the published numbers)
    # current quality: 1/2 = 50.0, absent before
    # overall current: (6 + 1) / (9 + 2) = 7/11 = 63.63… -> 63.6; 63.6 - 44.4 = 19.2
    comparison = compare(current, previous)
    assert (comparison.overall_before, comparison.overall_after) == (44.4, 63.6)
    assert comparison.overall_delta == 19.2
    in_programming, in_quality = comparison.areas
    assert (in_programming.code, in_programming.before, in_programming.after) == (
        "programming",
        44.4,
        66.7,
    )
    assert in_programming.delta == 22.3  # not 22.300000000000004
    assert (in_quality.code, in_quality.before, in_quality.after, in_quality.delta) == (
        "quality",
        None,
        50.0,
        None,
    )


def test_compare_reports_a_fall_as_a_negative_delta():
    before = score([PROGRAMMING], [CompetencyInput("p.a", "programming", 4, 1, self_rating=4)])
    after = score([PROGRAMMING], [CompetencyInput("p.a", "programming", 4, 1, self_rating=1)])
    # 100.0 -> 25.0
    assert compare(after, before).overall_delta == -75.0


def test_compare_leaves_out_areas_only_the_previous_report_has():
    previous = sample_report()
    current = score([QUALITY], [CompetencyInput("q.a", "quality", 2, 1, self_rating=2)])
    assert [change.code for change in compare(current, previous).areas] == ["quality"]


# --- team -----------------------------------------------------------------------------

AI = AreaInput("ai", "skill")
DB = AreaInput("db", "skill")


# Each member's (target, weight, self-rating) of these competencies, in this
# order; dimas's profile has no database area.
TEAM_CODES = ("ai.rag", "ai.finetune", "ai.eval", "db.sql")
TEAM = {
    "eko": ((3, 2, 3), (2, 1, 0), (2, 1, 1), (2, 1, 3)),
    "sari": ((3, 2, 1), (0, 1, 2), (2, 1, 1), (3, 1, 3)),
    "dimas": ((2, 3, 2), (3, 2, 1), (2, 1, 2)),
}


def team_members():
    members = []
    for key, ratings in TEAM.items():
        competencies = [
            CompetencyInput(code, code.split(".")[0], target, weight, self_rating=rating)
            for code, (target, weight, rating) in zip(TEAM_CODES, ratings, strict=False)
        ]
        areas = [area for area in (AI, DB) if any(c.area == area.code for c in competencies)]
        members.append(MemberInput(key, score(areas, competencies)))
    return members


def test_team_member_rows_hold_overall_and_area_readiness():
    report = team(team_members())
    # eko   ai: (2·3 + 1·0 + 1·1) / (2·3 + 1·2 + 1·2) = 7/10 = 70.0; db 2/2 = 100.0
    #       overall (7 + 2) / (10 + 2) = 9/12 = 75.0
    # sari  ai: (2·1 + 1·0 + 1·1) / (2·3 + 1·0 + 1·2) = 3/8 = 37.5;  db 3/3 = 100.0
    #       overall (3 + 3) / (8 + 3) = 6/11 = 54.54… -> 54.5
    # dimas ai: (3·2 + 2·1 + 1·2) / (3·2 + 2·3 + 1·2) = 10/14 = 71.42… -> 71.4
    rows = [(row.key, row.readiness, row.areas) for row in report.members]
    assert rows == [
        ("eko", 75.0, (("ai", 70.0), ("db", 100.0))),
        ("sari", 54.5, (("ai", 37.5), ("db", 100.0))),
        ("dimas", 71.4, (("ai", 71.4),)),
    ]


def test_team_area_means_and_readiness_average_the_members():
    report = team(team_members())
    assert report.area_codes == ("ai", "db")
    # ai: (70.0 + 37.5 + 71.4) / 3 = 178.9 / 3 = 59.63… -> 59.6
    # db: only eko and sari have it: (100.0 + 100.0) / 2 = 100.0
    assert report.area_means == (("ai", 59.6), ("db", 100.0))
    # (75.0 + 54.5 + 71.4) / 3 = 200.9 / 3 = 66.96… -> 67.0
    assert report.readiness == 67.0


def test_team_competency_coverage_counts_members_at_target_among_those_who_need_it():
    by_code = {item.code: item for item in team(team_members()).competencies}
    rag = by_code["ai.rag"]
    # r 3, 1, 2 -> mean 2.0; gaps 0, 2, 0 -> 2/3 = 0.67
    # needed by all three; at target: eko (3 ≥ 3), dimas (2 ≥ 2) -> coverage 2
    assert (rag.mean_rating, rag.mean_gap) == (2.0, 0.67)
    assert (rag.coverage, rag.needed_by, rag.in_need) == (2, 3, 1)
    assert rag.single_point_of_failure is False

    finetune = by_code["ai.finetune"]
    # r 0, 2, 1 -> 1.0; gaps 2, 0 (sari's target is 0), 2 -> 4/3 = 1.33
    # needed by eko and dimas only; neither at target -> coverage 0
    assert (finetune.mean_rating, finetune.mean_gap) == (1.0, 1.33)
    assert (finetune.coverage, finetune.needed_by, finetune.in_need) == (0, 2, 2)
    assert finetune.single_point_of_failure is True

    evaluation = by_code["ai.eval"]
    # r 1, 1, 2 -> 4/3 = 1.33; gaps 1, 1, 0 -> 0.67; only dimas at target -> coverage 1
    assert (evaluation.mean_rating, evaluation.mean_gap) == (1.33, 0.67)
    assert (evaluation.coverage, evaluation.needed_by, evaluation.in_need) == (1, 3, 2)
    assert evaluation.single_point_of_failure is True

    sql = by_code["db.sql"]
    # only eko and sari have it: r 3, 3; both at target
    assert (sql.mean_rating, sql.mean_gap, sql.coverage, sql.needed_by) == (
        3.0,
        0.0,
        2,
        2,
    )
    assert sql.area == "db"
    assert sql.single_point_of_failure is False


def test_team_lists_single_points_of_failure_in_framework_order():
    assert team(team_members()).single_points_of_failure == ("ai.finetune", "ai.eval")


def test_team_lists_what_nobody_covers_before_what_one_member_covers():
    # Framework order a, b, c, d, e; coverage a 1, b 0, c 1, d 0, e 2 (not listed).
    def member(key, levels):
        codes = ("ai.a", "ai.b", "ai.c", "ai.d", "ai.e")
        return MemberInput(
            key,
            score(
                [AI],
                [
                    CompetencyInput(code, "ai", 2, 1, self_rating=level)
                    for code, level in zip(codes, levels, strict=True)
                ],
            ),
        )

    report = team([member("eko", (2, 1, 1, 0, 2)), member("sari", (1, 0, 3, 1, 4))])
    assert [(c.code, c.coverage) for c in report.competencies] == [
        ("ai.a", 1),
        ("ai.b", 0),
        ("ai.c", 1),
        ("ai.d", 0),
        ("ai.e", 2),
    ]
    assert report.single_points_of_failure == ("ai.b", "ai.d", "ai.a", "ai.c")


def test_team_training_priorities_order_by_mean_gap_then_members_in_need():
    report = team(team_members())
    # finetune 4/3; eval 2/3 with 2 in need beats rag 2/3 with 1 in need; sql 0 left out
    assert report.training_priorities == ("ai.finetune", "ai.eval", "ai.rag")
    assert [item.code for item in report.competencies] == [
        "ai.rag",
        "ai.finetune",
        "ai.eval",
        "db.sql",
    ]


def test_a_competency_nobody_needs_is_not_a_single_point_of_failure():
    member = score([AI], [CompetencyInput("ai.rag", "ai", 0, 1, self_rating=0)])
    (item,) = team([MemberInput("eko", member)]).competencies
    assert (item.needed_by, item.coverage, item.single_point_of_failure) == (
        0,
        0,
        False,
    )


def test_a_target_of_one_is_a_need():
    member = score([AI], [CompetencyInput("ai.rag", "ai", 1, 1, self_rating=1)])
    (item,) = team([MemberInput("eko", member)]).competencies
    # t > 0: eko needs it and is at target, the only one -> a single point of failure
    assert (item.needed_by, item.coverage, item.single_point_of_failure) == (1, 1, True)


def test_training_priorities_rank_the_mean_gap_not_the_total_gap():
    # ai.rag: only eko has it, gap 2 -> mean 2/1 = 2.0
    # ai.eval: all three have it, gap 1 each -> mean 3/3 = 1.0 (the larger total, 3)
    eko = score(
        [AI],
        [
            CompetencyInput("ai.rag", "ai", 3, 1, self_rating=1),
            CompetencyInput("ai.eval", "ai", 2, 1, self_rating=1),
        ],
    )
    others = score([AI], [CompetencyInput("ai.eval", "ai", 2, 1, self_rating=1)])
    members = [MemberInput("eko", eko), MemberInput("sari", others), MemberInput("dimas", others)]
    report = team(members)
    assert report.training_priorities == ("ai.rag", "ai.eval")
    by_code = {item.code: item for item in report.competencies}
    assert (by_code["ai.rag"].mean_gap, by_code["ai.eval"].mean_gap) == (2.0, 1.0)


def test_team_areas_follow_first_seen_order_and_member_rows_follow_it():
    first = score([DB], [CompetencyInput("db.sql", "db", 2, 1, self_rating=1)])
    second = score(
        [AI, DB],
        [
            CompetencyInput("ai.rag", "ai", 2, 1, self_rating=2),
            CompetencyInput("db.sql", "db", 2, 1, self_rating=2),
        ],
    )
    report = team([MemberInput("a", first), MemberInput("b", second)])
    assert report.area_codes == ("db", "ai")
    assert report.members[1].areas == (("db", 100.0), ("ai", 100.0))
    assert [item.code for item in report.competencies] == ["db.sql", "ai.rag"]


def test_team_without_members_has_no_readiness():
    report = team([])
    assert report.readiness is None
    assert report.members == report.area_codes == report.competencies == ()


def test_team_readiness_rounds_half_up_on_the_published_numbers():
    def report_with(value):
        return Report((), (), Overall(value, 0, 0, 0), (), (), ())

    # (0.1 + 0.2) / 2 = 0.15 -> 0.2; binary floats would give 0.1
    members = [MemberInput("a", report_with(0.1)), MemberInput("b", report_with(0.2))]
    assert team(members).readiness == 0.2


def test_a_value_rounding_to_zero_from_below_is_published_as_zero_not_minus_zero():
    # Decimal("-0.04") rounds to Decimal("-0.0"); "-0.0" would print as a fall.
    value = scoring._to_float(Decimal("-0.04"), Decimal("0.1"))
    assert (value, math.copysign(1.0, value)) == (0.0, 1.0)


def test_team_rejects_a_member_listed_twice():
    member = MemberInput("eko", score([], []))
    with pytest.raises(ValueError, match="duplicate member"):
        team([member, member])


# --- properties ---------------------------------------------------------------------

optional_rating = st.none() | st.integers(0, 4)


@st.composite
def frameworks(draw, min_size=0):
    """Areas and competencies of a random assessment."""
    area_count = draw(st.integers(1, 4))
    areas = [
        AreaInput(f"area{index}", draw(st.sampled_from(["skill", "responsibility"])))
        for index in range(area_count)
    ]
    size = draw(st.integers(min_size, 12))
    competencies = [
        CompetencyInput(
            code=f"c{index}",
            area=f"area{draw(st.integers(0, area_count - 1))}",
            target=draw(st.integers(0, 4)),
            weight=draw(st.integers(1, 3)),
            self_rating=draw(optional_rating),
            manager_rating=draw(optional_rating),
        )
        for index in range(size)
    ]
    return areas, competencies


def half_up(value: Fraction, places: int) -> float:
    """An independent round-half-up for non-negative exact values."""
    scale = 10**places
    return math.floor(value * scale + Fraction(1, 2)) / scale


def used_rating(item: CompetencyInput) -> int:
    if item.manager_rating is not None:
        return item.manager_rating
    return item.self_rating if item.self_rating is not None else 0


@given(frameworks())
def test_readiness_is_always_between_0_and_100(framework):
    report = score(*framework)
    for value in [report.overall.readiness, *(area.readiness for area in report.areas)]:
        assert 0.0 <= value <= 100.0


@given(frameworks(min_size=1), st.data())
def test_raising_any_one_rating_never_lowers_readiness(framework, data):
    areas, competencies = framework
    index = data.draw(st.integers(0, len(competencies) - 1))
    item = competencies[index]
    current = used_rating(item)
    assume(current < 4)
    higher = data.draw(st.integers(current + 1, 4))
    # Raise the rating that counts: the manager's if there is one.
    field = "manager_rating" if item.manager_rating is not None else "self_rating"
    raised = list(competencies)
    raised[index] = dataclasses.replace(item, **{field: higher})

    before, after = score(areas, competencies), score(areas, raised)
    assert after.overall.readiness >= before.overall.readiness
    assert after.area(item.area).readiness >= before.area(item.area).readiness
    assert after.overall.priority <= before.overall.priority


@given(st.integers(0, 4), st.integers(0, 4), st.integers(1, 3), optional_rating)
def test_a_rating_at_or_above_target_has_no_gap(target, rating, weight, self_rating):
    assume(rating >= target)
    item = one(target=target, weight=weight, self_rating=self_rating, manager_rating=rating)
    assert (item.gap, item.priority, item.severity) == (0, 0, SEVERITY_MET)


@given(frameworks(), st.randoms(use_true_random=False))
def test_priorities_are_deterministic_and_only_framework_order_breaks_ties(framework, rnd):
    areas, competencies = framework
    report = score(areas, competencies)
    assert score(areas, competencies) == report  # same input, same output

    shuffled = list(competencies)
    rnd.shuffle(shuffled)
    reshuffled = score(areas, shuffled)
    # The same items, ranked by the same keys, whatever the input order…
    assert set(reshuffled.priorities) == set(report.priorities)

    def keys(result):
        return [
            (item.priority, item.gap, item.weight)
            for item in map(result.competency, result.priorities)
        ]

    assert keys(reshuffled) == keys(report)
    assert keys(report) == sorted(keys(report), reverse=True)
    # …and within a tie, the input (framework) order of that input.
    position = {item.code: index for index, item in enumerate(shuffled)}
    ranked = list(zip(keys(reshuffled), reshuffled.priorities, strict=True))
    for (key, code), (next_key, next_code) in itertools.pairwise(ranked):
        if key == next_key:
            assert position[code] < position[next_code]


@given(frameworks())
def test_area_readiness_equals_the_formula_recomputed_by_hand(framework):
    areas, competencies = framework
    report = score(areas, competencies)
    for area in report.areas:
        members = [item for item in competencies if item.area == area.code]
        achieved = sum(item.weight * min(used_rating(item), item.target) for item in members)
        required = sum(item.weight * item.target for item in members)
        expected = 100.0 if required == 0 else half_up(Fraction(100 * achieved, required), 1)
        assert area.readiness == expected
        assert area.total == len(members)


@given(frameworks())
def test_comparing_a_report_with_itself_shows_no_change(framework):
    report = score(*framework)
    comparison = compare(report, report)
    assert comparison.overall_delta == 0.0
    assert all(change.delta == 0.0 for change in comparison.areas)


# --- calibration over time ------------------------------------------------------

AreaCalibration = scoring.AreaCalibration


def reviewed(*ratings):
    """A report from ``(code, area, self, manager)`` rows, all at target 2, weight 1."""
    areas = []
    for _code, area, _self, _manager in ratings:
        if area not in areas:
            areas.append(area)
    return score(
        [AreaInput(area, "skill") for area in areas],
        [CompetencyInput(code, area, 2, 1, s, m) for code, area, s, m in ratings],
    )


def test_calibration_is_the_mean_of_self_minus_manager_per_area_over_every_report():
    first = reviewed(
        ("p.python", "p", 3, 2),  # +1
        ("p.js", "p", 2, 2),  # 0
        ("p.api", "p", 3, 1),  # +2
        ("d.sql", "d", 1, 2),  # -1
        ("d.nosql", "d", 2, 2),  # 0
        ("d.vector", "d", 1, 3),  # -2
    )
    second = reviewed(
        ("p.python", "p", 3, 3),  # 0
        ("p.js", "p", 3, 2),  # +1
        ("p.api", "p", 2, 2),  # 0
        ("d.sql", "d", 2, 2),  # 0
        ("d.nosql", "d", 2, 3),  # -1
        ("d.vector", "d", 2, 2),  # 0
    )
    assert scoring.calibration([first, second]) == (
        AreaCalibration(code="p", mean=0.7, compared=6, assessments=2),  # 4/6
        AreaCalibration(code="d", mean=-0.7, compared=6, assessments=2),  # -4/6
    )


def test_calibration_of_one_report_and_of_none():
    assert scoring.calibration([reviewed(("p.a", "p", 4, 1))]) == (
        AreaCalibration(code="p", mean=3.0, compared=1, assessments=1),
    )
    assert scoring.calibration([]) == ()


def test_calibration_counts_only_competencies_both_rated_and_goes_on_past_the_others():
    report = reviewed(
        ("p.self-only", "p", 3, None),
        ("p.manager-only", "p", None, 0),
        ("p.neither", "p", None, None),
        ("p.both", "p", 1, 3),
        ("p.both-too", "p", 2, 2),
    )
    assert scoring.calibration([report]) == (
        AreaCalibration(code="p", mean=-1.0, compared=2, assessments=1),
    )


def test_an_area_nobody_rated_both_ways_is_left_out():
    report = reviewed(("p.a", "p", 3, None), ("d.a", "d", 1, 2), ("q.a", "q", None, 2))
    assert scoring.calibration([report]) == (
        AreaCalibration(code="d", mean=-1.0, compared=1, assessments=1),
    )


def test_calibration_counts_the_reports_an_area_was_compared_in():
    reports = [
        reviewed(("p.a", "p", 2, 1), ("d.a", "d", 2, None)),
        reviewed(("p.a", "p", 2, 2), ("d.a", "d", 3, 2)),
        reviewed(("p.a", "p", 2, 2), ("d.a", "d", None, 2)),
    ]
    assert scoring.calibration(reports) == (
        AreaCalibration(code="p", mean=0.3, compared=3, assessments=3),  # 1/3
        AreaCalibration(code="d", mean=1.0, compared=1, assessments=1),
    )


def test_calibration_areas_follow_first_seen_order():
    reports = [
        reviewed(("d.a", "d", 2, 2)),
        reviewed(("p.a", "p", 1, 2), ("d.a", "d", 2, 2)),
    ]
    assert [c.code for c in scoring.calibration(reports)] == ["d", "p"]


def test_calibration_rounds_half_away_from_zero_to_one_decimal():
    def mean_of(*pairs):
        report = reviewed(*((f"p.{n}", "p", s, m) for n, (s, m) in enumerate(pairs)))
        (only,) = scoring.calibration([report])
        return only.mean

    assert mean_of((1, 0), (0, 0), (0, 0), (0, 0)) == 0.3  # 0.25
    assert mean_of((0, 1), (0, 0), (0, 0), (0, 0)) == -0.3  # -0.25
    assert mean_of((1, 0), (0, 0), (0, 0), (0, 0), (0, 0), (0, 0)) == 0.2  # 0.1666…
    assert mean_of(*([(0, 0)] * 19), (1, 0)) == 0.1  # 0.05
    low = mean_of(*([(0, 0)] * 24), (0, 1))  # -0.04 → 0.0, not -0.0
    assert low == 0.0 and math.copysign(1, low) == 1
    assert isinstance(low, float)


# --- groups across areas (primary roles) --------------------------------------


def _group_report():
    return score(
        [PROGRAMMING, QUALITY],
        [
            programming("p.a", 4, 3, self_rating=2),  # gap 2, priority 6
            programming("p.b", 2, 1, self_rating=3),  # met, surplus
            CompetencyInput("q.a", "quality", 3, 2, self_rating=0),  # gap 3, priority 6
        ],
    )


def test_a_group_is_scored_over_its_competencies_across_areas():
    report = _group_report()
    (group,) = scoring.group_scores(report, [scoring.GroupInput("role", ("p.a", "q.a"))])
    # Σw·min(r,t) = 3·2 + 2·0 = 6; Σw·t = 3·4 + 2·3 = 18 -> 33.3
    assert group == scoring.GroupScore(code="role", readiness=33.3, priority=12, total=2)


def test_a_competency_listed_twice_in_a_group_counts_once():
    report = _group_report()
    (group,) = scoring.group_scores(report, [scoring.GroupInput("r", ("p.a", "p.b", "p.a"))])
    # Σw·min = 3·2 + 1·2 = 8; Σw·t = 12 + 2 = 14 -> 57.1
    assert (group.readiness, group.priority, group.total) == (57.1, 6, 2)


def test_groups_keep_their_order_and_skip_codes_the_report_lacks():
    report = _group_report()
    groups = [
        scoring.GroupInput("second", ("q.a", "elsewhere.x")),
        scoring.GroupInput("empty", ("elsewhere.y",)),
        scoring.GroupInput("first", ("p.b",)),
    ]
    scored = scoring.group_scores(report, groups)
    assert [g.code for g in scored] == ["second", "first"]
    assert scored[0] == scoring.GroupScore("second", 0.0, 6, 1)
    assert scored[1] == scoring.GroupScore("first", 100.0, 0, 1)


def test_a_group_whose_targets_are_all_zero_is_fully_ready():
    report = score([PROGRAMMING], [programming("p.z", 0, 2, self_rating=0)])
    (group,) = scoring.group_scores(report, [scoring.GroupInput("g", ("p.z",))])
    assert (group.readiness, group.priority, group.total) == (100.0, 0, 1)


def test_no_groups_no_scores():
    assert scoring.group_scores(_group_report(), []) == ()
