"""The demo's periodic reports."""


class TestTheDemoReports:
    """The demo's reports (issue 17): issued for the last two quarters, the second corrected, and
    no participant in any file."""

    def test_each_city_has_two_issued_quarters_the_latest_corrected(self, db, demo):
        from mel.reports.models import Report
        from mel.views import default_period

        latest = default_period()
        for city in ("almaty", "shymkent"):
            older = Report.objects.get(city__slug=city, period=latest.previous().code)
            newer = Report.objects.get(city__slug=city, period=latest.code)
            assert [v.number for v in older.versions.all()] == [1]
            assert [v.number for v in newer.versions.all()] == [1, 2]
            assert newer.versions.get(number=2).changes

    def test_no_demo_participant_code_name_or_free_text_is_in_any_report_file(self, db, demo, client):
        import io
        import subprocess

        from openpyxl import load_workbook

        from casework.models import ContactNote, Goal
        from homecoming.demo import FAMILY
        from mel.reports import files
        from mel.reports.models import ReportVersion
        from people.models import Participant

        forbidden = [*Participant.objects.values_list("code", flat=True), *FAMILY, "[DEMO]"]
        forbidden += [text for text in ContactNote.objects.values_list("text", flat=True) if len(text) > 12]
        forbidden += [text for text in Goal.objects.values_list("what_matters", flat=True) if len(text) > 12]
        texts = []
        for version in ReportVersion.objects.all():
            book = load_workbook(io.BytesIO(files.xlsx(version)))
            texts.append(" ".join(str(c) for s in book for row in s.iter_rows(values_only=True) for c in row if c))
        pdf = files.pdf(ReportVersion.objects.order_by("-number", "-pk").first())
        texts.append(
            subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        )
        assert len(texts) == 7 and len(forbidden) > 20
        assert not [word for text in texts for word in forbidden if word in text]
