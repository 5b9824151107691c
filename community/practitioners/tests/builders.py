"""Builders of training and support records for tests, through the actions the pages use."""

import datetime
from decimal import Decimal

from django.utils import timezone

from community.models import Course
from community.practitioners import actions
from people.tests.builders import actor_of


def course(by, *, title="Trauma-informed care", topic="trauma", hours="16", organisation=None) -> Course:
    """A course offered by ``organisation`` (the coordinator's own by default), saved by coordinator ``by``."""
    return actions.save_course(
        actor=actor_of(by),
        organisation=organisation or by.memberships.get().organisation,
        title=title,
        topic=topic,
        hours=Decimal(hours),
        description="",
        materials="",
        is_active=True,
    )


def training(by, the_course, *, days_ago=10, hours=None, groups=(), named=(), trainer=None):
    """A session recorded by coordinator ``by`` in their city; ``named`` are users of their organisation."""
    actor = actor_of(by)
    organisation = actor.membership.organisation
    return actions.record_training_session(
        actor=actor,
        course=the_course,
        trainer_organisation=trainer or organisation,
        city=organisation.jurisdiction,
        held_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        hours=Decimal(hours) if hours is not None else None,
        groups=groups,
        named=[user.memberships.get(organisation=organisation) for user in named],
    )


def support(by, attendees, *, kind="supervision", days_ago=10, hours="2", external=False):
    actor = actor_of(by)
    organisation = actor.membership.organisation
    return actions.record_support_session(
        actor=actor,
        kind=kind,
        held_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        hours=Decimal(hours),
        external=external,
        attendees=[user.memberships.get(organisation=organisation) for user in attendees],
    )
