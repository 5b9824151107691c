# Notices, moved here from the coordination app: the table (coordination_notice) already
# exists, so only Django's state changes.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('coordination', '0004_notice_moves_to_notices'),
        ('people', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Notice',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('emergency_access', 'Emergency access'), ('safety', 'Safety alert from a screening'), ('referral', 'Referral update'), ('transfer', 'Transfer update'), ('conference', 'Case conference'), ('action_overdue', 'Action overdue'), ('review_due', 'Review due')], max_length=32)),
                        ('data', models.JSONField(default=dict)),
                        ('key', models.CharField(blank=True, max_length=80)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('read_at', models.DateTimeField(blank=True, null=True)),
                        ('participant', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='people.participant')),
                        ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notices', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'coordination_notice',
                        'ordering': ['-created_at'],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('key', ''), _negated=True), fields=('recipient', 'key'), name='notice_key_once')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
