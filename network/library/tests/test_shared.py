"""A practice as it leaves the city, and as the hub checks and keeps it."""

import datetime

import pytest

from network.hub.tests.helpers import enrolled
from network.library import search, shared
from network.library.models import Practice, PracticeTranslation
from network.library.tests.builders import make_practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(city_a, network_editor, coordinator):
    practice = make_practice(
        network_editor,
        city_a.social,
        state=Practice.State.PUBLISHED,
        reviewer=coordinator,
        shared=True,
        started_on=datetime.date(2025, 3, 14),
        indicators=["HC-OUT-02"],
    )
    PracticeTranslation.objects.create(practice=practice, language="ru", title="Школа", summary="Дети идут в школу.")
    return practice


def test_a_shared_practice_leaves_with_its_public_fields_and_months_only(city_a, published):
    (document,) = shared.shared_by(city_a.city)
    assert document["ref"] == published.pk and document["version"] == 1
    assert document["title"] == "School enrolment with teacher preparation"
    assert document["organisation"] == {"name": city_a.social.name, "kind": "social_services"}
    assert (document["started"], document["last_reviewed"]) == ("202503", None)
    assert document["translations"] == [
        {"language": "ru", "title": "Школа", "summary": "Дети идут в школу.", "what_was_done": ""}
    ]
    assert not {"drafted_by", "reviewed_by", "return_reason", "attachments", "state", "city"} & set(document)


def test_drafts_unshared_and_withdrawn_practices_stay_home(city_a, network_editor, coordinator):
    make_practice(network_editor, city_a.social, title="A draft")
    make_practice(network_editor, city_a.social, state=Practice.State.PUBLISHED, reviewer=coordinator)
    make_practice(network_editor, city_a.social, state=Practice.State.WITHDRAWN)
    assert shared.shared_by(city_a.city) == []


def test_the_hub_reads_back_the_fields_the_city_sent(city_a, published):
    (document,) = shared.shared_by(city_a.city)
    fields = shared.fields_of(document, "practices[0]")
    assert fields["source_ref"] == published.pk
    assert fields["started_on"] == datetime.date(2025, 3, 1)
    assert fields["indicators"] == ["HC-OUT-02"]


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"ref": "7"}, "ref and version are whole numbers"),
        ({"title": None}, "its texts are strings"),
        ({"phases": "reintegration"}, "lists of codes"),
        ({"phases": ["somewhere"]}, "Choose from the list"),
        ({"started": "2025-03-14"}, "its dates are months"),
        ({"organisation": {"name": "X", "kind": "secret"}}, "its organisation has a name and a kind"),
        ({"translations": [{"language": "ru"}]}, "its translations are objects of texts"),
        (
            {"translations": [{"language": "de", "title": "t", "summary": "s", "what_was_done": ""}]},
            "is not a valid choice",
        ),
        ({"title": "x" * 201}, "at most 200 characters"),
        ({"evidence_text": "  "}, "Say what the evidence is"),
    ],
)
def test_a_practice_that_is_not_one_is_refused_with_what_is_wrong(city_a, published, change, says):
    (document,) = shared.shared_by(city_a.city)
    with pytest.raises(shared.NotAPractice) as refused:
        shared.fields_of({**document, **change}, "practices[0]")
    assert str(refused.value).startswith("practices[0]: ") and says in str(refused.value)


def test_an_indicator_the_hub_does_not_know_is_left_out(city_a, published):
    (document,) = shared.shared_by(city_a.city)
    assert shared.fields_of({**document, "indicators": ["HC-OUT-02", "HC-NEW-99"]}, "p")["indicators"] == ["HC-OUT-02"]


def test_the_hub_keeps_the_newest_copy_and_drops_what_is_no_longer_shared(city_a, published):
    member, _token, _key = enrolled("Almaty", "almaty-member")
    (document,) = shared.shared_by(city_a.city)
    shared.store_received(member=member, practices=[shared.fields_of(document, "p")])
    copy = Practice.objects.get(received_from=member)
    assert (copy.source_ref, copy.state, copy.drafted_by, copy.city.slug) == (
        published.pk,
        "published",
        None,
        "almaty-member",
    )
    assert copy.organisation.name == city_a.social.name and copy.translations.get().title == "Школа"
    assert list(search.matching(Practice.objects.filter(received_from=member), "школ")) == [copy]

    changed = {**document, "title": "School enrolment, second year", "version": 2, "translations": []}
    shared.store_received(member=member, practices=[shared.fields_of(changed, "p")])
    copy.refresh_from_db()
    assert (copy.title, copy.version, copy.translations.count()) == ("School enrolment, second year", 2, 0)
    assert Practice.objects.filter(received_from=member).count() == 1

    shared.store_received(member=member, practices=[])
    assert not Practice.objects.filter(received_from=member).exists()
    assert list(search.matching(Practice.objects.all(), "second")) == []
