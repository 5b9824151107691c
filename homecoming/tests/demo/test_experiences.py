"""The demo's stigma experienced and civic participation (community/experiences/demo.py)."""

from django.utils import timezone

from casework.models import TeamMember
from community.experiences.demo import CITIES, seed_experiences
from community.models import CivicParticipation, StigmaIncident
from people.models import Participant

WORDS_NEVER_USED = ("terror", "extrem", "jihad", "radical")


def _share(records, people) -> float:
    return len({r.participant_id for r in records} & {p.pk for p in people}) / len(people)


class TestTheDemoExperiences:
    def test_a_believable_share_met_stigma_in_the_last_year_in_both_cities(self, db, demo):
        incidents = list(StigmaIncident.objects.select_related("participant__owner"))
        cities = {i.participant.owner.slug for i in incidents}
        assert cities == {"demo-almaty-social", "demo-shymkent-social"}
        today = timezone.localdate()
        assert all(0 <= (today - i.occurred_on).days < 365 for i in incidents)
        people = list(Participant.objects.filter(owner__slug__in=CITIES, status="active"))
        adults = [p for p in people if not p.is_child]
        children = [p for p in people if p.is_child]
        assert 0.08 < _share(incidents, adults) < 0.35
        assert 0.03 < _share(incidents, children) < 0.25
        assert {i.setting for i in incidents} >= {"school", "employment", "neighbourhood"}

    def test_a_third_of_adults_take_part_in_community_life_some_of_it_ongoing(self, db, demo):
        civic = list(CivicParticipation.objects.all())
        adults = [p for p in Participant.objects.filter(owner__slug__in=CITIES, status="active") if not p.is_child]
        assert all(not Participant.objects.get(pk=c.participant_id).is_child for c in civic)
        assert 0.2 < _share(civic, adults) < 0.5
        assert any(c.ended_on and c.ended_on > timezone.localdate() for c in civic)
        assert any(c.ended_on is None for c in civic)

    def test_every_record_is_the_case_leads_or_for_civic_life_the_coordinators_and_uses_no_stigmatising_word(
        self, db, demo
    ):
        for model in (StigmaIncident, CivicParticipation):
            for record in model.objects.select_related("recorded_by"):
                lead = TeamMember.objects.current().filter(participant=record.participant_id, is_lead=True).first()
                if lead is not None:
                    assert record.recorded_by_id == lead.membership.user_id
                else:
                    assert model is CivicParticipation and record.recorded_by.username.endswith(".coordinator")
                texts = " ".join(
                    getattr(record, f, "") or "" for f in ("what_happened", "what_was_done", "note")
                ).lower()
                assert not any(word in texts for word in WORDS_NEVER_USED)

    def test_seeding_again_changes_nothing(self, db, demo):
        before = (StigmaIncident.objects.count(), CivicParticipation.objects.count())
        assert seed_experiences() is False
        assert (StigmaIncident.objects.count(), CivicParticipation.objects.count()) == before
