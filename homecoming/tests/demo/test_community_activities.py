"""The seeded demo's community activities: a year of them in both cities, of every type, believable."""

import datetime

from django.db.models import Count, Max, Min
from django.utils import timezone

from community.activities.demo import DISTRICTS, seed_activities
from community.activities.forms import code_shaped_tokens
from community.models import Activity
from core.models import AuditEvent
from people.models import Participant

STIGMATISING = ("terror", "extrem", "jihad", "radical")


class TestTheDemosCommunityActivities:
    def test_each_city_has_two_to_four_activities_a_month_over_the_year_ending_today(self, db, demo):
        today = timezone.localdate()
        for city in ("almaty", "shymkent"):
            activities = Activity.objects.filter(city__slug=city)
            span = activities.aggregate(first=Min("held_on"), last=Max("held_on"))
            assert span["last"] <= today and span["first"] >= today - datetime.timedelta(days=366)
            assert span["first"] <= today - datetime.timedelta(days=330)
            assert 24 <= activities.count() <= 52

    def test_every_type_is_held_in_each_city_by_the_social_services_the_cso_and_the_police(self, db, demo):
        for city in ("almaty", "shymkent"):
            activities = Activity.objects.filter(city__slug=city)
            assert set(activities.values_list("kind", flat=True)) == set(Activity.Kind.values)
            kinds = set(activities.values_list("organisation__kind", flat=True))
            assert kinds == {"social_services", "cso", "police"}
            assert set(activities.values_list("district", flat=True)) <= set(DISTRICTS[city])

    def test_attendance_is_believable_and_participants_are_only_counted(self, db, demo):
        for activity in Activity.objects.all():
            assert 1 <= activity.reached <= 400
            assert activity.participants <= 10
            texts = " ".join((activity.title, activity.aims, activity.what_happened, activity.follow_up)).lower()
            assert not any(word in texts for word in STIGMATISING)
            tokens = code_shaped_tokens(texts)
            assert not Participant.objects.filter(code__in=tokens).exists()

    def test_each_demo_activity_was_recorded_through_the_action_with_its_audit_row(self, db, demo):
        recorded = AuditEvent.objects.filter(action="activity.recorded", object_type="activity")
        assert recorded.count() == Activity.objects.count()
        assert not Activity.objects.values("created_by").annotate(n=Count("pk")).filter(created_by=None).exists()

    def test_seeding_again_changes_nothing(self, db, demo):
        before = Activity.objects.count()
        assert seed_activities() == 0
        assert Activity.objects.count() == before
