"""Models of the network library: practices, their translations and attachments (issue 13 §1).

A practice describes what a city did, never who it was done for: no field names a participant.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from directory.models import Jurisdiction, Organisation

__all__ = ["Attachment", "Practice", "PracticeTranslation"]


class Language(models.TextChoices):
    EN = "en", "English"
    RU = "ru", "Русский"
    KK = "kk", "Қазақша"


@deconstructible
class CodesIn:
    """A JSON list whose every item is one of the choices' codes."""

    def __init__(self, choices: str) -> None:
        self.choices = choices  # the name in network.library.codes, so that migrations can write it

    def __call__(self, value) -> None:
        from network.library import codes

        allowed = getattr(codes, self.choices).values
        if not isinstance(value, list) or any(code not in allowed for code in value):
            raise ValidationError(_("Choose from the list."), code="invalid_codes")

    def __eq__(self, other) -> bool:
        return isinstance(other, CodesIn) and other.choices == self.choices


def validate_indicators(value) -> None:
    from mel.indicators import CATALOGUE

    if not isinstance(value, list) or any(code not in CATALOGUE for code in value):
        raise ValidationError(_("Choose indicators from the catalogue."), code="invalid_indicators")


class Practice(models.Model):
    class Status(models.TextChoices):
        INSPIRING = "inspiring", _("Inspiring practice")
        PEER_REVIEWED = "peer_reviewed", _("Peer-reviewed practice")

    class Evidence(models.TextChoices):
        PRACTITIONER_ACCOUNT = "practitioner_account", _("Practitioner account")
        BEFORE_AFTER = "before_after", _("Before-after measurement")
        COMPARISON_GROUP = "comparison_group", _("Comparison group")
        RANDOMISED = "randomised", _("Randomised evaluation")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=2000)
    city = models.ForeignKey(
        Jurisdiction,
        verbose_name=_("city"),
        on_delete=models.PROTECT,
        related_name="practices",
        limit_choices_to={"level": Jurisdiction.Level.CITY},
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="practices"
    )
    phases = models.JSONField(_("phases"), default=list, blank=True, validators=[CodesIn("Phase")])
    target_groups = models.JSONField(_("target groups"), default=list, blank=True, validators=[CodesIn("TargetGroup")])
    domains = models.JSONField(_("needs domains"), default=list, blank=True, validators=[CodesIn("Domain")])
    actors_involved = models.TextField(_("actors involved"), blank=True, max_length=4000)
    what_was_done = models.TextField(_("what was done"), max_length=10000)
    resources_staff = models.TextField(_("staff needed"), blank=True, max_length=2000)
    resources_money = models.TextField(_("money needed"), blank=True, max_length=2000)
    resources_time = models.TextField(_("time needed"), blank=True, max_length=2000)
    outcomes = models.TextField(_("outcomes"), blank=True, max_length=4000)
    indicators = models.JSONField(_("indicators"), default=list, blank=True, validators=[validate_indicators])
    instruments_used = models.TextField(_("instruments used"), blank=True, max_length=2000)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.INSPIRING)
    evidence_strength = models.CharField(
        _("strength of evidence"), max_length=24, choices=Evidence.choices, default=Evidence.PRACTITIONER_ACCOUNT
    )
    evidence_text = models.TextField(_("evidence and evaluation"), max_length=6000)
    transferability = models.TextField(_("transferability"), blank=True, max_length=4000)
    safeguarding_notes = models.TextField(_("safeguarding notes"), blank=True, max_length=4000)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.EN)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    last_reviewed_on = models.DateField(_("last reviewed"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    return_reason = models.TextField(_("reason sent back"), blank=True, max_length=2000)
    # Empty only on the hub's copy of a city's practice: the hub is never told who wrote it.
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    shared_with_network = models.BooleanField(_("shared with the network"), default=False)
    is_demo = models.BooleanField(_("demo content"), default=False)
    # Optimistic locking: an edit names the version it started from, and loses if another came first.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # On the hub: the member city that shared the practice, and the practice's id in that city.
    received_from = models.ForeignKey(
        "network.MemberCity",
        verbose_name=_("received from"),
        on_delete=models.CASCADE,
        related_name="practices",
        null=True,
        blank=True,
        editable=False,
    )
    source_ref = models.PositiveBigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        ordering = ["-published_at", "-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(shared_with_network=False) | Q(state="published"),
                name="practice_shared_only_when_published",
            ),
            models.CheckConstraint(
                condition=Q(reviewed_by__isnull=True) | ~Q(reviewed_by=F("drafted_by")),
                name="practice_reviewer_is_not_the_drafter",
            ),
            models.UniqueConstraint(
                fields=["received_from", "source_ref"],
                condition=Q(received_from__isnull=False),
                name="practice_received_once",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.city_id and self.city.level != Jurisdiction.Level.CITY:
            errors["city"] = _("A practice belongs to a city.")
        if not (self.evidence_text or "").strip():
            errors["evidence_text"] = _("Say what the evidence is and how the practice was evaluated.")
        if self.reviewed_by_id and self.reviewed_by_id == self.drafted_by_id:
            errors["reviewed_by"] = _("A practice is reviewed by someone other than its author.")
        if self.shared_with_network and self.state != self.State.PUBLISHED:
            errors["shared_with_network"] = _("Only a published practice is shared with the network.")
        if errors:
            raise ValidationError(errors)

    def search_text(self) -> str:
        """Everything the search reads, in every language the practice is written in."""
        parts = [self.title, self.summary, self.what_was_done, self.evidence_text]
        for translation in self.translations.all():
            parts += [translation.title, translation.summary, translation.what_was_done]
        return "\n".join(part for part in parts if part)


class PracticeTranslation(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=2000)
    what_was_done = models.TextField(_("what was done"), blank=True, max_length=10000)

    class Meta:
        verbose_name = _("practice translation")
        verbose_name_plural = _("practice translations")
        constraints = [models.UniqueConstraint(fields=["practice", "language"], name="one_translation_per_language")]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"


class Attachment(models.Model):
    class ContentType(models.TextChoices):
        PDF = "application/pdf", "PDF"
        DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"
        PNG = "image/png", "PNG"
        JPEG = "image/jpeg", "JPEG"

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="attachments")
    # Under MEDIA_ROOT/practices/, served only through the view that checks who may read the practice.
    file = models.FileField(upload_to="practices/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=80, choices=ContentType.choices)
    size = models.PositiveIntegerField(_("size"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["added_at"]

    def __str__(self) -> str:
        return self.original_name
