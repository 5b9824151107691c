"""Every extract of the demo: k-anonymous, and nothing of a participant's code, name or free text.

The demo is seeded once for the package (conftest.py); an extract with
every variable is built for each demo city's M&E officer and for the national one, for the current
year and the last complete quarter.
"""

import json
from collections import Counter

import pytest
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from casework.models import ContactNote, Goal, Milestone, NeedsRating, PhaseRecord
from coordination.models import Referral
from mel.extracts import actions, files
from mel.extracts.deidentify import QUASI_IDENTIFIERS
from mel.extracts.tests.helpers import ALL_VARIABLES, request
from mel.extracts.tests.test_files import texts
from mel.periods import Period
from mel.scope import min_cell
from people.models import Identity, Participant

OFFICERS = ["almaty.me", "shymkent.me", "national.me"]


@pytest.fixture(scope="module")
def demo_extracts(demo, django_db_blocker):
    """The demo, and each officer's extracts built from it, in a transaction rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        today = timezone.localdate()
        built = []
        for username in OFFICERS:
            for period in (Period.containing(today, "year"), Period.containing(today, "quarter").previous()):
                extract = request(User.objects.get(username=username), variables=ALL_VARIABLES, period=period)
                extract.built = actions.build(extract, approver="Demo approver", now=timezone.now())
                built.append((username, extract))
        secrets = {
            "codes": [*Participant.objects.values_list("code", flat=True)],
            "households": [*Participant.objects.values_list("household__code", flat=True)],
            "names": [identity.full_name for identity in Identity.objects.all() if identity.full_name],
            "free text": [
                *ContactNote.objects.values_list("text", flat=True),
                *Goal.objects.values_list("what_matters", flat=True),
                *PhaseRecord.objects.exclude(note="").values_list("note", flat=True),
                *Milestone.objects.exclude(note="").values_list("note", flat=True),
                *Referral.objects.values_list("request", flat=True),
                *NeedsRating.objects.exclude(note="").values_list("note", flat=True),
                *NeedsRating.objects.exclude(strengths="").values_list("strengths", flat=True),
            ],
        }
        yield built, secrets
        transaction.set_rollback(True)


def test_every_quasi_identifier_group_of_every_demo_extract_has_at_least_k_rows(db, demo_extracts):
    built, _secrets = demo_extracts
    k = min_cell()
    for username, extract in built:
        table = extract.built["tables"][0]
        columns = [table["columns"].index(name) for name in QUASI_IDENTIFIERS]
        sizes = Counter(tuple(row[i] for i in columns) for row in table["rows"])
        assert all(size >= k for size in sizes.values()), (username, extract.period, sizes)
        cover = extract.built["cover"]
        assert cover["released"] == len(table["rows"]) and cover["released"] + cover["withheld"] == cover["people"]
    assert any(extract.built["cover"]["released"] for _username, extract in built)


def test_no_demo_participant_code_name_or_free_text_is_in_any_file(db, demo_extracts):
    built, secrets = demo_extracts
    assert secrets["codes"] and secrets["names"] and secrets["free text"]
    for _username, extract in built:
        content = "\n".join(texts(files.csv_zip(extract, extract.built), files.xlsx(extract, extract.built)))
        for kind in ("codes", "households", "names"):
            assert [value for value in secrets[kind] if value in content] == [], kind
        rows = json.dumps(extract.built["tables"], ensure_ascii=False)
        assert [text for text in secrets["free text"] if text in rows] == []
        assert extract.purpose in content  # the cover sheet carries the purpose; the rows carry no text


def test_the_demo_holds_one_approved_request_and_seeding_again_adds_none(db, demo_extracts):
    from mel.extracts.demo import seed_extracts
    from mel.extracts.models import ExtractRequest

    shown = ExtractRequest.objects.filter(purpose__startswith="Demo:")
    assert [(e.status, e.requested_by.username, e.decided_by.username) for e in shown] == [
        ("approved", "almaty.me", "almaty.coordinator")
    ]
    assert shown.get().built["tables"][0]["rows"]
    assert seed_extracts() == 0 and shown.count() == 1
