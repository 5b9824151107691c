"""A practice as it leaves the city in the report to the hub, and as the hub keeps it (issue 13 §2-3).

Only what a reader of the published practice already reads: its texts, codes and translations,
its organisation's name and kind, and its start and last review as months. Never who drafted or
reviewed it, why it was sent back, or its attachments (files stay in the city; the hub accepts
2 MB per report).
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from directory.models import Jurisdiction, Organisation
from mel.indicators import CATALOGUE
from network.library import search
from network.library.models import Practice, PracticeTranslation

TEXTS = (
    "title",
    "summary",
    "actors_involved",
    "what_was_done",
    "resources_staff",
    "resources_money",
    "resources_time",
    "outcomes",
    "instruments_used",
    "evidence_text",
    "transferability",
    "safeguarding_notes",
)
CODES = ("phases", "target_groups", "domains", "indicators")
CHOICES = ("status", "evidence_strength", "language")
TRANSLATION = ("language", "title", "summary", "what_was_done")
MONTH = re.compile(r"^\d{4}(0[1-9]|1[0-2])$")


def month(day: datetime.date | None) -> str | None:
    """A date as the period code of its month (202607): no finer than a month leaves the city."""
    return None if day is None else f"{day.year:04d}{day.month:02d}"


def first_day(code: str | None) -> datetime.date | None:
    return None if code is None else datetime.date(int(code[:4]), int(code[4:]), 1)


def shared_by(city: Jurisdiction) -> list[dict]:
    """The city's published practices shared with the network, oldest first."""
    practices = (
        Practice.objects.filter(city=city, state=Practice.State.PUBLISHED, shared_with_network=True)
        .select_related("organisation")
        .prefetch_related("translations")
        .order_by("pk")
    )
    return [document(practice) for practice in practices]


def document(practice: Practice) -> dict:
    data = {name: getattr(practice, name) for name in TEXTS + CODES + CHOICES}
    data.update(
        ref=practice.pk,
        version=practice.version,
        organisation={"name": practice.organisation.name, "kind": practice.organisation.kind},
        started=month(practice.started_on),
        last_reviewed=month(practice.last_reviewed_on),
        demo=practice.is_demo,
        translations=[
            {name: getattr(translation, name) for name in TRANSLATION}
            for translation in sorted(practice.translations.all(), key=lambda t: t.language)
        ],
    )
    return data


class NotAPractice(ValueError):
    pass


def _expect(condition: bool, where: str, what: str) -> None:
    if not condition:
        raise NotAPractice(_("%(where)s: %(what)s") % {"where": where, "what": what})


def fields_of(data: object, where: str) -> dict:
    """The model fields of a practice in a received report, checked as the city's form would check
    them (types, lengths, codes and choices); NotAPractice names the first thing wrong."""
    _expect(isinstance(data, dict), where, _("a practice is an object."))
    ref, version = data.get("ref"), data.get("version")
    for number in (ref, version):
        _expect(
            isinstance(number, int) and not isinstance(number, bool) and number > 0,
            where,
            _("ref and version are whole numbers."),
        )
    _expect(all(isinstance(data.get(name), str) for name in TEXTS + CHOICES), where, _("its texts are strings."))
    _expect(
        all(isinstance(data.get(name), list) and all(isinstance(c, str) for c in data[name]) for name in CODES),
        where,
        _("its phases, target groups, domains and indicators are lists of codes."),
    )
    for name in ("started", "last_reviewed"):
        _expect(
            data.get(name) is None or (isinstance(data[name], str) and bool(MONTH.match(data[name]))),
            where,
            _("its dates are months (202607)."),
        )
    organisation = data.get("organisation")
    _expect(
        isinstance(organisation, dict)
        and isinstance(organisation.get("name"), str)
        and 0 < len(organisation["name"]) <= 200
        and organisation.get("kind") in Organisation.Kind.values,
        where,
        _("its organisation has a name and a kind."),
    )
    translations = data.get("translations")
    _expect(
        isinstance(translations, list)
        and all(isinstance(t, dict) and all(isinstance(t.get(n), str) for n in TRANSLATION) for t in translations),
        where,
        _("its translations are objects of texts."),
    )
    fields = {name: data[name] for name in TEXTS + CODES + CHOICES}
    # A city on a newer release may measure an indicator this hub does not know: it is left out.
    fields["indicators"] = [code for code in fields["indicators"] if code in CATALOGUE]
    fields.update(
        source_ref=ref,
        version=version,
        started_on=first_day(data.get("started")),
        last_reviewed_on=first_day(data.get("last_reviewed")),
        is_demo=data.get("demo") is True,
    )
    try:
        Practice(**fields).full_clean(exclude=["city", "organisation", "drafted_by"], validate_constraints=False)
        for translation in translations:
            PracticeTranslation(**translation).full_clean(exclude=["practice"], validate_unique=False)
    except ValidationError as error:
        raise NotAPractice(_("%(where)s: %(what)s") % {"where": where, "what": "; ".join(error.messages)}) from error
    fields["organisation"] = organisation
    fields["translations"] = translations
    return fields


def _organisation(member, data: dict) -> Organisation:
    """The hub's record of the member city and of the organisation named in its practice."""
    city, _created = Jurisdiction.objects.get_or_create(
        slug=member.slug[:80], defaults={"name": member.name, "level": Jurisdiction.Level.CITY}
    )
    kind = data["kind"]
    slug = slugify(f"{member.slug} {data['name']}")[:80] or member.slug[:80]
    organisation, _created = Organisation.objects.get_or_create(
        slug=slug, defaults={"name": data["name"][:200], "kind": kind, "jurisdiction": city}
    )
    return organisation


@transaction.atomic
def store_received(*, member, practices: list[dict]) -> None:
    """The hub keeps what the member's newest report shares: new and changed practices are written,
    and one the city no longer shares (withdrawn, or no longer shared) is removed from the hub."""
    kept = []
    for fields in practices:
        fields = dict(fields)
        organisation = _organisation(member, fields.pop("organisation"))
        translations = fields.pop("translations")
        practice = Practice.objects.filter(received_from=member, source_ref=fields["source_ref"]).first()
        practice = practice or Practice(received_from=member, published_at=timezone.now())
        for name, value in fields.items():
            setattr(practice, name, value)
        practice.city, practice.organisation = organisation.jurisdiction, organisation
        practice.state, practice.shared_with_network = Practice.State.PUBLISHED, True
        practice.save()
        practice.translations.all().delete()
        PracticeTranslation.objects.bulk_create(PracticeTranslation(practice=practice, **t) for t in translations)
        search.index(practice)
        kept.append(practice.pk)
    for gone in Practice.objects.filter(received_from=member).exclude(pk__in=kept):
        search.forget(gone.pk)
        gone.delete()
