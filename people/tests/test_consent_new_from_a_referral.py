"""The consent form (consent_new) opened from a referral: pre-filled, and back to where the user was."""

import re

from django.urls import reverse
from django.utils import timezone

from people.models import Consent


def _url(participant) -> str:
    return reverse("consent_new", args=[participant.code])


def _form(response) -> str:
    """The consent form alone (the page's language switch carries a "next" of its own)."""
    page = response.content.decode()
    return page[page.index('<form method="post" class="card"') :]


def _body(organisation, **extra) -> dict:
    return {
        "categories": ["health"],
        "recipient_organisation": organisation.pk,
        "recipient_kind": "",
        "purpose": "referral",
        "given_by": "participant",
        "given_on": timezone.localdate().isoformat(),
        **extra,
    }


def test_the_form_comes_pre_filled_with_the_organisation_purpose_and_categories(client, family, case_worker, city_a):
    client.force_login(case_worker)
    query = {
        "recipient_organisation": city_a.cso.pk,
        "purpose": "referral",
        "categories": ["health", "legal", "identity", "nonsense"],
        "next": "/participants/X/referrals/new/?draft=abc",
    }
    page = _form(client.get(_url(family.mother), query))
    assert f'<option value="{city_a.cso.pk}" selected>' in page
    assert '<option value="referral" selected>' in page
    ticked = set(re.findall(r'name="categories" value="(\w+)"[^>]*checked', page))
    assert ticked == {"health", "legal", "identity"}  # offered by the form; "nonsense" is not
    assert 'name="next" value="/participants/X/referrals/new/?draft=abc"' in page
    assert 'href="/participants/X/referrals/new/?draft=abc">Cancel' in page


def test_odd_pre_filled_values_are_ignored(client, family, case_worker):
    client.force_login(case_worker)
    query = {"recipient_organisation": "²", "purpose": "sale", "categories": "nonsense"}
    response = client.get(_url(family.mother), query)
    page = response.content.decode()
    select = page[page.index('name="recipient_organisation"') : page.index('name="recipient_kind"')]
    assert response.status_code == 200
    assert '<option value="" selected>' in select and select.count(" selected>") == 1
    assert not re.findall(r'name="categories" value="(\w+)"[^>]*checked', page)


def test_after_recording_the_user_goes_back_to_the_next_address(client, family, case_worker, city_a):
    client.force_login(case_worker)
    back = reverse("referral_new", args=[family.mother.code]) + "?draft=abc"
    response = client.post(_url(family.mother), _body(city_a.cso, next=back))
    assert response.status_code == 302 and response.url == back
    assert Consent.objects.get().covers(city_a.cso, "health")


def test_an_address_on_another_site_is_never_followed(client, family, case_worker, city_a):
    client.force_login(case_worker)
    case_consent = reverse("participant", args=[family.mother.code])
    for unsafe in ("https://elsewhere.example/", "//elsewhere.example/x", "/\\elsewhere.example", "javascript:x"):
        page = _form(client.get(_url(family.mother), {"next": unsafe}))
        assert "elsewhere" not in page and "javascript:x" not in page
        response = client.post(_url(family.mother), _body(city_a.cso, next=unsafe))
        assert response.status_code == 302 and response.url.startswith(case_consent), unsafe
    assert Consent.objects.count() == 4


def test_without_a_next_address_the_form_goes_back_to_the_case_as_before(client, family, case_worker, city_a):
    client.force_login(case_worker)
    page = _form(client.get(_url(family.mother)))
    assert 'name="next"' not in page and f'href="/participants/{family.mother.code}/#consent">Cancel' in page
    response = client.post(_url(family.mother), _body(city_a.cso))
    assert response.url.startswith(reverse("participant", args=[family.mother.code]))
