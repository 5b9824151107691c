"""People's sections of the case page: the summary with the household, the identity, consent."""

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from access import policy
from access.policy import Opened
from accounts.http import AppRequest
from core.categories import Category
from core.sections import CaseSection, register_case_section
from people.forms import RevealForm
from people.models import Consent, Participant


def revealed_until(request: AppRequest, participant: Participant):
    """Until when this session shows the participant's identity, or None."""
    until = request.session.get("revealed", {}).get(participant.code)
    if until and until > timezone.now().timestamp():
        return timezone.datetime.fromtimestamp(until, tz=timezone.get_current_timezone())
    return None


def consents_of(participant: Participant) -> list[Consent]:
    """The participant's consents, fetched once per page for the consent section and the timeline alike."""
    prefetch_related_objects(
        [participant], Prefetch("consents", Consent.objects.select_related("recipient_organisation", "guardian"))
    )
    return list(participant.consents.all())


def summary_context(request: AppRequest, opened: Opened) -> dict:
    participant = opened.participant
    return {
        "household_members": participant.household.members.order_by("birth_year"),
        "visible_codes": set(
            policy.visible_among(request, Participant.objects.filter(household=participant.household_id)).values_list(
                "code", flat=True
            )
        ),
    }


def identity_context(request: AppRequest, opened: Opened) -> dict:
    """Nothing but the reveal form until the identity is revealed."""
    until = revealed_until(request, opened.participant) if opened.access.can_read(Category.IDENTITY) else None
    return {
        "revealed_until": until,
        "identity": opened.participant.identity if until else None,
        "reveal_form": RevealForm(),
    }


def consent_context(request: AppRequest, opened: Opened) -> dict:
    return {"consents": consents_of(opened.participant)}


register_case_section(CaseSection("summary", "people/_summary.html", summary_context, order=10, title=_("Summary")))
register_case_section(
    CaseSection("identity", "people/_identity.html", identity_context, order=100, title=_("Identity"))
)
register_case_section(
    CaseSection("consent", "people/_consent.html", consent_context, order=110, title=_("Consent to share"))
)
