from django.core.management.base import BaseCommand
from django.db import transaction

from people.models import Identity


class Command(BaseCommand):
    help = "Recompute the duplicate-detection index of every identity, e.g. after changing HOMECOMING_BLIND_INDEX_KEY."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        count = 0
        for identity in Identity.objects.select_for_update().iterator(chunk_size=500):
            identity.refresh_indexes()
            # update(), not save(): the identity itself did not change, so no history row.
            Identity.objects.filter(pk=identity.pk).update(
                name_dob_index=identity.name_dob_index, document_index=identity.document_index
            )
            count += 1
        self.stdout.write(self.style.SUCCESS(f"Re-indexed {count} identities."))
