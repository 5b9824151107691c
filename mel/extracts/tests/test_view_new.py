"""/extracts/new/: the M&E officer's request form."""

from mel.extracts.models import ExtractRequest
from mel.extracts.tests.helpers import households

URL = "/extracts/new/"
BODY = {"variables": ["sex", "needs"], "period": "2026Q1", "jurisdiction": "", "purpose": "Evaluation"}


def test_the_officer_requests_an_extract_and_lands_on_its_page(client, city_a, me_officer):
    households(city_a.social, 1)
    client.force_login(me_officer)
    assert client.get(URL).status_code == 200
    response = client.post(URL, BODY)
    extract = ExtractRequest.objects.get()
    assert response.status_code == 303 and response["Location"] == f"/extracts/{extract.pk}/"
    assert extract.variables == ["sex", "needs"] and extract.purpose == "Evaluation"


def test_a_month_an_empty_purpose_or_no_variable_is_refused_with_the_form(client, city_a, me_officer):
    households(city_a.social, 1)
    client.force_login(me_officer)
    for change in ({"period": "202602"}, {"purpose": "   "}, {"variables": []}, {"jurisdiction": "elsewhere"}):
        response = client.post(URL, BODY | change)
        assert response.status_code == 400
    assert not ExtractRequest.objects.exists()


def test_an_empty_scope_is_explained_on_the_form(client, city_a, me_officer):
    client.force_login(me_officer)
    response = client.post(URL, BODY)
    assert response.status_code == 400
    assert "No participants were in the programme" in response.content.decode()


def test_nobody_but_an_m_and_e_officer_finds_the_form(client, coordinator, case_worker, outsider):
    for user in (coordinator, case_worker, outsider):
        client.force_login(user)
        assert client.get(URL).status_code == 404
        assert client.post(URL, BODY).status_code == 404
