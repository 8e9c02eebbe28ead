"""What a delivery says: ``{"id", "event", "occurred_at", "data"}``.

``data`` lets a receiver act without a second call, and holds nothing a
service token of the whole organisation could not read through the API: ids,
the engineer's username, the role profile's code, the status and its dates,
the teams (id and name) and the API URLs to read more. Never a rating, a
comment, an acknowledgement's text, a name or an e-mail address.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.utils import timezone

from assessments.models import Assessment
from cycles.models import Cycle
from org.models import Team

from .models import Event


def _api(path: str) -> str:
    return f"{settings.SITE_URL}/api/v1/{path}"


def _teams(queryset) -> list[dict]:
    return [
        {"id": pk, "name": name} for pk, name in queryset.order_by("pk").values_list("pk", "name")
    ]


def assessment_data(assessment_id: int) -> dict | None:
    assessment = (
        Assessment.objects.select_related("engineer", "role_profile")
        .filter(pk=assessment_id)
        .first()
    )
    if assessment is None:
        return None
    return {
        "assessment": {
            "id": assessment.pk,
            "engineer": assessment.engineer.username,
            "role_profile": assessment.role_profile.code,
            "status": assessment.status,
            "submitted_at": assessment.submitted_at,
            "reviewed_at": assessment.reviewed_at,
            "acknowledged_at": assessment.acknowledged_at,
            "teams": _teams(Team.objects.filter(members=assessment.engineer_id)),
            "url": _api(f"assessments/{assessment.pk}"),
            "report_url": _api(f"assessments/{assessment.pk}/report"),
        }
    }


def cycle_data(cycle_id: int) -> dict | None:
    cycle = Cycle.objects.filter(pk=cycle_id).first()
    if cycle is None:
        return None
    return {
        "cycle": {
            "id": cycle.pk,
            "name": cycle.name,
            "self_due": cycle.self_due,
            "review_due": cycle.review_due,
            "opened_at": cycle.opened_at,
            "teams": _teams(cycle.teams.all()),
            "url": _api(f"cycles/{cycle.pk}"),
        }
    }


def ping_data() -> dict:
    return {"message": "A test event sent from the SkillGap admin."}


def payload(event: Event | str, data: dict) -> dict:
    """A new occurrence of ``event``: its own id, the time, ``data``."""
    return {
        "id": str(uuid.uuid4()),
        "event": str(event),
        "occurred_at": timezone.now(),
        "data": data,
    }
