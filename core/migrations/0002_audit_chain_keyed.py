# The audit chain becomes keyed: each row is sealed with an HMAC under HOMECOMING_AUDIT_KEYS
# instead of a plain SHA-256, so that whoever can write the database cannot re-seal an edited
# chain. Existing rows are checked under the old rule first and re-sealed only if intact.

import hashlib
import hmac
import json

from django.conf import settings
from django.db import migrations, models

GENESIS = "0" * 64


def _content(row, *, key_id=None):
    content = [
        row.prev_hash,
        row.created_at.isoformat(),
        row.actor_id,
        row.organisation_id,
        row.action,
        row.object_type,
        row.object_ref,
        row.reason,
        row.request_id,
    ]
    if key_id is not None:
        content.insert(0, key_id)
    return json.dumps(content, separators=(",", ":"), ensure_ascii=False).encode()


def reseal(apps, schema_editor):
    from core.vault import key_id

    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    key = settings.HOMECOMING_AUDIT_KEYS[0]
    kid = key_id(key)
    old_prev = new_prev = GENESIS
    count = 0
    for row in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if row.prev_hash != old_prev or hashlib.sha256(_content(row)).hexdigest() != row.hash:
            raise RuntimeError(f"The audit chain is broken at row {row.pk}: it is not re-sealed. Run verify_audit.")
        old_prev = row.hash
        row.prev_hash, row.key_id = new_prev, kid
        row.hash = hmac.new(key, _content(row, key_id=kid), hashlib.sha256).hexdigest()
        AuditEvent.objects.filter(pk=row.pk).update(prev_hash=row.prev_hash, key_id=kid, hash=row.hash)
        new_prev = row.hash
        count += 1
    AuditChainHead.objects.filter(id=1).update(last_hash=new_prev, count=count)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditevent',
            name='key_id',
            field=models.CharField(default='', max_length=8),
            preserve_default=False,
        ),
        migrations.RunPython(reseal, migrations.RunPython.noop),
    ]
