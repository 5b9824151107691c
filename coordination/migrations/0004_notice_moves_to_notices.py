# Notices moved to their own app, which any app may call; the table stays where it is.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('coordination', '0003_referrals_transfers_conferences'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='Notice')],
            database_operations=[],
        ),
    ]
