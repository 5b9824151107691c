"""The demo's practice library (network/library/demo.py)."""

from network.library.demo import seed_practices
from network.library.models import Practice, PracticeTranslation
from network.library.search import matching

WORDS_NEVER_USED = ("terror", "extrem", "jihad", "radical")


class TestTheDemoPractices:
    def test_a_dozen_published_practices_marked_as_demo_in_three_places(self, db, demo):
        practices = list(Practice.objects.select_related("city"))
        assert len(practices) == 12
        assert all(p.is_demo and p.title.endswith("(demo)") for p in practices)
        assert all(p.state == Practice.State.PUBLISHED and p.reviewed_by_id != p.drafted_by_id for p in practices)
        assert {p.city.slug for p in practices} == {"almaty", "shymkent", "aktau"}
        assert 0 < sum(p.shared_with_network for p in practices) < 12

    def test_every_practice_validates_and_has_a_russian_translation(self, db, demo):
        for practice in Practice.objects.all():
            practice.full_clean()
        assert PracticeTranslation.objects.filter(language="ru").count() == 12
        assert PracticeTranslation.objects.filter(language="kk").exists()

    def test_the_practices_are_found_by_russian_and_kazakh_words(self, db, demo):
        assert matching(Practice.objects.all(), "подготовкой учителей").count() == 1
        assert matching(Practice.objects.all(), "мұғалімдерді").count() == 1

    def test_no_stigmatising_word_anywhere(self, db, demo):
        for practice in Practice.objects.all():
            text = " ".join(str(value) for value in practice.__dict__.values()).lower() + practice.search_text()
            assert not any(word in text.lower() for word in WORDS_NEVER_USED)

    def test_seeding_again_changes_nothing(self, db, demo):
        assert seed_practices() == 12
        assert Practice.objects.count() == 12
        assert PracticeTranslation.objects.count() == len(set(PracticeTranslation.objects.values_list("pk")))
