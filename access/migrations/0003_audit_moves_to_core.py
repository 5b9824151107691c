# The audit log moved to the core app; its tables stay where they are.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('access', '0002_emergencyaccess'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='AuditEvent'),
                migrations.DeleteModel(name='AuditChainHead'),
            ],
            database_operations=[],
        ),
    ]
