from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Jurisdiction(models.Model):
    """A node of the country → region → city tree."""

    class Level(models.TextChoices):
        COUNTRY = "country", _("Country")
        REGION = "region", _("Region")
        CITY = "city", _("City")

    name = models.CharField(
        _("name (English)"), max_length=200, help_text=_("Also shown where no name is given in another language.")
    )
    # Reference data is named in the three languages (issue 18 §11); ``local_name`` picks one.
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=200, blank=True)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        """The name in the active language, or the default (English) one where none is given.
        Pages show this; files and reports that leave the city keep ``name``, which does not change
        with the reader's language."""
        language = (get_language() or "en")[:2]
        translated = getattr(self, f"name_{language}", "") if language in ("ru", "kk") else ""
        return translated or self.name

    def clean(self) -> None:
        expected_parent = {
            self.Level.COUNTRY: None,
            self.Level.REGION: self.Level.COUNTRY,
            self.Level.CITY: self.Level.REGION,
        }
        wanted = expected_parent.get(self.level)
        if self.level == self.Level.COUNTRY and self.parent_id:
            raise ValidationError({"parent": _("A country is not part of another jurisdiction.")})
        if wanted and (self.parent is None or self.parent.level != wanted):
            raise ValidationError(
                {
                    "parent": _("A %(level)s must be part of a %(parent)s.")
                    % {
                        "level": self.get_level_display().lower(),
                        "parent": self.Level(wanted).label.lower(),
                    }
                }
            )

    def ancestors_and_self(self) -> list["Jurisdiction"]:
        chain, node = [], self
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain


class Organisation(models.Model):
    class Kind(models.TextChoices):
        SOCIAL_SERVICES = "social_services", _("Municipal social services")
        REHABILITATION_CENTRE = "rehabilitation_centre", _("Rehabilitation centre")
        SCHOOL = "school", _("School")
        HEALTH = "health", _("Health service")
        PSYCHOSOCIAL = "psychosocial", _("Psychosocial service")
        CSO = "cso", _("Civil-society organisation")
        RELIGIOUS = "religious", _("Religious institution")
        POLICE = "police", _("Police")
        EMPLOYMENT = "employment", _("Employment service")
        NATIONAL_AGENCY = "national_agency", _("National agency")
        NETWORK_HUB = "network_hub", _("Network hub")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="organisations"
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Synthetic organisation created by the demo seed.")
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    CASE_WORKER = "case_worker", _("Case worker")
    SPECIALIST = "specialist", _("Specialist")
    PARTNER = "partner", _("Partner")
    ME_OFFICER = "me_officer", _("M&E officer")
    NETWORK_EDITOR = "network_editor", _("Network editor")
    ADMINISTRATOR = "administrator", _("Administrator")


class Discipline(models.TextChoices):
    PSYCHOLOGIST = "psychologist", _("Psychologist")
    TEACHER = "teacher", _("Teacher")
    DOCTOR = "doctor", _("Doctor")
    EMPLOYMENT_ADVISER = "employment_adviser", _("Employment adviser")
    RELIGIOUS_COUNSELLOR = "religious_counsellor", _("Religious counsellor")


class MembershipQuerySet(models.QuerySet):
    def active(self) -> "MembershipQuerySet":
        return self.filter(is_active=True, organisation__is_active=True, user__is_active=True)


class Membership(models.Model):
    """A user's role in one organisation. A user may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    discipline = models.CharField(
        _("discipline"), max_length=32, choices=Discipline.choices, blank=True, help_text=_("Specialists only.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.get_role_display()}"

    def clean(self) -> None:
        if self.role == Role.SPECIALIST and not self.discipline:
            raise ValidationError({"discipline": _("A specialist needs a discipline.")})
        if self.role != Role.SPECIALIST and self.discipline:
            raise ValidationError({"discipline": _("Only specialists have a discipline.")})

    @property
    def role_label(self) -> str:
        if self.role == Role.SPECIALIST and self.discipline:
            return str(self.get_discipline_display())
        return str(self.get_role_display())
