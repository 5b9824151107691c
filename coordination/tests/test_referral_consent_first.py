"""The referral form (referral_new) when consent is missing: what consent allows shows as soon as
the organisation is chosen, and the user may record consent first without losing the draft."""

import datetime
import logging
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from casework.models import NeedsDomain
from coordination import drafts
from coordination.models import Referral
from coordination.tests.helpers import consent, refer

WHAT = "Evening sewing course near the school"


def _ticked(page: str) -> set[str]:
    return set(re.findall(r'name="categories" value="(\w+)" id="[^"]+" checked', page))


def _disabled(page: str) -> set[str]:
    return set(re.findall(r'name="categories" value="(\w+)" id="[^"]+" disabled', page))


def _url(participant) -> str:
    return reverse("referral_new", args=[participant.code])


def _draft_body(organisation, categories, **extra) -> dict:
    return {
        "to_organisation": organisation.pk,
        "domain": NeedsDomain.objects.get(code="livelihood").pk,
        "what": WHAT,
        "urgency": "soon",
        "categories": categories,
        "expires_on": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
        **extra,
    }


def _go_to_consent(client, participant, organisation, categories, **extra):
    """Presses "Record consent for …" on the referral form; the answer and the address to come back to."""
    body = {**_draft_body(organisation, categories, **extra), "action": "record_consent"}
    response = client.post(_url(participant), body)
    assert response.status_code == 302
    query = parse_qs(urlsplit(response.url).query)
    return response, query


@pytest.fixture
def signed_in(client, case_worker):
    client.force_login(case_worker)
    return client


def test_choosing_the_organisation_shows_since_when_and_until_when_each_category_is_consented(
    signed_in, family, case_worker, city_a
):
    given = timezone.localdate() - datetime.timedelta(days=10)
    until = timezone.localdate() + datetime.timedelta(days=90)
    consent(family.mother, city_a.cso, ["livelihood"], recorded_by=case_worker, given_on=given, expires_on=until)
    consent(family.mother, city_a.cso, ["summary"], recorded_by=case_worker, purpose="coordination")
    consent(family.mother, city_a.police, ["education"], recorded_by=case_worker)  # another organisation
    page = signed_in.get(_url(family.mother), {"to_organisation": city_a.cso.pk}).content.decode()
    assert "What the participant consented to share with Almaty CSO:" in page
    assert page.count("consented</span>") == 2
    assert f"since {date_format(given)}" in page and "no end date" in page  # the summary's consent has no end
    assert page.count("no consent</span>") == 5  # needs and plan, health, education, legal, history
    assert "Record consent for Almaty CSO" in page
    # The load drill (homecoming/drills/load.py) finds the consented categories the same way.
    drill = r'name="categories" value="([a-z_]+)"[^>]*>[^<]*<span class="tag ok">'
    assert re.findall(drill, page) == ["summary", "livelihood"]


def test_before_an_organisation_is_chosen_nothing_is_marked(signed_in, family):
    page = signed_in.get(_url(family.mother)).content.decode()
    assert "Choose the organisation to see what the participant consented to share with it." in page
    assert "no consent</span>" not in page and "Record consent for" not in page


def test_the_htmx_swap_keeps_the_ticks_and_drops_what_the_police_may_never_get(signed_in, family, city_a):
    police = city_a.police
    fragment = signed_in.get(
        _url(family.mother),
        {"to_organisation": police.pk, "categories": ["livelihood", "health"]},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert fragment.lstrip().startswith("<fieldset")
    assert _ticked(fragment) == {"livelihood"}
    assert _disabled(fragment) == {"health", "history"}
    assert "never shared with this kind of organisation" in fragment


def test_show_what_may_be_shared_redraws_the_form_without_javascript_keeping_what_was_typed(
    signed_in, family, case_worker, city_a
):
    consent(family.mother, city_a.cso, ["livelihood"], recorded_by=case_worker)
    body = {**_draft_body(city_a.cso, ["livelihood", "health"]), "what": WHAT, "action": "show"}
    response = signed_in.post(_url(family.mother), body)
    page = response.content.decode()
    assert response.status_code == 200
    assert WHAT in page and _ticked(page) == {"livelihood", "health"}
    assert "There is a problem" not in page  # nothing was sent: nothing to complain about
    assert not Referral.objects.exists()


def test_record_consent_keeps_the_draft_and_opens_the_consent_form_pre_filled(
    signed_in, family, case_worker, city_a, caplog
):
    consent(family.mother, city_a.cso, ["livelihood"], recorded_by=case_worker)
    with caplog.at_level(logging.DEBUG):
        response, query = _go_to_consent(signed_in, family.mother, city_a.cso, ["livelihood", "health", "legal"])
    assert response.url.startswith(reverse("consent_new", args=[family.mother.code]) + "?")
    assert query["recipient_organisation"] == [str(city_a.cso.pk)] and query["purpose"] == ["referral"]
    assert query["categories"] == ["health", "legal"]  # what was ticked without consent
    back = query["next"][0]
    assert back.startswith(_url(family.mother) + "?draft=")
    assert WHAT not in response.url  # the free text stays on the server
    (entry,) = signed_in.session[drafts.SESSION_KEY].values()
    assert entry["fields"]["what"] == WHAT and entry["consented"] == ["livelihood"]
    assert WHAT not in caplog.text
    assert not Referral.objects.exists()


def test_after_consent_the_draft_comes_back_with_the_newly_consented_categories_ticked(
    signed_in, family, case_worker, city_a
):
    consent(family.mother, city_a.cso, ["livelihood"], recorded_by=case_worker)
    _response, query = _go_to_consent(signed_in, family.mother, city_a.cso, ["livelihood", "health", "legal"])
    consent(family.mother, city_a.cso, ["health", "summary"], recorded_by=case_worker)
    page = signed_in.get(query["next"][0]).content.decode()
    assert WHAT in page and 'value="soon" selected' in page
    assert f'<option value="{city_a.cso.pk}" selected>' in page
    # Health and summary are newly consented; legal was asked for but is still not consented.
    assert _ticked(page) == {"livelihood", "health", "summary"}


def test_leaving_the_consent_form_gives_the_draft_back_as_it_was(signed_in, family, case_worker, city_a):
    consent(family.mother, city_a.cso, ["livelihood"], recorded_by=case_worker)
    _response, query = _go_to_consent(signed_in, family.mother, city_a.cso, ["livelihood", "health"])
    page = signed_in.get(query["next"][0]).content.decode()
    assert WHAT in page and _ticked(page) == {"livelihood", "health"}


def test_sending_the_restored_referral_forgets_the_draft(signed_in, family, case_worker, city_a):
    _response, query = _go_to_consent(signed_in, family.mother, city_a.cso, [])
    consent(family.mother, city_a.cso, ["livelihood"], recorded_by=case_worker)
    token = parse_qs(urlsplit(query["next"][0]).query)["draft"][0]
    assert f'name="draft" value="{token}"' in signed_in.get(query["next"][0]).content.decode()
    response = refer(signed_in, family.mother, city_a.cso, ["livelihood"], draft=token)
    assert response.status_code == 302 and Referral.objects.get().categories == ["livelihood"]
    assert signed_in.session[drafts.SESSION_KEY] == {}


def test_a_draft_is_given_back_only_for_its_own_participant(signed_in, family, city_a):
    _response, query = _go_to_consent(signed_in, family.mother, city_a.cso, [])
    token = parse_qs(urlsplit(query["next"][0]).query)["draft"][0]
    other = signed_in.get(_url(family.daughter), {"draft": token}, follow=True).content.decode()
    assert WHAT not in other and "could not be found" in other
    unknown = signed_in.get(_url(family.mother), {"draft": "no-such-draft"}).content.decode()
    assert WHAT not in unknown and "could not be found" in unknown


def test_record_consent_without_an_organisation_asks_for_one_first(signed_in, family):
    body = {"what": WHAT, "categories": ["livelihood"], "action": "record_consent"}
    response = signed_in.post(_url(family.mother), body)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose the organisation to refer to first" in page and WHAT in page
    assert drafts.SESSION_KEY not in signed_in.session


def test_a_refusal_for_missing_consent_offers_to_record_it(signed_in, family, case_worker, city_a):
    consent(family.mother, city_a.cso, ["livelihood"], recorded_by=case_worker)
    response = refer(signed_in, family.mother, city_a.cso, ["livelihood", "health"])
    page = response.content.decode()
    assert response.status_code == 403
    assert "Not covered by the participant" in page and "Record consent for Almaty CSO" in page
    assert "Help to find part-time work" in page  # what was typed is still there


def test_a_coordinator_keeps_the_lawful_basis_and_is_told_of_it(client, family, coordinator, city_a):
    client.force_login(coordinator)
    page = client.get(_url(family.mother), {"to_organisation": city_a.cso.pk}).content.decode()
    assert 'name="lawful_basis"' in page
    assert "only on a lawful basis, chosen below, or once the participant consents" in page
    assert not _disabled(page)
