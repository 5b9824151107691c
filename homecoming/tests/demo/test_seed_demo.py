import pytest
from django.core.management import call_command

from accounts.models import User
from core.audit import verify_chain
from directory.models import Membership, Organisation


class TestTheSeededDemo:
    def test_seed_demo_runs_twice_without_duplicates_and_keeps_the_chain(self, db, demo, capsys):
        from coordination.models import Referral
        from core.models import AuditEvent
        from people.models import Participant

        def counts():
            models = (User, Organisation, Membership, Participant, Referral, AuditEvent)
            return [model.objects.count() for model in models]

        first = counts()
        call_command("seed_demo")
        assert counts() == first
        out = capsys.readouterr().out
        assert "almaty.coordinator" in out and "shymkent.caseworker" in out
        assert verify_chain()[1] is None

    def test_demo_totp_prints_a_code_for_demo_accounts_only(self, db, demo, capsys):
        from django.core.management.base import CommandError

        from conftest import make_city, make_user
        from directory.models import Jurisdiction

        capsys.readouterr()
        call_command("demo_totp", "almaty.coordinator")
        assert capsys.readouterr().out.strip().isdigit()
        elsewhere = make_city(
            Jurisdiction.objects.create(slug="elsewhere", name="Elsewhere", level="country"), "far", "Far"
        )
        real = make_user("real.coordinator", organisation=elsewhere.social, role="coordinator", totp=True)
        with pytest.raises(CommandError, match="not a demo account"):
            call_command("demo_totp", real.username)

    def test_every_demo_organisation_is_marked_as_demo(self, db, demo):
        assert not Organisation.objects.filter(is_demo=False).exists()
        assert all("(demo)" in name for name in Organisation.objects.values_list("name", flat=True))

    def test_each_role_has_a_demo_login_in_two_cities(self, db, demo):
        for city in ("almaty", "shymkent"):
            roles = set(Membership.objects.filter(user__username__startswith=f"{city}.").values_list("role", flat=True))
            assert roles == {
                "coordinator",
                "case_worker",
                "specialist",
                "partner",
                "me_officer",
                "network_editor",
                "administrator",
            }

    def test_the_demo_shows_coordination_in_every_state(self, db, demo):
        from coordination.models import Conference, Referral, Transfer

        for city in ("almaty", "shymkent"):
            statuses = set(
                Referral.objects.filter(from_organisation__slug=f"demo-{city}-social").values_list("status", flat=True)
            )
            assert statuses == set(Referral.Status.values)
            waiting = Transfer.objects.get(to_organisation__slug=f"demo-{city}-social", status="pending")
            assert waiting.from_organisation.slug == "demo-centre" and waiting.participants.count() > 1
        held = Conference.objects.get(status="held")
        assert held.decisions.filter(action__isnull=False).count() == 2
        assert held.household.members.get(household_role="mother").consents.filter(purpose="conference").exists()

    def test_the_demo_has_baseline_and_follow_up_screenings_for_mothers_and_children_mostly_improving(self, db, demo):
        from instruments.models import Administration

        for code, role in (("phq9", "mother"), ("cries8", "child")):
            changes = []
            for participant_id in Administration.objects.filter(instrument=code).values_list("participant", flat=True):
                totals = list(
                    Administration.objects.filter(instrument=code, participant=participant_id)
                    .order_by("administered_on")
                    .values_list("total", flat=True)
                )
                if len(totals) == 2:
                    changes.append(totals[1] - totals[0])
            assert Administration.objects.filter(instrument=code).exclude(participant__household_role=role).count() == 0
            assert len(changes) >= 4, code
            improving = sum(change < 0 for change in changes)
            assert improving > len(changes) / 2 and improving < len(changes), (code, changes)

    def test_the_demo_writes_records_only_through_actions_with_their_audit_rows(self, db, demo):
        from casework.models import CaseReview, ContactNote, Milestone, NeedsAssessment, PhaseRecord, TeamMember
        from coordination.models import Conference, Decision, Referral, ServiceRecord, Transfer
        from core.models import AuditEvent
        from instruments.models import Administration
        from people.models import Consent, Household, Participant

        def audited(action, codes, record=""):
            rows = AuditEvent.objects.filter(action=action, object_ref__in=[str(c) for c in codes])
            return rows.filter(reason__regex=rf"(^|\s){record}(\s|$)") if record else rows

        participants = Participant.objects.all()
        assert participants.exists() and not participants.exclude(household__is_demo=True).exists()
        assert all("[DEMO]" in p.identity.full_name for p in participants.select_related("identity"))
        assert audited("participant.registered", participants.values_list("code", flat=True)).count() == len(
            participants
        )
        households = Household.objects.values_list("code", flat=True)
        assert audited("household.registered", households).count() == len(households)
        # Each record with the row its action writes, naming it by its id.
        for model, action, name in (
            (Consent, "consent.recorded", "consent"),
            (NeedsAssessment, "needs.assessed", "assessment"),
            (ContactNote, "note.written", "note"),
            (Administration, "screening.recorded", "administration"),
            (Referral, "referral.sent", "referral"),
            (Milestone, "milestone.recorded", "milestone"),
            (CaseReview, "review.scheduled", "review"),
        ):
            for record in model.objects.select_related("participant"):
                rows = audited(action, [record.participant.code], f"{name}={record.pk}")
                assert rows.count() == 1, (action, record.pk)
        for referral in Referral.objects.exclude(status="sent").select_related("participant"):
            assert audited(
                f"referral.{referral.status}", [referral.participant.code], f"referral={referral.pk}"
            ).exists()
        for transfer in Transfer.objects.all():
            codes = transfer.participants.values_list("code", flat=True)
            assert audited("transfer.proposed", codes, f"transfer={transfer.pk}").count() == len(codes)
        held = Conference.objects.get(status="held")
        assert audited("conference.recorded", [held.household.members.first().code], f"conference={held.pk}").exists()
        for model, action in (
            (TeamMember, "team.assigned"),
            (PhaseRecord, "phase.started"),
            (ServiceRecord, "referral.service_recorded"),
            (Decision, "conference.decision_recorded"),
        ):
            assert AuditEvent.objects.filter(action=action).count() == model.objects.count(), action
        # Registration and the expiry job act as the system; all other case work is a demo staff member's.
        case_rows = AuditEvent.objects.filter(object_type__in=("participant", "household"))
        by_system = case_rows.filter(actor__isnull=True).values_list("action", flat=True).distinct()
        assert set(by_system) == {"household.registered", "participant.registered", "referral.expired"}
        assert (
            not case_rows.exclude(actor__isnull=True).exclude(actor__memberships__organisation__is_demo=True).exists()
        )

    def test_the_demo_has_a_believable_spread_of_outcomes(self, db, demo):
        """Most women in work or training after a year, most school-age children in school (some
        not yet), documents, housing and allowances for many, community life for some, a few
        reunified, and some jobs lost."""
        from django.utils import timezone

        from casework.models import Milestone
        from people.models import Participant

        today = timezone.localdate()

        def share(people, codes) -> float:
            held = [p for p in people if any(m.kind.code in codes and m.held_on(today) for m in p.milestones.all())]
            return len(held) / len(people)

        participants = list(Participant.objects.prefetch_related("milestones__kind"))
        settled = [
            p
            for p in participants
            if p.household_role == "mother" and (today - (p.arrived_on or p.returned_on)).days >= 365
        ]
        school_age = [p for p in participants if p.household_role == "child" and 6 <= p.age <= 17]
        assert len(settled) >= 10 and 0.6 < share(settled, {"employed", "training", "self_employed"}) < 1
        assert len(school_age) >= 20 and 0.6 < share(school_age, {"school_enrolled"}) < 1
        assert share(participants, {"stable_housing"}) > 0.5
        assert 0.2 < share(participants, {"allowances"}) < 0.9
        assert 0 < share(participants, {"community_life"}) < 0.5
        assert 0 < share(participants, {"reunified"}) < 0.2
        assert Milestone.objects.filter(kind__code="employed", lost_on__isnull=False).exists()
        # Nobody records a milestone of a kind that does not fit them, nor a date to come.
        assert not Milestone.objects.filter(kind__applies_to="children", participant__household_role="mother").exists()
        assert not Milestone.objects.filter(reached_on__gt=today).exists()

    def test_the_demo_shows_continuity_of_care_with_its_gaps(self, db, demo):
        """Plans approved mostly within 30 days of arrival, reviews mostly held on time, some
        late or missed, a few actions blocked with their reasons, referrals answered after
        different delays."""
        import datetime

        from django.utils import timezone

        from casework.models import Action, CaseReview, Plan
        from coordination.models import Referral

        plans = list(Plan.objects.filter(approved_at__isnull=False).select_related("participant"))
        within = [
            p
            for p in plans
            if timezone.localdate(p.approved_at) - (p.participant.arrived_on or p.participant.returned_on)
            <= datetime.timedelta(days=30)
        ]
        assert 0.6 < len(within) / len(plans) < 1
        assert Plan.objects.filter(approved_at__isnull=True).exists()
        reviews = CaseReview.objects.filter(scheduled_on__lte=timezone.localdate() - datetime.timedelta(days=60))
        on_time = [r for r in reviews if r.held_on and r.held_on <= r.scheduled_on + datetime.timedelta(days=14)]
        assert 0.6 < len(on_time) / reviews.count() < 0.95
        assert reviews.filter(held_on__isnull=True).exists()
        blocked = Action.objects.filter(status="blocked")
        assert blocked.count() >= 5 and len(set(blocked.values_list("blocked_reason", flat=True))) >= 3
        accepted = Referral.objects.filter(events__status="accepted").distinct()
        delays = {(r.events.get(status="accepted").at - r.created_at).days for r in accepted.prefetch_related("events")}
        assert accepted.count() >= 6 and len(delays) >= 3
