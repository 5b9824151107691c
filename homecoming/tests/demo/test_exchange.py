"""The demo's report to the network hub."""


class TestTheDemoNetworkReport:
    """Almaty's report for the last complete quarter, approved and signed; seeding again adds nothing;
    no demo participant's code is in it; its preview is a page under 100 KB."""

    def test_almaty_has_an_approved_signed_report_and_seeding_again_adds_none(self, db, demo):
        from mel.views import default_period
        from network.exchange.demo import seed_exchange
        from network.exchange.models import NetworkReport
        from people.models import Household, Participant

        report = NetworkReport.objects.get(city__slug="almaty")
        assert (report.period, report.status) == (default_period().code, NetworkReport.Status.APPROVED)
        assert report.envelope["signatures"]
        assert seed_exchange() == 0 and NetworkReport.objects.count() == 1
        payload = bytes(report.payload)
        codes = [*Participant.objects.values_list("code", flat=True), *Household.objects.values_list("code", flat=True)]
        assert codes and not any(code.encode() in payload for code in codes)

    def test_the_preview_of_the_demo_report_stays_small(self, db, demo, client):
        from network.exchange.models import NetworkReport

        report = NetworkReport.objects.get(city__slug="almaty")
        client.force_login(report.approved_by)
        page = client.get(f"/network/reports/{report.pk}/")
        assert page.status_code == 200 and len(page.content) < 100_000
