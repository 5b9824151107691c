import datetime
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.categories import Category
from core.vault import Sealed, blind_index, normalise_document, normalise_name
from directory.models import Organisation

# No 0/O or 1/I: codes are read aloud and copied by hand.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_code() -> str:
    """A random pseudonymous code such as K7QF-2M9D, never derived from a name or a date."""
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


AGE_BANDS = [(0, 4), (5, 11), (12, 17), (18, 29), (30, 44), (45, 59), (60, None)]


def age_band(age: int) -> str:
    for low, high in AGE_BANDS:
        if high is None or age <= high:
            return f"{low}+" if high is None else f"{low}\u2013{high}"
    return ""


class Household(models.Model):
    """A mother and her children, or other relatives, who live and are supported together."""

    code = models.CharField(_("code"), max_length=9, unique=True, default=new_code, editable=False)
    owner = models.ForeignKey(
        Organisation, verbose_name=_("owning organisation"), on_delete=models.PROTECT, related_name="households"
    )
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(_("registered"), default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.code


class Participant(models.Model):
    """A person served. Lists and URLs carry the code; legal identity lives in the vault."""

    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")

    class HouseholdRole(models.TextChoices):
        MOTHER = "mother", _("Mother")
        CHILD = "child", _("Child")
        GRANDPARENT = "grandparent", _("Grandparent")
        OTHER_ADULT = "other_adult", _("Other adult relative")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    code = models.CharField(_("code"), max_length=9, unique=True, default=new_code, editable=False)
    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.PROTECT, related_name="members"
    )
    household_role = models.CharField(_("role in household"), max_length=16, choices=HouseholdRole.choices)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"))
    owner = models.ForeignKey(
        Organisation, verbose_name=_("owning organisation"), on_delete=models.PROTECT, related_name="participants"
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE)
    returned_on = models.DateField(_("returned to the country"), null=True, blank=True)
    arrived_on = models.DateField(_("arrived in the city"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered"), default=timezone.now, editable=False)
    # Set when retention anonymised the case (homecoming/retention.py): a later run passes it by.
    anonymised_on = models.DateField(_("anonymised on"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["household_id", "birth_year", "code"]

    def __str__(self) -> str:
        return self.code

    @property
    def age(self) -> int:
        return max(0, timezone.localdate().year - self.birth_year)

    @property
    def age_band(self) -> str:
        return age_band(self.age)

    @property
    def is_child(self) -> bool:
        return self.age < 18


class Identity(models.Model):
    """Legal identity, sealed at rest (access/vault.py). Read only through the access policy."""

    participant = models.OneToOneField(
        Participant, primary_key=True, on_delete=models.CASCADE, related_name="identity", verbose_name=_("participant")
    )
    full_name_sealed = models.TextField(blank=True)
    date_of_birth_sealed = models.TextField(blank=True)
    document_number_sealed = models.TextField(blank=True)
    address_sealed = models.TextField(blank=True)
    phone_sealed = models.TextField(blank=True)
    photo_sealed = models.TextField(blank=True)
    photo_type = models.CharField(max_length=16, blank=True)
    # Keyed HMACs (access/vault.py) for duplicate detection without opening the vault.
    name_dob_index = models.CharField(max_length=64, blank=True, db_index=True)
    document_index = models.CharField(max_length=64, blank=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["photo_sealed"])

    full_name = Sealed("full_name_sealed")
    date_of_birth_text = Sealed("date_of_birth_sealed")
    document_number = Sealed("document_number_sealed")
    address = Sealed("address_sealed")
    phone = Sealed("phone_sealed")
    photo = Sealed("photo_sealed", binary=True)

    class Meta:
        verbose_name = _("identity")
        verbose_name_plural = _("identities")

    def __str__(self) -> str:
        return f"identity of {self.participant_id}"

    def seal_context(self, name: str) -> str:
        return f"people.identity.{name}:{self.participant_id}"

    @property
    def date_of_birth(self) -> datetime.date | None:
        text = self.date_of_birth_text
        return datetime.date.fromisoformat(text) if text else None

    @date_of_birth.setter
    def date_of_birth(self, value: datetime.date | None) -> None:
        self.date_of_birth_text = value.isoformat() if value else ""

    def refresh_indexes(self) -> None:
        name, born = normalise_name(self.full_name), self.date_of_birth
        self.name_dob_index = blind_index(f"{name}|{born.isoformat()}", purpose="name_dob") if name and born else ""
        document = normalise_document(self.document_number)
        self.document_index = blind_index(document, purpose="document") if document else ""


# Do no harm (DESIGN.md §0): police views and clinical records do not mix. Health and history
# are never shared with a police organisation, whatever a consent or a lawful basis says.
NEVER_SHARED_WITH = {Organisation.Kind.POLICE: frozenset({Category.HEALTH, Category.HISTORY})}


def never_shared_with(kind: str) -> frozenset[str]:
    """Categories no consent can open to an organisation of this kind."""
    return NEVER_SHARED_WITH.get(kind, frozenset())


class Consent(models.Model):
    """What a participant (or a child's guardian) agreed may be shared, with whom, why, until when."""

    class Purpose(models.TextChoices):
        REFERRAL = "referral", _("Referral to a service")
        COORDINATION = "coordination", _("Coordination of support")
        TRANSFER = "transfer", _("Transfer of the case")
        CONFERENCE = "conference", _("Case conference")

    class GivenBy(models.TextChoices):
        PARTICIPANT = "participant", _("The participant")
        GUARDIAN = "guardian", _("A guardian, for a child")

    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="consents"
    )
    categories = models.JSONField(_("data categories"), default=list)
    recipient_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recipient_kind = models.CharField(
        _("or any organisation of this kind"), max_length=32, choices=Organisation.Kind.choices, blank=True
    )
    purpose = models.CharField(_("purpose"), max_length=16, choices=Purpose.choices)
    given_by = models.CharField(_("given by"), max_length=16, choices=GivenBy.choices)
    guardian = models.ForeignKey(
        Participant,
        verbose_name=_("guardian"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consents_given_as_guardian",
    )
    given_on = models.DateField(_("given on"))
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(recipient_organisation__isnull=False, recipient_kind="")
                    | models.Q(recipient_organisation__isnull=True) & ~models.Q(recipient_kind="")
                ),
                name="consent_one_recipient",
            ),
        ]

    def __str__(self) -> str:
        return f"consent {self.pk} of {self.participant_id}"

    def is_active(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.withdrawn_at is None and self.given_on <= on and (self.expires_on is None or on <= self.expires_on)

    def covers(self, organisation: Organisation, category: str, on: datetime.date | None = None) -> bool:
        addressed = (
            self.recipient_organisation_id == organisation.pk
            if self.recipient_organisation_id
            else self.recipient_kind == organisation.kind
        )
        return (
            addressed
            and category in self.categories
            and category not in never_shared_with(organisation.kind)
            and self.is_active(on)
        )

    def category_labels(self) -> list[str]:
        return [str(Category(c).label) for c in self.categories if c in Category.values]

    @property
    def recipient_label(self) -> str:
        if self.recipient_organisation_id:
            return str(self.recipient_organisation)
        return str(_("any %(kind)s") % {"kind": Organisation.Kind(self.recipient_kind).label.lower()})
