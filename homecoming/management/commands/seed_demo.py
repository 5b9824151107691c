"""Synthetic demo data: two cities and the national rehabilitation centre.

Idempotent: running it again updates what is there and creates what is missing.
Every organisation it makes is marked ``is_demo`` and named "(demo)", and every
page a demo user sees carries the demonstration banner.
"""

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import User
from community.activities.demo import seed_activities
from community.experiences.demo import seed_experiences
from community.practitioners.demo import seed_practitioners
from community.surveys.demo import seed_surveys
from directory.models import Discipline, Jurisdiction, Membership, Organisation, Role
from homecoming.demo import seed_coordination, seed_households
from mel.dhis2.demo import seed_dhis2_mapping
from mel.extracts.demo import seed_extracts
from mel.needs.demo import seed_needs
from mel.reports.demo import seed_reports
from network.exchange.demo import seed_exchange
from network.hub.demo import seed_hub
from network.library.demo import seed_practices

DEMO_PASSWORD = "Homecoming-demo-2026"  # noqa: S105  (synthetic accounts, printed on purpose)

JURISDICTIONS = [
    # slug, name, level, parent
    ("kz", "Kazakhstan", Jurisdiction.Level.COUNTRY, None),
    ("mangystau", "Mangystau Region", Jurisdiction.Level.REGION, "kz"),
    ("aktau", "Aktau", Jurisdiction.Level.CITY, "mangystau"),
    ("almaty-region", "Almaty (city of republican significance)", Jurisdiction.Level.REGION, "kz"),
    ("almaty", "Almaty", Jurisdiction.Level.CITY, "almaty-region"),
    ("shymkent-region", "Shymkent (city of republican significance)", Jurisdiction.Level.REGION, "kz"),
    ("shymkent", "Shymkent", Jurisdiction.Level.CITY, "shymkent-region"),
]
# Their names in Russian and Kazakh (issue 18 §11), by slug.
JURISDICTION_NAMES = {
    "kz": ("Казахстан", "Қазақстан"),
    "mangystau": ("Мангистауская область", "Маңғыстау облысы"),
    "aktau": ("Актау", "Ақтау"),
    "almaty-region": (
        "Алматы (город республиканского значения)",
        "Алматы (республикалық маңызы бар қала)",  # noqa: RUF001 (Kazakh text)
    ),
    "almaty": ("Алматы", "Алматы"),
    "shymkent-region": (
        "Шымкент (город республиканского значения)",
        "Шымкент (республикалық маңызы бар қала)",  # noqa: RUF001 (Kazakh text)
    ),
    "shymkent": ("Шымкент", "Шымкент"),
}

ORGANISATIONS = [
    # slug, name, kind, jurisdiction
    ("demo-centre", "National Rehabilitation Centre (demo)", Organisation.Kind.REHABILITATION_CENTRE, "aktau"),
    ("demo-national", "National Programme Office (demo)", Organisation.Kind.NATIONAL_AGENCY, "kz"),
    ("demo-almaty-social", "Almaty Social Services (demo)", Organisation.Kind.SOCIAL_SERVICES, "almaty"),
    ("demo-almaty-cso", "Almaty Women's Livelihood Centre (demo)", Organisation.Kind.CSO, "almaty"),
    ("demo-almaty-police", "Almaty Police Community Unit (demo)", Organisation.Kind.POLICE, "almaty"),
    ("demo-shymkent-social", "Shymkent Social Services (demo)", Organisation.Kind.SOCIAL_SERVICES, "shymkent"),
    ("demo-shymkent-cso", "Shymkent Family Support Network (demo)", Organisation.Kind.CSO, "shymkent"),
    ("demo-shymkent-police", "Shymkent Police Community Unit (demo)", Organisation.Kind.POLICE, "shymkent"),
]

# username, first name, last name, organisation, role, discipline
USERS = [
    ("centre.coordinator", "Aigerim", "Demo", "demo-centre", Role.COORDINATOR, ""),
    ("centre.me", "Centre", "M&E officer (demo)", "demo-centre", Role.ME_OFFICER, ""),
    # The national programme's M&E officer sees the aggregates of every city in the country.
    ("national.me", "National", "M&E officer (demo)", "demo-national", Role.ME_OFFICER, ""),
]
for _city, _first in (("almaty", "Almaty"), ("shymkent", "Shymkent")):
    USERS += [
        (f"{_city}.coordinator", _first, "Coordinator (demo)", f"demo-{_city}-social", Role.COORDINATOR, ""),
        (f"{_city}.caseworker", _first, "Case worker (demo)", f"demo-{_city}-social", Role.CASE_WORKER, ""),
        (
            f"{_city}.psychologist",
            _first,
            "Psychologist (demo)",
            f"demo-{_city}-social",
            Role.SPECIALIST,
            Discipline.PSYCHOLOGIST,
        ),
        (f"{_city}.cso", _first, "CSO partner (demo)", f"demo-{_city}-cso", Role.PARTNER, ""),
        (f"{_city}.police", _first, "Police partner (demo)", f"demo-{_city}-police", Role.PARTNER, ""),
        (f"{_city}.me", _first, "M&E officer (demo)", f"demo-{_city}-social", Role.ME_OFFICER, ""),
        (f"{_city}.editor", _first, "Network editor (demo)", f"demo-{_city}-social", Role.NETWORK_EDITOR, ""),
        (f"{_city}.admin", _first, "Administrator (demo)", f"demo-{_city}-social", Role.ADMINISTRATOR, ""),
    ]

# A hub (HOMECOMING_ROLE=hub) holds no city's people: its own organisation and staff, and the member
# cities with their reports and shared practices (network.hub.demo).
HUB_ORGANISATIONS = [("demo-hub", "Network of cities hub (demo)", Organisation.Kind.NETWORK_HUB, "kz")]
HUB_USERS = [
    ("hub.admin", "Hub", "Administrator (demo)", "demo-hub", Role.ADMINISTRATOR, ""),
    ("hub.me", "Hub", "M&E officer (demo)", "demo-hub", Role.ME_OFFICER, ""),
    ("hub.editor", "Hub", "Network editor (demo)", "demo-hub", Role.NETWORK_EDITOR, ""),
]


class Command(BaseCommand):
    help = "Create or refresh the synthetic demo data and print the demo sign-ins."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        on_hub = settings.HOMECOMING_ROLE == "hub"
        jurisdictions: dict[str, Jurisdiction] = {}
        for slug, name, level, parent in JURISDICTIONS[:1] if on_hub else JURISDICTIONS:
            jurisdictions[slug], _ = Jurisdiction.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "name_ru": JURISDICTION_NAMES[slug][0],
                    "name_kk": JURISDICTION_NAMES[slug][1],
                    "level": level,
                    "parent": jurisdictions.get(parent),
                },
            )
        organisations: dict[str, Organisation] = {}
        for slug, name, kind, jurisdiction in HUB_ORGANISATIONS if on_hub else ORGANISATIONS:
            organisations[slug], _ = Organisation.objects.update_or_create(
                slug=slug,
                defaults={"name": name, "kind": kind, "jurisdiction": jurisdictions[jurisdiction], "is_demo": True},
            )
        required = set(settings.HOMECOMING_MFA_REQUIRED_ROLES)
        rows = []
        for username, first, last, org, role, discipline in HUB_USERS if on_hub else USERS:
            user, created = User.objects.get_or_create(
                username=username, defaults={"first_name": first, "last_name": last}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            Membership.objects.get_or_create(
                user=user, organisation=organisations[org], role=role, defaults={"discipline": discipline}
            )
            has_totp = role in required
            if has_totp and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                TOTP.activate(user, generate_totp_secret())
                RecoveryCodes.activate(user)
            rows.append((username, organisations[org].name, role.label, has_totp))

        if on_hub:
            seed_hub()
            self.stdout.write(self.style.SUCCESS("Hub demo data ready (synthetic): member cities, reports, practices."))
        else:
            self._seed_city()
        self._print(rows)

    def _seed_city(self) -> None:
        households = seed_households()
        seed_coordination()
        seed_activities()
        seed_practitioners()
        seed_experiences()
        seed_surveys()
        seed_needs()
        seed_extracts()
        seed_dhis2_mapping()
        seed_reports()
        seed_practices()
        seed_exchange()
        self.stdout.write(self.style.SUCCESS(f"Demo data ready (synthetic); {households} new households."))

    def _print(self, rows: list[tuple[str, str, str, bool]]) -> None:
        self.stdout.write(f"\nDemo sign-ins — password for all: {DEMO_PASSWORD}\n")
        width = max(len(r[0]) for r in rows)
        for username, org, role, has_totp in rows:
            mark = "  [second factor]" if has_totp else ""
            self.stdout.write(f"  {username.ljust(width)}  {role} — {org}{mark}")
        self.stdout.write(
            "\nAccounts marked [second factor] ask for a code after the password. Get the current one with:\n"
            "  .venv/bin/python manage.py demo_totp <username>\n"
        )
