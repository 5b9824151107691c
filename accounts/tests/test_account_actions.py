from accounts import actions
from core.actor import Actor
from core.audit import AuditAction
from core.models import AuditEvent
from directory.models import Membership, Role


def test_an_administrator_who_signs_a_user_out_everywhere_is_recorded_as_the_actor(administrator, cso_partner):
    membership = Membership.objects.get(user=administrator)
    epoch = cso_partner.session_epoch
    actions.sign_out_user_everywhere(actor=Actor.of(administrator, membership), user=cso_partner)
    cso_partner.refresh_from_db()
    assert cso_partner.session_epoch == epoch + 1
    event = AuditEvent.objects.get(action=AuditAction.SIGNED_OUT_BY_ADMINISTRATOR)
    assert (event.actor, event.organisation, event.object_ref) == (
        administrator,
        membership.organisation,
        str(cso_partner.pk),
    )


def test_a_membership_made_outside_the_admin_is_audited_with_no_actor(city_a, cso_partner):
    added = Membership.objects.create(user=cso_partner, organisation=city_a.social, role=Role.CASE_WORKER)
    event = AuditEvent.objects.get(action=AuditAction.MEMBERSHIP_CREATED, object_ref=str(added.pk))
    assert (event.actor, event.organisation) == (None, city_a.social)
