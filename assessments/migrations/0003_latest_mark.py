from django.conf import settings
from django.db import migrations, models
from django.db.models import F, Window
from django.db.models.functions import RowNumber

VISIBLE_TO_MANAGER = ("submitted", "in_review", "reviewed", "acknowledged")


def mark_the_latest(apps, schema_editor):
    """Mark each engineer's latest assessment a manager may see (the newest
    submission, the higher id on a tie), as ``Assessment.save`` keeps it."""
    Assessment = apps.get_model("assessments", "Assessment")
    latest = list(
        Assessment.objects.filter(status__in=VISIBLE_TO_MANAGER, submitted_at__isnull=False)
        .annotate(
            newest=Window(
                RowNumber(),
                partition_by=[F("engineer_id")],
                order_by=[F("submitted_at").desc(), F("pk").desc()],
            )
        )
        .filter(newest=1)
        .values_list("pk", flat=True)
    )
    for start in range(0, len(latest), 500):
        Assessment.objects.filter(pk__in=latest[start : start + 500]).update(latest=True)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0002_review_states"),
        ("roles", "0004_primary_roles_links_import_history"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="latest",
            field=models.BooleanField(
                default=False, editable=False, verbose_name="latest submitted"
            ),
        ),
        migrations.RunPython(mark_the_latest, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="assessment",
            constraint=models.UniqueConstraint(
                condition=models.Q(("latest", True)),
                fields=("engineer",),
                name="one_latest_assessment_per_engineer",
            ),
        ),
    ]
