"""Worked examples of section b: referrals of the city's participants declined for lack of capacity in
2026Q3, by needs domain and by the kind of the receiving organisation; and transfers to the city
declined for lack of capacity."""

import datetime

from casework.models import NeedsDomain
from coordination.models import Referral, ReferralEvent
from mel.needs import gaps
from mel.periods import Period
from mel.scope import organisations_in
from mel.tests.builders import at, person, transfer

Q3 = Period.parse("2026Q3")
D = datetime.date
SETTLED = D(2025, 6, 1)


def declined(participant, to, *, by, domain: str, on: datetime.date, reason: str = "no_capacity") -> Referral:
    made = Referral.objects.create(
        participant=participant,
        from_organisation=participant.owner,
        to_organisation=to,
        domain=NeedsDomain.objects.get(code=domain),
        request="-",
        respond_by=on,
        expires_on=on + datetime.timedelta(days=365),
        created_by=by,
        created_at=at(on - datetime.timedelta(days=3)),
        status="declined",
        decline_reason=reason,
    )
    ReferralEvent.objects.create(referral=made, status="sent", at=at(on - datetime.timedelta(days=3)), by=by)
    ReferralEvent.objects.create(referral=made, status="declined", at=at(on, 9), by=by, reason=reason)
    return made


def line(section, key):
    return next(each for each in section.lines if each.key == key)


def test_referrals_declined_for_lack_of_capacity_in_the_period_count_by_domain_and_receiving_kind(
    city_a, city_b, coordinator
):
    mother = person(city_a.social, arrived=SETTLED)
    for day in (1, 2, 3, 4, 5):
        declined(mother, city_a.cso, by=coordinator, domain="housing", on=D(2026, 7, day))
    for day in (6, 7, 8, 9, 10, 11):
        declined(mother, city_a.police, by=coordinator, domain="legal_status", on=D(2026, 8, day))
    declined(mother, city_a.cso, by=coordinator, domain="housing", on=D(2026, 8, 1), reason="not_offered")
    declined(mother, city_a.cso, by=coordinator, domain="housing", on=D(2026, 10, 2))  # after the quarter
    other = person(city_b.social, arrived=SETTLED)
    declined(other, city_a.cso, by=coordinator, domain="housing", on=D(2026, 8, 1))  # not the city's participant

    by_domain, by_kind = gaps.declined_sections(organisations_in(city_a.city), Q3, 5)

    assert line(by_domain, "housing").total.value == 5
    assert line(by_domain, "legal_status").total.value == 6
    assert line(by_domain, "education").total.value == 0
    assert by_domain.total.total.value == 11
    assert line(by_kind, "cso").total.value == 5
    assert line(by_kind, "police").total.value == 6
    assert by_kind.total.total.value == 11


def test_a_small_number_of_declined_referrals_is_hidden_with_a_complementary_one(city_a, coordinator):
    mother = person(city_a.social, arrived=SETTLED)
    for day in (1, 2, 3, 4, 5, 6, 7):
        declined(mother, city_a.cso, by=coordinator, domain="housing", on=D(2026, 7, day))
    for day in (1, 2):
        declined(mother, city_a.cso, by=coordinator, domain="education", on=D(2026, 8, day))

    by_domain, by_kind = gaps.declined_sections(organisations_in(city_a.city), Q3, 5)

    assert line(by_domain, "education").total.reason == "primary"
    # With the total shown, the 2 would be 9 - 7: the 7 is hidden too.
    assert line(by_domain, "housing").total.reason == "complementary"
    assert by_domain.total.total.value == 9
    assert line(by_kind, "cso").total.value == 9


def test_transfers_to_the_city_declined_for_lack_of_capacity_are_counted_and_hidden_below_k(
    city_a, city_b, coordinator
):
    sent = at(D(2026, 7, 1))
    for day in (2, 3):
        people = [person(city_b.social, arrived=SETTLED)]
        made = transfer(people, city_b.social, city_a.social, by=coordinator, sent=sent, decided=at(D(2026, 8, day)))
        made.status, made.decline_reason = "declined", "no_capacity"
        made.save(update_fields=["status", "decline_reason"])
    made = transfer([person(city_b.social)], city_b.social, city_a.social, by=coordinator, sent=sent, status="declined")
    made.decline_reason, made.decided_at = "not_our_area", at(D(2026, 8, 4))
    made.save(update_fields=["decline_reason", "decided_at"])

    owners = organisations_in(city_a.city)
    assert gaps.transfers_declined(owners, Q3) == 2
    assert gaps.transfers_declined(organisations_in(city_b.city), Q3) == 0
    shown = gaps.gaps(city_a.city, Q3).transfers_declined
    assert (shown.value, shown.reason) == (None, "primary")
