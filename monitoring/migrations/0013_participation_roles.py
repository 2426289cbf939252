"""A Member State's part in an activity (hosted, co-sponsored, attended): the model that takes the place of
the plain many-to-many table, created beside it. 0014 copies the rows over, 0015 drops the old table."""

import django.db.models.deletion
import simple_history.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('bodies', '0002_partners'),
        ('monitoring', '0012_partners_named'),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalParticipation',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('role', models.CharField(choices=[('hosted', 'Hosted'), ('co_sponsored', 'Co-sponsored'), ('attended', 'Attended')], default='attended', max_length=12, verbose_name='role')),
                ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
                ('activityreport', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='monitoring.activityreport', verbose_name='report')),
                ('history', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='monitoring.historicalactivityreport')),
                ('memberstate', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='bodies.memberstate', verbose_name='Member State')),
            ],
            options={
                'verbose_name': 'HistoricalParticipation',
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Participation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('hosted', 'Hosted'), ('co_sponsored', 'Co-sponsored'), ('attended', 'Attended')], default='attended', max_length=12, verbose_name='role')),
                ('activityreport', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='participations', to='monitoring.activityreport', verbose_name='report')),
                ('memberstate', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='participations', to='bodies.memberstate', verbose_name='Member State')),
            ],
            options={
                'ordering': ['memberstate__name'],
            },
        ),
        migrations.AddConstraint(
            model_name='participation',
            constraint=models.UniqueConstraint(fields=('activityreport', 'memberstate'), name='unique_participation'),
        ),
        migrations.AddConstraint(
            model_name='participation',
            constraint=models.CheckConstraint(condition=models.Q(('role__in', ['hosted', 'co_sponsored', 'attended'])), name='participation_role_valid'),
        ),
    ]
