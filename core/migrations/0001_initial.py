# The audit log, moved here from the access app: the tables already exist
# (access_auditevent, access_auditchainhead), so only Django's state changes.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('access', '0003_audit_moves_to_core'),
        ('directory', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AuditChainHead',
                    fields=[
                        ('id', models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                        ('last_hash', models.CharField(default='0000000000000000000000000000000000000000000000000000000000000000', max_length=64)),
                        ('count', models.PositiveBigIntegerField(default=0)),
                    ],
                    options={
                        'db_table': 'access_auditchainhead',
                    },
                ),
                migrations.CreateModel(
                    name='AuditEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(verbose_name='time')),
                        ('action', models.CharField(max_length=64, verbose_name='action')),
                        ('object_type', models.CharField(blank=True, max_length=64, verbose_name='object type')),
                        ('object_ref', models.CharField(blank=True, max_length=64, verbose_name='object')),
                        ('reason', models.TextField(blank=True, verbose_name='reason')),
                        ('request_id', models.CharField(blank=True, max_length=64, verbose_name='request')),
                        ('prev_hash', models.CharField(max_length=64)),
                        ('hash', models.CharField(max_length=64, unique=True)),
                        ('actor', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='actor')),
                        ('organisation', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='directory.organisation', verbose_name='organisation')),
                    ],
                    options={
                        'verbose_name': 'audit event',
                        'verbose_name_plural': 'audit events',
                        'db_table': 'access_auditevent',
                        'ordering': ['id'],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
