from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

ACTION_LABELS = {
    "household.registered": _("Household registered"),
    "participant.registered": _("Participant registered"),
    "identity.revealed": _("Identity shown"),
    "identity.photo_viewed": _("Photo viewed"),
    "identity.photo_changed": _("Photo changed"),
    "consent.recorded": _("Consent recorded"),
    "consent.withdrawn": _("Consent withdrawn"),
    "team.assigned": _("Added to the team"),
    "team.removed": _("Removed from the team"),
    "emergency_access.granted": _("Emergency access granted"),
    "emergency_access.refused": _("Emergency access refused"),
    "participant.viewed_in_emergency": _("Opened under emergency access"),
    "phase.started": _("Phase recorded"),
    "phase.ended": _("Phase ended"),
    "needs.assessed": _("Needs assessed"),
    "note.written": _("Contact note written"),
    "note.edited": _("Contact note edited"),
    "plan.changed": _("Plan changed"),
    "plan.goal_added": _("Goal added"),
    "plan.action_saved": _("Plan action saved"),
    "plan.approved": _("Plan approved"),
    "review.scheduled": _("Review scheduled"),
    "review.held": _("Review held"),
    "closure.requested": _("Closure requested"),
    "closure.approved": _("Case closed"),
    "closure.declined": _("Closure declined"),
    "case.reopened": _("Case reopened"),
    "health.viewed": _("Health data read"),
    "referral.sent": _("Referral sent"),
    "referral.override_refused": _("Referral beyond consent refused"),
    "referral.viewed": _("Referral read by the receiving organisation"),
    "referral.accepted": _("Referral accepted"),
    "referral.declined": _("Referral declined"),
    "referral.service_recorded": _("Service recorded under a referral"),
    "referral.done": _("Referral done"),
    "referral.revoked": _("Referral revoked"),
    "referral.expired": _("Referral expired"),
    "transfer.proposed": _("Transfer proposed"),
    "transfer.accepted": _("Transfer accepted"),
    "transfer.declined": _("Transfer declined"),
    "transfer.cancelled": _("Transfer cancelled"),
    "conference.scheduled": _("Case conference scheduled"),
    "conference.recorded": _("Case conference recorded"),
    "conference.decision_recorded": _("Conference decision recorded"),
    "conference.viewed": _("Conference read by an invited organisation"),
}


@register.filter
def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)
