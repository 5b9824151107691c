"""City A's unmet needs for the view tests: the family's mother with six actions blocked for lack of
funding, referrals declined for lack of capacity, the case worker leading the family; staff with
names, so that the tests can look for them (and the participants' codes) in the page and files."""

import datetime

import pytest

from casework.models import NeedsDomain
from casework.tests import builders as casework
from conftest import IDENTITIES, make_user
from coordination.models import Referral, ReferralEvent
from directory.models import Organisation, Role
from mel.tests.builders import at

STAFF_NAMES = ("Aliya", "Serikova", "Daniyar", "Kassymov")


def declined(participant, to, *, by, domain: str, on: datetime.date, reason: str = "no_capacity") -> Referral:
    """A referral sent three days before ``on`` and declined at 09:00 on ``on``."""
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


@pytest.fixture
def gaps_scenario(family, case_worker, coordinator, city_a):
    for user, (first, last) in ((case_worker, STAFF_NAMES[:2]), (coordinator, STAFF_NAMES[2:])):
        user.first_name, user.last_name = first, last
        user.save(update_fields=["first_name", "last_name"])
    goal = casework.goal(family.mother, "housing", "A flat of our own", by=case_worker)
    for number in range(6):
        casework.action(
            goal,
            f"Ask the fund, try {number}",
            by=case_worker,
            responsible_organisation=city_a.social,
            status="blocked",
            blocked_reason="no_funding",
        )
    today = datetime.date.today()
    for _ in range(5):
        declined(family.mother, city_a.cso, by=coordinator, domain="housing", on=today)
    return family


@pytest.fixture
def codes(family) -> list[str]:
    return [family.mother.code, family.daughter.code, family.son.code]


@pytest.fixture
def names() -> list[str]:
    return [*STAFF_NAMES, *(identity[0] for identity in IDENTITIES.values())]


@pytest.fixture
def national_me(country):
    """The national M&E officer: a national agency at the country, every city in scope."""
    agency = Organisation.objects.create(slug="agency", name="Agency", kind="national_agency", jurisdiction=country)
    return make_user("national.me", organisation=agency, role=Role.ME_OFFICER)
