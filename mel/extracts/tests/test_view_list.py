"""/extracts/: the M&E officer's requests, and the requests a coordinator may decide."""

from mel.extracts.tests.helpers import households, request

URL = "/extracts/"


def test_the_officer_sees_their_requests_and_the_coordinator_those_about_their_participants(
    client, city_a, me_officer, coordinator, other_coordinator
):
    households(city_a.social, 1)
    extract = request(me_officer)
    link = f'href="/extracts/{extract.pk}/"'
    for user, shown in ((me_officer, True), (coordinator, True), (other_coordinator, False)):
        client.force_login(user)
        page = client.get(URL)
        assert page.status_code == 200
        assert (link in page.content.decode()) is shown
    client.force_login(me_officer)
    assert 'href="/extracts/new/"' in client.get(URL).content.decode()


def test_everyone_else_finds_no_page(client, case_worker, cso_partner, administrator, outsider):
    for user in (case_worker, cso_partner, administrator, outsider):
        client.force_login(user)
        assert client.get(URL).status_code == 404
