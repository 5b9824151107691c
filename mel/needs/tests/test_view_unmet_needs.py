"""The unmet-needs page: who sees which city, what it shows, and odd choices answered calmly."""

import pytest
from django.urls import reverse
from django.utils import timezone

from mel.periods import Period

URL = reverse("unmet_needs")


def current() -> str:
    return Period.containing(timezone.localdate()).code


def blocked_row(page: str) -> str:
    start = page.index('id="blocked-table"')
    return page[start : page.index("</table>", start)]


def test_city_a_coordinator_sees_almaty_this_quarter_with_the_six_blocked_actions(client, coordinator, gaps_scenario):
    client.force_login(coordinator)

    response = client.get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Almaty" in page and current() in page
    table = blocked_row(page)
    assert "No funding</th><td>6</td><td>0</td><td>0</td><td>0</td><td>6</td>" in table
    assert "Referrals declined for lack of capacity" in page
    assert 'name="format" value="xlsx"' in page


def test_the_page_names_no_participant_and_no_member_of_staff(client, coordinator, gaps_scenario, codes, names):
    client.force_login(coordinator)

    page = client.get(URL).content.decode()

    assert [code for code in codes if code in page] == []
    assert [name for name in names if name in page] == []


def test_the_citys_me_officer_sees_the_city_too(client, me_officer, gaps_scenario):
    client.force_login(me_officer)

    response = client.get(URL, {"period": current()})

    assert response.status_code == 200
    assert "No funding</th><td>6</td>" in blocked_row(response.content.decode())


def test_the_national_me_officer_chooses_among_every_city(client, national_me, city_a, city_b, gaps_scenario):
    client.force_login(national_me)

    first = client.get(URL)
    shymkent = client.get(URL, {"city": "shymkent"})

    assert first.status_code == shymkent.status_code == 200
    assert '<option value="shymkent"' in first.content.decode()
    assert "No funding</th><td>6</td>" in blocked_row(first.content.decode())  # Almaty comes first
    assert "No funding</th><td>0</td>" in blocked_row(shymkent.content.decode())


def test_a_coordinator_of_another_city_sees_their_own_city_and_never_city_a(
    client, other_coordinator, gaps_scenario, city_b
):
    client.force_login(other_coordinator)

    own = client.get(URL)
    asked = client.get(URL, {"city": "almaty"})

    assert own.status_code == 200 and "Shymkent" in own.content.decode()
    assert asked.status_code == 400
    assert "No funding</th><td>6</td>" not in asked.content.decode()
    assert "Shymkent" in asked.content.decode()


@pytest.mark.parametrize(
    "persona", ["case_worker", "psychologist", "cso_partner", "police_partner", "network_editor", "outsider"]
)
def test_everyone_else_finds_no_such_page(client, request, persona, city_a):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(URL).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("period", ["2099Q1", "Q3", "2026Q5", "9" * 40])
def test_an_odd_or_future_period_shows_the_current_quarter_with_a_400(client, coordinator, period, city_a):
    client.force_login(coordinator)

    response = client.get(URL, {"period": period})

    assert response.status_code == 400
    assert current() in response.content.decode()


def test_a_past_year_is_a_period_too(client, coordinator, gaps_scenario):
    client.force_login(coordinator)

    response = client.get(URL, {"period": "2025"})

    assert response.status_code == 200
    assert "No funding</th><td>0</td>" in blocked_row(response.content.decode())
