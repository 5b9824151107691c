"""The library list: search box and filters, within what the reader may read."""

from django.urls import reverse

from network.library.actions import reindex
from network.library.models import Practice, PracticeTranslation
from network.library.tests.builders import make_practice


def _titles(client, **query) -> list[str]:
    response = client.get(reverse("practices"), query)
    assert response.status_code == 200
    return [practice.title for practice in response.context["page"]]


def test_a_case_worker_reads_only_published_practices(client, city_a, network_editor, coordinator, case_worker):
    make_practice(network_editor, city_a.social, title="A draft")
    make_practice(
        network_editor, city_a.social, title="Published", state=Practice.State.PUBLISHED, reviewer=coordinator
    )
    client.force_login(case_worker)
    assert _titles(client) == ["Published"]


def test_the_network_editor_sees_drafts_too(client, city_a, network_editor):
    make_practice(network_editor, city_a.social, title="A draft")
    client.force_login(network_editor)
    assert _titles(client) == ["A draft"]


def test_filters_narrow_by_phase_domain_group_evidence_and_status(client, city_a, network_editor):
    make_practice(network_editor, city_a.social, title="School")
    make_practice(
        network_editor,
        city_a.social,
        title="Jobs",
        phases=["resilience"],
        domains=["livelihood"],
        target_groups=["women"],
        evidence_strength="before_after",
        status="peer_reviewed",
    )
    client.force_login(network_editor)
    assert _titles(client, phase="resilience") == ["Jobs"]
    assert _titles(client, domain="education") == ["School"]
    assert _titles(client, group="women") == ["Jobs"]
    assert _titles(client, evidence="before_after") == ["Jobs"]
    assert _titles(client, status="inspiring") == ["School"]


def test_a_russian_search_word_finds_a_translated_practice(client, city_a, network_editor):
    practice = make_practice(network_editor, city_a.social, title="School")
    PracticeTranslation.objects.create(practice=practice, language="ru", title="Школа", summary="Учителя готовы.")
    reindex(practice)
    client.force_login(network_editor)
    assert _titles(client, q="учителя") == ["School"]


def test_an_unknown_filter_value_filters_nothing_and_is_no_error(client, city_a, network_editor):
    make_practice(network_editor, city_a.social, title="School")
    client.force_login(network_editor)
    assert _titles(client, phase="nonsense", q="school") == ["School"]


def test_someone_without_a_membership_gets_404(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("practices")).status_code == 404
