# Meeting and Decision move here from national/ (national 0004): only Django's idea of them changes; their
# tables (national_meeting, national_decision and the many-to-many tables named after them) stay as they
# are, with their rows, and so do their content types and permissions, renamed to this app.

import django.db.models.deletion
from django.db import migrations, models

MODELS = ["meeting", "decision"]


def _move_content_types(apps, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=new, model__in=MODELS).exists():
        ContentType.objects.filter(app_label=old, model__in=MODELS).update(app_label=new)


def rename_content_types(apps, schema_editor):
    _move_content_types(apps, "national", "meetings")


def rename_content_types_back(apps, schema_editor):
    _move_content_types(apps, "meetings", "national")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('bodies', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('national', '0003_meetings'),
        ('workplan', '0003_import_jobs'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Meeting',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=300, verbose_name='title')),
                        ('kind', models.CharField(choices=[('wg_on_ct', 'SOMTC Working Group on Counter Terrorism'), ('mtf', 'Multi-Sectoral Task Force'), ('special', 'Special meeting')], max_length=10, verbose_name='kind')),
                        ('held_on', models.DateField(verbose_name='held on')),
                        ('venue', models.CharField(blank=True, max_length=200, verbose_name='venue')),
                        ('attendance_note', models.TextField(blank=True, help_text='Dialogue Partners, the ASEAN Secretariat, observers.', verbose_name='other attendance')),
                        ('bodies_present', models.ManyToManyField(blank=True, related_name='meetings', to='bodies.sectoralbody', verbose_name='sectoral bodies present')),
                        ('member_states_present', models.ManyToManyField(blank=True, related_name='meetings', to='bodies.memberstate', verbose_name='Member States present')),
                        ('plans', models.ManyToManyField(related_name='meetings', to='workplan.plan', verbose_name='plans examined')),
                    ],
                    options={
                        'db_table': 'national_meeting',
                        'ordering': ['-held_on'],
                    },
                ),
                migrations.CreateModel(
                    name='Decision',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('position', models.PositiveSmallIntegerField(verbose_name='number')),
                        ('text', models.TextField(verbose_name='decision')),
                        ('activities', models.ManyToManyField(blank=True, related_name='decisions', to='workplan.activity', verbose_name='activities concerned')),
                        ('provisions', models.ManyToManyField(blank=True, related_name='decisions', to='workplan.actionline', verbose_name='provisions concerned')),
                        ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='decisions', to='meetings.meeting')),
                    ],
                    options={
                        'db_table': 'national_decision',
                        'ordering': ['-meeting__held_on', 'meeting_id', 'position'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='meeting',
                    constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['wg_on_ct', 'mtf', 'special'])), name='meeting_kind_valid'),
                ),
                migrations.AddConstraint(
                    model_name='decision',
                    constraint=models.UniqueConstraint(fields=('meeting', 'position'), name='unique_decision_number'),
                ),
            ],
        ),
        migrations.RunPython(rename_content_types, rename_content_types_back),
    ]
