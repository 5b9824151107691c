"""The demo's practitioner training and support (issue 12, points 5 and 6)."""

import datetime


class TestTheDemoTrainingAndSupport:
    def test_each_city_has_a_year_of_sessions_across_organisation_kinds(self, db, demo):
        from django.db.models import Count
        from django.utils import timezone

        from community.models import Attendance, Course, TrainingSession

        today = timezone.localdate()
        assert set(Course.objects.values_list("title", flat=True)) >= {
            "Trauma-informed care",
            "Child protection",
            "Working against stigma",
            "Case management",
            "Practitioners' wellbeing",
            "Data protection",
        }
        for city in ("almaty", "shymkent"):
            sessions = TrainingSession.objects.filter(city__slug=city)
            assert 10 <= sessions.count() <= 14
            assert all(
                today - datetime.timedelta(days=366) <= day <= today
                for day in sessions.values_list("held_on", flat=True)
            )
            kinds = Attendance.objects.filter(session__in=sessions).aggregate(
                n=Count("organisation_kind", distinct=True)
            )
            assert kinds["n"] >= 5
            named = Attendance.objects.filter(session__in=sessions, user__isnull=False)
            assert {a.user.username for a in named} == {f"{city}.caseworker", f"{city}.psychologist"}

    def test_the_case_worker_sees_monthly_supervision_and_a_training_record_on_their_page(self, db, demo, client):
        from django.urls import reverse

        from accounts.models import User

        client.force_login(User.objects.get(username="almaty.psychologist"))
        response = client.get(reverse("my_work"))
        assert response.status_code == 200
        assert len([s for s in response.context["support"] if s.kind == "supervision"]) == 12
        assert response.context["trainings"] and response.context["training_hours"] > 0

    def test_seeding_again_changes_nothing(self, db, demo):
        from community.models import Attendance, Course, SupportSession, TrainingSession
        from community.practitioners.demo import seed_practitioners

        def counts():
            return [model.objects.count() for model in (Course, TrainingSession, Attendance, SupportSession)]

        before = counts()
        assert seed_practitioners() is False
        assert counts() == before

    def test_no_page_of_the_other_organisation_names_the_case_worker(self, db, demo, client):
        from django.urls import reverse

        from accounts.models import User
        from community.models import TrainingSession

        session = TrainingSession.objects.filter(city__slug="almaty", attendance__user__username="almaty.caseworker")[0]
        client.force_login(User.objects.get(username="almaty.cso"))
        page = client.get(reverse("training_session", args=[session.pk])).content.decode()
        assert "Case worker (demo)" not in page and "Almaty" in page
        assert client.get(reverse("support_sessions")).status_code == 404
