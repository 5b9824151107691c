"""No M&E page names a person, and no hidden number of the demo's dashboards can be worked out:
every page over the seeded demo is searched for every participant and household code, every demo
name and every piece of free text, and every table of every reader's dashboard is audited."""

import re

from django.apps import apps

from conftest import weight
from mel.indicators import CATALOGUE

# Fields that hold what people wrote about someone (notes, plans, referrals, handovers...).
FREE_TEXT = {
    "text",
    "note",
    "what_matters",
    "description",
    "outcome",
    "request",
    "handover_note",
    "summary",
    "strengths",
    "what_happened",
    "what_was_done",
}
PERSON_APPS = ("people", "casework", "coordination", "instruments", "community")


def forbidden() -> list[str]:
    """Every string that would identify a participant or quote their records."""
    from homecoming import demo as seeded
    from people.models import Household, Participant

    words = [*Participant.objects.values_list("code", flat=True), *Household.objects.values_list("code", flat=True)]
    words += ["[DEMO]", *seeded.WOMEN, *seeded.GIRLS, *seeded.BOYS, *seeded.FAMILY, *seeded.GRANDMOTHERS]
    for label in PERSON_APPS:
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.concrete_fields:
                if field.name in FREE_TEXT and field.get_internal_type() in ("TextField", "CharField"):
                    values = model.objects.exclude(**{field.name: ""}).values_list(field.name, flat=True)
                    words += [v for v in values.distinct() if len(v) >= 15]
    return sorted(set(words))


def found_in(page: str, words: list[str]) -> list[str]:
    text = page.replace("&#x27;", "'").replace("&amp;", "&").replace("&quot;", '"')
    return [w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]


def me_pages() -> list[str]:
    """The catalogue, each indicator's page (which shows every disaggregation it declares),
    and each kind of disaggregation alone (``?by=``), once."""
    pages = ["/indicators/", "/indicators/?period=202601", *(f"/indicators/{code}/" for code in CATALOGUE)]
    alone = {}
    for code, indicator in CATALOGUE.items():
        for dimension in indicator.dimensions:
            alone.setdefault(dimension, f"/indicators/{code}/?by={dimension}")
    return pages + list(alone.values())


def export_pages() -> list[str]:
    """What leaves the case team, as pages: the reports (each report and issued version of the
    demo), the evaluation extracts and the DHIS2 dry run of every period on those reports."""
    from mel.extracts.models import ExtractRequest
    from mel.reports.models import ReportVersion

    versions = ReportVersion.objects.select_related("report")
    pages = ["/reports/", "/extracts/", "/dhis2/"]
    pages += sorted(
        {f"/reports/{v.report_id}/" for v in versions} | {f"/reports/{v.report_id}/v{v.number}/" for v in versions}
    )
    pages += sorted({f"/dhis2/?period={v.report.period}" for v in versions})
    return pages + [f"/extracts/{pk}/" for pk in ExtractRequest.objects.values_list("pk", flat=True)]


class TestNoPersonOnTheMEPages:
    def test_the_national_me_officer_sees_no_code_name_or_note_on_any_page(self, db, demo, client):
        from accounts.models import User

        words = forbidden()
        assert len(words) > 100  # the demo's codes, names and notes are there to be found
        client.force_login(User.objects.get(username="national.me"))
        for path in [*me_pages(), "/", *(p for p in export_pages() if not p.startswith("/extracts/"))]:
            response = client.get(path)
            assert response.status_code == 200, path
            assert found_in(response.content.decode(), words) == [], path
            assert weight(response.content.decode()) <= 100_000, path

    def test_the_city_and_centre_me_officers_see_no_code_name_or_note(self, db, demo, client):
        from accounts.models import User

        words = forbidden()
        for username in ("almaty.me", "shymkent.me", "centre.me"):
            client.force_login(User.objects.get(username=username))
            for path in ["/", "/indicators/", "/reports/", "/extracts/", "/dhis2/"]:
                response = client.get(path)
                assert response.status_code == 200, path
                assert found_in(response.content.decode(), words) == [], (username, path)

    def test_the_report_and_extract_pages_of_the_demo_name_no_one_and_stay_light(self, db, demo, client):
        from accounts.models import User

        words = forbidden()
        # The coordinator opens drafts and decides extracts; the requesting officer sees the extract.
        for username in ("almaty.coordinator", "almaty.me"):
            client.force_login(User.objects.get(username=username))
            shown = [p for p in export_pages() if client.get(p).status_code == 200]
            assert any("/v" in p for p in shown) and any(p.startswith("/extracts/") for p in shown[3:])
            for path in shown:
                page = client.get(path).content.decode()
                assert found_in(page, words) == [], (username, path)
                assert weight(page) <= 100_000, (username, path)

    def test_the_search_would_find_a_code_if_one_were_shown(self, db, demo):
        from people.models import Participant

        code = Participant.objects.values_list("code", flat=True).first()
        assert found_in(f"<td>{code}</td>", forbidden()) == [code]

    def test_the_weight_counts_the_scripts_and_style_sheets(self, db, demo, client):
        from accounts.models import User

        client.force_login(User.objects.get(username="almaty.me"))
        page = client.get("/").content.decode()  # the home page loads htmx (the dashboards do not)
        assert weight(page) > len(page.encode()) + 50_000  # htmx and app.css among them

    def test_every_table_of_the_demos_dashboards_passes_the_linear_programming_audit(self, db, demo):
        """Issue 20 §3: over every reader's dashboard of the demo (each M&E officer, the national one
        narrowed to each city too), no hidden cell can be narrowed below k from what is shown."""
        from django.conf import settings

        from accounts.models import User
        from mel import snapshots
        from mel.disclosure import publish
        from mel.scope import scope_for
        from mel.tests.lp_audit import audit_published
        from mel.views import default_period

        k, period, audited, hidden = settings.HOMECOMING_MIN_CELL, default_period(), 0, 0
        scopes = {}
        for username in ("almaty.me", "shymkent.me", "centre.me", "national.me"):
            scope = scope_for(User.objects.get(username=username).memberships.get())
            scopes[scope.organisation_ids] = username
            for city in scope.cities:
                scopes[scope.narrowed_to(city.slug).organisation_ids] = f"{username} in {city.slug}"
        for owners, reader in scopes.items():
            for code, indicator in CATALOGUE.items():
                measured = snapshots.measured(indicator, owners=owners, period=period)
                published = publish(measured, k=k)
                assert audit_published(measured, published, k) == [], (reader, code)
                audited += 1
                hidden += published.any_suppressed
        # The national programme, and each city (as its own officer and the national one narrowed see it).
        assert audited == len(scopes) * len(CATALOGUE) and len(scopes) == 4
        assert hidden > 0  # the demo is small: the audit had hidden cells to check
