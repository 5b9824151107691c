"""Persona fixtures across two cities, as in DESIGN.md §10.

City A (Almaty) has every role; city B (Shymkent) has a coordinator and a case worker,
who stand outside city A's work. ``outsider`` is signed in but belongs nowhere.
"""

import importlib
from dataclasses import dataclass

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP

from accounts.models import User
from directory.models import Discipline, Jurisdiction, Membership, Organisation, Role

PASSWORD = "correct-horse-battery-staple-42"
# A fixed base32 secret, so that tests can compute the current code.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

# Tests hash with MD5: Argon2 is slow on purpose, and hundreds of persona accounts are made.
# Argon2 stays in the list so that its hashes still verify; production settings keep it first
# (homecoming/tests/test_password_hashing.py).
FAST_PASSWORD_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    from django.conf import settings
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=[FAST_PASSWORD_HASHER, *settings.PASSWORD_HASHERS]):
        yield


@pytest.fixture(autouse=True)
def each_test_starts_in_english():
    """A request as a Russian- or Kazakh-speaking user leaves that language active in the thread
    (Django's locale middleware never deactivates it); the next test must not inherit it."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(scope="session", autouse=True)
def media_in_a_temporary_folder(tmp_path_factory):
    """Uploaded files (practice attachments) land in a throwaway folder, never in var/media."""
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        yield


@dataclass
class City:
    city: Jurisdiction
    social: Organisation
    cso: Organisation
    police: Organisation


def make_user(username: str, *, organisation=None, role=None, discipline="", totp=False) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD)
    if organisation is not None:
        Membership.objects.create(user=user, organisation=organisation, role=role, discipline=discipline)
    if totp:
        TOTP.activate(user, TOTP_SECRET)
        RecoveryCodes.activate(user)
    return user


def make_city(country: Jurisdiction, slug: str, name: str) -> City:
    region = Jurisdiction.objects.create(slug=f"{slug}-region", name=f"{name} region", level="region", parent=country)
    city = Jurisdiction.objects.create(slug=slug, name=name, level="city", parent=region)
    return City(
        city=city,
        social=Organisation.objects.create(
            slug=f"{slug}-social", name=f"{name} Social Services", kind="social_services", jurisdiction=city
        ),
        cso=Organisation.objects.create(slug=f"{slug}-cso", name=f"{name} CSO", kind="cso", jurisdiction=city),
        police=Organisation.objects.create(
            slug=f"{slug}-police", name=f"{name} Police", kind="police", jurisdiction=city
        ),
    )


def make_country() -> Jurisdiction:
    return Jurisdiction.objects.create(slug="kz", name="Kazakhstan", level="country")


# How each persona's account is made, from city A and city B: the fixtures below and the
# authorization matrix (which makes them once per module) share it.
PERSONA_ACCOUNTS = {
    "coordinator": lambda a, b: make_user("a.coordinator", organisation=a.social, role=Role.COORDINATOR, totp=True),
    "case_worker": lambda a, b: make_user("a.caseworker", organisation=a.social, role=Role.CASE_WORKER, totp=True),
    "psychologist": lambda a, b: make_user(
        "a.psychologist", organisation=a.social, role=Role.SPECIALIST, discipline=Discipline.PSYCHOLOGIST
    ),
    "cso_partner": lambda a, b: make_user("a.cso", organisation=a.cso, role=Role.PARTNER),
    "police_partner": lambda a, b: make_user("a.police", organisation=a.police, role=Role.PARTNER),
    "me_officer": lambda a, b: make_user("a.me", organisation=a.social, role=Role.ME_OFFICER),
    "network_editor": lambda a, b: make_user("a.editor", organisation=a.social, role=Role.NETWORK_EDITOR),
    "administrator": lambda a, b: make_user("a.admin", organisation=a.social, role=Role.ADMINISTRATOR),
    "other_coordinator": lambda a, b: make_user(
        "b.coordinator", organisation=b.social, role=Role.COORDINATOR, totp=True
    ),
    "other_case_worker": lambda a, b: make_user(
        "b.caseworker", organisation=b.social, role=Role.CASE_WORKER, totp=True
    ),
    "outsider": lambda a, b: make_user("nobody"),
}


@pytest.fixture
def country(db) -> Jurisdiction:
    return make_country()


@pytest.fixture
def city_a(country) -> City:
    return make_city(country, "almaty", "Almaty")


@pytest.fixture
def city_b(country) -> City:
    return make_city(country, "shymkent", "Shymkent")


@pytest.fixture
def coordinator(city_a) -> User:
    return PERSONA_ACCOUNTS["coordinator"](city_a, None)


@pytest.fixture
def case_worker(city_a) -> User:
    return PERSONA_ACCOUNTS["case_worker"](city_a, None)


@pytest.fixture
def psychologist(city_a) -> User:
    return PERSONA_ACCOUNTS["psychologist"](city_a, None)


@pytest.fixture
def cso_partner(city_a) -> User:
    return PERSONA_ACCOUNTS["cso_partner"](city_a, None)


@pytest.fixture
def police_partner(city_a) -> User:
    return PERSONA_ACCOUNTS["police_partner"](city_a, None)


@pytest.fixture
def me_officer(city_a) -> User:
    return PERSONA_ACCOUNTS["me_officer"](city_a, None)


@pytest.fixture
def network_editor(city_a) -> User:
    return PERSONA_ACCOUNTS["network_editor"](city_a, None)


@pytest.fixture
def administrator(city_a) -> User:
    return PERSONA_ACCOUNTS["administrator"](city_a, None)


@pytest.fixture
def other_coordinator(city_b) -> User:
    return PERSONA_ACCOUNTS["other_coordinator"](None, city_b)


@pytest.fixture
def other_case_worker(city_b) -> User:
    return PERSONA_ACCOUNTS["other_case_worker"](None, city_b)


@pytest.fixture
def outsider(db) -> User:
    return PERSONA_ACCOUNTS["outsider"](None, None)


PERSONAS = [
    "coordinator",
    "case_worker",
    "psychologist",
    "cso_partner",
    "police_partner",
    "me_officer",
    "network_editor",
    "administrator",
    "other_coordinator",
    "other_case_worker",
    "outsider",
]


@pytest.fixture
def personas(request) -> dict[str, User]:
    """Every persona by name, for tests that walk all of them."""
    return {name: request.getfixturevalue(name) for name in PERSONAS}


# --- Browser tests: Debian's Chromium driven by Playwright, nothing downloaded ----------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context; console errors (CSP violations among them) are collected."""
    page = new_page(browser, live_server)
    yield page
    page.context.close()


def browser_sign_in(page, user, *, totp: bool) -> None:
    """Password, then the authenticator's current code for accounts that have one."""
    from django.utils import timezone

    from accounts.totp import current_code

    page.goto("/account/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if totp:
        page.wait_for_url("**/account/2fa/authenticate/")
        page.get_by_label("Code").fill(current_code(user, at=timezone.now()))
        page.get_by_role("button", name="Continue").click()
    # "/" against the base URL: a glob such as "**/" would already match the 2FA page.
    page.wait_for_url("/")


# The tests of the seeded demo (homecoming/tests/demo) share one seeding per worker: the xdist
# scheduler sends them to one worker together, so the demo is seeded once per database. (xdist's
# own "loadgroup" no longer groups under pytest 9, which keeps node ids where xdist cannot rename
# them.) Every other test is a unit of its own, scheduled as "load" would.
DEMO_TESTS = "homecoming/tests/demo/"


def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class DemoTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return DEMO_TESTS if nodeid.startswith(DEMO_TESTS) else nodeid

    return DemoTogether(config, log)


# pytest-django refuses database access to a test that asks for none of these: such a test cannot
# behave differently on another database, and the PostgreSQL pass leaves it out (marker "no_database").
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_setup", "live_server"}


@pytest.hookimpl(tryfirst=True)  # before `-m` reads the markers
def pytest_collection_modifyitems(config, items):
    for item in items:
        # `make demo` seeds SQLite only: the demo's tests run in the SQLite pass.
        if item.nodeid.startswith(DEMO_TESTS):
            item.add_marker(pytest.mark.demo)
        if not DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())) and not item.get_closest_marker("django_db"):
            item.add_marker(pytest.mark.no_database)


# The rows the data migrations seed. A live server's tests are transactional, and each one's
# teardown flushes the database, these rows included: the next browser test puts them back.
REFERENCE_DATA = [
    ("casework.migrations.0002_seed_needs_domains", "seed"),
    ("casework.migrations.0003_needsdomain_category", "categorise"),
    ("casework.migrations.0005_seed_milestone_kinds", "seed"),
]


def restore_reference_data() -> None:
    from django.apps import apps

    for module, function in REFERENCE_DATA:
        getattr(importlib.import_module(module), function)(apps, None)


def new_page(browser, live_server):
    """Another person's browser: a context of its own, console errors collected."""
    restore_reference_data()
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    return page


# --- A registered household in city A ----------------------------------------------------


@dataclass
class Family:
    household: object
    mother: object
    daughter: object
    son: object


IDENTITIES = {
    "mother": ("Zhanar Example-Mother", "1990-03-14", "N12345678", "+7 701 555 0101"),
    "daughter": ("Amina Example-Daughter", "2015-06-01", "", ""),
    "son": ("Yusuf Example-Son", "2018-11-20", "C7654321", ""),
}


def register_family(owner, *, lead=None, assigned_by=None, prefix="") -> Family:
    """Registers the family through the same actions as the registration page; ``lead`` (a
    membership) leads each member's case, assigned by ``assigned_by``."""
    import datetime

    from casework.actions import assign_team_member
    from core.actor import Actor
    from people.actions import register_household

    members = []
    for key, role, sex in (("mother", "mother", "female"), ("daughter", "child", "female"), ("son", "child", "male")):
        name, born, document, phone = IDENTITIES[key]
        born = datetime.date.fromisoformat(born)
        members.append(
            {
                "household_role": role,
                "sex": sex,
                "birth_year": born.year,
                "full_name": prefix + name,
                "date_of_birth": born,
                "document_number": document,
                "phone": phone,
            }
        )
    actor = Actor.of(assigned_by) if assigned_by is not None else Actor.for_system()
    household = register_household(
        actor=actor,
        owner=owner,
        address="12 Example Street, Almaty",
        returned_on=None,
        arrived_on=None,
        members=members,
    )
    mother, daughter, son = household.members.order_by("pk")
    if lead is not None:
        for participant in (mother, daughter, son):
            assign_team_member(actor=actor, participant=participant, membership=lead, is_lead=True)
    return Family(household=household, mother=mother, daughter=daughter, son=son)


def make_family(city_a, case_worker, psychologist, coordinator) -> Family:
    from casework.actions import assign_team_member
    from core.actor import Actor

    lead = case_worker.memberships.get()
    family = register_family(city_a.social, lead=lead, assigned_by=coordinator)
    actor = Actor.of(coordinator, coordinator.memberships.get())
    for participant in (family.mother, family.daughter, family.son):
        assign_team_member(
            actor=actor, participant=participant, membership=psychologist.memberships.get(), is_lead=False
        )
    return family


@pytest.fixture
def family(city_a, case_worker, psychologist, coordinator) -> Family:
    """Mother and two children owned by city A's social services: the case worker leads,
    the psychologist is on the team."""
    return make_family(city_a, case_worker, psychologist, coordinator)


# --- Accessibility: axe-core (from npm, package.json; `make test` installs it) ---------------

AXE_SCRIPT = __import__("pathlib").Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def weight(page: str) -> int:
    """The page with the scripts and style sheets it loads, in bytes."""
    import re

    from django.templatetags.static import static

    prefix = static("")
    assets = re.findall(rf'(?:src|href)="{re.escape(prefix)}([^"?]+\.(?:js|css))"', page)
    return len(page.encode()) + sum(_asset_size(a) for a in assets)


@__import__("functools").lru_cache
def _asset_size(asset: str) -> int:
    import os

    from django.contrib.staticfiles import finders

    return os.path.getsize(finders.find(asset))


def axe_violations(page, tags=WCAG_22_AA) -> list[str]:
    """What axe-core finds on the page as it is now against WCAG 2.2 AA, one line per violation
    and element. The script is evaluated through the browser's debugging protocol, which the
    page's CSP does not govern: the page itself still runs no inline script."""
    page.wait_for_load_state()  # after a click that navigates: the new page, whole, not the old one
    page.evaluate(AXE_SCRIPT.read_text())
    violations = page.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: {type: "tag", values: tags}})).violations
            .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(" ")}`))""",
        list(tags),
    )
    return violations
