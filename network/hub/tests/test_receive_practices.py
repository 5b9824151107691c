"""Practices in a city's report: kept on the hub as the newest report shares them."""

import pytest

from core.actor import Actor
from network.hub import actions
from network.hub.models import ReceivedReport
from network.hub.tests.helpers import enrolled, envelope_bytes, payload, practice
from network.library.models import Practice

pytestmark = pytest.mark.django_db


def receive(member, key, **report):
    return actions.receive(actor=Actor.for_system(), member=member, body=envelope_bytes(payload(**report), key))


def test_a_report_brings_the_city_practices_into_the_hub_library(hub):
    member, _token, key = enrolled()
    assert receive(member, key, practices=[practice(1), practice(2, title="School enrolment")]).status == 201
    copies = Practice.objects.filter(received_from=member).order_by("source_ref")
    assert [(p.source_ref, p.title, p.state) for p in copies] == [
        (1, "Women's volunteering in charity campaigns", "published"),
        (2, "School enrolment", "published"),
    ]
    assert copies[0].city.name == "Aktau" and copies[0].organisation.name == "Aktau Women's Council"
    assert copies[0].translations.get().language == "ru"


def test_the_next_report_updates_a_practice_and_removes_one_no_longer_shared(hub):
    member, _token, key = enrolled()
    receive(member, key, practices=[practice(1), practice(2)])
    receive(member, key, sequence=2, practices=[practice(1, version=3, summary="Changed.")])
    (copy,) = Practice.objects.filter(received_from=member)
    assert (copy.source_ref, copy.version, copy.summary) == (1, 3, "Changed.")


def test_a_report_with_a_broken_practice_is_refused_whole_and_names_it(hub):
    member, _token, key = enrolled()
    outcome = receive(member, key, practices=[practice(1), practice(2, evidence_strength="anecdote")])
    assert (outcome.status, outcome.reason) == (400, "schema")
    assert outcome.message.startswith("practices[1]: ")
    assert not ReceivedReport.objects.exists() and not Practice.objects.exists()


def test_a_practice_listed_twice_is_refused(hub):
    member, _token, key = enrolled()
    outcome = receive(member, key, practices=[practice(1), practice(1)])
    assert (outcome.reason, outcome.message) == ("schema", "The report lists a practice twice.")


def test_a_replayed_report_does_not_bring_back_a_withdrawn_practice(hub):
    member, _token, key = enrolled()
    receive(member, key, sequence=1, practices=[practice(1)])
    receive(member, key, sequence=2, practices=[])
    assert receive(member, key, sequence=1, practices=[practice(1), practice(5)]).reason == "conflict"
    assert not Practice.objects.exists()
