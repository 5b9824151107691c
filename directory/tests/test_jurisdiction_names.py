"""Jurisdictions are named in English, Russian and Kazakh (issue 18 §11): pages show the name in
the reader's language, the English one where no other is given."""

import pytest
from django.template import Context, Template
from django.utils import translation

from directory.models import Jurisdiction


@pytest.fixture
def kazakhstan(db) -> Jurisdiction:
    return Jurisdiction.objects.create(
        slug="kz", name="Kazakhstan", name_ru="Казахстан", name_kk="Қазақстан", level="country"
    )


@pytest.mark.parametrize(("language", "shown"), [("en", "Kazakhstan"), ("ru", "Казахстан"), ("kk", "Қазақстан")])
def test_a_jurisdiction_is_shown_in_the_readers_language(kazakhstan, language, shown):
    with translation.override(language):
        assert kazakhstan.local_name == shown
        assert str(kazakhstan) == shown
        assert Template("{{ j.local_name }}").render(Context({"j": kazakhstan})) == shown


def test_a_jurisdiction_without_a_name_in_the_language_shows_its_english_name(db):
    aktau = Jurisdiction.objects.create(slug="aktau", name="Aktau", name_ru="Актау", level="country")
    with translation.override("kk"):
        assert aktau.local_name == "Aktau"
