# The team moves from the ``teams`` app to ``org``: its tables stay as they are
# (``teams_team`` and its two membership tables), only Django's state moves.

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("teams", "0002_team_report_file"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Team",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=120, unique=True, verbose_name="name")),
                        (
                            "managers",
                            models.ManyToManyField(
                                blank=True,
                                related_name="managed_teams",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="managers",
                            ),
                        ),
                        (
                            "members",
                            models.ManyToManyField(
                                blank=True,
                                related_name="teams",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="members",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "team",
                        "verbose_name_plural": "teams",
                        "ordering": ["name"],
                        "db_table": "teams_team",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
