"""Home on a hub: the hub's own pages, and no link that leads to a page a hub does not have."""

import re

import pytest
from django.urls import reverse

from network.hub.demo import seed_hub

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["me_officer", "network_editor", "administrator"])
def test_every_link_of_the_hub_home_page_opens(client, hub, persona, request):
    seed_hub()
    client.force_login(request.getfixturevalue(persona))
    page = client.get(reverse("home")).content.decode()
    assert "The network hub" in page and "Participants&#x27; data stays in this city" not in page
    links = {href for href in re.findall(r'href="(/[^"]*)"', page) if not href.startswith("/static/")}
    assert {"/hub/compare/", "/hub/trends/", "/hub/reports/", "/practices/"} <= links
    broken = {href: status for href in links if (status := client.get(href.replace("&amp;", "&")).status_code) >= 400}
    assert broken == {}
