"""GET /api/v1/indicators and /indicators/{code}: the dashboard's figures, disclosure control applied."""

import datetime

import pytest
from django.conf import settings

from mel.indicators import CATALOGUE
from mel.tests.builders import person
from mel.views import default_period
from people.models import Participant

URL = "/api/v1/indicators"
ACTIVE = "HC-COV-01"  # participants active on the last day of the period, by sex among others
ARRIVED = datetime.date(2025, 6, 1)


@pytest.fixture
def caseload(city_a, city_b):
    """City A: six women and two men; city B: seven women. All active in every period since mid-2025."""
    for sex, owner, n in (("female", city_a.social, 6), ("male", city_a.social, 2), ("female", city_b.social, 7)):
        for _ in range(n):
            person(owner, sex=sex, arrived=ARRIVED)


def by(body: dict, dimension: str) -> dict[str, dict]:
    [breakdown] = [b for b in body["breakdowns"] if b["dimension"] == dimension]
    return {f["key"]: f for f in breakdown["figures"]}


def figures(client, code=ACTIVE, **query):
    response = client.get(f"{URL}/{code}", query)
    assert response.status_code == 200, response.content
    return response.json()


HIDDEN = {"value": None, "count": None, "eligible": None, "no_data": None, "suppressed": True}


def test_the_me_officer_sees_a_small_cell_as_null_and_suppressed_never_its_number(api_as, me_officer, caseload, city_a):
    men = Participant.objects.filter(owner=city_a.social, sex="male").count()
    assert 0 < men < settings.HOMECOMING_MIN_CELL  # the number the answer must not give away
    body = figures(api_as(me_officer), by="sex")
    assert body["threshold"] == settings.HOMECOMING_MIN_CELL
    assert body["total"]["count"] == 8 and body["total"]["value"] == 8 and not body["total"]["suppressed"]
    sexes = by(body, "sex")
    assert sexes["male"] == {"key": "male", "label": "Male", "reason": "primary", "no_data_suppressed": True, **HIDDEN}
    # The women's count would give the men's away (8 - 6): hidden too.
    assert sexes["female"]["suppressed"] and sexes["female"]["reason"] == "complementary"
    assert sexes["female"]["count"] is None


def test_the_coordinator_sees_their_organisations_exact_numbers(api_as, coordinator, caseload):
    body = figures(api_as(coordinator), by="sex")
    assert body["threshold"] == 0
    assert (by(body, "sex")["male"]["count"], by(body, "sex")["female"]["count"]) == (2, 6)
    assert body["total"]["count"] == 8


def test_another_citys_coordinator_sees_only_their_own_citys_figures(api_as, other_coordinator, caseload):
    client = api_as(other_coordinator)
    body = figures(client, by="sex")
    assert body["total"]["count"] == 7
    assert (by(body, "sex")["female"]["count"], by(body, "sex")["male"]["count"]) == (7, 0)
    assert [point["count"] for point in body["trend"]][-1] == 7
    # City A is not a city they may narrow to: refused as on the dashboard.
    response = client.get(f"{URL}/{ACTIVE}", {"jurisdiction": "almaty"})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["jurisdiction"]


def test_the_me_officer_may_narrow_to_their_own_city(api_as, me_officer, caseload):
    body = figures(api_as(me_officer), jurisdiction="almaty", by="jurisdiction")
    assert body["city"] == "almaty" and body["total"]["count"] == 8


def test_the_default_period_is_the_dashboards_and_the_trend_ends_with_it(api_as, me_officer, caseload):
    body = figures(api_as(me_officer))
    assert body["period"] == default_period().code
    assert len(body["trend"]) == 8 and body["trend"][-1]["period"] == body["period"]
    assert [b["dimension"] for b in body["breakdowns"]] == [str(d) for d in CATALOGUE[ACTIVE].dimensions]
    assert body["indicator"]["code"] == ACTIVE and body["indicator"]["unit"] == "count"


def test_a_period_may_be_chosen_and_a_wrong_one_is_refused(api_as, me_officer, caseload):
    client = api_as(me_officer)
    assert figures(client, period="2026Q1")["period"] == "2026Q1"
    for wrong in ("2026Q9", "2999"):
        response = client.get(f"{URL}/{ACTIVE}", {"period": wrong})
        assert response.status_code == 422
        assert [e["field"] for e in response.json()["errors"]] == ["period"]


def test_a_breakdown_the_indicator_does_not_offer_is_refused(api_as, me_officer):
    response = api_as(me_officer).get(f"{URL}/{ACTIVE}", {"by": "discipline"})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["by"]


def test_an_unknown_indicator_is_404(api_as, me_officer):
    assert api_as(me_officer).get(f"{URL}/HC-NONE-99").status_code == 404


def test_the_catalogue_lists_every_indicator_in_the_users_language(api_as, me_officer):
    me_officer.language = "ru"
    me_officer.save(update_fields=["language"])
    response = api_as(me_officer).get(URL)
    assert response.status_code == 200
    catalogue = {i["code"]: i for i in response.json()}
    assert list(catalogue) == list(CATALOGUE)
    active = catalogue[ACTIVE]
    assert active["name"] == "Участники в сопровождении"
    assert (active["unit"], active["period_rule"], active["aggregate_only"]) == ("count", "state_at_end", False)
    assert "sex" in active["dimensions"]


@pytest.mark.parametrize(
    "persona", ["case_worker", "psychologist", "cso_partner", "police_partner", "network_editor", "administrator"]
)
def test_those_the_dashboard_refuses_get_404_as_on_the_page(request, client, api_as, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    assert client.get("/indicators/").status_code == 404
    assert client.get(f"/indicators/{ACTIVE}/").status_code == 404
    api = api_as(user)
    assert api.get(URL).status_code == 404
    assert api.get(f"{URL}/{ACTIVE}").status_code == 404


def test_the_case_worker_gets_the_same_404_as_for_an_unknown_indicator(api_as, case_worker, me_officer):
    refused = api_as(case_worker).get(f"{URL}/{ACTIVE}")
    assert refused.status_code == 404
    assert refused.json() == api_as(me_officer).get(f"{URL}/HC-NONE-99").json()
