# Meeting and Decision leave for meetings/ (meetings 0001), which keeps their tables: nothing is dropped.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0001_initial'),
        ('national', '0006_report_comments'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name='meeting',
                    name='bodies_present',
                ),
                migrations.RemoveField(
                    model_name='meeting',
                    name='member_states_present',
                ),
                migrations.RemoveField(
                    model_name='meeting',
                    name='plans',
                ),
                migrations.DeleteModel(
                    name='Decision',
                ),
                migrations.DeleteModel(
                    name='Meeting',
                ),
            ],
        ),
    ]
