import re

from django.urls import reverse

from core.models import AuditEvent
from instruments.models import Administration
from notices.models import Notice


def _phq9(client, participant, values, on="2026-03-01"):
    data = {"administered_on": on, "mode": "paper"}
    data.update({f"item_{i + 1}": v for i, v in enumerate(values) if v is not None})
    return client.post(reverse("screening_new", args=[participant.code, "phq9"]), data)


def test_a_psychologist_records_a_phq9_scored_on_save(client, family, psychologist):
    client.force_login(psychologist)
    response = _phq9(client, family.mother, [2, 2, 1, 1, 1, 1, 1, 1, 0])
    administration = Administration.objects.get()
    assert response["Location"] == reverse("screening", args=[family.mother.code, administration.pk])
    assert (administration.total, administration.band["label"]["en"], administration.instrument_version) == (
        10,
        "Moderate",
        "1999",
    )
    assert AuditEvent.objects.filter(action="screening.recorded", object_ref=family.mother.code).exists()


def test_item_9_above_zero_tells_the_lead_and_the_psychologist_at_once(
    client, family, psychologist, case_worker, coordinator
):
    client.force_login(psychologist)
    response = _phq9(
        client,
        family.mother,
        [0, 0, 0, 0, 0, 0, 0, 0, 1],
    )
    result = client.get(response["Location"]).content.decode()
    assert "Safety first" in result and "follow your organisation" in result
    assert set(Notice.objects.filter(kind="safety").values_list("recipient", flat=True)) == {
        case_worker.pk,
        psychologist.pk,
    }
    client.force_login(case_worker)
    home = client.get(reverse("home")).content.decode()
    assert f"Safety alert: a PHQ-9 screening of {family.mother.code} raised a safety flag." in home


def test_the_local_safety_protocol_is_shown(client, family, psychologist, settings):
    settings.HOMECOMING_SAFETY_PROTOCOL = "Call the duty psychologist on 1234 today."
    client.force_login(psychologist)
    response = _phq9(client, family.mother, [0, 0, 0, 0, 0, 0, 0, 0, 2])
    assert "Call the duty psychologist on 1234 today." in client.get(response["Location"]).content.decode()


def test_skipped_questions_beyond_the_rule_leave_it_unscored(client, family, psychologist):
    client.force_login(psychologist)
    _phq9(client, family.mother, [1, 1, 1, 1, 1, 1, 1, None, None])
    administration = Administration.objects.get()
    assert (administration.total, administration.band) == (None, None)


def test_the_trend_shows_baseline_latest_and_reliable_change(client, family, psychologist):
    client.force_login(psychologist)
    _phq9(client, family.mother, [3, 3, 2, 2, 2, 2, 2, 2, 0], on="2026-01-10")
    _phq9(client, family.mother, [1, 1, 1, 1, 1, 1, 1, 1, 0], on="2026-04-10")
    page = client.get(reverse("participant", args=[family.mother.code])).content.decode()
    assert "Baseline 18, latest 8" in page and "reliable improvement" in page
    assert "<svg" in page and "2026-04-10: 8" in page
    assert AuditEvent.objects.filter(action="health.viewed", actor=psychologist).exists()


def test_screenings_are_health_data_the_teacher_and_partners_do_not_see(
    client, family, cso_partner, city_a, coordinator
):
    from casework.tests import builders as case
    from conftest import make_user
    from directory.models import Discipline, Role

    teacher = make_user("a.teacher", organisation=city_a.social, role=Role.SPECIALIST, discipline=Discipline.TEACHER)
    case.team_place(family.mother, teacher.memberships.get(), by=coordinator)
    client.force_login(teacher)
    assert client.get(reverse("screening_new", args=[family.mother.code, "phq9"])).status_code == 404
    assert "Screenings" not in client.get(reverse("participant", args=[family.mother.code])).content.decode()
    client.force_login(cso_partner)
    assert client.get(reverse("screening_new", args=[family.mother.code, "phq9"])).status_code == 404


def test_an_unknown_instrument_is_not_found(client, family, psychologist):
    client.force_login(psychologist)
    assert client.get(reverse("screening_new", args=[family.mother.code, "sdq"])).status_code == 404


def test_the_form_shows_the_exact_wording_and_the_calm_note(client, family, psychologist):
    client.force_login(psychologist)
    page = client.get(reverse("screening_new", args=[family.mother.code, "phq9"])).content.decode()
    assert "Little interest or pleasure in doing things" in page
    assert "You can stop at any time." in page


def test_the_result_shows_each_subscale_with_its_own_cut_off(client, family, psychologist):
    client.force_login(psychologist)
    # PSC-17 for the daughter: internalizing items at "Often", everything else "Never".
    internalizing = {"2", "6", "9", "11", "15"}
    data = {"administered_on": "2026-03-01", "mode": "paper"}
    data.update({f"item_{i}": 2 if str(i) in internalizing else 0 for i in range(1, 18)})
    response = client.post(reverse("screening_new", args=[family.daughter.code, "psc17"]), data)
    page = client.get(response["Location"]).content.decode()
    assert "Internalizing (items 2, 6, 9, 11, 15)" in page
    administration = Administration.objects.get()
    assert administration.subscales["internalizing"] == 10
    assert page.count("<td>10</td>") == 1


def test_an_instrument_is_offered_only_within_its_age_range(client, family, psychologist):
    client.force_login(psychologist)
    response = client.get(reverse("screening_new", args=[family.son.code, "pcl5"]), follow=True)
    assert "is for ages 18 and over" in response.content.decode()
    page = client.get(reverse("participant", args=[family.son.code])).content.decode()
    assert reverse("screening_new", args=[family.son.code, "psc17"]) in page
    assert reverse("screening_new", args=[family.son.code, "pcl5"]) not in page


def test_a_cries8_is_stored_with_intrusion_and_avoidance_and_a_value_off_its_scale_is_refused(
    client, family, psychologist
):
    client.force_login(psychologist)
    url = reverse("screening_new", args=[family.daughter.code, "cries8"])
    data = {"administered_on": "2026-03-01", "mode": "in_session"}
    data.update({f"item_{i}": 3 for i in range(1, 9)})
    refused = client.post(url, {**data, "item_5": 2})
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    assert not Administration.objects.exists()
    response = client.post(url, data)
    page = client.get(response["Location"]).content.decode()
    administration = Administration.objects.get()
    assert (administration.total, administration.subscales) == (24, {"intrusion": 12, "avoidance": 12})
    assert "Intrusion (items 1, 3, 6, 7)" in page and "At or above the CRIES-8 cut-off (17)" in page


def test_a_cries8_trend_shows_the_change_but_claims_no_reliable_change_without_a_published_figure(
    client, family, psychologist
):
    client.force_login(psychologist)
    url = reverse("screening_new", args=[family.daughter.code, "cries8"])
    for on, value in (("2026-01-10", 5), ("2026-04-10", 1)):
        data = {"administered_on": on, "mode": "paper"}
        data.update({f"item_{i}": value for i in range(1, 9)})
        client.post(url, data)
    page = client.get(reverse("participant", args=[family.daughter.code])).content.decode()
    assert "Baseline 40, latest 8" in page and "(-32)" in page
    assert "no published reliable-change figure for this instrument" in page
    assert "rc-marker" not in page


def test_the_same_form_sent_twice_records_one_screening(client, family, psychologist):
    client.force_login(psychologist)
    form_token = re.search(r'name="once" value="([^"]+)"', _form(client, family.mother)).group(1)
    answers = {"once": form_token, "administered_on": "2026-03-01", "mode": "paper", "item_1": 1}
    url = reverse("screening_new", args=[family.mother.code, "phq9"])
    first, again = client.post(url, answers), client.post(url, answers)
    administration = Administration.objects.get()
    assert first["Location"] == again["Location"] == reverse("screening", args=[family.mother.code, administration.pk])
    assert AuditEvent.objects.filter(action="screening.recorded").count() == 1


def _form(client, participant) -> str:
    return client.get(reverse("screening_new", args=[participant.code, "phq9"])).content.decode()
