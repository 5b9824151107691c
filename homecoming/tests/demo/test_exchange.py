"""The demo's report to the network hub."""


class TestTheDemoNetworkReport:
    """Almaty's report for the last complete quarter, approved and signed; seeding again adds nothing;
    no demo participant's code is in it; its preview and each indicator's page weigh at most 100 KB
    with their CSS and JS."""

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

    def test_the_preview_and_each_indicator_of_the_demo_report_stay_under_100_kb(self, db, demo, client):
        from conftest import weight
        from network.exchange.models import NetworkReport
        from network.exchange.report import loads

        report = NetworkReport.objects.get(city__slug="almaty")
        client.force_login(report.approved_by)
        pages = [f"/network/reports/{report.pk}/"]
        pages += [f"/network/reports/{report.pk}/indicators/{i['code']}/" for i in loads(report.payload)["indicators"]]
        heavy = {}
        for path in pages:
            page = client.get(path)
            assert page.status_code == 200, path
            if weight(page.content.decode()) > 100_000:
                heavy[path] = weight(page.content.decode())
        assert heavy == {}
