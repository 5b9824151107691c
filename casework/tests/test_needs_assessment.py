from django.urls import reverse

from casework.models import NeedsDomain, NeedsRating
from core.models import AuditEvent


def _assess(client, participant, on, ratings):
    data = {"assessed_on": on}
    for code, rating in ratings.items():
        data[f"rating_{NeedsDomain.objects.get(code=code).pk}"] = rating
    return client.post(reverse("assessment_new", args=[participant.code]), data)


def _all_required(rating: int) -> dict:
    return {d.code: rating for d in NeedsDomain.objects.filter(is_optional=False) if d.applies_to != "children"}


def test_the_domains_are_seeded_in_three_languages(db):
    housing = NeedsDomain.objects.get(code="housing")
    assert (housing.name_en, housing.name_ru, housing.name_kk) == ("Housing", "Жильё", "Тұрғын үй")
    assert NeedsDomain.objects.count() == 11


def test_a_child_is_not_asked_about_livelihood(client, family, case_worker):
    client.force_login(case_worker)
    form = client.get(reverse("assessment_new", args=[family.son.code])).context["form"]
    assert "livelihood" not in {d.code for d in form.domains}
    mother_form = client.get(reverse("assessment_new", args=[family.mother.code])).context["form"]
    assert "livelihood" in {d.code for d in mother_form.domains}


def test_two_assessments_show_the_latest_rating_and_the_change(client, family, case_worker):
    client.force_login(case_worker)
    assert _assess(client, family.mother, "2026-01-10", _all_required(2)).status_code == 302
    assert _assess(client, family.mother, "2026-06-10", {**_all_required(2), "housing": 4}).status_code == 302
    page = client.get(reverse("participant", args=[family.mother.code]))
    housing = next(row for row in page.context["needs"] if row.domain.code == "housing")
    assert (housing.first, housing.latest.rating, housing.change) == (2, 4, 2)
    html = page.content.decode()
    assert "<svg" in html and "10 Jun 2026: 4" in html
    assert AuditEvent.objects.filter(action="needs.assessed").count() == 2


def test_every_required_domain_must_be_rated_and_the_optional_one_may_be_skipped(client, family, case_worker):
    client.force_login(case_worker)
    missing = _assess(client, family.mother, "2026-01-10", {"housing": 3})
    assert missing.status_code == 200
    assert not NeedsRating.objects.exists()
    assert _assess(client, family.mother, "2026-01-10", _all_required(3)).status_code == 302
    assert not NeedsRating.objects.filter(domain__code="meaning").exists()


def test_a_rating_outside_one_to_five_is_refused(client, family, case_worker):
    client.force_login(case_worker)
    response = _assess(client, family.mother, "2026-01-10", {**_all_required(3), "housing": 9})
    assert response.status_code == 200
    assert not NeedsRating.objects.exists()


def test_the_needs_section_runs_the_same_queries_for_one_or_many_assessments(
    client, family, case_worker, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(case_worker)
    _assess(client, family.mother, "2026-01-10", _all_required(2))
    url = reverse("participant", args=[family.mother.code])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for month in range(2, 8):
        _assess(client, family.mother, f"2026-{month:02d}-10", _all_required(3))
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)
