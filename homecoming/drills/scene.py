"""The drill's database, from inside a process pointed at it (``manage.py drill --task …``).

- ``prepare``: the schema, a generated data set (homecoming/bench/generate.py, its personas and staff),
  the extra accounts the load needs, and a signed-in session for each simulated user;
- ``check``: after a drill, what the database holds: each acknowledged write found, nothing half-written
  (every record the drills write has its audit row, and no audit row names a record that is missing),
  the audit chain intact from its first row;
- ``chain``: how many audited writes a second the audit chain lets through (``load.chain_rates``).

Every task refuses a database it did not make: it needs the bench's marker jurisdiction, and ``prepare``
an empty database, so that a drill can never write into real data.
"""

from __future__ import annotations

import io
import re

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import is_mfa_enabled
from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations.special import RunPython
from django.test import Client, override_settings

from accounts.models import User
from casework.models import ContactNote, NeedsAssessment
from coordination.models import Referral, ReferralEvent
from core.audit import AuditAction
from core.models import AuditEvent
from directory.models import Jurisdiction, Membership, Organisation, Role
from homecoming.bench import MARKER
from homecoming.bench.generate import generate
from homecoming.drills.browser import MARKER_PREFIX
from instruments.models import Administration
from people.models import Participant

# Shares of the simulated users by role: most are case workers (the pages and forms that carry the
# work), then specialists (screenings, clinical notes), coordinators (caseload, plans) and partners
# (the referrals that come in).
ROLE_SHARES = (
    (Role.CASE_WORKER, 0.48),
    (Role.SPECIALIST, 0.2),
    (Role.PARTNER, 0.16),
    (Role.COORDINATOR, 0.16),
)


class NotADrillDatabase(Exception):
    pass


def _refuse_unless_empty() -> None:
    tables = set(connection.introspection.table_names())
    if Participant._meta.db_table in tables and (Participant.objects.exists() or Organisation.objects.exists()):
        raise NotADrillDatabase(
            "This database already holds organisations or participants: a drill needs an empty one."
        )


def refuse_unless_generated() -> None:
    if not Jurisdiction.objects.filter(slug=MARKER).exists():
        raise NotADrillDatabase("This database holds no drill data set: refusing to write into it.")


# --- The schema ------------------------------------------------------------------------------


def build_schema(*, fast: bool) -> None:
    """The tables, by the migrations; or, ``fast`` (the smoke tests), straight from the models as
    Django's test runner does without migrations (about 1 s instead of 13 s for the 70-odd
    migrations here), then the migrations' data steps (the needs domains, the milestone kinds, the
    SQLite search index) in their order. ``makemigrations --check`` in ``make lint`` keeps the
    models and the migrations the same schema."""
    if not fast:
        call_command("migrate", interactive=False, verbosity=0)
    else:
        loader = MigrationLoader(connection)
        steps = []
        for leaf in sorted(loader.graph.leaf_nodes()):
            for key in loader.graph.forwards_plan(leaf):
                if key not in steps:
                    steps.append(key)
        with override_settings(MIGRATION_MODULES={config.label: None for config in apps.get_app_configs()}):
            call_command("migrate", run_syncdb=True, interactive=False, verbosity=0)
        with connection.schema_editor() as editor:
            for key in steps:
                for operation in loader.graph.nodes[key].operations:
                    if isinstance(operation, RunPython):
                        operation.code(apps, editor)
    call_command("createcachetable", verbosity=0)


# --- Accounts and sessions ---------------------------------------------------------------------


def _share(users: int) -> dict[str, int]:
    counts = {role: max(1, round(users * share)) for role, share in ROLE_SHARES}
    counts[Role.COORDINATOR] = max(1, users - sum(n for role, n in counts.items() if role != Role.COORDINATOR))
    return counts


def _staff(role: str) -> list[Membership]:
    found = Membership.objects.filter(
        role=role, organisation__jurisdiction__parent__parent__slug=MARKER, user__username__startswith="bench."
    )
    if role == Role.CASE_WORKER:
        # Case workers who lead someone: the generator makes a few more than it gives cases to.
        found = found.filter(team_places__is_lead=True).distinct()
    return list(found.select_related("user", "organisation__jurisdiction").order_by("organisation_id", "user_id"))


def _extra(role: str, model: Membership, number: int) -> Membership:
    """Another account in the same organisation and role as ``model`` (a coordinator or partner sees
    by organisation, so a second one is a real colleague, not a copy of a caseload)."""
    username = f"{model.user.username}.drill{number:02d}"
    user = User.objects.create(username=username, password=make_password(None), is_active=True)
    return Membership.objects.create(user=user, organisation=model.organisation, role=role)


def _accounts(users: int) -> list[Membership]:
    chosen: list[Membership] = []
    for role, count in _share(users).items():
        staff = _staff(role)
        if role == Role.CASE_WORKER or role == Role.SPECIALIST:
            # Cases are led by the generated staff; more users than staff share their accounts.
            picked = [staff[i % len(staff)] for i in range(count)]
        else:
            picked = staff[:count]
            for number in range(count - len(picked)):
                picked.append(_extra(role, staff[number % len(staff)], number))
        chosen += picked
    required = set(settings.HOMECOMING_MFA_REQUIRED_ROLES)
    for membership in chosen:
        # A second factor, as every real account of these roles has: the middleware asks for it.
        if membership.role in required and not is_mfa_enabled(membership.user):
            TOTP.activate(membership.user, generate_totp_secret())
    return chosen


def _session(user: User) -> str:
    """A session signed in on the server, as ``Client.force_login`` makes it (the sign-in signals run,
    so the session carries what a real sign-in puts in it); the cookie's value."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def prepare(*, size: int, users: int, seed: int, fast: bool) -> dict:
    _refuse_unless_empty()
    build_schema(fast=fast)
    generated = generate(size, seed=seed, log=lambda line: None)
    memberships = _accounts(users)
    sessions = [
        {
            "username": m.user.username,
            "role": m.role,
            "organisation": m.organisation_id,
            "cookie": _session(m.user),
        }
        for m in memberships
    ]
    # A second browser of the first case worker (the conflict drill: one person, the same note twice).
    first = next(m for m in memberships if m.role == Role.CASE_WORKER)
    second_browser = {"username": first.user.username, "cookie": _session(first.user)}
    cso = {
        org.jurisdiction_id: org.pk
        for org in Organisation.objects.filter(kind=Organisation.Kind.CSO, jurisdiction__parent__parent__slug=MARKER)
    }
    social = Organisation.objects.filter(
        kind=Organisation.Kind.SOCIAL_SERVICES, jurisdiction__parent__parent__slug=MARKER
    )
    return {
        "participants": generated.participants,
        "households": generated.households,
        "rows": sum(generated.rows.values()),
        "seconds": round(sum(generated.seconds.values()), 1),
        "sessions": sessions,
        "second_browser": second_browser,
        # Where each social-services organisation refers to: its city's CSO.
        "refer_to": {str(org.pk): cso[org.jurisdiction_id] for org in social},
        "vendor": connection.vendor,
    }


# --- The checks after a drill -------------------------------------------------------------------


# Each record the drills write, and the audit action and reason that name it.
AUDITED = (
    ("contact notes", ContactNote, AuditAction.NOTE_WRITTEN, r"^note=(\d+)\b"),
    ("needs assessments", NeedsAssessment, AuditAction.NEEDS_ASSESSED, r"^assessment=(\d+)\b"),
    ("screenings", Administration, AuditAction.SCREENING_RECORDED, r"\badministration=(\d+)\b"),
    ("referrals", Referral, AuditAction.REFERRAL_SENT, r"^referral=(\d+)\b"),
)


def _named(action: str, pattern: str) -> list[int]:
    compiled = re.compile(pattern)
    reasons = AuditEvent.objects.filter(action=action).values_list("reason", flat=True).iterator()
    return [int(m.group(1)) for m in map(compiled.search, reasons) if m]


def consistency() -> list[dict]:
    """For each kind of record: rows, audit rows, rows without their audit row, audit rows without their row."""
    kinds = []
    for name, model, action, pattern in AUDITED:
        ids = set(model.objects.values_list("pk", flat=True))
        named = _named(action, pattern)
        kinds.append(
            {
                "kind": name,
                "rows": len(ids),
                "audit_rows": len(named),
                "without_audit": len(ids - set(named)),
                "orphan_audit": len(set(named) - ids),
            }
        )
    accepted = set(ReferralEvent.objects.filter(status=Referral.Status.ACCEPTED).values_list("referral_id", flat=True))
    named = _named(AuditAction.REFERRAL_ACCEPTED, r"^referral=(\d+)\b")
    kinds.append(
        {
            "kind": "referrals accepted",
            "rows": len(accepted),
            "audit_rows": len(named),
            "without_audit": len(accepted - set(named)),
            "orphan_audit": len(set(named) - accepted),
        }
    )
    return kinds


def _verify_audit() -> str | None:
    """``verify_audit --full``, as an operator runs it: None when it passes, else what it said."""
    out = io.StringIO()
    try:
        call_command("verify_audit", "--full", stdout=out, stderr=out)
    except CommandError as failed:
        return str(failed)
    return None


def check(*, acknowledged: list[str], attempted: list[str]) -> dict:
    """What the database holds after a drill. ``acknowledged``: the tokens of the writes the server
    answered with success; ``attempted``: every token sent, answered or not."""
    refuse_unless_generated()
    token = re.compile(re.escape(MARKER_PREFIX) + r"[0-9a-f]{32}")
    stored: set[str] = set()
    for text in ContactNote.objects.filter(text__contains=MARKER_PREFIX).values_list("text", flat=True).iterator():
        stored.update(token.findall(text))
    answered, sent = set(acknowledged), set(attempted)
    return {
        "acknowledged": len(answered),
        "found": len(answered & stored),
        "missing": len(answered - stored),
        "attempted": len(sent | answered),
        # Saved, though the answer never reached the client (the server died between commit and reply):
        # the user was not told it was saved, and it was. Not a loss; reported.
        "stored_unacknowledged": len((sent - answered) & stored),
        "consistency": consistency(),
        "audit_rows": AuditEvent.objects.count(),
        "verify_audit": _verify_audit(),
    }
