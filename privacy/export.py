"""Everything SkillGap holds about one person, as JSON-ready data (UU PDP
27/2022 art. 7 and 32, GDPR art. 15 and 20): their profile, their
assessments with every rating, evidence note and goal, the reviews they gave
and received, and the audit entries about them or made by them."""

from assessments.models import Assessment, Goal, Rating


def _iso(value):
    return value.isoformat() if value is not None else None


def _history(model, **filters):
    rows = model.history.filter(**filters).order_by("history_date", "history_id")
    return [
        {
            "model": model._meta.model_name,
            "id": row.id,
            "when": _iso(row.history_date),
            "change": {"+": "created", "~": "changed", "-": "deleted"}[row.history_type],
            "by": row.history_user.username if row.history_user_id else None,
        }
        for row in rows.select_related("history_user")
    ]


def personal_data(user) -> dict:
    assessments = (
        Assessment.objects.filter(engineer=user)
        .select_related("role_profile", "review_completed_by")
        .order_by("created_at", "id")
    )
    ratings = (
        Rating.objects.filter(assessment__engineer=user)
        .select_related("competency", "reviewed_by")
        .order_by("assessment_id", "competency__code")
    )
    goals = (
        Goal.objects.filter(assessment__engineer=user)
        .select_related("competency")
        .order_by("assessment_id", "competency__code")
    )
    by_assessment: dict[int, dict] = {}
    for assessment in assessments:
        by_assessment[assessment.pk] = {
            "id": assessment.pk,
            "role_profile": assessment.role_profile.code,
            "status": assessment.status,
            "started": _iso(assessment.created_at),
            "submitted": _iso(assessment.submitted_at),
            "reviewed": _iso(assessment.reviewed_at),
            "review_completed_by": (
                assessment.review_completed_by.username if assessment.review_completed_by else None
            ),
            "acknowledged": _iso(assessment.acknowledged_at),
            "acknowledgement": assessment.acknowledgement,
            "ratings": [],
            "goals": [],
        }
    for rating in ratings:
        by_assessment[rating.assessment_id]["ratings"].append(
            {
                "competency": rating.competency.code,
                "level": rating.level,
                "evidence": rating.evidence,
                "target": rating.target,
                "weight": rating.weight,
                "manager_level": rating.manager_level,
                "manager_comment": rating.manager_comment,
                "manager_agreed": rating.manager_agreed,
                "reviewed_by": rating.reviewed_by.username if rating.reviewed_by else None,
                "last_change": _iso(rating.updated_at),
            }
        )
    for goal in goals:
        by_assessment[goal.assessment_id]["goals"].append(
            {
                "competency": goal.competency.code,
                "goal": goal.text,
                "due_date": _iso(goal.due_date),
                "status": goal.status,
                "last_change": _iso(goal.updated_at),
            }
        )
    given = (
        Rating.objects.filter(reviewed_by=user)
        .exclude(assessment__engineer=user)
        .select_related("competency", "assessment__engineer")
        .order_by("assessment_id", "competency__code")
    )
    return {
        "profile": {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "language": user.language,
            "joined": _iso(user.date_joined),
            "last_sign_in": _iso(user.last_login),
            "is_staff": user.is_staff,
        },
        "teams_member_of": sorted(user.teams.values_list("name", flat=True)),
        "teams_managed": sorted(user.managed_teams.values_list("name", flat=True)),
        "assessments": list(by_assessment.values()),
        "reviews_given": [
            {
                "assessment": rating.assessment_id,
                "engineer": rating.assessment.engineer.username,
                "competency": rating.competency.code,
                "manager_level": rating.manager_level,
                "manager_comment": rating.manager_comment,
            }
            for rating in given
        ],
        "audit_entries": {
            "about_me": _history(Assessment, engineer=user)
            + _history(Rating, assessment__engineer=user)
            + _history(Goal, assessment__engineer=user),
            "made_by_me": _history(Assessment, history_user=user)
            + _history(Rating, history_user=user)
            + _history(Goal, history_user=user),
        },
        "second_factors": list(user.authenticator_set.values_list("type", flat=True)),
    }
