"""The area rows of the summaries kept before there were any, from each
summary's ``areas``."""

from django.db import migrations

_CHUNK = 2000


def backfill(apps, schema_editor):
    AssessmentSummary = apps.get_model("teams", "AssessmentSummary")
    AreaReadiness = apps.get_model("teams", "AreaReadiness")
    summaries = AssessmentSummary.objects.order_by("pk").values_list("pk", "areas")
    last = None
    while True:
        chunk = summaries.filter(pk__gt=last) if last is not None else summaries
        chunk = list(chunk[:_CHUNK])
        if not chunk:
            return
        AreaReadiness.objects.bulk_create(
            [
                AreaReadiness(summary_id=pk, area=code, tenths=round(value * 10))
                for pk, areas in chunk
                for code, value in areas.items()
            ],
            batch_size=5000,
        )
        last = chunk[-1][0]


class Migration(migrations.Migration):
    dependencies = [("teams", "0005_area_readiness")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
