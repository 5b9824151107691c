"""The M&E officer's home page: a few headline indicators and the way to the dashboard."""

from mel.tests import fakes

fake_catalogue = fakes.fake_catalogue


def test_the_me_officers_home_shows_headline_indicators_with_their_values(client, me_officer, fake_catalogue):
    client.force_login(me_officer)
    page = client.get("/").content.decode()
    assert 'id="panel-indicators"' in page
    assert 'href="/indicators/HC-TST-01/">Test indicator HC-TST-01</a> <span class="tag">40 ·' in page
    assert "70% (21 of 30)" in page
    assert 'href="/indicators/">Open the indicators</a>' in page


def test_the_headlines_are_suppressed_like_the_dashboard(client, me_officer, fake_catalogue, settings):
    settings.HOMECOMING_MIN_CELL = 100
    client.force_login(me_officer)
    page = client.get("/").content.decode()
    assert "fewer than 100" in page and "(21 of 30)" not in page


def test_a_second_visit_reads_the_kept_figures_instead_of_measuring_again(client, me_officer, fake_catalogue):
    client.force_login(me_officer)
    client.get("/")
    measured_once = len(fake_catalogue.measured)
    assert measured_once > 0
    assert "70% (21 of 30)" in client.get("/").content.decode()
    assert len(fake_catalogue.measured) == measured_once


def test_other_roles_have_no_indicator_panel(client, coordinator, case_worker, fake_catalogue):
    for user in (coordinator, case_worker):
        client.force_login(user)
        assert 'id="panel-indicators"' not in client.get("/").content.decode()
    assert fake_catalogue.measured == []
