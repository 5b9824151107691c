"""A coordinator's indicator number opens the caseload of exactly the people it counts
(mel's filter, registered through core/listings.py), never beyond what the policy opens."""

import pytest

from conftest import register_family
from core import listings
from mel.tests import fakes

fake_catalogue = fakes.fake_catalogue

QUERY = "/participants/?indicator=HC-TST-02&period=2025Q4&by=sex&key=female&part=eligible"


def test_the_caseload_shows_the_people_the_number_counts_with_a_note_and_a_way_back(
    client, coordinator, city_a, family, fake_catalogue
):
    client.force_login(coordinator)
    response = client.get(QUERY)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Showing the people eligible for HC-TST-02, Test indicator HC-TST-02, in 2025Q4 (Sex: female)." in page
    assert 'href="/indicators/HC-TST-02/?period=2025Q4&amp;by=sex"' in page
    assert fake_catalogue.members == [
        {
            "indicator": "HC-TST-02",
            "owners": {city_a.social},
            "period": "2025Q4",
            "dimension": "sex",
            "key": "female",
            "part": "eligible",
        }
    ]
    assert {p.code for p in response.context["page"].object_list} == {
        family.mother.code,
        family.daughter.code,
        family.son.code,
    }


def test_the_list_never_shows_anyone_the_coordinator_may_not_open(client, coordinator, city_b, family, fake_catalogue):
    elsewhere = register_family(city_b.social, prefix="B ")
    client.force_login(coordinator)
    shown = {p.code for p in client.get(QUERY).context["page"].object_list}
    assert elsewhere.mother.code not in shown and family.mother.code in shown


def test_the_list_is_narrowed_to_what_the_indicator_selects(client, coordinator, family, fake_catalogue, monkeypatch):
    from mel import indicators
    from people.models import Participant

    monkeypatch.setattr(indicators, "members", lambda *a, **kw: Participant.objects.filter(pk=family.son.pk))
    client.force_login(coordinator)
    assert [p.code for p in client.get(QUERY).context["page"].object_list] == [family.son.code]


def test_the_caseloads_own_filters_keep_the_indicators_parameters(client, coordinator, family, fake_catalogue):
    client.force_login(coordinator)
    page = client.get(QUERY).content.decode()
    for name, value in (("indicator", "HC-TST-02"), ("period", "2025Q4"), ("key", "female"), ("part", "eligible")):
        assert f'<input type="hidden" name="{name}" value="{value}">' in page


@pytest.mark.parametrize(
    "query",
    [
        "indicator=HC-NONE&period=2025Q4",
        "indicator=HC-TST-03&period=2025Q4",  # screening figures never open a list
        "indicator=HC-TST-02&period=2025Q9",
        "indicator=HC-TST-02&period=",
        "indicator=HC-TST-02&period=2025Q4&by=jurisdiction&key=almaty",
        "indicator=HC-TST-02&period=2025Q4&by=sex",
        "indicator=HC-TST-02&period=2025Q4&key=female",
        "indicator=HC-TST-02&period=2025Q4&part=everyone",
        "indicator=" + "x" * 10_000,
    ],
)
def test_odd_parameters_are_refused_calmly_and_show_nobody(client, coordinator, family, fake_catalogue, query):
    client.force_login(coordinator)
    response = client.get(f"/participants/?{query}")
    assert response.status_code == 400
    assert list(response.context["page"].object_list) == []
    assert 'role="alert"' in response.content.decode()


def test_a_case_worker_cannot_open_the_people_behind_an_indicator(client, case_worker, family, fake_catalogue):
    client.force_login(case_worker)
    response = client.get(QUERY)
    assert response.status_code == 400
    assert list(response.context["page"].object_list) == []
    assert fake_catalogue.members == []


def test_aggregate_only_roles_still_have_no_caseload(client, me_officer, fake_catalogue):
    client.force_login(me_officer)
    assert client.get(QUERY).status_code == 404


def test_without_the_parameter_the_caseload_is_as_before(client, coordinator, family, fake_catalogue):
    client.force_login(coordinator)
    response = client.get("/participants/")
    assert response.status_code == 200 and "Showing the people" not in response.content.decode()
    assert fake_catalogue.members == []


def test_a_filter_narrows_the_list_it_is_given_and_cannot_widen_it(rf, coordinator, family):
    from people.models import Participant

    class Everyone:
        parameter = "everyone"

        @staticmethod
        def narrow(request):
            return listings.Narrowed(Participant.objects.all(), "everyone")

    request = rf.get("/participants/?everyone=1")
    listings._filters["everyone"] = Everyone
    try:
        narrowed, notes = listings.narrow(request, Participant.objects.filter(pk=family.son.pk))
    finally:
        del listings._filters["everyone"]
    assert list(narrowed) == [family.son] and [n.note for n in notes] == ["everyone"]
