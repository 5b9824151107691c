import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from network.library.models import Practice
from network.library.tests.builders import make_practice, practice_fields


def _practice(city_a, editor, **fields) -> Practice:
    return Practice(city=city_a.city, organisation=city_a.social, drafted_by=editor, **practice_fields(**fields))


def test_a_complete_practice_is_valid(city_a, network_editor):
    _practice(city_a, network_editor, indicators=[]).full_clean()


def test_the_evidence_and_evaluation_text_is_required(city_a, network_editor):
    with pytest.raises(ValidationError) as refused:
        _practice(city_a, network_editor, evidence_text="").full_clean()
    assert "evidence_text" in refused.value.message_dict


@pytest.mark.parametrize(
    ("field", "value"),
    [("phases", ["unknown"]), ("domains", ["weather"]), ("target_groups", ["adults"]), ("indicators", ["NOPE-1"])],
)
def test_codes_outside_their_lists_are_refused(city_a, network_editor, field, value):
    with pytest.raises(ValidationError) as refused:
        _practice(city_a, network_editor, **{field: value}).full_clean()
    assert field in refused.value.message_dict


def test_indicators_of_the_mel_catalogue_are_accepted(city_a, network_editor):
    from mel.indicators import CATALOGUE

    _practice(city_a, network_editor, indicators=list(CATALOGUE)[:2]).full_clean()


def test_a_practice_belongs_to_a_city_not_a_region(city_a, network_editor):
    practice = _practice(city_a, network_editor)
    practice.city = city_a.city.parent
    with pytest.raises(ValidationError) as refused:
        practice.full_clean()
    assert "city" in refused.value.message_dict


def test_the_author_cannot_be_the_reviewer_even_in_the_database(city_a, network_editor):
    practice = make_practice(network_editor, city_a.social)
    with pytest.raises(IntegrityError), transaction.atomic():
        Practice.objects.filter(pk=practice.pk).update(reviewed_by=network_editor)


def test_only_a_published_practice_is_shared_even_in_the_database(city_a, network_editor):
    practice = make_practice(network_editor, city_a.social)
    with pytest.raises(IntegrityError), transaction.atomic():
        Practice.objects.filter(pk=practice.pk).update(shared_with_network=True)


def test_sharing_a_draft_fails_validation(city_a, network_editor):
    practice = _practice(city_a, network_editor)
    practice.shared_with_network = True
    with pytest.raises(ValidationError) as refused:
        practice.full_clean()
    assert "shared_with_network" in refused.value.message_dict
