"""/dhis2/: the dry run, for M&E officers and coordinators, showing what would be sent."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import AuditEvent
from mel.dhis2.tests.helpers import map_as_in_the_demo, participants
from mel.views import default_period


@pytest.fixture
def mapped(city_a, city_b):
    map_as_in_the_demo()


def page(client, user, query=""):
    client.force_login(user)
    return client.get(f"/dhis2/{query}")


@pytest.mark.parametrize("persona", ["me_officer", "coordinator"])
def test_the_dashboard_readers_see_what_would_be_sent_left_out_and_unmapped(client, request, mapped, persona):
    user = request.getfixturevalue(persona)
    participants(request.getfixturevalue("city_a").social, user)
    response = page(client, user)
    text = response.content.decode()
    assert response.status_code == 200
    assert "HC_COV_01" in text and "KZ_ALMATY" in text and "SEX_F" in text
    assert "Left out" in text
    assert "Indicator HC-CON-01 has no data element" in text
    assert "No category option combination is mapped for Phase" in text


def test_a_reader_sees_only_the_cities_in_their_scope(client, other_coordinator, mapped, city_a, coordinator):
    participants(city_a.social, coordinator)
    text = page(client, other_coordinator).content.decode()
    assert "KZ_SHYMKENT" in text
    assert "KZ_ALMATY" not in text


OTHERS = ["case_worker", "psychologist", "cso_partner", "police_partner", "network_editor", "administrator", "outsider"]


@pytest.mark.parametrize("persona", OTHERS)
def test_everyone_else_gets_not_found(client, request, mapped, persona):
    assert page(client, request.getfixturevalue(persona)).status_code == 404


@pytest.mark.parametrize("period", ["2999Q1", "abc", "2027Q9"])
def test_an_unfinished_or_malformed_period_is_refused_with_the_reason(client, me_officer, mapped, period):
    response = page(client, me_officer, f"?period={period}")
    assert response.status_code == 400
    assert "What would be sent" not in response.content.decode()


def test_a_city_outside_the_scope_is_refused(client, me_officer, mapped, city_b):
    assert page(client, me_officer, "?city=shymkent").status_code == 400


def test_looking_is_not_audited(client, me_officer, mapped):
    page(client, me_officer)
    assert not AuditEvent.objects.filter(action="dhis2.exported").exists()


def test_the_page_takes_the_same_queries_for_five_people_and_for_thirty(client, me_officer, mapped, city_a):
    participants(city_a.social, me_officer, 5)
    page(client, me_officer)  # once first: the finished period's figures are then kept

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/dhis2/").status_code == 200
        return len(captured.captured_queries)

    few = queries()
    participants(city_a.social, me_officer, 25)
    from mel.models import Snapshot

    Snapshot.objects.all().delete()  # the new people counted afresh, then kept again
    page(client, me_officer)
    assert queries() == few
    assert few < 40


def test_no_mapping_at_all_is_said_and_nothing_is_sent(client, me_officer, city_a):
    text = page(client, me_officer).content.decode()
    assert "No data set is mapped" in text
    assert "City almaty has no organisation unit" in text
    assert "Nothing would be sent." in text
    assert default_period().code in text


def test_a_city_chosen_without_a_period_shows_the_last_finished_quarter(client, me_officer, mapped, city_a):
    response = page(client, me_officer, "?city=almaty")
    assert response.status_code == 200
    assert f"values for {default_period().code}" in response.content.decode()
