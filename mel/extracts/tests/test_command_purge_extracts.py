import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from mel.extracts import actions
from mel.extracts.models import ExtractRequest
from mel.extracts.tests.helpers import households, request
from people.tests.builders import actor_of


def test_the_command_deletes_the_rows_of_extracts_past_their_window_and_keeps_the_others(
    city_a, me_officer, coordinator
):
    households(city_a.social, 2)
    old = actions.approve_extract(actor=actor_of(coordinator), extract=request(me_officer))
    fresh = actions.approve_extract(actor=actor_of(coordinator), extract=request(me_officer))
    ExtractRequest.objects.filter(pk=old.pk).update(
        decided_at=timezone.now() - actions.window() - datetime.timedelta(1)
    )
    out = io.StringIO()
    call_command("purge_extracts", stdout=out)
    assert out.getvalue().strip() == "1 extract(s) purged."
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.built, old.purged_at is not None) == (None, True)
    assert fresh.built is not None and fresh.purged_at is None
