"""Downloads: by the requester only, at most MAX_DOWNLOADS times within WINDOW_DAYS; then the rows go."""

import datetime

import pytest
from django.utils import timezone

from core.models import AuditEvent
from mel.extracts import actions
from mel.extracts.tests.helpers import households, request
from people.tests.builders import actor_of


@pytest.fixture
def approved(city_a, me_officer, coordinator):
    households(city_a.social, 5)
    return actions.approve_extract(actor=actor_of(coordinator), extract=request(me_officer))


def test_the_requester_downloads_the_same_rows_up_to_the_limit_then_they_are_deleted(approved, me_officer, settings):
    settings.HOMECOMING_EXTRACT_MAX_DOWNLOADS = 2
    first = actions.record_download(actor=actor_of(me_officer), extract=approved, file_format="xlsx")
    second = actions.record_download(actor=actor_of(me_officer), extract=approved, file_format="csv.zip")
    assert first == second
    approved.refresh_from_db()
    assert approved.downloads == 2 and approved.built is None and approved.purged_at is not None
    with pytest.raises(actions.ExtractError, match="as often as allowed"):
        actions.record_download(actor=actor_of(me_officer), extract=approved, file_format="xlsx")
    reasons = list(AuditEvent.objects.filter(action="extract.downloaded").values_list("reason", flat=True))
    assert reasons == ["format=xlsx n=1", "format=csv.zip n=2"]


def test_after_the_window_nothing_is_downloaded_and_the_rows_are_deleted(approved, me_officer, settings):
    settings.HOMECOMING_EXTRACT_WINDOW_DAYS = 7
    approved.decided_at = timezone.now() - datetime.timedelta(days=7, minutes=1)
    approved.save(update_fields=["decided_at"])
    with pytest.raises(actions.ExtractError, match="time allowed"):
        actions.record_download(actor=actor_of(me_officer), extract=approved, file_format="xlsx")
    assert actions.purge_expired() == 1
    approved.refresh_from_db()
    assert approved.built is None
    assert not AuditEvent.objects.filter(action="extract.downloaded").exists()


def test_nobody_but_the_requester_downloads(approved, coordinator):
    with pytest.raises(actions.ExtractError):
        actions.record_download(actor=actor_of(coordinator), extract=approved, file_format="xlsx")
    approved.refresh_from_db()
    assert approved.downloads == 0
