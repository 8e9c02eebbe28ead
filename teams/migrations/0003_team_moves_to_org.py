# The team now belongs to ``org``; its tables are unchanged (see org 0001).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("org", "0001_initial"),
        ("teams", "0002_team_report_file"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="teamreportfile",
                    name="team",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="report_files",
                        to="org.team",
                        verbose_name="team",
                    ),
                ),
                migrations.DeleteModel(name="Team"),
            ],
            database_operations=[],
        ),
    ]
