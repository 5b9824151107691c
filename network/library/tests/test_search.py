"""The search, on whichever database the run uses (SQLite by default, PostgreSQL with with_postgres.py)."""

from core.actor import Actor
from network.library import actions
from network.library.models import Practice, PracticeTranslation
from network.library.search import matching, words
from network.library.tests.builders import make_practice


def _ids(text: str) -> set[int]:
    return set(matching(Practice.objects.all(), text).values_list("pk", flat=True))


def _translated(practice, language: str, title: str, summary: str) -> None:
    PracticeTranslation.objects.create(practice=practice, language=language, title=title, summary=summary)
    actions.reindex(practice)


def test_a_word_of_the_title_finds_the_practice(city_a, network_editor):
    school = make_practice(network_editor, city_a.social)
    make_practice(
        network_editor, city_a.social, title="Employment mentoring", summary="Mentors.", what_was_done="Jobs."
    )
    assert _ids("school") == {school.pk}


def test_the_search_reads_what_was_done_and_the_evidence(city_a, network_editor):
    school = make_practice(network_editor, city_a.social)
    assert _ids("psychologist") == {school.pk}
    assert _ids("attendance records") == {school.pk}


def test_a_russian_word_finds_the_practice_through_its_translation(city_a, network_editor):
    school = make_practice(network_editor, city_a.social)
    make_practice(
        network_editor, city_a.social, title="Employment mentoring", summary="Mentors.", what_was_done="Jobs."
    )
    _translated(school, "ru", "Зачисление в школу", "Дети идут в школу с подготовленными учителями.")
    assert _ids("учителями") == {school.pk}
    # A prefix stands in for stemming: "школ" finds "школу".
    assert _ids("Школ") == {school.pk}


def test_a_kazakh_word_finds_the_practice(city_a, network_editor):
    school = make_practice(network_editor, city_a.social)
    _translated(school, "kk", "Мектепке қабылдау", "Балалар мұғалімдермен бірге мектепке барады.")
    assert _ids("мұғалімдермен") == {school.pk}
    assert _ids("МЕКТЕПКЕ") == {school.pk}


def test_every_word_must_match(city_a, network_editor):
    make_practice(network_editor, city_a.social)
    assert _ids("school bicycle") == set()


def test_search_syntax_is_read_as_words_only(city_a, network_editor):
    school = make_practice(network_editor, city_a.social)
    assert words('school" OR title:* NEAR(') == ["school", "or", "title", "near"]
    assert _ids('"school') == {school.pk}
    assert _ids("&|!:*()") == {school.pk}  # no word at all: nothing filtered


def test_an_edit_is_searchable_at_once(city_a, network_editor):
    practice = make_practice(network_editor, city_a.social)
    actions.edit_practice(
        actor=Actor.of(network_editor), practice=practice, version=practice.version, fields={"title": "Volunteering"}
    )
    assert _ids("volunteering") == {practice.pk}


def test_odd_text_is_never_an_error_on_either_database(city_a, network_editor):
    make_practice(network_editor, city_a.social)
    for text in ("snake_case", "it's", "a:b", "x" * 300, "1 2 3 4 5 6 7 8 9 10", "école", "ǅ", "٣"):
        assert _ids(text) is not None
