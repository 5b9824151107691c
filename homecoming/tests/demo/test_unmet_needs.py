"""The demo's unmet-needs page (issue 12 §7): believable gaps in both cities."""


class TestTheDemoUnmetNeeds:
    """Blocked actions for several reasons and of several ages, referrals declined for lack of
    capacity, and caseload bands, in Almaty and Shymkent; the second seeding adds nothing."""

    def test_each_city_has_blocked_actions_for_several_reasons_and_waiting_times(self, db, demo):
        from directory.models import Jurisdiction
        from mel.needs.gaps import blocked_counts, waited_until
        from mel.periods import Period
        from mel.scope import organisations_in

        period = Period.containing(__import__("django.utils.timezone").utils.timezone.localdate())
        for slug in ("almaty", "shymkent"):
            counts = blocked_counts(organisations_in(Jurisdiction.objects.get(slug=slug)), period, waited_until(period))
            reasons = [reason for reason, bands in counts.items() if sum(bands) > 0]
            bands = [sum(column) for column in zip(*counts.values(), strict=True)]
            assert len(reasons) >= 3, (slug, counts)
            assert sum(1 for n in bands if n > 0) >= 3, (slug, bands)

    def test_the_page_shows_declined_referrals_and_caseload_bands_for_the_city(self, db, demo, client):
        from accounts.models import User

        for slug in ("almaty", "shymkent"):
            client.force_login(User.objects.get(username=f"{slug}.coordinator"))
            response = client.get("/unmet-needs/")
            assert response.status_code == 200
            gaps = response.context["gaps"]
            assert gaps.declined_by_domain.total.total.value, slug  # shown, and more than none
            assert gaps.blocked.total.total.value, slug
            assert gaps.caseload.data["case_workers"] >= 1
            assert any(band["workers"] for band in gaps.caseload.data["bands"])

    def test_the_national_me_officer_sees_both_cities_and_no_participant_code(self, db, demo, client):
        from accounts.models import User
        from people.models import Participant

        client.force_login(User.objects.get(username="national.me"))
        pages = [client.get("/unmet-needs/", {"city": slug}).content.decode() for slug in ("almaty", "shymkent")]
        codes = list(Participant.objects.values_list("code", flat=True))
        assert all("No funding" in page for page in pages)
        assert not [code for code in codes for page in pages if code in page]

    def test_seeding_again_adds_nothing(self, db, demo):
        from casework.models import Action
        from coordination.models import Referral
        from mel.needs.demo import seed_needs

        before = (Action.objects.count(), Referral.objects.count())

        assert seed_needs() is False
        assert (Action.objects.count(), Referral.objects.count()) == before
